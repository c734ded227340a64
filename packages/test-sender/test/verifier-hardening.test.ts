/**
 * Issuer-signed oddities a conforming verifier must refuse or contain: an MSO re-signed by the
 * (trusted) test DS with a bad version or inconsistent validity, and holder-chosen identifiers
 * such as `__proto__`.
 */
import { describe, expect, it } from 'vitest';
import { CborTag, TDate, createTrustStore, embedCbor, verifyDeviceResponse } from '@uketori/mdoc';
import { MY_NUMBER_CARD_DOCTYPE, ISO_23220_NAMESPACE, MDL_NAMESPACE, createTestPki, issueCredential, issueMdl, issueMyNumberCard, respond, type TestCredential } from '../src/index.js';
import { signMso } from '../src/credential/mso.js';
import { NOW, codeOf, testTranscript } from './helpers/fixtures.js';

/** The credential with its MSO changed by `mutate` and re-signed by the same DS. */
function resigned(card: TestCredential, mutate: (mso: Map<string, unknown>) => void): TestCredential {
  const mso = new Map(card.mso.decode());
  mutate(mso);
  return { ...card, mso: embedCbor(mso), issuerAuth: signMso(embedCbor(mso), card.signer) };
}

async function verdict(card: TestCredential, elements = ['age_over_20']) {
  const pki = await createTestPki({ now: NOW });
  const trust = createTrustStore({ anchors: [pki.iaca.pem] });
  const sessionTranscript = testTranscript();
  const ns = card.docType === MY_NUMBER_CARD_DOCTYPE ? ISO_23220_NAMESPACE : Object.keys(card.elements)[0]!;
  const bytes = await respond({ credentials: [card], request: [{ docType: card.docType, nameSpaces: { [ns]: elements } }], sessionTranscript });
  return verifyDeviceResponse(bytes, { trust, sessionTranscript, now: NOW });
}

describe('the verifier refuses a validly signed but malformed MSO', () => {
  it('re-signing without a change still verifies (the helper is sound)', async () => {
    const pki = await createTestPki({ now: NOW });
    const card = resigned(await issueMyNumberCard({ pki }), () => {});
    expect((await verdict(card)).documents).toHaveLength(1);
  });

  it('an MSO of another major version', async () => {
    const pki = await createTestPki({ now: NOW });
    const card = resigned(await issueMyNumberCard({ pki }), (m) => m.set('version', '2.0'));
    expect(await codeOf(() => verdict(card))).toBe('ERR_DEVICE_RESPONSE_STRUCTURE');
  });

  it('an MSO without a version', async () => {
    const pki = await createTestPki({ now: NOW });
    const card = resigned(await issueMyNumberCard({ pki }), (m) => m.delete('version'));
    expect(await codeOf(() => verdict(card))).toBe('ERR_DEVICE_RESPONSE_STRUCTURE');
  });

  it('validUntil before validFrom', async () => {
    const pki = await createTestPki({ now: NOW });
    const card = resigned(await issueMyNumberCard({ pki }), (m) => {
      const v = new Map(m.get('validityInfo') as Map<string, unknown>);
      v.set('validUntil', new TDate(new Date(NOW.getTime() - 86_400_000)));
      m.set('validityInfo', v);
    });
    expect(await codeOf(() => verdict(card))).toBe('ERR_MSO_VALIDITY');
  });

  it('a validUntil that is not a finite date (tag 1 with Infinity)', async () => {
    const pki = await createTestPki({ now: NOW });
    const card = resigned(await issueMyNumberCard({ pki }), (m) => {
      const v = new Map(m.get('validityInfo') as Map<string, unknown>);
      v.set('validUntil', new CborTag(1, Number.POSITIVE_INFINITY));
      m.set('validityInfo', v);
    });
    expect(await codeOf(() => verdict(card))).toBe('ERR_CBOR_MALFORMED');
  });
});

describe('holder-chosen identifiers cannot change the result objects', () => {
  it('an element named __proto__ is an ordinary own property', async () => {
    const pki = await createTestPki({ now: NOW });
    const elements: Record<string, unknown> = {};
    Object.defineProperty(elements, '__proto__', { value: { age_over_21: true }, enumerable: true });
    elements['family_name'] = 'Test';
    const card = await issueCredential({ pki, docType: 'org.example.doc', nameSpaces: { 'org.example': elements } });
    const result = await verdict(card, ['__proto__', 'family_name']);
    const values = result.documents[0]!.issuerSigned['org.example']!;
    expect(Object.keys(values).sort()).toEqual(['__proto__', 'family_name']);
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect((values as Record<string, unknown>)['age_over_21']).toBeUndefined();
  });
});

describe('issuing_country must match the document signer certificate', () => {
  it('an mDL from the JP test PKI that says it was issued in the US is rejected', async () => {
    const pki = await createTestPki({ now: NOW });
    const card = await issueMdl({ pki, elements: { [MDL_NAMESPACE]: { issuing_country: 'US' } } });
    expect(await codeOf(() => verdict(card, ['issuing_country', 'family_name']))).toBe('ERR_ISSUING_COUNTRY');
  });

  it('the matching country passes, and the check is skipped when it is not disclosed', async () => {
    const pki = await createTestPki({ now: NOW });
    const card = await issueMdl({ pki });
    const shown = await verdict(card, ['issuing_country']);
    expect(shown.checks.find((c) => c.id === 'ISSUING_COUNTRY')?.status).toBe('passed');
    const hidden = await verdict(card, ['family_name']);
    expect(hidden.checks.find((c) => c.id === 'ISSUING_COUNTRY')?.status).toBe('skipped');
  });
});
