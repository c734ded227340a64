/**
 * Records check results, feeds the `onCheck` hook, and turns a failure into the thrown error.
 *
 * @module
 */

import { CHECKS, type CheckId, type CheckResult, type OnCheck } from '../checks.js';
import { CborError, UketoriError } from '../errors.js';

/** Collects the check report of one verification. */
export class Checker {
  readonly results: CheckResult[] = [];
  readonly #recorded = new WeakSet<object>();

  constructor(private readonly onCheck: OnCheck | undefined) {}

  #emit(result: CheckResult): void {
    this.results.push(result);
    this.onCheck?.(result);
  }

  /** Records a passed check. */
  pass(id: CheckId, documentIndex?: number, detail?: string): void {
    this.#emit(result(id, 'passed', documentIndex, detail));
  }

  /** Records a skipped (not applicable) check. */
  skip(id: CheckId, documentIndex: number | undefined, detail: string): void {
    this.#emit(result(id, 'skipped', documentIndex, detail));
  }

  /** Records a failed check and returns the error to throw. */
  fail(id: CheckId, documentIndex: number | undefined, message: string, cause?: unknown): UketoriError {
    const err = UketoriError.fromCheck(id, message, cause);
    this.#emit({ ...result(id, 'failed', documentIndex, message), code: err.code });
    this.#recorded.add(err);
    return err;
  }

  /** True when `err` was already recorded as a failed check. */
  recorded(err: unknown): boolean {
    return typeof err === 'object' && err !== null && this.#recorded.has(err);
  }

  /**
   * Records an error thrown by a step and returns the error to rethrow. A verification error that
   * names its check, and a CBOR error (its `ERR_CBOR_*` code says more than a check id), keep
   * their code; anything else (a COSE or key problem, an unexpected exception) becomes the
   * failure of check `id`, with the original as `cause`.
   */
  failed(id: CheckId, documentIndex: number | undefined, err: unknown): UketoriError {
    let error: UketoriError;
    if (err instanceof UketoriError && (err.check !== undefined || err instanceof CborError)) {
      error = err;
    } else {
      const detail = err instanceof UketoriError ? err.message : 'check failed';
      error = UketoriError.fromCheck(id, detail, err);
    }
    const check = error.check ?? id;
    this.#emit({ ...result(check, 'failed', documentIndex, error.message), code: error.code });
    this.#recorded.add(error);
    return error;
  }
}

function result(id: CheckId, status: CheckResult['status'], documentIndex: number | undefined, detail: string | undefined): CheckResult {
  const r: { -readonly [K in keyof CheckResult]: CheckResult[K] } = { id, clause: CHECKS[id].clause, status };
  if (documentIndex !== undefined) r.documentIndex = documentIndex;
  if (detail !== undefined) r.detail = detail;
  return r;
}
