import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKS, decodeCbor, EncodedCbor } from '@uketori/mdoc';
import {
  createTestPki,
  FAULT_CATALOGUE,
  faultDescriptor,
  ISO_23220_NAMESPACE,
  issueMdl,
  issueMyNumberCard,
  MDL_DOCTYPE,
  MY_NUMBER_CARD_DOCTYPE,
  MY_NUMBER_CARD_JP_NAMESPACE,
  respond,
  type DeviceAuthMode,
  type DocumentRequest,
  type FaultId,
  type FaultSpec,
  type PkiCurve,
  type TestCredential,
  type TestPki,
} from '../src/index.js';
import { codeOf, NOW, readerKey, testTranscript } from './helpers/fixtures.js';
import {
  disclosedIds,
  disclosedOf,
  documentProperties,
  documentsOf,
  failing,
  get,
  leafCertificate,
  msoOf,
  responseProperties,
  type Decoded,
  type OracleContext,
} from './helpers/oracle.js';

const REQUEST: DocumentRequest = {
  docType: MY_NUMBER_CARD_DOCTYPE,
  nameSpaces: {
    [MY_NUMBER_CARD_JP_NAMESPACE]: ['full_name_unicode', 'portrait'],
    [ISO_23220_NAMESPACE]: ['age_over_20'],
  },
};
const REQUESTED = ['org.iso.23220.1.jp/full_name_unicode', 'org.iso.23220.1.jp/portrait', 'org.iso.23220.1/age_over_20'].sort();
const DAY = 86_400_000;

interface Case {
  readonly pki: TestPki;
  readonly card: TestCredential;
  readonly doc: Decoded;
  readonly bytes: Uint8Array;
}

function validity(doc: Decoded): { signed: Date; validFrom: Date; validUntil: Date } {
  const v = get<Decoded>(msoOf(doc), 'validityInfo');
  return { signed: v.get('signed') as Date, validFrom: v.get('validFrom') as Date, validUntil: v.get('validUntil') as Date };
}

function issuedDigests(card: TestCredential): Map<string, Map<number, Uint8Array>> {
  return get(card.mso.decode(), 'valueDigests');
}

