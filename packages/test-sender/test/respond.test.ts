import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  coseKeyToPublicKey,
  decodeCbor,
  deriveEMacKey,
  deviceAuthenticationBytes,
  EncodedCbor,
  parseCoseMac0,
  parseCoseSign1,
  verifyCoseMac0,
  verifyCoseSign1,
} from '@uketori/mdoc';
import {
  createTestDeviceRequest,
  createTestPki,
  ISO_23220_NAMESPACE,
  issueEuPid,
  issueMdl,
  issueMyNumberCard,
  MDL_DOCTYPE,
  MY_NUMBER_CARD_DOCTYPE,
  MY_NUMBER_CARD_JP_NAMESPACE,
  respond,
  type DocumentRequest,
  type TestCredential,
  type TestPki,
} from '../src/index.js';
import { codeOf, NOW, readerKey, testTranscript } from './helpers/fixtures.js';
import { disclosedIds, documentsOf, failing, get, msoOf, responseProperties, type Decoded } from './helpers/oracle.js';

const BASIC_FOUR: DocumentRequest = {
  docType: MY_NUMBER_CARD_DOCTYPE,
  nameSpaces: {
    [MY_NUMBER_CARD_JP_NAMESPACE]: ['full_name_unicode', 'resident_address_unicode', 'birth_date_unicode', 'portrait'],
  },
};

let pki: TestPki;
let card: TestCredential;
let mdl: TestCredential;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  card = await issueMyNumberCard({ pki });
  mdl = await issueMdl({ pki });
});

describe('a DeviceResponse to a plain request', () => {
  const sessionTranscript = testTranscript();
  let bytes: Uint8Array;
  let doc: Decoded;
  beforeAll(async () => {
    bytes = await respond({ credentials: [mdl, card], request: [BASIC_FOUR], sessionTranscript });
    doc = documentsOf(bytes)[0]!;
  });

  it('has version 1.0, one document, status 0 and no errors', () => {
    const response = decodeCbor(bytes) as Decoded;
    expect([...response.keys()]).toEqual(['version', 'documents', 'status']);
    expect(response.get('version')).toBe('1.0');
    expect(response.get('status')).toBe(0);
    expect(documentsOf(bytes)).toHaveLength(1);
    expect([...doc.keys()]).toEqual(['docType', 'issuerSigned', 'deviceSigned']);
    expect(doc.get('docType')).toBe(MY_NUMBER_CARD_DOCTYPE);
  });

  it('discloses exactly the requested elements, only in namespaces with something disclosed', () => {
    expect(disclosedIds(doc).sort()).toEqual(BASIC_FOUR.nameSpaces[MY_NUMBER_CARD_JP_NAMESPACE]!.map((id) => `${MY_NUMBER_CARD_JP_NAMESPACE}/${id}`).sort());
    const nameSpaces = get<Map<string, unknown>>(get(doc, 'issuerSigned'), 'nameSpaces');
    expect([...nameSpaces.keys()]).toEqual([MY_NUMBER_CARD_JP_NAMESPACE]);
    for (const item of nameSpaces.get(MY_NUMBER_CARD_JP_NAMESPACE) as unknown[]) expect(item).toBeInstanceOf(EncodedCbor);
  });

  it('sends items byte-identical to the issued ones, whose digests match the MSO', () => {
    const issued = new Set(card.nameSpaces.get(MY_NUMBER_CARD_JP_NAMESPACE)!.map((i) => Buffer.from(i.bytes).toString('hex')));
    const sent = get<EncodedCbor[]>(get<Map<string, unknown>>(get(doc, 'issuerSigned'), 'nameSpaces'), MY_NUMBER_CARD_JP_NAMESPACE);
    const digests = get<Map<string, Map<number, Uint8Array>>>(msoOf(doc), 'valueDigests').get(MY_NUMBER_CARD_JP_NAMESPACE)!;
    for (const item of sent) {
      expect(issued.has(Buffer.from(item.bytes).toString('hex'))).toBe(true);
      const digestID = (item.decode() as Decoded).get('digestID') as number;
      expect(Buffer.from(digests.get(digestID)!)).toEqual(createHash('sha256').update(item.bytesWithTag()).digest());
    }
  });

  it('carries an issuerAuth that verifies with the DS key', () => {
    const issuerAuth = parseCoseSign1(get(get(doc, 'issuerSigned'), 'issuerAuth'));
    expect(verifyCoseSign1(issuerAuth, pki.ds.publicKey)).toBe(true);
  });

  it('has empty DeviceNameSpaces and a detached device signature over DeviceAuthenticationBytes', () => {
    const deviceSigned = get(doc, 'deviceSigned');
    const nameSpaces = get<EncodedCbor>(deviceSigned, 'nameSpaces');
    expect(nameSpaces).toBeInstanceOf(EncodedCbor);
    expect([...nameSpaces.bytes]).toEqual([0xa0]);
    const sign1 = parseCoseSign1(get<Map<string, unknown>>(get(deviceSigned, 'deviceAuth'), 'deviceSignature'));
    expect(sign1.payload).toBeNull();
    expect(sign1.protectedHeaders.get(1)).toBe(-7);
    const deviceKey = coseKeyToPublicKey(get(get(msoOf(doc), 'deviceKeyInfo'), 'deviceKey')).key;
    const payload = deviceAuthenticationBytes(sessionTranscript, MY_NUMBER_CARD_DOCTYPE, nameSpaces);
    expect(verifyCoseSign1(sign1, deviceKey, { detachedPayload: payload })).toBe(true);
    expect(verifyCoseSign1(sign1, deviceKey, { detachedPayload: deviceAuthenticationBytes(testTranscript(), MY_NUMBER_CARD_DOCTYPE, nameSpaces) })).toBe(false);
  });

  it('passes every property of the oracle', () => {
    expect(failing(responseProperties(bytes, { pki, now: NOW, sessionTranscript }))).toEqual([]);
  });
});

