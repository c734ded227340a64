import { X509Certificate as NodeX509 } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509Crl,
} from '../src/pki/x509.js';
import { describe, expect, it } from 'vitest';
import { createTestCrl, createTestDocumentSigner, createTestIaca, createTestPki, MDL_DS_EKU, type PkiCurve } from '../src/index.js';
import { codeOf, NOW } from './helpers/fixtures.js';

const DAY = 86_400_000;

describe.each<PkiCurve>(['P-256', 'P-384'])('test PKI on %s', (curve) => {
  const pkiPromise = createTestPki({ curve, now: NOW });
  const hash = curve === 'P-256' ? 'SHA-256' : 'SHA-384';

  it('has a self-signed IACA with the Annex B.1.2 profile and a TEST subject', async () => {
    const pki = await pkiPromise;
    const cert = new X509Certificate(pki.iaca.der);
    expect(cert.subject).toBe(cert.issuer);
    expect(cert.subject).toContain('TEST');
    expect(cert.subject).toContain('C=JP');
    expect(await cert.verify({ signatureOnly: true })).toBe(true);
    expect(cert.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: hash } });
    const bc = cert.getExtension(BasicConstraintsExtension)!;
    expect([bc.ca, bc.pathLength, bc.critical]).toEqual([true, 0, true]);
    const ku = cert.getExtension(KeyUsagesExtension)!;
    expect(ku.usages).toBe(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign);
    expect(ku.critical).toBe(true);
    expect(cert.getExtension(SubjectKeyIdentifierExtension)?.keyId).toMatch(/^[0-9a-f]{40}$/);
    expect(cert.getExtension(CRLDistributionPointsExtension)).not.toBeNull();
    expect(pki.iaca.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(pki.iaca.publicKey.asymmetricKeyDetails?.namedCurve).toBe(curve === 'P-256' ? 'prime256v1' : 'secp384r1');
  });

  it('has a DS with the Annex B.1.4 profile, issued by the IACA, not a CA', async () => {
    const pki = await pkiPromise;
    const cert = new X509Certificate(pki.ds.der);
    const iaca = new X509Certificate(pki.iaca.der);
    expect(cert.issuer).toBe(iaca.subject);
    expect(cert.subject).toContain('TEST');
    expect(await cert.verify({ publicKey: iaca, signatureOnly: true })).toBe(true);
    expect(cert.getExtension(KeyUsagesExtension)?.usages).toBe(KeyUsageFlags.digitalSignature);
    const eku = cert.getExtension(ExtendedKeyUsageExtension)!;
    expect(eku.usages).toEqual([MDL_DS_EKU]);
    expect(eku.critical).toBe(true);
    expect(cert.getExtension(AuthorityKeyIdentifierExtension)?.keyId).toBe(iaca.getExtension(SubjectKeyIdentifierExtension)?.keyId);
    expect(cert.getExtension(BasicConstraintsExtension)).toBeNull();
    expect(new NodeX509(pki.ds.der).ca).toBe(false);
    expect(pki.ds.notBefore.getTime()).toBeLessThan(NOW.getTime());
    expect(pki.ds.notAfter.getTime()).toBeGreaterThan(NOW.getTime());
  });

  it('has an expired DS, a revoked DS on the CRL and a wrong-profile DS', async () => {
    const pki = await pkiPromise;
    expect(pki.expiredDs.notAfter.getTime()).toBeLessThan(NOW.getTime());
    const crl = new X509Crl(pki.crl.der);
    expect(await crl.verify({ publicKey: new X509Certificate(pki.iaca.der) })).toBe(true);
    expect(crl.issuer).toBe(new X509Certificate(pki.iaca.der).subject);
    expect(crl.thisUpdate.getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(crl.nextUpdate!.getTime()).toBeGreaterThan(NOW.getTime());
    expect(crl.findRevoked(new X509Certificate(pki.revokedDs.der))).not.toBeNull();
    expect(crl.findRevoked(new X509Certificate(pki.ds.der))).toBeNull();
    expect(pki.crl.revokedSerialNumbers).toEqual([pki.revokedDs.serialNumber]);
    const wrong = new X509Certificate(pki.wrongProfileDs.der);
    expect((wrong.getExtension(KeyUsagesExtension)!.usages & KeyUsageFlags.digitalSignature) === 0).toBe(true);
    expect(wrong.getExtension(ExtendedKeyUsageExtension)?.usages).not.toContain(MDL_DS_EKU);
    expect(new NodeX509(pki.wrongProfileDs.der).verify(pki.iaca.publicKey)).toBe(true);
  });

  it('has an untrusted IACA and DS that do not chain to the trusted IACA', async () => {
    const pki = await pkiPromise;
    const ds = new NodeX509(pki.untrusted.ds.der);
    expect(ds.verify(pki.untrusted.iaca.publicKey)).toBe(true);
    expect(ds.verify(pki.iaca.publicKey)).toBe(false);
    expect(pki.untrusted.iaca.subject).toContain('TEST');
    expect(pki.untrusted.iaca.subject).not.toBe(pki.iaca.subject);
  });
});

