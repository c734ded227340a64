import { KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../src/cbor/encode.js';
import { TDate } from '../../src/cbor/types.js';
import { signCoseSign1 } from '../../src/cose/sign1.js';
import { TrustError } from '../../src/errors.js';
import { createTrustStore } from '../../src/trust/store.js';
import { loadVical } from '../../src/trust/vical.js';
import { KU, NOW, makeCa, makeDs, type TestCert } from './helpers/pki.js';
import { caught, vectorHex, vectorText } from './helpers/vectors.js';

// The real AAMVA VICAL of 2025-11-18 (spruceid/isomdl test data, see ../shared/vectors/SOURCES.md).
// Its signer certificate "AAMVA Prod Vical-Signer-01" expires 2026-04-18, so the clock is injected.
const VICAL = () => vectorHex('vical/aamva_vical_2025-11-18.cbor.hex');
const ROOT = () => vectorText('vical/aamva_dts_root_ca.pem');
const ISSUING = () => vectorText('vical/aamva_dts_issuing_ca.pem');
const WHEN = new Date('2025-12-01T00:00:00Z');
const MDL = 'org.iso.18013.5.1.mDL';

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack).indexOf(Buffer.from(needle));
}

describe('AAMVA VICAL (ISO 18013-5 Annex C)', () => {
  it('verifies against the AAMVA DTS Root CA and lists the IACAs with their docTypes', () => {
    const vical = loadVical(VICAL(), { anchors: [ROOT()], now: WHEN });
    expect(vical.provider).toBe('AAMVA');
    expect(vical.version).toBe('1.0');
    expect(vical.date.toISOString()).toBe('2025-11-18T18:38:12.000Z');
    expect(vical.issueId).toBe(227602);
    expect(vical.nextUpdate?.toISOString()).toBe('2025-11-19T18:38:12.000Z');
    expect(vical.signer.subject).toContain('CN=AAMVA Prod Vical-Signer-01');
    expect(vical.iacas).toHaveLength(14);
    const first = vical.iacas[0]!;
    expect(first.docTypes).toEqual([MDL]);
    expect(first.issuingCountry).toBe('US');
    expect(first.stateOrProvinceName).toBe('US-MD');
    expect(first.subject).toContain('CN=Fast Enterprises Root');
    expect(first.serialNumber).toBe(BigInt('853480944424178421074628574225225224412488225').toString(16));
    expect(first.anchorSet).toBe('vical:AAMVA');
    expect(first.certificate[0]).toBe(0x30);
    expect(vical.iacas.filter((i) => i.certificateProfiles !== undefined)).toHaveLength(1);
  });

  it('verifies against the AAMVA DTS Issuing CA as the anchor too', () => {
    expect(loadVical(VICAL(), { anchors: [ISSUING()], now: WHEN }).iacas).toHaveLength(14);
  });

  it("rejects today's date: the VICAL signer certificate expired on 2026-04-18 (ERR_VICAL_CHAIN)", async () => {
    const err = await caught(() => loadVical(VICAL(), { anchors: [ROOT()], now: new Date() }));
    expect(err).toBeInstanceOf(TrustError);
    expect(err.code).toBe('ERR_VICAL_CHAIN');
    expect(err.message).toContain('expired at 2026-04-18');
  });

  it('rejects a one-byte tamper of the payload with ERR_VICAL_SIGNATURE', async () => {
    const bytes = VICAL();
    const at = indexOf(bytes, new TextEncoder().encode('eAAMVA'));
    expect(at).toBeGreaterThan(0);
    bytes[at + 1] = 0x42; // "AAMVA" -> "BAMVA"
    const err = await caught(() => loadVical(bytes, { anchors: [ROOT()], now: WHEN }));
    expect(err.code).toBe('ERR_VICAL_SIGNATURE');
  });

  it('rejects a one-byte tamper of the signature with ERR_VICAL_SIGNATURE', async () => {
    const bytes = VICAL();
    bytes[bytes.length - 1]! ^= 0x01;
    expect((await caught(() => loadVical(bytes, { anchors: [ROOT()], now: WHEN }))).code).toBe('ERR_VICAL_SIGNATURE');
  });

  it('rejects a VICAL whose signer does not chain to the given anchors (ERR_VICAL_CHAIN)', async () => {
    const err = await caught(() => loadVical(VICAL(), { anchors: [vectorText('iso18013-5-annex-d/annexD_iaca.pem')], now: WHEN }));
    expect(err.code).toBe('ERR_VICAL_CHAIN');
  });

  it('rejects bytes that are not a COSE_Sign1 (ERR_VICAL_STRUCTURE)', async () => {
    expect((await caught(() => loadVical(new Uint8Array([0xa0]), { anchors: [ROOT()], now: WHEN }))).code).toBe('ERR_VICAL_STRUCTURE');
    expect((await caught(() => loadVical(VICAL().subarray(0, 500), { anchors: [ROOT()], now: WHEN }))).code).toBe('ERR_VICAL_STRUCTURE');
  });

  it('filters the IACAs by docType', () => {
    expect(loadVical(VICAL(), { anchors: [ROOT()], now: WHEN, docType: MDL }).iacas).toHaveLength(14);
    expect(loadVical(VICAL(), { anchors: [ROOT()], now: WHEN, docType: 'org.iso.23220.1.jp.mnc' }).iacas).toHaveLength(0);
  });

  it('its IACAs are usable as trust store anchors', () => {
    const vical = loadVical(VICAL(), { anchors: [ROOT()], now: WHEN });
    expect(() => createTrustStore({ anchors: vical.iacas })).not.toThrow();
  });
});

