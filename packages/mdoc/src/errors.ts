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
 * try {
 *   await verifyDeviceResponse(bytes, options);
 * } catch (err) {
 *   if (err instanceof UketoriError && err.code === 'ERR_VALUE_DIGEST') {
 *     // a disclosed element does not match the issuer's digest
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

/** Malformed, truncated, hostile or over-limit CBOR (`ERR_CBOR_*`). */
export class CborError extends UketoriError {}

/** A structure that decoded as CBOR but is not the mdoc/COSE structure expected (`ERR_STRUCTURE`, …). */
export class StructureError extends UketoriError {}

/** A COSE object that cannot be processed: unsupported algorithm, bad key, bad header (`ERR_COSE_*`). */
export class CoseError extends UketoriError {}

/** A certificate, trust list or CRL problem (`ERR_DS_CHAIN`, `ERR_VICAL_*`, `ERR_CRL_*`, …). */
export class TrustError extends UketoriError {}

/** A verification check that failed (`ERR_ISSUER_SIGNATURE`, `ERR_VALUE_DIGEST`, …). */
export class VerificationError extends UketoriError {}

/** A caller passed an argument of the wrong type (`ERR_INVALID_ARG_TYPE`). */
export class UketoriTypeError extends TypeError {
  readonly code: string;
  constructor(message: string, code = 'ERR_INVALID_ARG_TYPE', options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UketoriTypeError';
    this.code = code;
  }
}

/** A caller passed an argument out of its allowed range (`ERR_INVALID_ARG_VALUE`). */
export class UketoriRangeError extends RangeError {
  readonly code: string;
  constructor(message: string, code = 'ERR_INVALID_ARG_VALUE', options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UketoriRangeError';
    this.code = code;
  }
}

/** True when `err` is any error uketori raised on purpose (including argument errors). */
export function isUketoriError(err: unknown): err is UketoriError | UketoriTypeError | UketoriRangeError {
  return err instanceof UketoriError || err instanceof UketoriTypeError || err instanceof UketoriRangeError;
}
