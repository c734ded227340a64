import type { TrustStore } from '@uketori/mdoc';
import { getPurpose, type PolicyResult } from '@uketori/policy';
import { parseDeviceEngagementUri, ReaderSession, type ReaderAuthKey, type Transport } from '@uketori/reader';

/** One in-person My Number Card check, from the QR code to the policy-checked result. */
export async function verifyInPerson(qrText: string, transport: Transport, trust: TrustStore, readerAuth: ReaderAuthKey): Promise<PolicyResult> {
  const session = ReaderSession.create({
    engagement: parseDeviceEngagementUri(qrText), // keeps the received bytes for the SessionTranscript
    purpose: getPurpose('aml_kyc_jp'), // what may be asked, and what must come back
    trust, // the IACAs the document must chain to
    readerAuth, // signs the request with the business's reader certificate
  });
  // SessionEstablishment → encrypted DeviceRequest → DeviceResponse (DeviceMac with the session key)
  // → verifyDeviceResponse → the purpose's response gate → termination (status 20).
  const { policy } = await session.run(transport);
  return policy; // policy.outcome, policy.documents (portrait and individual number boxed), policy.audit
}