describe('answering an encoded DeviceRequest', () => {
  it('discloses the same elements as for the plain form', async () => {
    const request = createTestDeviceRequest([BASIC_FOUR, { docType: MDL_DOCTYPE, nameSpaces: { 'org.iso.18013.5.1': ['age_over_18'] } }], { intentToRetain: true });
    const decoded = decodeCbor(request) as Decoded;
    const items = ((decoded.get('docRequests') as Decoded[])[0]!.get('itemsRequest') as EncodedCbor<Decoded>).decode();
    expect((items.get('nameSpaces') as Map<string, Map<string, boolean>>).get(MY_NUMBER_CARD_JP_NAMESPACE)!.get('portrait')).toBe(true);
    const bytes = await respond({ credentials: [card, mdl], request, sessionTranscript: testTranscript() });
    const docs = documentsOf(bytes);
    expect(docs.map((d) => d.get('docType'))).toEqual([MY_NUMBER_CARD_DOCTYPE, MDL_DOCTYPE]);
    expect(disclosedIds(docs[0]!)).toHaveLength(4);
    expect(disclosedIds(docs[1]!)).toEqual(['org.iso.18013.5.1/age_over_18']);
  });

  it('rejects a malformed DeviceRequest with a coded error', async () => {
    const base = { credentials: [card], sessionTranscript: testTranscript() };
    expect(await codeOf(() => respond({ ...base, request: Uint8Array.of(0xa1) }))).toBe('ERR_INVALID_ARG_VALUE');
    expect(await codeOf(() => respond({ ...base, request: Uint8Array.of(0xa0) }))).toBe('ERR_INVALID_ARG_VALUE');
  });
});

describe('errors and documentErrors', () => {
  it('reports requested elements the credential lacks under errors with code 0', async () => {
    const bytes = await respond({
      credentials: [card],
      request: [{ docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: { [ISO_23220_NAMESPACE]: ['age_over_20', 'age_over_65'], 'org.example.none': ['x'] } }],
      sessionTranscript: testTranscript(),
    });
    const doc = documentsOf(bytes)[0]!;
    expect(disclosedIds(doc)).toEqual([`${ISO_23220_NAMESPACE}/age_over_20`]);
    const errors = get<Map<string, Map<string, number>>>(doc, 'errors');
    expect([...errors]).toEqual([
      [ISO_23220_NAMESPACE, new Map([['age_over_65', 0]])],
      ['org.example.none', new Map([['x', 0]])],
    ]);
  });

  it('omits issuerSigned nameSpaces when nothing requested is held', async () => {
    const bytes = await respond({ credentials: [card], request: [{ docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: { [ISO_23220_NAMESPACE]: ['age_over_99'] } }], sessionTranscript: testTranscript() });
    const issuerSigned = get<Decoded>(documentsOf(bytes)[0], 'issuerSigned');
    expect([...issuerSigned.keys()]).toEqual(['issuerAuth']);
  });

  it('lists requested docTypes not held under documentErrors', async () => {
    const bytes = await respond({ credentials: [card], request: [{ docType: MDL_DOCTYPE, nameSpaces: { 'org.iso.18013.5.1': ['family_name'] } }], sessionTranscript: testTranscript() });
    const response = decodeCbor(bytes) as Decoded;
    expect(response.has('documents')).toBe(false);
    expect(response.get('documentErrors')).toEqual([new Map([[MDL_DOCTYPE, 0]])]);
    expect(response.get('status')).toBe(0);
  });
});