describe('createTestPki options and cache', () => {
  it('returns the same PKI for the same options, another for another time', async () => {
    const a = await createTestPki({ now: NOW });
    expect(await createTestPki({ now: NOW })).toBe(a);
    const b = await createTestPki({ now: new Date(NOW.getTime() + 1000) });
    expect(b).not.toBe(a);
    expect(await createTestPki()).toBe(await createTestPki());
  });

  it('fresh: new keys for the same options, and the cached PKI left alone', async () => {
    const cached = await createTestPki({ now: NOW });
    const fresh = await createTestPki({ now: NOW, fresh: true });
    expect(fresh).not.toBe(cached);
    expect(fresh.iaca.pem).not.toBe(cached.iaca.pem);
    expect((await createTestPki({ now: NOW, fresh: true })).iaca.pem).not.toBe(fresh.iaca.pem);
    expect(await createTestPki({ now: NOW })).toBe(cached);
  });

  it('lays DS validity out as configured', async () => {
    const dsValidity = { notBefore: new Date(NOW.getTime() - 10 * DAY), notAfter: new Date(NOW.getTime() + 20 * DAY) };
    const pki = await createTestPki({ now: NOW, dsValidity });
    expect(pki.ds.notBefore).toEqual(dsValidity.notBefore);
    expect(pki.ds.notAfter).toEqual(dsValidity.notAfter);
    expect(pki.revokedDs.notAfter).toEqual(dsValidity.notAfter);
  });

  it('rejects bad arguments with coded errors', async () => {
    expect(await codeOf(() => createTestPki({ curve: 'P-521' as PkiCurve }))).toBe('ERR_INVALID_ARG_VALUE');
    expect(await codeOf(() => createTestPki({ now: new Date(Number.NaN) }))).toBe('ERR_INVALID_ARG_TYPE');
    expect(await codeOf(() => createTestPki({ dsValidity: { notBefore: NOW, notAfter: NOW } }))).toBe('ERR_INVALID_ARG_VALUE');
  });
});

describe('PKI building blocks', () => {
  it('issues extra DSs and CRLs from an IACA on demand', async () => {
    const iaca = await createTestIaca({ curve: 'P-384', notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + DAY) });
    const ds = await createTestDocumentSigner(iaca, { notBefore: NOW, notAfter: new Date(NOW.getTime() + DAY), subject: 'C=JP, CN=uketori TEST extra DS' });
    expect(ds.subject).toBe('C=JP, CN=uketori TEST extra DS');
    expect(ds.issuer).toBe(iaca.subject);
    const crl = await createTestCrl(iaca, { revoked: [ds], thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + DAY), crlNumber: 300 });
    const parsed = new X509Crl(crl.pem);
    expect(parsed.findRevoked(ds.serialNumber)).not.toBeNull();
    expect(parsed.getExtension('2.5.29.20')).not.toBeNull();
  });
});
