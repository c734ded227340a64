import { createHash, createPublicKey, X509Certificate as NodeX509 } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  coseX5Chain,
  decodeCbor,
  EncodedCbor,
  FullDate,
  parseCoseSign1,
  publicKeyToCoseKey,
  TDate,
  verifyCoseSign1,
} from '@uketori/mdoc';
import {
  EU_PID_DOCTYPE,
  EU_PID_NAMESPACE,
  ISO_23220_NAMESPACE,
  issueCredential,
  issueEuPid,
  issueMdl,
  issueMyNumberCard,
  isValidMyNumber,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  MY_NUMBER_CARD_DOCTYPE,
  MY_NUMBER_CARD_JP_NAMESPACE,
  createTestPki,
  type TestCredential,
  type TestPki,
} from '../src/index.js';
import { codeOf, NOW } from './helpers/fixtures.js';

type M = Map<string, unknown>;

/** The MSO as carried in issuerAuth: payload = #6.24(bstr .cbor MSO). */
function payloadMso(c: TestCredential): M {
  const payload = c.issuerAuth[2]!;
  const tagged = decodeCbor(payload);
  expect(tagged).toBeInstanceOf(EncodedCbor);
  return (tagged as EncodedCbor<M>).decode();
}

function itemsOf(c: TestCredential, ns: string): M[] {
  return (c.nameSpaces.get(ns) ?? []).map((i) => decodeCbor(i.bytes) as M);
}

function valuesOf(c: TestCredential, ns: string): Record<string, unknown> {
  return Object.fromEntries(itemsOf(c, ns).map((i) => [i.get('elementIdentifier'), i.get('elementValue')]));
}

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

