import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UketoriTypeError } from '../../src/errors.js';
import { loadCertificates } from '../../src/trust/load.js';
import { parseCertificate } from '../../src/trust/certificate.js';
import { createTrustStore } from '../../src/trust/store.js';
import { makeCa, makeDs } from './helpers/pki.js';
import { caught, vectorCertDer, vectorText } from './helpers/vectors.js';

const IACA_PEM = 'iso18013-5-annex-d/annexD_iaca.pem';

describe('loading certificates', () => {
  it('reads every certificate of a PEM text, ignoring the text around them', () => {
    const text = `AAMVA trust chain\n${vectorText('vical/aamva_dts_root_ca.pem')}\ncomment\n${vectorText('vical/aamva_dts_issuing_ca.pem')}`;
    const ders = loadCertificates(text);
    expect(ders).toHaveLength(2);
    expect(new X509Certificate(ders[1]!).subject).toContain('AAMVA DTS Issuing CA');
  });

  it('reads DER bytes, PEM bytes (a file read without encoding), bare base64 and X509Certificate objects', () => {
    const der = vectorCertDer(IACA_PEM);
    const pemBytes = new Uint8Array(Buffer.from(vectorText(IACA_PEM)));
    const bare = Buffer.from(der).toString('base64');
    const all = loadCertificates([der, pemBytes, bare, new X509Certificate(der)]);
    expect(all).toHaveLength(4);
    for (const one of all) expect(Buffer.from(one).equals(Buffer.from(der))).toBe(true);
  });

  it('refuses text without a certificate and malformed DER with ERR_CERTIFICATE_PARSE', async () => {
    expect((await caught(() => loadCertificates('hello world'))).code).toBe('ERR_CERTIFICATE_PARSE');
    expect((await caught(() => loadCertificates(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])))).code).toBe('ERR_CERTIFICATE_PARSE');
    expect((await caught(() => loadCertificates('-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----'))).code).toBe('ERR_CERTIFICATE_PARSE');
  });

  it('refuses an input of the wrong type with a type error', async () => {
    const err = await caught(() => loadCertificates(42 as unknown as string));
    expect(err).toBeInstanceOf(UketoriTypeError);
    expect(err.code).toBe('ERR_INVALID_ARG_TYPE');
  });

  it('formats names as RFC 4514 strings, escaping special characters', async () => {
    const ca = await makeCa({ name: 'CN=Quoted\\, Name, O=A\\+B, C=JP' });
    const parsed = parseCertificate(ca.der);
    expect(parsed.subject).toBe('C=JP,O=A\\+B,CN=Quoted\\, Name');
  });
});

describe('createTrustStore arguments', () => {
  it('refuses an empty anchor list, bad options and bad call arguments with coded argument errors', async () => {
    expect((await caught(() => createTrustStore({ anchors: [] }))).code).toBe('ERR_INVALID_ARG_VALUE');
    expect((await caught(() => createTrustStore({ anchors: 'x' as never }))).code).toBe('ERR_INVALID_ARG_TYPE');
    expect((await caught(() => createTrustStore({ anchors: [vectorText(IACA_PEM)], cacheSize: -1 }))).code).toBe('ERR_INVALID_ARG_VALUE');
    const trust = createTrustStore({ anchors: [vectorText(IACA_PEM)] });
    expect((await caught(trust.validateDocumentSigner('x' as never, { now: new Date(), clockSkewSeconds: 0 }))).code).toBe('ERR_INVALID_ARG_TYPE');
    expect((await caught(trust.validateDocumentSigner([], { now: new Date('x'), clockSkewSeconds: 0 }))).code).toBe('ERR_INVALID_ARG_TYPE');
    expect((await caught(trust.validateDocumentSigner([], { now: new Date(), clockSkewSeconds: -1 }))).code).toBe('ERR_INVALID_ARG_VALUE');
  });

  it('an empty x5chain from a holder fails with ERR_DS_CHAIN', async () => {
    const trust = createTrustStore({ anchors: [vectorText(IACA_PEM)] });
    expect((await caught(trust.validateDocumentSigner([], { now: new Date(), clockSkewSeconds: 0 }))).code).toBe('ERR_DS_CHAIN');
  });

  it('a resolver that throws fails the chain with ERR_DS_CHAIN and keeps the cause', async () => {
    const ca = await makeCa();
    const ds = await makeDs(ca);
    const trust = createTrustStore({
      anchors: () => {
        throw new Error('database down');
      },
    });
    const err = await caught(trust.validateDocumentSigner([ds.der], { now: new Date('2025-06-01T00:00:00Z'), clockSkewSeconds: 0 }));
    expect(err.code).toBe('ERR_DS_CHAIN');
    expect((err.cause as Error).message).toBe('database down');
  });
});