/** What else each fault must show, beyond failing exactly its catalogued check. */
const SYMPTOMS: Record<FaultId, (c: Case) => void> = {
  'tampered-value': ({ card, doc }) => {
    expect(disclosedIds(doc).sort()).toEqual(REQUESTED);
    const issued = new Map([...card.nameSpaces].flatMap(([ns, items]) => items.map((i) => [`${ns}/${String(i.decode().get('digestID'))}`, i.decode().get('elementValue')])));
    const changed = [...disclosedOf(doc)].flatMap(([ns, items]) => items.filter((i) => {
      const before = issued.get(`${ns}/${String(i.get('digestID'))}`);
      return JSON.stringify(before, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v)) !== JSON.stringify(i.get('elementValue'), (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v));
    }));
    expect(changed).toHaveLength(1);
  },
  'missing-digest': ({ doc }) => {
    const digests = get<Map<string, Map<number, Uint8Array>>>(msoOf(doc), 'valueDigests');
    const unknown = [...disclosedOf(doc)].flatMap(([ns, items]) => items.filter((i) => !digests.get(ns)!.has(i.get('digestID') as number)));
    expect(unknown).toHaveLength(1);
  },
  'extra-unrequested-elements': ({ doc }) => {
    const ids = disclosedIds(doc);
    expect(ids).toHaveLength(REQUESTED.length + 1);
    expect(ids.filter((id) => !REQUESTED.includes(id))).toHaveLength(1);
  },
  'tampered-mso': ({ card, doc }) => {
    const sent = get<Map<string, Map<number, Uint8Array>>>(msoOf(doc), 'valueDigests');
    let differing = 0;
    for (const [ns, digests] of issuedDigests(card)) {
      for (const [id, d] of digests) if (!Buffer.from(d).equals(sent.get(ns)!.get(id)!)) differing++;
    }
    expect(differing).toBe(1);
  },
  'tampered-issuer-signature': ({ card, doc }) => {
    expect(get<unknown[]>(get(doc, 'issuerSigned'), 'issuerAuth')[2]).toEqual(card.issuerAuth[2]);
  },
  'wrong-ds': ({ pki, doc }) => expect(leafCertificate(doc)).toEqual(pki.ds.der),
  'wrong-ds-profile': ({ pki, doc }) => expect(leafCertificate(doc)).toEqual(pki.wrongProfileDs.der),
  'untrusted-iaca': ({ pki, doc }) => expect(leafCertificate(doc)).toEqual(pki.untrusted.ds.der),
  'expired-ds': ({ pki, doc }) => {
    expect(leafCertificate(doc)).toEqual(pki.expiredDs.der);
    expect(pki.expiredDs.notAfter.getTime()).toBeLessThan(NOW.getTime());
  },
  'revoked-ds': ({ pki, doc }) => {
    expect(leafCertificate(doc)).toEqual(pki.revokedDs.der);
    expect(pki.crl.revokedSerialNumbers).toContain(pki.revokedDs.serialNumber);
  },
  'expired-mso': ({ doc }) => expect(validity(doc).validUntil.getTime()).toBe(NOW.getTime() - DAY),
  'not-yet-valid-mso': ({ doc }) => expect(validity(doc).validFrom.getTime()).toBe(NOW.getTime() + DAY),
  'mso-signed-outside-ds-validity': ({ pki, doc }) => {
    expect(validity(doc).signed.getTime()).toBe(pki.ds.notBefore.getTime() - DAY);
    expect(validity(doc).validFrom.getTime()).toBe(validity(doc).signed.getTime());
  },
  'wrong-doctype': ({ doc }) => {
    expect(get(msoOf(doc), 'docType')).toBe(MDL_DOCTYPE);
    expect(get(doc, 'docType')).toBe(MY_NUMBER_CARD_DOCTYPE);
  },
  'unsupported-digest-algorithm': ({ doc }) => expect(get(msoOf(doc), 'digestAlgorithm')).toBe('SHA-1'),
  'unauthorized-device-signed-element': ({ doc }) => {
    const signed = get<EncodedCbor<Map<string, Map<string, unknown>>>>(get(doc, 'deviceSigned'), 'nameSpaces').decode();
    expect([...signed.get(MY_NUMBER_CARD_JP_NAMESPACE)!.keys()]).toEqual(['full_name_unicode']);
    const ka = get<Decoded>(get(msoOf(doc), 'deviceKeyInfo'), 'keyAuthorizations');
    const authorized = get<Map<string, string[]>>(ka, 'dataElements').get(MY_NUMBER_CARD_JP_NAMESPACE)!;
    expect(authorized).toHaveLength(1);
    expect(authorized).not.toContain('full_name_unicode');
  },
  'wrong-transcript': () => undefined,
  'device-key-mismatch': () => undefined,
  'tampered-device-signature': () => undefined,
  'status-error': ({ bytes }) => {
    expect(get(decodeCbor(bytes), 'status')).toBe(10);
    expect(documentsOf(bytes)).toHaveLength(1);
  },
  'malformed-cbor': () => undefined,
};

describe('the fault catalogue', () => {
  it('has unique ids, one set of symptoms per fault, and codes derived from check ids', () => {
    const ids = FAULT_CATALOGUE.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(SYMPTOMS).sort()).toEqual([...ids].sort());
    for (const f of FAULT_CATALOGUE) {
      expect(f.description.length, f.id).toBeGreaterThan(20);
      if (f.check === null) expect(f.expectedCode).toBeNull();
      else {
        expect(Object.keys(CHECKS)).toContain(f.check);
        if (f.id !== 'malformed-cbor') expect(f.expectedCode).toBe(`ERR_${f.check}`);
      }
    }
    expect(faultDescriptor('revoked-ds')?.expectedCode).toBe('ERR_DS_REVOCATION');
    expect(faultDescriptor('nope')).toBeUndefined();
  });
});

