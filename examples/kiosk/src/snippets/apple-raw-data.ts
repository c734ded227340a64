import type { TrustStore } from '@uketori/mdoc';
import { getPurpose, planRequest, type PolicyResult } from '@uketori/policy';
import { verifyAppleRawData } from '@uketori/reader';

/** What an iPhone reader app posts after a ProximityReader raw-data request (base64 each). */
export interface AppleRawDataPost {
  readonly responseData: string;
  readonly sessionTranscript: string;
  readonly ephemeralReaderKey?: string;
}

/** The server side: full ISO/IEC 18013-5 verification of what Tap to Present ID handed the app. */
export async function verifyFromIphoneApp(post: AppleRawDataPost, trust: TrustStore, seen: Set<string>): Promise<PolicyResult | undefined> {
  const purpose = getPurpose('age_20_plus');
  const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
  const { policy, transcriptDigest } = await verifyAppleRawData({
    responseData: bytes(post.responseData),
    sessionTranscript: bytes(post.sessionTranscript),
    ...(post.ephemeralReaderKey === undefined ? {} : { ephemeralReaderKey: bytes(post.ephemeralReaderKey) }),
    trust,
    // the plan must match the elements the app asked for in its ProximityReader request
    policy: { purpose, plan: planRequest(purpose) },
  });
  // the triple carries no nonce of the server's: refuse one posted before (a store with a TTL in production)
  if (seen.has(transcriptDigest)) throw new Error('this presentation was already received');
  seen.add(transcriptDigest);
  return policy;
}
