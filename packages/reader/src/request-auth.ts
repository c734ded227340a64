/**
 * The holder's check of a DeviceRequest (ISO/IEC 18013-5 §9.1.4): every readerAuth and
 * readerAuthAll verified over the session transcript, and the reader certificate against the
 * holder's reader trust list.
 *
 * @module
 */

import { ReaderError } from './errors.js';
import { readerAuthenticationAllBytes, readerAuthenticationBytes, skipReaderTrust, verifyReaderAuth, type VerifiedReaderAuth, type VerifyReaderAuthOptions } from './reader-auth.js';
import { parseDeviceRequest, type ParsedDeviceRequest } from './request.js';

/** Options of {@link verifyDeviceRequest}. */
export interface VerifyDeviceRequestOptions extends VerifyReaderAuthOptions {
  /**
   * Refuse a request in which a DocRequest is covered by neither its readerAuth nor a
   * readerAuthAll. Default: `true` with a trust list, `false` with `skipReaderTrust`.
   */
  readonly requireReaderAuth?: boolean;
}

/** A DeviceRequest whose reader authentication verified. */
export interface VerifiedDeviceRequest {
  readonly request: ParsedDeviceRequest;
  /** Every readerAuthAll, then every DocRequest's readerAuth, in request order. */
  readonly readerAuth: readonly VerifiedReaderAuth[];
}

/**
 * Parses a DeviceRequest and verifies its reader authentication against the session transcript:
 * each readerAuthAll over ReaderAuthenticationAllBytes (every ItemsRequestBytes and the
 * DeviceRequestInfoBytes as received), each readerAuth over its ReaderAuthenticationBytes, and
 * each signer's certificate chain against `trust`.
 *
 * @example
 * ```ts
 * const { request, readerAuth } = await verifyDeviceRequest(deviceRequestBytes, sessionTranscript, { trust: readerTrust, now });
 * readerAuth[0].reader?.subject; // 'CN=…'
 * ```
 * @throws {ReaderError} `ERR_DEVICE_REQUEST_STRUCTURE`; `ERR_READER_AUTH_MISSING` for an unsigned
 *   DocRequest when reader authentication is required; and every code of {@link verifyReaderAuth}.
 */
export async function verifyDeviceRequest(deviceRequest: Uint8Array, sessionTranscript: Uint8Array, options: VerifyDeviceRequestOptions): Promise<VerifiedDeviceRequest> {
  const request = parseDeviceRequest(deviceRequest);
  const require = options.requireReaderAuth ?? options.trust !== skipReaderTrust;
  const verified: VerifiedReaderAuth[] = [];
  const all = request.readerAuthAll ?? [];
  if (all.length > 0) {
    const payload = readerAuthenticationAllBytes(
      sessionTranscript,
      request.docRequests.map((d) => d.itemsRequest.bytesWithTag()),
      request.deviceRequestInfo?.bytesWithTag() ?? null,
    );
    for (const signature of all) verified.push(await verifyReaderAuth(signature, payload, options));
  }
  for (const [i, doc] of request.docRequests.entries()) {
    if (doc.readerAuth === undefined) {
      if (require && all.length === 0) throw new ReaderError('ERR_READER_AUTH_MISSING', `DeviceRequest: docRequests[${i}] carries no reader authentication`);
      continue;
    }
    verified.push(await verifyReaderAuth(doc.readerAuth, readerAuthenticationBytes(sessionTranscript, doc.itemsRequest.bytesWithTag()), options));
  }
  return { request, readerAuth: verified };
}