describe.each<[PkiCurve, DeviceAuthMode]>([
  ['P-256', 'signature'],
  ['P-256', 'mac'],
  ['P-384', 'signature'],
])('each fault on a %s PKI with device %s', (curve, mode) => {
  let pki: TestPki;
  let card: TestCredential;
  const sessionTranscript = testTranscript();
  const reader = readerKey('P-256');
  let ctx: OracleContext;
  beforeAll(async () => {
    pki = await createTestPki({ curve, now: NOW });
    card = await issueMyNumberCard({ pki });
    ctx = { pki, now: NOW, sessionTranscript, readerEphemeralPrivateKey: reader.privateKey };
  });
  const answer = (faults: readonly (FaultId | FaultSpec)[]) =>
    respond({ credentials: [card], request: [REQUEST], sessionTranscript, deviceAuth: mode, readerEphemeralPublicKey: reader.publicKey, faults });

  it('leaves a fault-free response passing every property', async () => {
    expect(failing(responseProperties(await answer([]), ctx))).toEqual([]);
  });

  it.each(FAULT_CATALOGUE.map((f) => [f.id, f] as const))('%s breaks exactly what it claims', async (id, fault) => {
    const bytes = await answer([id]);
    if (id === 'malformed-cbor') {
      expect(await codeOf(() => decodeCbor(bytes))).toBe(fault.expectedCode);
      return;
    }
    expect(failing(responseProperties(bytes, ctx))).toEqual(fault.check === null ? [] : [fault.check]);
    SYMPTOMS[id]({ pki, card, bytes, doc: documentsOf(bytes)[0]! });
  });
});

describe('fault parameters', () => {
  let pki: TestPki;
  let card: TestCredential;
  let mdl: TestCredential;
  beforeAll(async () => {
    pki = await createTestPki({ now: NOW });
    card = await issueMyNumberCard({ pki });
    mdl = await issueMdl({ pki });
  });

  it('tampers the named element', async () => {
    const sessionTranscript = testTranscript();
    const bytes = await respond({
      credentials: [card],
      request: [REQUEST],
      sessionTranscript,
      faults: [{ id: 'tampered-value', element: { namespace: ISO_23220_NAMESPACE, identifier: 'age_over_20' } }],
    });
    const iso = disclosedOf(documentsOf(bytes)[0]!).get(ISO_23220_NAMESPACE)!;
    expect(iso[0]!.get('elementValue')).toBe(false);
  });

  it('sends status 11 or 12 when asked', async () => {
    for (const status of [11, 12] as const) {
      const bytes = await respond({ credentials: [card], request: [REQUEST], sessionTranscript: testTranscript(), faults: [{ id: 'status-error', status }] });
      expect(get(decodeCbor(bytes), 'status')).toBe(status);
    }
  });

  it('breaks the first document by default and the named one when given', async () => {
    const sessionTranscript = testTranscript();
    const ctx = { pki, now: NOW, sessionTranscript };
    const request: DocumentRequest[] = [REQUEST, { docType: MDL_DOCTYPE, nameSpaces: { 'org.iso.18013.5.1': ['age_over_18'] } }];
    const first = documentsOf(await respond({ credentials: [card, mdl], request, sessionTranscript, faults: ['expired-mso'] }));
    expect(failing(documentProperties(first[0]!, ctx))).toEqual(['MSO_VALIDITY']);
    expect(failing(documentProperties(first[1]!, ctx))).toEqual([]);
    const named = documentsOf(await respond({ credentials: [card, mdl], request, sessionTranscript, faults: [{ id: 'expired-mso', docType: MDL_DOCTYPE }] }));
    expect(failing(documentProperties(named[0]!, ctx))).toEqual([]);
    expect(failing(documentProperties(named[1]!, ctx))).toEqual(['MSO_VALIDITY']);
  });

  it('combines faults', async () => {
    const sessionTranscript = testTranscript();
    const bytes = await respond({ credentials: [card], request: [REQUEST], sessionTranscript, faults: ['revoked-ds', 'wrong-transcript'] });
    expect(failing(responseProperties(bytes, { pki, now: NOW, sessionTranscript }))).toEqual(['DEVICE_AUTH', 'DS_REVOCATION']);
  });

  it('throws when a fault has nothing to act on', async () => {
    const all = Object.fromEntries([...card.nameSpaces].map(([ns, items]) => [ns, items.map((i) => i.decode().get('elementIdentifier') as string)]));
    const everything: DocumentRequest = { docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: all };
    expect(await codeOf(() => respond({ credentials: [card], request: [everything], sessionTranscript: testTranscript(), faults: ['extra-unrequested-elements'] }))).toBe('ERR_INVALID_ARG_VALUE');
    const nothing: DocumentRequest = { docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: { [ISO_23220_NAMESPACE]: ['age_over_99'] } };
    expect(await codeOf(() => respond({ credentials: [card], request: [nothing], sessionTranscript: testTranscript(), faults: ['tampered-value'] }))).toBe('ERR_INVALID_ARG_VALUE');
  });
});
