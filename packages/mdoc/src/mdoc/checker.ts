/**
 * Records check results, feeds the `onCheck` hook, and turns a failure into the thrown error.
 *
 * @module
 */

import { CHECKS, type CheckId, type CheckResult, type OnCheck } from '../checks.js';
import { UketoriError } from '../errors.js';

/** Collects the check report of one verification. */
export class Checker {
  readonly results: CheckResult[] = [];

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
    return err;
  }

  /**
   * Runs `step`; an error thrown inside is recorded against `id` (or against the check the error
   * names, when it names one) and rethrown. On success the check is recorded as passed.
   */
  async run<T>(id: CheckId, documentIndex: number | undefined, step: () => T | Promise<T>): Promise<T> {
    let value: T;
    try {
      value = await step();
    } catch (err) {
      throw this.failed(id, documentIndex, err);
    }
    this.pass(id, documentIndex);
    return value;
  }

  /** Records an error thrown by a step and returns it for rethrowing. */
  failed(id: CheckId, documentIndex: number | undefined, err: unknown): unknown {
    const check = err instanceof UketoriError && err.check !== undefined ? err.check : id;
    const code = err instanceof UketoriError ? err.code : `ERR_${check}`;
    const message = err instanceof Error ? err.message : 'check failed';
    this.#emit({ ...result(check, 'failed', documentIndex, message), code });
    return err instanceof UketoriError ? err : UketoriError.fromCheck(check, message, err);
  }
}

function result(id: CheckId, status: CheckResult['status'], documentIndex: number | undefined, detail: string | undefined): CheckResult {
  const r: { -readonly [K in keyof CheckResult]: CheckResult[K] } = { id, clause: CHECKS[id].clause, status };
  if (documentIndex !== undefined) r.documentIndex = documentIndex;
  if (detail !== undefined) r.detail = detail;
  return r;
}
