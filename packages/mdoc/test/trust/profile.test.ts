import { describe, expect, it } from 'vitest';
import { createTrustStore } from '../../src/trust/store.js';
import { KU, MDL_DS, NOW, customExtension, days, makeCa, makeDs, type Curve } from './helpers/pki.js';
import { caught } from './helpers/vectors.js';

const opts = { now: NOW, clockSkewSeconds: 0 };

describe.each<[Curve, Curve]>([
  ['P-256', 'P-256'],
  ['P-384', 'P-256'],
  ['P-384', 'P-384'],
])('generated %s IACA and %s document signer (Annex B profile)', (iacaCurve, dsCurve) => {
  it('a well-formed DS chains and reports its subject', async () => {
    const iaca = await makeCa({ curve: iacaCurve });
    const ds = await makeDs(iaca, { curve: dsCurve, name: 'CN=Prefecture DS, O=Test, C=JP' });
    const info = await createTrustStore({ anchors: [iaca.pem] }).validateDocumentSigner([ds.der], opts);
    expect(info.subject).toBe('C=JP,O=Test,CN=Prefecture DS');
    expect(info.publicKey.asymmetricKeyDetails?.namedCurve).toBe(dsCurve === 'P-256' ? 'prime256v1' : 'secp384r1');
  });

  it('a DS without digitalSignature fails with ERR_DS_PROFILE', async () => {
    const iaca = await makeCa({ curve: iacaCurve });
    const ds = await makeDs(iaca, { curve: dsCurve, keyUsage: KU.keyAgreement });
    const err = await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_PROFILE');
    expect(err.message).toContain('lacks digitalSignature');
  });

  it('a DS with a wrong extended key usage fails with ERR_DS_PROFILE', async () => {
    const iaca = await makeCa({ curve: iacaCurve });
    const ds = await makeDs(iaca, { curve: dsCurve, eku: ['1.0.18013.5.1.6'] }); // mdlReaderAuth
    const err = await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_PROFILE');
    expect(err.message).toContain('1.0.18013.5.1.2');
  });
});

describe('document signer profile (ISO 18013-5 Annex B.1.4)', () => {
  it('accepts a DS without an extended key usage extension', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { eku: null });
    await expect(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts)).resolves.toBeDefined();
  });

  it('rejects a DS without a keyUsage extension', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { keyUsage: null });
    const err = await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_PROFILE');
  });

  it('rejects a DS that is a CA', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { ca: true });
    const err = await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_PROFILE');
    expect(err.message).toContain('is a CA certificate');
  });

  it('rejects a DS with an unrecognized critical extension', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { extensions: [customExtension('1.2.3.4.5', true)] });
    const err = await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_PROFILE');
  });

  it('ignores an unrecognized non-critical extension', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { extensions: [customExtension('1.2.3.4.5', false)] });
    await expect(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts)).resolves.toBeDefined();
  });

  it('accepts another DS extended key usage only when the caller widens documentSignerEkus', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { eku: ['1.2.392.999.1'] });
    expect((await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts))).code).toBe('ERR_DS_PROFILE');
    const widened = createTrustStore({ anchors: [iaca.der], documentSignerEkus: [MDL_DS, '1.2.392.999.1'] });
    await expect(widened.validateDocumentSigner([ds.der], opts)).resolves.toBeDefined();
  });
});