describe('device MAC (ISO/IEC 18013-5 §9.1.3.5)', () => {
  it.each(['P-256', 'P-384'] as const)('MACs with EMacKey on %s', async (curve) => {
    const holder = await issueMyNumberCard({ pki, deviceKey: curve });
    const reader = readerKey(curve);
    const sessionTranscript = testTranscript();
    const bytes = await respond({ credentials: [holder], request: [BASIC_FOUR], sessionTranscript, deviceAuth: 'mac', readerEphemeralPublicKey: reader.publicKey });
    const doc = documentsOf(bytes)[0]!;
    const deviceSigned = get(doc, 'deviceSigned');
    const mac0 = parseCoseMac0(get<Decoded>(get(deviceSigned, 'deviceAuth'), 'deviceMac'));
    expect(mac0.payload).toBeNull();
    expect(mac0.protectedHeaders.get(1)).toBe(5);
    const deviceKey = coseKeyToPublicKey(get(get(msoOf(doc), 'deviceKeyInfo'), 'deviceKey')).key;
    const macKey = deriveEMacKey(reader.privateKey, deviceKey, sessionTranscript);
    const payload = deviceAuthenticationBytes(sessionTranscript, MY_NUMBER_CARD_DOCTYPE, get(deviceSigned, 'nameSpaces'));
    expect(verifyCoseMac0(mac0, macKey, { detachedPayload: payload })).toBe(true);
    expect(failing(responseProperties(bytes, { pki, now: NOW, sessionTranscript, readerEphemeralPrivateKey: reader.privateKey }))).toEqual([]);
  });

  it('refuses a MAC without a reader key, or with an Ed25519 device key', async () => {
    const base = { request: [BASIC_FOUR], sessionTranscript: testTranscript(), deviceAuth: 'mac' as const };
    expect(await codeOf(() => respond({ ...base, credentials: [card] }))).toBe('ERR_INVALID_ARG_TYPE');
    const ed = await issueMyNumberCard({ pki, deviceKey: 'Ed25519' });
    expect(await codeOf(() => respond({ ...base, credentials: [ed], readerEphemeralPublicKey: readerKey().publicKey }))).toBe('ERR_INVALID_ARG_VALUE');
    expect(await codeOf(() => respond({ ...base, credentials: [card], readerEphemeralPublicKey: readerKey('P-384').publicKey }))).toBe('ERR_INVALID_ARG_VALUE');
  });
});

describe('device signature with other device keys', () => {
  it.each([
    ['P-384', -35],
    ['Ed25519', -8],
  ] as const)('signs with a %s device key', async (curve, alg) => {
    const pid = await issueEuPid({ pki, deviceKey: curve });
    const sessionTranscript = testTranscript();
    const bytes = await respond({ credentials: [pid], request: [{ docType: pid.docType, nameSpaces: { [pid.docType]: ['age_over_18'] } }], sessionTranscript });
    const doc = documentsOf(bytes)[0]!;
    const sign1 = parseCoseSign1(get<Decoded>(get(get(doc, 'deviceSigned'), 'deviceAuth'), 'deviceSignature'));
    expect(sign1.protectedHeaders.get(1)).toBe(alg);
    expect(failing(responseProperties(bytes, { pki, now: NOW, sessionTranscript }))).toEqual([]);
  });
});

describe('argument checks', () => {
  it('rejects bad options with coded errors', async () => {
    const base = { credentials: [card], request: [BASIC_FOUR], sessionTranscript: testTranscript() };
    expect(await codeOf(() => respond({ ...base, sessionTranscript: new Uint8Array(0) }))).toBe('ERR_INVALID_ARG_TYPE');
    expect(await codeOf(() => respond({ ...base, deviceAuth: 'both' as 'mac' }))).toBe('ERR_INVALID_ARG_VALUE');
    expect(await codeOf(() => respond({ ...base, faults: ['no-such-fault' as 'tampered-value'] }))).toBe('ERR_INVALID_ARG_VALUE');
    expect(await codeOf(() => respond({ ...base, faults: [{ id: 'tampered-value', docType: MDL_DOCTYPE }] }))).toBe('ERR_INVALID_ARG_VALUE');
    expect(await codeOf(() => respond({ ...base, request: [{ docType: 1 as unknown as string, nameSpaces: {} }] }))).toBe('ERR_INVALID_ARG_TYPE');
  });
});
