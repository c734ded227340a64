import { decodeCbor, encodeCbor, EncodedCbor } from '@uketori/mdoc';
import { getPurpose } from '@uketori/policy';
import { createTestPki, createTestReaderPki, type TestReaderPki } from '@uketori/test-sender';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildDeviceRequest,
  createReaderTrustList,
  parseDeviceRequest,
  READER_AUTH_EKU,
  readerAuthenticationBytes,
  skipReaderTrust,
  verifyDeviceRequest,
  verifyReaderAuth,
} from '../src/index.js';
import { annexD } from './helpers/vectors.js';

const NOW = new Date('2026-10-01T03:00:00Z');
const purpose = getPurpose('aml_kyc_jp');
const code = (c: string) => expect.objectContaining({ code: c });

function annexDReaderAuth() {
  const transcript = (decodeCbor(annexD.transcriptBytes()) as EncodedCbor).bytes;
  const doc = parseDeviceRequest(annexD.deviceRequest()).docRequests[0]!;
  return { readerAuth: doc.readerAuth, payload: readerAuthenticationBytes(transcript, doc.itemsRequest.bytesWithTag()), transcript };
}

const annexDRoot = () => createReaderTrustList({ roots: [annexD.readerRootDer()] });

let readers: TestReaderPki;
beforeAll(async () => {
  readers = await createTestReaderPki({ now: NOW });
});

