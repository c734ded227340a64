/**
 * The reader error family. Every failure while talking to a holder is a {@link ReaderError} (an
 * `UketoriError`) with a stable `code`; messages name the structure or field, never a value.
 *
 * @module
 */

import { UketoriError } from '@uketori/mdoc';

/** Stable codes of the reader layer. */
export type ReaderErrorCode =
  /** DeviceEngagement (or its `mdoc:` URI) is malformed (ISO/IEC 18013-5 §8.2.1.1). */
  | 'ERR_ENGAGEMENT_STRUCTURE'
  /** EDeviceKey in the engagement is missing, malformed or on a curve uketori cannot agree on. */
  | 'ERR_ENGAGEMENT_KEY'
  /** The engagement names a cipher suite other than 1 (§9.1.5.2). */
  | 'ERR_ENGAGEMENT_CIPHER_SUITE'
  /** SessionEstablishment or SessionData is malformed (§9.1.1.4). */
  | 'ERR_SESSION_STRUCTURE'
  /** AES-256-GCM authentication failed: wrong key, tampered data (§9.1.1.5). */
  | 'ERR_SESSION_DECRYPT'
  /** A message was received before (replayed) or encrypted under a skipped counter. */
  | 'ERR_SESSION_COUNTER'
  /** The peer sent status 10 (session encryption) or 11 (CBOR decoding) (§9.1.1.4, table 20). */
  | 'ERR_SESSION_STATUS'
  /** The session is terminated (status 20 or local termination); no more messages. */
  | 'ERR_SESSION_TERMINATED'
  /** A message arrived that the session state does not allow (e.g. a second response). */
  | 'ERR_SESSION_STATE'
  /** readerAuth is malformed (§9.1.4). */
  | 'ERR_READER_AUTH_STRUCTURE'
  /** readerAuth does not verify over ReaderAuthenticationBytes (§9.1.4). */
  | 'ERR_READER_AUTH'
  /** A DocRequest carries no reader authentication where it is required (§9.1.4). */
  | 'ERR_READER_AUTH_MISSING'
  /** The reader certificate does not chain to a trusted reader root at the verification time (Annex B.1.7). */
  | 'ERR_READER_TRUST'
  /** The reader certificate lacks the Annex B.1.7 profile (EKU 1.0.18013.5.1.6, digitalSignature, not a CA). */
  | 'ERR_READER_CERT_PROFILE'
  /** DeviceRequest is malformed (§8.3.2.1.2.1). */
  | 'ERR_DEVICE_REQUEST_STRUCTURE'
  /** The transport failed to deliver or receive a message. */
  | 'ERR_TRANSPORT'
  /** A raw-data triple from Apple's ID Verifier is not in the documented form. */
  | 'ERR_APPLE_RAW_DATA';

/**
 * An error of the reader layer.
 *
 * @example
 * ```ts
 * try {
 *   await session.receive(message);
 * } catch (err) {
 *   if (err instanceof ReaderError && err.code === 'ERR_SESSION_COUNTER') {
 *     // a replayed message, or one under a skipped counter; the session has ended
 *   }
 * }
 * ```
 */
export class ReaderError extends UketoriError {
  declare readonly code: ReaderErrorCode;

  constructor(code: ReaderErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
  }
}
