import { describe, expect, it } from 'vitest';
import { crlSignedBy, parseCrl } from '../../src/trust/crl.js';
import { parseCertificate } from '../../src/trust/certificate.js';
import { createTrustStore } from '../../src/trust/store.js';
import { NOW, SHA256_WITH_RSA, days, makeCa, makeCrl, makeDs, relabelCrl, tlv } from './helpers/pki.js';
import { caught } from './helpers/vectors.js';

const opts = { now: NOW, clockSkewSeconds: 0 };
const IACA_NAME = 'CN=Rollover IACA, C=JP';

describe('CRL rollover: a CRL that does not verify with the issuer key is skipped (RFC 5280 §6.3.3 (f))', () => {
  async function rollover() {
    const oldIaca = await makeCa({ name: IACA_NAME });
    const newIaca = await makeCa({ name: IACA_NAME });
    const ds = await makeDs(oldIaca);
    return { oldIaca, newIaca, ds, anchors: [oldIaca.der, newIaca.der] };
  }

  it("the new IACA's CRL (same name, other key) does not stop the old IACA's CRL from deciding", async () => {
    const { oldIaca, newIaca, ds, anchors } = await rollover();
    const crls = [await makeCrl(newIaca, { thisUpdate: days(-1) }), await makeCrl(oldIaca, { thisUpdate: days(-2) })];
    expect((await createTrustStore({ anchors, crl: { crls } }).validateDocumentSigner([ds.der], opts)).revocation).toBe('good');
    const revoking = [await makeCrl(newIaca), await makeCrl(oldIaca, { revoked: [ds.cert.serialNumber] })];
    const err = await caught(createTrustStore({ anchors, crl: { crls: revoking } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('is revoked by');
  });

  it('with only CRLs that do not verify: ERR_DS_REVOCATION saying so, or "not-checked" when not required', async () => {
    const { newIaca, ds, anchors } = await rollover();
    const crls = [await makeCrl(newIaca)];
    const err = await caught(createTrustStore({ anchors, crl: { crls } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('invalid signature');
    expect((await createTrustStore({ anchors, crl: { crls, required: false } }).validateDocumentSigner([ds.der], opts)).revocation).toBe('not-checked');
  });

  it('a CRL that verifies but is expired still fails closed, even beside a CRL of the other key', async () => {
    const { oldIaca, newIaca, ds, anchors } = await rollover();
    const crls = [await makeCrl(newIaca), await makeCrl(oldIaca, { thisUpdate: days(-10), nextUpdate: days(-1) })];
    for (const required of [true, false]) {
      const err = await caught(createTrustStore({ anchors, crl: { crls, required } }).validateDocumentSigner([ds.der], opts));
      expect(err.code).toBe('ERR_DS_REVOCATION');
      expect(err.message).toContain('expired');
    }
  });
});

describe('the CRL signature algorithm must fit the issuer key type', () => {
  it('an ECDSA signature labelled sha256WithRSAEncryption does not verify', async () => {
    const iaca = await makeCa({ curve: 'P-256' });
    const issuer = parseCertificate(iaca.der);
    const honest = parseCrl(await makeCrl(iaca));
    expect(crlSignedBy(honest, issuer)).toBe(true);
    const mislabelled = parseCrl(relabelCrl(await makeCrl(iaca), SHA256_WITH_RSA, iaca));
    expect(mislabelled.signatureAlgorithm).toBe('1.2.840.113549.1.1.11');
    expect(crlSignedBy(mislabelled, issuer)).toBe(false);
  });

  it('so such a CRL is no CRL: ERR_DS_REVOCATION', async () => {
    const iaca = await makeCa({ curve: 'P-256' });
    const ds = await makeDs(iaca);
    const crls = [relabelCrl(await makeCrl(iaca), SHA256_WITH_RSA, iaca)];
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { crls } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('invalid signature');
  });

  it('the relabelling helper itself yields a CRL that verifies under the right label', async () => {
    const iaca = await makeCa({ curve: 'P-256' });
    const ecdsaWithSha256 = tlv(0x30, tlv(0x06, new Uint8Array([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])));
    expect(crlSignedBy(parseCrl(relabelCrl(await makeCrl(iaca), ecdsaWithSha256, iaca)), parseCertificate(iaca.der))).toBe(true);
  });
});