describe('My Number Card preset', () => {
  let card: TestCredential;
  beforeAll(async () => {
    card = await issueMyNumberCard({ pki });
  });

  it('has the docType and both namespaces of notes/japan.md §2.2', () => {
    expect(card.docType).toBe('org.iso.23220.1.jp.mnc');
    expect(MY_NUMBER_CARD_DOCTYPE).toBe('org.iso.23220.1.jp.mnc');
    expect([...card.nameSpaces.keys()].sort()).toEqual(['org.iso.23220.1', 'org.iso.23220.1.jp']);
  });

  it('carries every element of notes/japan.md §2.3 with the documented types', () => {
    const jp = valuesOf(card, MY_NUMBER_CARD_JP_NAMESPACE);
    expect(Object.keys(jp).sort()).toEqual(
      ['birth_date_unicode', 'full_name_unicode', 'individual_number_unicode', 'local_gov_code_unicode', 'portrait', 'resident_address_unicode', 'sex_unicode'],
    );
    expect(jp.full_name_unicode).toBe('番号\u3000花子');
    expect(typeof jp.resident_address_unicode).toBe('string');
    expect(jp.local_gov_code_unicode).toMatch(/^[0-9]{5}$/);
    expect(isValidMyNumber(jp.individual_number_unicode as string)).toBe(true);
    expect(jp.portrait).toBeInstanceOf(Uint8Array);
    expect([...(jp.portrait as Uint8Array).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(jp.sex_unicode).toBe('女');
    expect(jp.birth_date_unicode).toBe('1971年9月1日');

    const iso = valuesOf(card, ISO_23220_NAMESPACE);
    expect(Object.keys(iso).sort()).toEqual(['age_in_years', 'age_over_18', 'age_over_20', 'birth_date', 'sex']);
    expect(iso.sex).toBe(2);
    expect(iso.birth_date).toBeInstanceOf(FullDate);
    expect(String(iso.birth_date)).toBe('1971-09-01');
    // NOW is 2026-10-01: the 55th birthday (2026-09-01) has passed.
    expect(iso.age_in_years).toBe(55);
    expect(iso.age_over_20).toBe(true);
    expect(iso.age_over_18).toBe(true);
  });

  it('computes ages as of the issuance time', async () => {
    const young = await issueMyNumberCard({ pki, holder: { birthDate: new FullDate(2007, 10, 2) } });
    const iso = valuesOf(young, ISO_23220_NAMESPACE);
    expect([iso.age_in_years, iso.age_over_18, iso.age_over_20]).toEqual([18, true, false]);
    const dayBefore = await issueMyNumberCard({ pki, holder: { birthDate: new FullDate(2008, 10, 2) } });
    expect(valuesOf(dayBefore, ISO_23220_NAMESPACE).age_over_18).toBe(false);
  });

  it('takes holder fields and element overrides, and removes elements set to undefined', async () => {
    const c = await issueMyNumberCard({
      pki,
      holder: { fullName: '試験\u3000太郎', sex: 1 },
      elements: { [MY_NUMBER_CARD_JP_NAMESPACE]: { individual_number_unicode: undefined }, [ISO_23220_NAMESPACE]: { age_over_65: false } },
    });
    const jp = valuesOf(c, MY_NUMBER_CARD_JP_NAMESPACE);
    expect(jp.full_name_unicode).toBe('試験\u3000太郎');
    expect(jp.sex_unicode).toBe('男');
    expect('individual_number_unicode' in jp).toBe(false);
    expect(valuesOf(c, ISO_23220_NAMESPACE).age_over_65).toBe(false);
  });
});

describe('IssuerSigned structure (ISO/IEC 18013-5 §9.1.2.4)', () => {
  let card: TestCredential;
  beforeAll(async () => {
    card = await issueMyNumberCard({ pki });
  });

  it('gives every item digestID, ≥16 random bytes, identifier and value, in that order', () => {
    for (const ns of card.nameSpaces.keys()) {
      const items = itemsOf(card, ns);
      for (const item of items) {
        expect([...item.keys()]).toEqual(['digestID', 'random', 'elementIdentifier', 'elementValue']);
        expect((item.get('random') as Uint8Array).length).toBeGreaterThanOrEqual(16);
        expect(Number.isInteger(item.get('digestID'))).toBe(true);
      }
      const ids = items.map((i) => i.get('digestID'));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('has random digest ids and item order across issuances', async () => {
    const orders = new Set<string>();
    const idSets = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const c = await issueMyNumberCard({ pki });
      const items = itemsOf(c, MY_NUMBER_CARD_JP_NAMESPACE);
      orders.add(items.map((x) => x.get('elementIdentifier')).join());
      idSets.add(items.map((x) => x.get('digestID')).join());
    }
    expect(orders.size).toBeGreaterThan(1);
    expect(idSets.size).toBe(4);
  });

  it('has an MSO whose digests cover the full tag-24 encoding of each item', () => {
    const mso = payloadMso(card);
    expect([...mso.keys()]).toEqual(['version', 'digestAlgorithm', 'valueDigests', 'deviceKeyInfo', 'docType', 'validityInfo']);
    expect(mso.get('version')).toBe('1.0');
    expect(mso.get('digestAlgorithm')).toBe('SHA-256');
    expect(mso.get('docType')).toBe(card.docType);
    const digests = mso.get('valueDigests') as Map<string, Map<number, Uint8Array>>;
    for (const [ns, items] of card.nameSpaces) {
      expect(digests.get(ns)!.size).toBe(items.length);
      for (const item of items) {
        const tagged = item.bytesWithTag();
        expect([tagged[0], tagged[1]]).toEqual([0xd8, 0x18]);
        const expected = createHash('sha256').update(tagged).digest();
        expect(Buffer.from(digests.get(ns)!.get(item.decode().get('digestID') as number)!)).toEqual(expected);
      }
    }
  });

  it('binds the device key and carries tdate validity', () => {
    const mso = payloadMso(card);
    const deviceKeyInfo = mso.get('deviceKeyInfo') as M;
    expect(deviceKeyInfo.get('deviceKey')).toEqual(publicKeyToCoseKey(card.deviceKey.publicKey));
    expect(deviceKeyInfo.has('keyAuthorizations')).toBe(false);
    const validity = mso.get('validityInfo') as Map<string, TDate>;
    expect([...validity.keys()]).toEqual(['signed', 'validFrom', 'validUntil']);
    for (const v of validity.values()) expect(v).toBeInstanceOf(TDate);
    expect(validity.get('signed')!.getTime()).toBe(NOW.getTime());
    expect(validity.get('validFrom')!.getTime()).toBe(NOW.getTime());
    expect(validity.get('validUntil')!.getTime()).toBe(NOW.getTime() + 365 * 86_400_000);
  });

  it('signs issuerAuth with the DS over #6.24(MSO), x5chain in the unprotected header', () => {
    const sign1 = parseCoseSign1(card.issuerAuth);
    expect(sign1.protectedHeaders.get(1)).toBe(-7);
    expect(sign1.unprotectedHeaders.get(33)).toEqual(pki.ds.der);
    expect(coseX5Chain(sign1)).toEqual([pki.ds.der]);
    expect(sign1.payload).toEqual(card.mso.bytesWithTag());
    expect(verifyCoseSign1(sign1, new NodeX509(pki.ds.der).publicKey)).toBe(true);
  });

  it.each(['SHA-384', 'SHA-512'] as const)('supports %s digests', async (alg) => {
    const c = await issueMyNumberCard({ pki, digestAlgorithm: alg });
    const mso = payloadMso(c);
    expect(mso.get('digestAlgorithm')).toBe(alg);
    const item = c.nameSpaces.get(ISO_23220_NAMESPACE)![0]!;
    const digest = (mso.get('valueDigests') as Map<string, Map<number, Uint8Array>>).get(ISO_23220_NAMESPACE)!.get(item.decode().get('digestID') as number)!;
    expect(Buffer.from(digest)).toEqual(createHash(alg === 'SHA-384' ? 'sha384' : 'sha512').update(item.bytesWithTag()).digest());
  });

  it('signs with ES384 on a P-384 PKI and accepts P-384 and Ed25519 device keys', async () => {
    const pki384 = await createTestPki({ curve: 'P-384', now: NOW });
    const c = await issueMyNumberCard({ pki: pki384, deviceKey: 'P-384' });
    const sign1 = parseCoseSign1(c.issuerAuth);
    expect(sign1.protectedHeaders.get(1)).toBe(-35);
    expect(verifyCoseSign1(sign1, pki384.ds.publicKey)).toBe(true);
    expect((payloadMso(c).get('deviceKeyInfo') as M).get('deviceKey')).toEqual(publicKeyToCoseKey(c.deviceKey.publicKey));
    const ed = await issueMyNumberCard({ pki, deviceKey: 'Ed25519' });
    const coseKey = (payloadMso(ed).get('deviceKeyInfo') as M).get('deviceKey') as Map<number, unknown>;
    expect([coseKey.get(1), coseKey.get(-1)]).toEqual([1, 6]);
    expect(createPublicKey(ed.deviceKey.privateKey).export({ format: 'jwk' }).x).toBeDefined();
  });

  it('writes validity overrides, expectedUpdate and keyAuthorizations into the MSO', async () => {
    const validUntil = new Date(NOW.getTime() + 30 * 86_400_000);
    const c = await issueCredential({
      pki,
      docType: 'org.example.test.1',
      nameSpaces: { 'org.example.test.1': { a: 1, b: 'two' } },
      validity: { validUntil, expectedUpdate: new Date(NOW.getTime() + 7 * 86_400_000) },
      keyAuthorizations: { nameSpaces: ['org.example.device.1'], dataElements: { 'org.example.test.1': ['b'] } },
    });
    const mso = payloadMso(c);
    const validity = mso.get('validityInfo') as Map<string, TDate>;
    expect(validity.get('validUntil')!.getTime()).toBe(validUntil.getTime());
    expect(validity.has('expectedUpdate')).toBe(true);
    const ka = (mso.get('deviceKeyInfo') as M).get('keyAuthorizations') as M;
    expect(ka.get('nameSpaces')).toEqual(['org.example.device.1']);
    expect((ka.get('dataElements') as Map<string, string[]>).get('org.example.test.1')).toEqual(['b']);
  });

  it('rejects bad arguments with coded errors', async () => {
    expect(await codeOf(() => issueCredential({ pki, docType: '', nameSpaces: { a: { b: 1 } } }))).toBe('ERR_INVALID_ARG_TYPE');
    expect(await codeOf(() => issueCredential({ pki, docType: 'x', nameSpaces: {} }))).toBe('ERR_INVALID_ARG_VALUE');
    expect(await codeOf(() => issueCredential({ pki, docType: 'x', nameSpaces: { a: { b: 1 } }, validity: { validUntil: NOW } }))).toBe('ERR_INVALID_ARG_VALUE');
    expect(await codeOf(() => issueMyNumberCard({ pki, deviceKey: 'P-521' as 'P-256' }))).toBe('ERR_INVALID_ARG_VALUE');
  });
});

describe('mDL and EU PID presets', () => {
  it('issues an mDL with the ISO/IEC 18013-5 §7.2.1 elements', async () => {
    const mdl = await issueMdl({ pki });
    expect(mdl.docType).toBe(MDL_DOCTYPE);
    const v = valuesOf(mdl, MDL_NAMESPACE);
    for (const id of ['family_name', 'given_name', 'birth_date', 'issue_date', 'expiry_date', 'issuing_country', 'issuing_authority', 'document_number', 'portrait', 'driving_privileges', 'un_distinguishing_sign', 'age_over_18', 'age_over_21']) {
      expect(v, id).toHaveProperty(id);
    }
    expect(String(v.issue_date)).toBe('2026-10-01');
    expect(String(v.expiry_date)).toBe('2031-10-01');
    expect(v.issuing_authority).toContain('TEST');
    const privileges = v.driving_privileges as M[];
    expect(privileges[0]!.get('vehicle_category_code')).toBe('B');
    expect(privileges[0]!.get('expiry_date')).toBeInstanceOf(FullDate);
    expect([v.age_in_years, v.age_over_18, v.age_over_21]).toEqual([36, true, true]);
  });

  it('issues an EU PID with the PID Rulebook elements', async () => {
    const pid = await issueEuPid({ pki, deviceKey: 'Ed25519' });
    expect(pid.docType).toBe(EU_PID_DOCTYPE);
    const v = valuesOf(pid, EU_PID_NAMESPACE);
    for (const id of ['family_name', 'given_name', 'birth_date', 'age_over_18', 'nationality', 'issuing_authority', 'issuing_country', 'expiry_date', 'issuance_date']) {
      expect(v, id).toHaveProperty(id);
    }
    expect(v.nationality).toEqual(['DE']);
    expect((v.place_of_birth as M).get('locality')).toBe('Berlin');
    expect(v.issuing_authority).toContain('TEST');
  });
});
