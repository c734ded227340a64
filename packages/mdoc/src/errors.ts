/**
 * The one error module of uketori.
 *
 * Every failed verification step throws an {@link UketoriError} whose `code` is derived from the
 * stable check id (`ERR_` + check id) and whose message names the element or structure, never
 * its value. Caller mistakes are {@link UketoriTypeError} / {@link UketoriRangeError} with
 * `ERR_INVALID_ARG_*` codes. Exceptions from third-party code are wrapped and kept as `cause`.
 *
 * @module
 */

import type { CheckId } from './checks.js';

/** Options shared by every uketori error constructor. */
export interface UketoriErrorOptions {
  /** The check that failed, when the error comes from a verification step. */
  readonly check?: CheckId;
  /** The underlying error, kept for debugging; never shown to a holder. */
  readonly cause?: unknown;
}

/**
 * Base class of every error uketori throws on purpose.
 *
 * @example
 * ```ts
 * import { UketoriError, verifyDeviceResponse } from '@uketori/mdoc';
 *
 * try {
 *   await verifyDeviceResponse(bytes, { trust, sessionTranscript });
 * } catch (err) {
 *   if (err instanceof UketoriError && err.code === 'ERR_VALUE_DIGEST') {
 *     // a disclosed element does not match the issuer's digest; err.check === 'VALUE_DIGEST'
 *   }
 * }
 * ```
 */
export class UketoriError extends Error {
  /** Stable machine-readable code, e.g. `ERR_ISSUER_SIGNATURE`. */
  readonly code: string;
  /** The failed check's id, when there is one. */
  readonly check: CheckId | undefined;

  constructor(code: string, message: string, options: UketoriErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.check = options.check;
  }

  /** Builds the error a failed check throws: its code is `ERR_` + the check id. */
  static fromCheck(check: CheckId, message: string, cause?: unknown): UketoriError {
    return new VerificationError(`ERR_${check}`, message, { check, cause });
  }
}

/**
 * Malformed, truncated, hostile or over-limit CBOR (`ERR_CBOR_*`). `verifyDeviceResponse` lets it
 * through with its own code, which says more than `ERR_DEVICE_RESPONSE_STRUCTURE` would.
 *
 * @example
 * ```ts
 * import { CborError, decodeCbor } from '@uketori/mdoc';
 *
 * try {
 *   decodeCbor(Uint8Array.of(0x82, 0x01)); // an array of two items that ends after one
 * } catch (err) {
 *   if (err instanceof CborError) err.code; // 'ERR_CBOR_TRUNCATED'
 * }
 * ```
 */
export class CborError extends UketoriError {}

/**
 * A structure that decoded as CBOR but is not the mdoc/COSE structure expected (`ERR_STRUCTURE`, …).
 * A malformed DeviceResponse inside {@link verifyDeviceResponse} is reported by its check instead,
 * as a {@link VerificationError} with code `ERR_DEVICE_RESPONSE_STRUCTURE`.
 *
 * @example
 * ```ts
 * import { StructureError, UketoriError } from '@uketori/mdoc';
 *
 * function isMalformed(err: unknown): boolean {
 *   return err instanceof StructureError || (err instanceof UketoriError && err.code === 'ERR_DEVICE_RESPONSE_STRUCTURE');
 * }
 * ```
 */
export class StructureError extends UketoriError {}

/**
 * A COSE object that cannot be processed: unsupported algorithm, bad key, bad header (`ERR_COSE_*`).
 *
 * @example
 * ```ts
 * import { CoseError, signatureAlgorithm } from '@uketori/mdoc';
 *
 * try {
 *   signatureAlgorithm(-257); // RS256: not an mdoc algorithm
 * } catch (err) {
 *   if (err instanceof CoseError) err.code; // 'ERR_COSE_UNSUPPORTED_ALG'
 * }
 * ```
 */
export class CoseError extends UketoriError {}

/**
 * A certificate, trust list or CRL problem found while loading trust material (`ERR_CERTIFICATE_PARSE`,
 * `ERR_ANCHOR_PIN`, `ERR_VICAL_*`, `ERR_CRL_PARSE`). A document signer that fails its chain during
 * verification is a {@link VerificationError} (`ERR_DS_CHAIN`, `ERR_DS_REVOCATION`).
 *
 * @example
 * ```ts
 * import { TrustError, createTrustStore } from '@uketori/mdoc';
 *
 * try {
 *   createTrustStore({ anchors: ['not a certificate'] });
 * } catch (err) {
 *   if (err instanceof TrustError) err.code; // 'ERR_CERTIFICATE_PARSE'
 * }
 * ```
 */
export class TrustError extends UketoriError {}

/**
 * A verification check that failed (`ERR_ISSUER_SIGNATURE`, `ERR_VALUE_DIGEST`, …): its `code` is
 * `ERR_` + `check`.
 *
 * @example
 * ```ts
 * import { VerificationError, verifyDeviceResponse } from '@uketori/mdoc';
 *
 * try {
 *   await verifyDeviceResponse(bytes, { trust, sessionTranscript });
 * } catch (err) {
 *   if (err instanceof VerificationError && err.code === 'ERR_DEVICE_AUTH') {
 *     // signed for another session: a replayed or forwarded response
 *   }
 * }
 * ```
 */
export class VerificationError extends UketoriError {}

/**
 * A caller passed an argument of the wrong type (`ERR_INVALID_ARG_TYPE`): a bug in the calling
 * code, not a problem with the holder's data.
 *
 * @example
 * ```ts
 * import { UketoriTypeError, verifyDeviceResponse } from '@uketori/mdoc';
 *
 * const { deviceResponse } = JSON.parse(body); // base64url text, not bytes: a caller mistake
 * try {
 *   await verifyDeviceResponse(deviceResponse, { trust, sessionTranscript });
 * } catch (err) {
 *   if (err instanceof UketoriTypeError) err.code; // 'ERR_INVALID_ARG_TYPE'
 * }
 * ```
 */
export class UketoriTypeError extends TypeError {
  readonly code: string;
  constructor(message: string, code = 'ERR_INVALID_ARG_TYPE', options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UketoriTypeError';
    this.code = code;
  }
}

/**
 * A caller passed an argument out of its allowed range (`ERR_INVALID_ARG_VALUE`).
 *
 * @example
 * ```ts
 * import { UketoriRangeError, createTrustStore } from '@uketori/mdoc';
 *
 * try {
 *   createTrustStore({ anchors: [iacaPem], cacheSize: -1 });
 * } catch (err) {
 *   if (err instanceof UketoriRangeError) err.code; // 'ERR_INVALID_ARG_VALUE'
 * }
 * ```
 */
export class UketoriRangeError extends RangeError {
  readonly code: string;
  constructor(message: string, code = 'ERR_INVALID_ARG_VALUE', options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UketoriRangeError';
    this.code = code;
  }
}

/**
 * True when `err` is any error uketori raised on purpose (including argument errors), so that it
 * has a stable `code`; anything else is unexpected.
 *
 * @example
 * ```ts
 * import { isUketoriError, verifyDeviceResponse } from '@uketori/mdoc';
 *
 * try {
 *   await verifyDeviceResponse(bytes, { trust, sessionTranscript });
 * } catch (err) {
 *   if (!isUketoriError(err)) throw err; // a bug, not a rejection
 *   console.warn('rejected', err.code); // names only, never a value: safe to log
 * }
 * ```
 */
export function isUketoriError(err: unknown): err is UketoriError | UketoriTypeError | UketoriRangeError {
  return err instanceof UketoriError || err instanceof UketoriTypeError || err instanceof UketoriRangeError;
}
