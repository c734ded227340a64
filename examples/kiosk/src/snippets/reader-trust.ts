import { createReaderTrustList, verifyDeviceRequest, type TrustedReader } from '@uketori/reader';

/**
 * The holder's side of reader authentication: is this request from a reader that chains to a root
 * we trust, with the Annex B.1.7 profile? (A wallet does this; so do tests of a reader setup.)
 */
export async function whoIsAsking(deviceRequest: Uint8Array, sessionTranscript: Uint8Array, readerRootsPem: string, now: Date): Promise<readonly TrustedReader[]> {
  const trust = createReaderTrustList({ roots: [readerRootsPem] });
  // ERR_READER_AUTH_MISSING, ERR_READER_AUTH, ERR_READER_TRUST or ERR_READER_CERT_PROFILE when not
  const { readerAuth } = await verifyDeviceRequest(deviceRequest, sessionTranscript, { trust, now });
  return readerAuth.map((r) => r.reader!);
}
