/**
 * The error family of the online flows (ISO/IEC 18013-7, OpenID4VP 1.0, W3C DC API, Apple
 * in-app). Every failure is an {@link OnlineError} (a `ReaderError`, hence an `UketoriError`) with
 * a stable `code`; messages name the field or structure, never a value.
 *
 * Failures inside the DeviceResponse keep the codes of `@uketori/mdoc` and `@uketori/policy`: a
 * response whose device signature covers another SessionTranscript (a wrong origin, nonce,
 * client_id, response_uri or key thumbprint) is `ERR_DEVICE_AUTH`, as in person.
 *
 * @module
 */

import { ReaderError } from '../errors.js';

/** Stable codes of the online flows. */
export type OnlineErrorCode =
  /** Input from the holder's side is not base64url, JSON or CBOR where it must be. */
  | 'ERR_ONLINE_ENCODING'
  /** Input from the holder's side is larger than the configured limit. */
  | 'ERR_ONLINE_TOO_LARGE'
  /** Input decoded but is not the structure the flow defines (EncryptedResponse, JWE payload, envelope …). */
  | 'ERR_ONLINE_STRUCTURE'
  /** The stored transaction state is malformed, of another flow, or for another purpose. */
  | 'ERR_ONLINE_TRANSACTION'
  /** The transaction expired before the response arrived. */
  | 'ERR_ONLINE_EXPIRED'
  /** The origin the response came from is not the one the request was made for (compared byte for byte). */
  | 'ERR_ONLINE_ORIGIN'
  /** The OAuth `state` of the response is not the transaction's: a response for another transaction. */
  | 'ERR_ONLINE_STATE'
  /** A nonce visible outside the transcript (JWE `apv` in the 2024 Annex B profile, `wallet_nonce`) does not match. */
  | 'ERR_ONLINE_NONCE'
  /** HPKE or JWE decryption failed: wrong key, wrong HPKE info (transcript), tampered ciphertext or tag. */
  | 'ERR_ONLINE_DECRYPT'
  /** A JWE `alg`/`enc` or an HPKE mode outside the allow-list. */
  | 'ERR_ONLINE_ALGORITHM'
  /** The response was encrypted to another key than the transaction's (JWE `kid`, Apple `pkRHash`). */
  | 'ERR_ONLINE_KEY'
  /** The response was sent unencrypted where the request asked for an encrypted response mode. */
  | 'ERR_ONLINE_RESPONSE_MODE'
  /** `vp_token` lacks a required DCQL credential, names an unknown one, or holds the wrong number of presentations. */
  | 'ERR_ONLINE_VP_TOKEN'
  /** The rebuilt SessionTranscript does not hash to what the envelope claims (Apple `infoHash`). */
  | 'ERR_ONLINE_TRANSCRIPT'
  /** The wallet answered with an OAuth error response (e.g. `access_denied`). */
  | 'ERR_ONLINE_WALLET_ERROR'
  /** The `response_code` presented after a same-device redirect is not the transaction's. */
  | 'ERR_ONLINE_RESPONSE_CODE'
  /** The verifier's own configuration cannot make this request (certificate without the DNS name, …). */
  | 'ERR_ONLINE_CONFIG';

// ReaderError types `code` as ReaderErrorCode; the online codes are a separate family, so the base
// constructor is seen with a plain string code. At run time an OnlineError is a ReaderError.
const ReaderErrorBase = ReaderError as unknown as new (code: string, message: string, options?: { readonly cause?: unknown }) => Omit<ReaderError, 'code'> & { readonly code: string };

/**
 * An error of an online flow.
 *
 * @example
 * ```ts
 * try {
 *   await finishAnnexC(state, { response, origin, purpose, trust });
 * } catch (err) {
 *   if (err instanceof OnlineError && err.code === 'ERR_ONLINE_ORIGIN') {
 *     // the page that relayed the response is not the one the request was made for
 *   }
 * }
 * ```
 */
export class OnlineError extends ReaderErrorBase {
  declare readonly code: OnlineErrorCode;

  constructor(code: OnlineErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
  }
}
