/**
 * The error family of `@uketori/express`: store failures and HTTP-level refusals, each with a
 * stable `code` and the HTTP status it maps to in an `application/problem+json` answer (RFC 9457).
 * Messages name the field or the step, never a value a holder sent.
 *
 * @module
 */

import { UketoriError } from '@uketori/mdoc';

/** Stable codes of the TransactionStore. */
export type StoreErrorCode =
  /** The backing store (Redis) cannot be reached or did not answer in time. Retry later. */
  | 'ERR_STORE_UNAVAILABLE'
  /** The in-memory store holds its maximum number of live transactions and refuses to grow. */
  | 'ERR_STORE_FULL'
  /** A sealed value could not be opened: wrong or unknown encryption key, or tampered data. */
  | 'ERR_STORE_INTEGRITY'
  /** No transaction with this id (never created, or expired). */
  | 'ERR_TRANSACTION_NOT_FOUND'
  /** A transaction with this id already exists. */
  | 'ERR_TRANSACTION_EXISTS'
  /** A compare-and-set lost: the transaction changed since it was read. */
  | 'ERR_TRANSACTION_CONFLICT'
  /** The transaction was already completed; its nonce and keys are spent (replay or double submit). */
  | 'ERR_TRANSACTION_CONSUMED';

/** Stable codes of the HTTP layer (the router). */
export type HttpErrorCode =
  /** A request body is larger than the endpoint's limit. */
  | 'ERR_BODY_TOO_LARGE'
  /** A request body has a content type the endpoint does not accept. */
  | 'ERR_UNSUPPORTED_MEDIA_TYPE'
  /** A request is malformed: missing or invalid parameter. */
  | 'ERR_BAD_REQUEST'
  /** The purpose named in a create request is not configured. */
  | 'ERR_UNKNOWN_PURPOSE'
  /** The flow named in a create request is not configured. */
  | 'ERR_UNKNOWN_FLOW'
  /** The endpoint does not apply to this transaction's flow. */
  | 'ERR_WRONG_FLOW'
  /** The page origin is not one of the configured `allowedOrigins`. */
  | 'ERR_ORIGIN_NOT_ALLOWED'
  /** The result was asked for by a browser that did not create the transaction. */
  | 'ERR_BROWSER_BINDING'
  /** A same-device result was asked for without the right one-time `response_code`. */
  | 'ERR_RESPONSE_CODE'
  /** The wallet answered with an OpenID4VP error response (`error=…`). */
  | 'ERR_WALLET_ERROR'
  /** An unexpected failure inside the router; details are in the log's `cause`, never in the answer. */
  | 'ERR_INTERNAL';

/**
 * A failure of a {@link TransactionStore}.
 *
 * @example
 * ```ts
 * try {
 *   await store.consume(id, outcome);
 * } catch (err) {
 *   if (err instanceof StoreError && err.code === 'ERR_TRANSACTION_CONSUMED') {
 *     // a replayed or double-submitted response
 *   }
 * }
 * ```
 */
export class StoreError extends UketoriError {
  declare readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
  }
}

/**
 * A request the router refuses before (or instead of) running a flow.
 *
 * @example
 * ```ts
 * throw new HttpError('ERR_BODY_TOO_LARGE', 'request body exceeds 65536 bytes');
 * ```
 */
export class HttpError extends UketoriError {
  declare readonly code: HttpErrorCode;

  constructor(code: HttpErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
  }
}
