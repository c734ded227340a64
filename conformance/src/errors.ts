/**
 * The suite's own errors. A finding about the target is never an error: it is a verdict in the
 * report. These are raised when the suite cannot run — a catalogue that does not validate, a
 * purpose the suite cannot serve, a target that cannot be loaded.
 *
 * @module
 */

import { UketoriError } from '@uketori/mdoc';

/** Codes of {@link ConformanceError}. */
export type ConformanceErrorCode =
  /** A criterion file is not valid JSON or does not match `criterion.schema.json`, or an id repeats. */
  | 'ERR_CONFORMANCE_CATALOGUE'
  /** A criterion has no check, or a check has no criterion. */
  | 'ERR_CONFORMANCE_CHECK_MISSING'
  /** The purpose is unknown, not permitted for this credential, or asks for no docType the suite can present. */
  | 'ERR_CONFORMANCE_PURPOSE'
  /** The target module or URL cannot be loaded, or does not implement the target interface. */
  | 'ERR_CONFORMANCE_TARGET'
  /** The suite PKI directory for black-box runs is missing, malformed or no longer current. */
  | 'ERR_CONFORMANCE_PKI';

/**
 * Why the conformance suite could not run.
 *
 * @example
 * ```ts
 * try {
 *   await runConformance({ target, purpose: 'secondhand_dealer_jp' });
 * } catch (err) {
 *   if (err instanceof ConformanceError) console.error(err.code); // ERR_CONFORMANCE_PURPOSE
 * }
 * ```
 */
export class ConformanceError extends UketoriError {
  declare readonly code: ConformanceErrorCode;

  constructor(code: ConformanceErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
  }
}
