import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../../src/cbor/decode.js';
import { coseX5Chain, parseCoseSign1 } from '../../src/cose/sign1.js';
import { VerificationError } from '../../src/errors.js';
import { createTrustStore } from '../../src/trust/store.js';
import { caught, vectorCertDer, vectorHex, vectorText } from './helpers/vectors.js';

// ISO/IEC 18013-5 Annex D worked example (see ../shared/vectors/SOURCES.md): DS "utopia ds"
// 2020-10-01..2021-10-01, issued by the IACA "utopia iaca" 2020-10-01..2029-09-29.
const DS = 'iso18013-5-annex-d/annexD_ds_cert.pem';
const IACA = 'iso18013-5-annex-d/annexD_iaca.pem';
const at = (iso: string) => ({ now: new Date(iso), clockSkewSeconds: 0 });

describe('Annex D document signer against the Annex D IACA', () => {
  const trust = createTrustStore({ anchors: [vectorText(IACA)] });

  it('chains to the IACA at 2021-01-01 and reports the IACA the audit record needs', async () => {
    const info = await trust.validateDocumentSigner([vectorCertDer(DS)], at('2021-01-01T00:00:00Z'));
    expect(info.subject).toBe('C=US,CN=utopia ds');
    expect(info.notBefore.toISOString()).toBe('2020-10-01T00:00:00.000Z');
    expect(info.notAfter.toISOString()).toBe('2021-10-01T00:00:00.000Z');
    expect(info.publicKey.asymmetricKeyType).toBe('ec');
    expect(info.iaca).toEqual({
      subject: 'C=US,CN=utopia iaca',
      subjectKeyId: '54fa2383a04c28e0d930792261c80c4881d2c00b',
      fingerprint: createHash('sha256').update(vectorCertDer(IACA)).digest('hex'),
    });
    expect(info.revocation).toBe('not-checked');
  });

  it('validates the x5chain carried in the Annex D issuerAuth', async () => {
    const chain = coseX5Chain(parseCoseSign1(decodeCbor(vectorHex('iso18013-5-annex-d/annexD_issuer_auth.hex'))));
    const info = await trust.validateDocumentSigner(chain, at('2021-01-01T00:00:00Z'));
    expect(info.subject).toBe('C=US,CN=utopia ds');
  });

  it('fails at 2022-01-01 with ERR_DS_CHAIN because the DS certificate expired', async () => {
    const err = await caught(trust.validateDocumentSigner([vectorCertDer(DS)], at('2022-01-01T00:00:00Z')));
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.code).toBe('ERR_DS_CHAIN');
    expect(err.message).toContain('C=US,CN=utopia ds expired at 2021-10-01T00:00:00.000Z');
  });

  it('fails before the DS certificate is valid', async () => {
    const err = await caught(trust.validateDocumentSigner([vectorCertDer(DS)], at('2020-09-01T00:00:00Z')));
    expect(err.code).toBe('ERR_DS_CHAIN');
    expect(err.message).toContain('not valid before');
  });

  it('applies the clock skew to certificate validity', async () => {
    const justAfter = new Date('2021-10-01T00:04:00Z');
    await expect(trust.validateDocumentSigner([vectorCertDer(DS)], { now: justAfter, clockSkewSeconds: 300 })).resolves.toBeDefined();
    const strict = createTrustStore({ anchors: [vectorText(IACA)] });
    const err = await caught(strict.validateDocumentSigner([vectorCertDer(DS)], { now: justAfter, clockSkewSeconds: 0 }));
    expect(err.code).toBe('ERR_DS_CHAIN');
  });

  it('fails with ERR_DS_CHAIN when another IACA is the only anchor', async () => {
    const other = createTrustStore({ anchors: [vectorText('trust/owf_multipaz_test_iaca_p384.pem'), vectorText('iso18013-5-annex-d/annexD_reader_root.pem')] });
    const err = await caught(other.validateDocumentSigner([vectorCertDer(DS)], at('2021-01-01T00:00:00Z')));
    expect(err.code).toBe('ERR_DS_CHAIN');
    expect(err.message).toContain('does not chain to a trusted IACA');
  });

  it('tolerates an x5chain that (wrongly) includes the IACA after the DS', async () => {
    const info = await trust.validateDocumentSigner([vectorCertDer(DS), vectorCertDer(IACA)], at('2021-01-01T00:00:00Z'));
    expect(info.iaca.subject).toBe('C=US,CN=utopia iaca');
  });

  it('does not trust an IACA merely because the x5chain includes it', async () => {
    const other = createTrustStore({ anchors: [vectorText('trust/owf_multipaz_test_iaca_p384.pem')] });
    const err = await caught(other.validateDocumentSigner([vectorCertDer(DS), vectorCertDer(IACA)], at('2021-01-01T00:00:00Z')));
    expect(err.code).toBe('ERR_DS_CHAIN');
  });

  it('rejects the reader certificate, whose profile is not a document signer one (ERR_DS_PROFILE)', async () => {
    const readerTrust = createTrustStore({ anchors: [vectorText('iso18013-5-annex-d/annexD_reader_root.pem')] });
    const err = await caught(readerTrust.validateDocumentSigner([vectorCertDer('iso18013-5-annex-d/annexD_reader_cert.pem')], at('2021-01-01T00:00:00Z')));
    expect(err.code).toBe('ERR_DS_PROFILE');
  });
});

describe('OWF Multipaz P-384 test document signer', () => {
  it('chains to the Multipaz test IACA (P-384 throughout)', async () => {
    const trust = createTrustStore({ anchors: [vectorText('trust/owf_multipaz_test_iaca_p384.pem')] });
    const info = await trust.validateDocumentSigner([vectorCertDer('trust/owf_multipaz_test_ds_p384.pem')], at('2026-01-01T00:00:00Z'));
    expect(info.subject).toBe('C=US,CN=OWF Multipaz TEST DS');
    expect(info.iaca.subjectKeyId).toBe('ab651be056c29053f1dd7f6ce487be68de60c9f5');
  });
});