describe('reader certificate trust (ISO/IEC 18013-5 §9.1.4, Annex B.1.7)', () => {
  it('verifies the Annex D readerAuth to the Annex D reader root while the reader certificate is valid', async () => {
    const { readerAuth, payload } = annexDReaderAuth();
    const { reader } = await verifyReaderAuth(readerAuth, payload, { trust: annexDRoot(), now: annexD.now });
    expect(reader?.subject).toBe('CN=reader');
    expect(reader?.root.subject).toBe('CN=reader root');
    expect(reader?.root.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses the Annex D reader once its certificate expired (2023-12-31) with ERR_READER_TRUST', async () => {
    const { readerAuth, payload } = annexDReaderAuth();
    await expect(verifyReaderAuth(readerAuth, payload, { trust: annexDRoot(), now: new Date('2024-06-01T00:00:00Z') })).rejects.toMatchObject({
      code: 'ERR_READER_TRUST',
      cause: expect.objectContaining({ code: 'ERR_DS_CHAIN' }),
    });
  });

  it('refuses the Annex D reader against another root with ERR_READER_TRUST', async () => {
    const { readerAuth, payload } = annexDReaderAuth();
    const other = createReaderTrustList({ roots: [readers.root.pem] });
    await expect(verifyReaderAuth(readerAuth, payload, { trust: other, now: annexD.now })).rejects.toMatchObject({ code: 'ERR_READER_TRUST' });
  });

  it('checks the signature before the chain: a forged payload is ERR_READER_AUTH even from a trusted reader', async () => {
    const { readerAuth } = annexDReaderAuth();
    await expect(verifyReaderAuth(readerAuth, Uint8Array.of(1), { trust: annexDRoot(), now: annexD.now })).rejects.toMatchObject({ code: 'ERR_READER_AUTH' });
  });

  it('asks for an explicit trust decision', async () => {
    const { readerAuth, payload } = annexDReaderAuth();
    await expect(verifyReaderAuth(readerAuth, payload, {} as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    expect(() => createReaderTrustList({ roots: [] })).toThrow(code('ERR_INVALID_ARG_TYPE'));
  });

  const signed = (cert: { privateKey: import('node:crypto').KeyObject; der: Uint8Array }, extra: Uint8Array[] = []) => {
    const sessionTranscript = annexDReaderAuth().transcript;
    const built = buildDeviceRequest({ purpose, now: NOW, sessionTranscript, readerAuth: { privateKey: cert.privateKey, certificateChain: [cert.der, ...extra] } });
    return { bytes: built.bytes, sessionTranscript };
  };

  it('accepts a test reader certificate with the reader EKU, and names it', async () => {
    const { bytes, sessionTranscript } = signed(readers.reader);
    const trust = createReaderTrustList({ roots: [readers.root.pem] });
    const { readerAuth } = await verifyDeviceRequest(bytes, sessionTranscript, { trust, now: NOW });
    expect(readerAuth).toHaveLength(1);
    expect(readerAuth[0]!.reader?.subject).toContain('uketori TEST reader');
    expect(READER_AUTH_EKU).toBe('1.0.18013.5.1.6');
  });

  it.each([
    ['an expired reader certificate', () => readers.expiredReader, 'ERR_READER_TRUST'],
    ['a reader certificate with the DS EKU instead of the reader EKU', () => readers.wrongEkuReader, 'ERR_READER_CERT_PROFILE'],
  ] as const)('refuses %s with %s', async (_, cert, expected) => {
    const { bytes, sessionTranscript } = signed(cert());
    const trust = createReaderTrustList({ roots: [readers.root.pem] });
    await expect(verifyDeviceRequest(bytes, sessionTranscript, { trust, now: NOW })).rejects.toMatchObject({ code: expected });
  });

  it('refuses a document signer certificate used as a reader certificate with ERR_READER_CERT_PROFILE', async () => {
    const pki = await createTestPki({ now: NOW });
    const { bytes, sessionTranscript } = signed(pki.ds);
    const trust = createReaderTrustList({ roots: [pki.iaca.pem] });
    await expect(verifyDeviceRequest(bytes, sessionTranscript, { trust, now: NOW })).rejects.toMatchObject({ code: 'ERR_READER_CERT_PROFILE' });
  });

  it('requires reader authentication when a trust list is given, and not with skipReaderTrust', async () => {
    const sessionTranscript = annexDReaderAuth().transcript;
    const unsigned = buildDeviceRequest({ purpose, now: NOW }).bytes;
    const trust = createReaderTrustList({ roots: [readers.root.pem] });
    await expect(verifyDeviceRequest(unsigned, sessionTranscript, { trust, now: NOW })).rejects.toMatchObject({ code: 'ERR_READER_AUTH_MISSING' });
    expect((await verifyDeviceRequest(unsigned, sessionTranscript, { trust: skipReaderTrust })).readerAuth).toEqual([]);
    await expect(verifyDeviceRequest(unsigned, sessionTranscript, { trust: skipReaderTrust, requireReaderAuth: true })).rejects.toMatchObject({ code: 'ERR_READER_AUTH_MISSING' });
  });

  it('verifies a 1.1 readerAuthAll over the DeviceRequestInfo, and refuses one whose DeviceRequestInfo was swapped', async () => {
    const sessionTranscript = annexDReaderAuth().transcript;
    const readerAuth = { privateKey: readers.reader.privateKey, certificateChain: [readers.reader.der] };
    const built = buildDeviceRequest({ purpose, now: NOW, sessionTranscript, readerAuth, version: '1.1', readerAuthScope: 'all' });
    const trust = createReaderTrustList({ roots: [readers.root.pem] });
    const ok = await verifyDeviceRequest(built.bytes, sessionTranscript, { trust, now: NOW });
    expect(ok.readerAuth).toHaveLength(1);
    expect(ok.request.requestInfo).toEqual({ useCases: [{ mandatory: true, documentSets: [[0]] }] });
    // Same request, other DeviceRequestInfo: the signature no longer covers it.
    const m = decodeCbor(built.bytes) as Map<string, unknown>;
    const other = buildDeviceRequest({ purpose, now: NOW, version: '1.1', deviceRequestInfo: { useCases: [{ mandatory: false, documentSets: [[0]] }] } });
    m.set('deviceRequestInfo', (decodeCbor(other.bytes) as Map<string, unknown>).get('deviceRequestInfo'));
    await expect(verifyDeviceRequest(encodeCbor(m), sessionTranscript, { trust, now: NOW })).rejects.toMatchObject({ code: 'ERR_READER_AUTH' });
  });
});
