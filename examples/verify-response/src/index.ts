/**
 * Example: a business receives a My Number Card answer for 犯収法 KYC and verifies it.
 *
 * In production the trust anchors are `anchorSets.jpJlisMnc` with the J-LIS CRL; here the test
 * sender plays the phone, so its test IACA is the anchor.
 */
import { createTrustStore, embedCbor, encodeCbor, verifyDeviceResponse, type VerifiedDocument } from '@uketori/mdoc';
import { getPurpose, planRequest, toItemsRequest } from '@uketori/policy';
import { MY_NUMBER_CARD_DOCTYPE, createTestPki, issueMyNumberCard, respond } from '@uketori/test-sender';
import { randomBytes } from 'node:crypto';

/** The elements 犯収法施行規則 6条1項1号ル asks for: name, address, date of birth, photo. */
export const KYC_ELEMENTS = ['full_name_unicode', 'resident_address_unicode', 'birth_date_unicode', 'portrait'] as const;

/** Runs one verification against the test sender and returns the verified document. */
export async function verifyKycAnswer(now = new Date()): Promise<VerifiedDocument> {
  // The phone's side (test sender): a test PKI and a card.
  const pki = await createTestPki({ now });
  const card = await issueMyNumberCard({ pki });

  // The business's side: a session transcript for this exchange. In a real flow it comes from the
  // engagement (ISO 18013-5) or the OpenID4VP / DC API handover.
  const sessionTranscript = encodeCbor([null, null, ['example-handover', new Uint8Array(randomBytes(16))]]);
  // The request comes from the purpose: the policy gate cannot produce more than it allows.
  const plan = planRequest(getPurpose('aml_kyc_jp'), { now, docType: MY_NUMBER_CARD_DOCTYPE });
  const request = encodeCbor(new Map<string, unknown>([['version', '1.0'], ['docRequests', [new Map([['itemsRequest', embedCbor(toItemsRequest(plan))]])]]]));
  const answer = await respond({ credentials: [card], request, sessionTranscript });

  const trust = createTrustStore({ anchors: [pki.iaca.pem], crl: { crls: [pki.crl.der] } });
  const result = await verifyDeviceResponse(answer, { trust, sessionTranscript, now });
  const doc = result.documents[0];
  if (doc === undefined) throw new Error('the holder returned no document');
  return doc;
}
