/**
 * The test sender's answers, verified by uketori's own verifier: selective disclosure of a My
 * Number Card, an mDL and an EU PID, with device signatures and MACs on P-256 and P-384, and
 * every fault in the catalogue rejected with the code the catalogue promises.
 */
import { describe, expect, it } from 'vitest';
import { createTrustStore, verifyDeviceResponse, type VerifyDeviceResponseOptions } from '@uketori/mdoc';
import {
  FAULT_CATALOGUE,
  MY_NUMBER_CARD_DOCTYPE,
  MY_NUMBER_CARD_JP_NAMESPACE,
  ISO_23220_NAMESPACE,
  createTestDeviceRequest,
  createTestPki,
  issueEuPid,
  issueMdl,
  issueMyNumberCard,
  respond,
  EU_PID_DOCTYPE,
  EU_PID_NAMESPACE,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  type FaultId,
} from '../src/index.js';
import { NOW, codeOf, readerKey, testTranscript } from './helpers/fixtures.js';

const KYC = { [MY_NUMBER_CARD_JP_NAMESPACE]: ['full_name_unicode', 'resident_address_unicode', 'birth_date_unicode', 'portrait'] };

async function setup(curve: 'P-256' | 'P-384' = 'P-256') {
  const pki = await createTestPki({ curve, now: NOW });
  const card = await issueMyNumberCard({ pki });
  const trust = createTrustStore({ anchors: [pki.iaca.pem], crl: { crls: [pki.crl.der] } });
  return { pki, card, trust };
}

describe('test-sender responses verify with uketori', () => {
  it.each(['P-256', 'P-384'] as const)('My Number Card (%s PKI): only the four KYC elements come out, device-signed', async (curve) => {
    const { card, trust } = await setup(curve);
    const sessionTranscript = testTranscript();
    const bytes = await respond({ credentials: [card], request: [{ docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: KYC }], sessionTranscript });
    const result = await verifyDeviceResponse(bytes, { trust, sessionTranscript, now: NOW });
    const doc = result.documents[0]!;
    expect(doc.docType).toBe(MY_NUMBER_CARD_DOCTYPE);
    expect(Object.keys(doc.issuerSigned)).toEqual([MY_NUMBER_CARD_JP_NAMESPACE]);
    expect(Object.keys(doc.issuerSigned[MY_NUMBER_CARD_JP_NAMESPACE]!).sort()).toEqual([...KYC[MY_NUMBER_CARD_JP_NAMESPACE]].sort());
    expect(doc.issuerSigned[MY_NUMBER_CARD_JP_NAMESPACE]!['full_name_unicode']).toMatch(/^\S+\u3000\S+$/);
    expect(doc.deviceAuthentication).toBe('signature');
    expect(doc.issuer.revocation).toBe('good');
    expect(result.checks.filter((c) => c.status === 'failed')).toEqual([]);
  });

  it('My Number Card with a DeviceMac from a DeviceRequest (intent_to_retain set)', async () => {
    const { card, trust } = await setup();
    const reader = readerKey();
    const sessionTranscript = testTranscript();
    const request = createTestDeviceRequest([{ docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: { [ISO_23220_NAMESPACE]: ['age_over_20'] } }], { intentToRetain: false });
    const bytes = await respond({ credentials: [card], request, sessionTranscript, deviceAuth: 'mac', readerEphemeralPublicKey: reader.publicKey });
    const result = await verifyDeviceResponse(bytes, { trust, sessionTranscript, now: NOW, readerKey: reader.privateKey });
    expect(result.documents[0]!.issuerSigned).toEqual({ [ISO_23220_NAMESPACE]: { age_over_20: true } });
    expect(result.documents[0]!.deviceAuthentication).toBe('mac');
  });

  it('verifies every document of a response, not only the first, and reports documents not held', async () => {
    const { pki, card, trust } = await setup();
    const mdl = await issueMdl({ pki });
    const sessionTranscript = testTranscript();
    const bytes = await respond({
      credentials: [card, mdl],
      request: [
        { docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: { [ISO_23220_NAMESPACE]: ['age_over_20'] } },
        { docType: MDL_DOCTYPE, nameSpaces: { [MDL_NAMESPACE]: ['family_name', 'birth_date'] } },
        { docType: EU_PID_DOCTYPE, nameSpaces: { [EU_PID_NAMESPACE]: ['family_name'] } },
      ],
      sessionTranscript,
    });
    const result = await verifyDeviceResponse(bytes, { trust, sessionTranscript, now: NOW });
    expect(result.documents.map((d) => d.docType)).toEqual([MY_NUMBER_CARD_DOCTYPE, MDL_DOCTYPE]);
    expect(result.documentErrors).toEqual([{ docType: EU_PID_DOCTYPE, code: 0 }]);
    expect(String(result.documents[1]!.issuerSigned[MDL_NAMESPACE]!['birth_date'])).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // A fault in the second document is caught too.
    const broken = await respond({
      credentials: [card, mdl],
      request: [
        { docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: { [ISO_23220_NAMESPACE]: ['age_over_20'] } },
        { docType: MDL_DOCTYPE, nameSpaces: { [MDL_NAMESPACE]: ['family_name'] } },
      ],
      sessionTranscript,
      faults: [{ id: 'tampered-value', docType: MDL_DOCTYPE }],
    });
    expect(await codeOf(() => verifyDeviceResponse(broken, { trust, sessionTranscript, now: NOW }))).toBe('ERR_VALUE_DIGEST');
  });

  it('EU PID verifies with selective disclosure', async () => {
    const { pki, trust } = await setup();
    const pid = await issueEuPid({ pki });
    const sessionTranscript = testTranscript();
    const bytes = await respond({ credentials: [pid], request: [{ docType: EU_PID_DOCTYPE, nameSpaces: { [EU_PID_NAMESPACE]: ['age_over_18'] } }], sessionTranscript });
    const result = await verifyDeviceResponse(bytes, { trust, sessionTranscript, now: NOW });
    expect(result.documents[0]!.issuerSigned).toEqual({ [EU_PID_NAMESPACE]: { age_over_18: true } });
  });
});

describe('every fault in the catalogue is rejected with its code', () => {
  const cases = FAULT_CATALOGUE.map((f) => [f.id, f.expectedCode] as [FaultId, string | null]);
  it.each(cases)('%s → %s', async (fault, expected) => {
    for (const deviceAuth of ['signature', 'mac'] as const) {
      const { card, trust } = await setup();
      const reader = readerKey();
      const sessionTranscript = testTranscript();
      const bytes = await respond({
        credentials: [card],
        request: [{ docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: KYC }],
        sessionTranscript,
        deviceAuth,
        readerEphemeralPublicKey: reader.publicKey,
        faults: [fault],
        now: NOW,
      });
      const options: VerifyDeviceResponseOptions = { trust, sessionTranscript, now: NOW, readerKey: reader.privateKey };
      if (expected === null) {
        const result = await verifyDeviceResponse(bytes, options);
        expect(result.documents).toHaveLength(1);
      } else {
        expect(await codeOf(() => verifyDeviceResponse(bytes, options))).toBe(expected);
      }
    }
  });
});