describe('IACA and intermediate CA profile (Annex B.1.2, RFC 5280 §6.1.4)', () => {
  it('an IACA that is not a CA fails with ERR_DS_CHAIN', async () => {
    const iaca = await makeCa({ ca: false });
    const ds = await makeDs(iaca);
    const err = await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_CHAIN');
    expect(err.message).toContain('is not a CA certificate');
  });

  it('an IACA without basicConstraints fails with ERR_DS_CHAIN', async () => {
    const iaca = await makeCa({ ca: null });
    const ds = await makeDs(iaca);
    expect((await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts))).code).toBe('ERR_DS_CHAIN');
  });

  it('an IACA whose keyUsage lacks keyCertSign fails with ERR_DS_CHAIN', async () => {
    const iaca = await makeCa({ keyUsage: KU.cRLSign | KU.digitalSignature });
    const ds = await makeDs(iaca);
    const err = await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_CHAIN');
    expect(err.message).toContain('keyCertSign');
  });

  it('an expired IACA fails with ERR_DS_CHAIN even while the DS is valid', async () => {
    const iaca = await makeCa({ notAfter: days(-1) });
    const ds = await makeDs(iaca);
    const err = await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_CHAIN');
    expect(err.message).toContain('expired');
  });

  it('a DS signed by another key under the IACA name fails with ERR_DS_CHAIN', async () => {
    const iaca = await makeCa();
    const impostor = await makeCa({ name: iaca.name });
    const ds = await makeDs(iaca, { signingKey: impostor.keys.privateKey });
    const err = await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_CHAIN');
  });

  it('picks the right IACA among several with the same name (key rollover)', async () => {
    const old = await makeCa({ name: 'CN=Rolled IACA, C=JP' });
    const current = await makeCa({ name: 'CN=Rolled IACA, C=JP' });
    const ds = await makeDs(current);
    const info = await createTrustStore({ anchors: [old.der, current.der] }).validateDocumentSigner([ds.der], opts);
    expect(info.iaca.fingerprint).toBe(Buffer.from(await crypto.subtle.digest('SHA-256', current.der)).toString('hex'));
  });

  it('a DS under an intermediate CA chains through the x5chain to the IACA', async () => {
    const iaca = await makeCa({ curve: 'P-384', pathLength: 1 });
    const intermediate = await makeCa({ curve: 'P-256', issuer: iaca, pathLength: 0 });
    const ds = await makeDs(intermediate);
    const trust = createTrustStore({ anchors: [iaca.der] });
    const info = await trust.validateDocumentSigner([ds.der, intermediate.der], opts);
    expect(info.iaca.subject).toBe(iaca.name.split(', ').reverse().join(','));
    await expect(trust.validateDocumentSigner([ds.der, intermediate.der, iaca.der], opts)).resolves.toBeDefined();
  });

  it('an intermediate CA under an IACA with pathLenConstraint 0 fails with ERR_DS_CHAIN', async () => {
    const iaca = await makeCa({ pathLength: 0 });
    const intermediate = await makeCa({ issuer: iaca });
    const ds = await makeDs(intermediate);
    const err = await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der, intermediate.der], opts));
    expect(err.code).toBe('ERR_DS_CHAIN');
    expect(err.message).toContain('allows 0 intermediate');
  });

  it('an intermediate that is not a CA fails with ERR_DS_CHAIN', async () => {
    const iaca = await makeCa();
    const intermediate = await makeCa({ issuer: iaca, ca: false });
    const ds = await makeDs(intermediate);
    const err = await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der, intermediate.der], opts));
    expect(err.code).toBe('ERR_DS_CHAIN');
  });

  it('an x5chain whose second certificate did not issue the first fails with ERR_DS_CHAIN', async () => {
    const iaca = await makeCa();
    const stranger = await makeCa();
    const ds = await makeDs(stranger);
    const err = await caught(createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der, iaca.der], opts));
    expect(err.code).toBe('ERR_DS_CHAIN');
    expect(err.message).toContain('did not issue');
  });
});

describe('docType restrictions of an anchor (Annex C)', () => {
  it('an IACA trusted for docType A does not vouch for docType B', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const trust = createTrustStore({ anchors: [{ certificate: iaca.pem, docTypes: ['org.iso.23220.1.jp.mnc'], anchorSet: 'test-set' }] });
    const ok = await trust.validateDocumentSigner([ds.der], { ...opts, docType: 'org.iso.23220.1.jp.mnc' });
    expect(ok.iaca.anchorSet).toBe('test-set');
    const err = await caught(trust.validateDocumentSigner([ds.der], { ...opts, docType: 'org.iso.18013.5.1.mDL' }));
    expect(err.code).toBe('ERR_DS_CHAIN');
    expect(err.message).toContain('"org.iso.18013.5.1.mDL"');
    await expect(trust.validateDocumentSigner([ds.der], opts)).resolves.toBeDefined();
  });
});