/** A VICAL signed by a generated signer chain. */
async function makeVical(signer: TestCert, chain: Uint8Array[], payload: unknown): Promise<Uint8Array> {
  const key = KeyObject.from(signer.keys.privateKey);
  const alg = signer.curve === 'P-384' ? 'ES384' : 'ES256';
  return encodeCbor(signCoseSign1({ payload: encodeCbor(payload), unprotectedHeaders: new Map([[33, chain]]) }, key, alg));
}

describe('generated VICALs', () => {
  it('a VICAL IACA vouches for its docType in the trust store and is reported as vical:<provider>', async () => {
    const root = await makeCa({ name: 'CN=Test VICAL Root, C=JP' });
    const signer = await makeDs(root, { name: 'CN=Test VICAL Signer, C=JP', eku: ['1.0.18013.5.1.8'], keyUsage: KU.digitalSignature });
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const bytes = await makeVical(signer, [signer.der], {
      version: '1.0',
      vicalProvider: 'Test',
      date: new TDate('2025-05-01T00:00:00Z'),
      certificateInfos: [{ certificate: iaca.der, serialNumber: 7, ski: new Uint8Array(20), docType: ['org.iso.23220.1.jp.mnc'] }],
    });
    const vical = loadVical(bytes, { anchors: [root.der], now: NOW });
    expect(vical.issueId).toBeUndefined();
    const trust = createTrustStore({ anchors: vical.iacas });
    const info = await trust.validateDocumentSigner([ds.der], { now: NOW, clockSkewSeconds: 0, docType: 'org.iso.23220.1.jp.mnc' });
    expect(info.iaca.anchorSet).toBe('vical:Test');
    const err = await caught(trust.validateDocumentSigner([ds.der], { now: NOW, clockSkewSeconds: 0, docType: MDL }));
    expect(err.code).toBe('ERR_DS_CHAIN');
  });

  it('loadVical({ docType }) narrows each IACA to the docTypes asked for, so the trust store does not trust it for the rest', async () => {
    const root = await makeCa({ name: 'CN=Test VICAL Root, C=JP' });
    const signer = await makeDs(root, { name: 'CN=Test VICAL Signer, C=JP', eku: ['1.0.18013.5.1.8'], keyUsage: KU.digitalSignature });
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const MNC = 'org.iso.23220.1.jp.mnc';
    const bytes = await makeVical(signer, [signer.der], {
      version: '1.0',
      vicalProvider: 'Test',
      date: new TDate('2025-05-01T00:00:00Z'),
      certificateInfos: [{ certificate: iaca.der, docType: [MDL, MNC] }],
    });
    expect(loadVical(bytes, { anchors: [root.der], now: NOW }).iacas[0]!.docTypes).toEqual([MDL, MNC]);
    const vical = loadVical(bytes, { anchors: [root.der], now: NOW, docType: MNC });
    expect(vical.iacas[0]!.docTypes).toEqual([MNC]);
    const trust = createTrustStore({ anchors: vical.iacas });
    await expect(trust.validateDocumentSigner([ds.der], { now: NOW, clockSkewSeconds: 0, docType: MNC })).resolves.toBeDefined();
    expect((await caught(trust.validateDocumentSigner([ds.der], { now: NOW, clockSkewSeconds: 0, docType: MDL }))).code).toBe('ERR_DS_CHAIN');
  });

  it('a signer without the VICAL-signer extended key usage is refused (ERR_VICAL_CHAIN)', async () => {
    const root = await makeCa();
    const signer = await makeDs(root); // mdlDS EKU, not VICAL signer
    const bytes = await makeVical(signer, [signer.der], { version: '1.0', vicalProvider: 'Test', date: new TDate('2025-05-01T00:00:00Z'), certificateInfos: [] });
    const err = await caught(() => loadVical(bytes, { anchors: [root.der], now: NOW }));
    expect(err.code).toBe('ERR_VICAL_CHAIN');
    expect(err.message).toContain('1.0.18013.5.1.8');
  });

  it('a signed payload without certificateInfos, or with a bad entry, is refused (ERR_VICAL_STRUCTURE)', async () => {
    const root = await makeCa();
    const signer = await makeDs(root, { eku: ['1.0.18013.5.1.8'] });
    const base = { version: '1.0', vicalProvider: 'Test', date: new TDate('2025-05-01T00:00:00Z') };
    const missing = await makeVical(signer, [signer.der], base);
    expect((await caught(() => loadVical(missing, { anchors: [root.der], now: NOW }))).code).toBe('ERR_VICAL_STRUCTURE');
    const badEntry = await makeVical(signer, [signer.der], { ...base, certificateInfos: [{ certificate: new Uint8Array([1, 2, 3]), docType: [MDL] }] });
    const err = await caught(() => loadVical(badEntry, { anchors: [root.der], now: NOW }));
    expect(err.code).toBe('ERR_VICAL_STRUCTURE');
    expect(err.message).toContain('certificateInfos[0].certificate');
    const noDocType = await makeVical(signer, [signer.der], { ...base, certificateInfos: [{ certificate: root.der }] });
    expect((await caught(() => loadVical(noDocType, { anchors: [root.der], now: NOW }))).code).toBe('ERR_VICAL_STRUCTURE');
  });
});
