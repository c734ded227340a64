/**
 * What a check is: the code that evidences one criterion of the catalogue (same id), run against
 * one fresh target through the suite's wallet.
 *
 * @module
 */

import type { Evidence, Wallet } from '../drive.js';

/**
 * A criterion's verdict: `pass`, `fail`, `not-applicable` (the criterion does not apply to this
 * purpose), `not-observed` (it applies, but a black-box run could not see the behaviour: no result
 * URL, no evidence endpoint; the target is not cleared of it), or `error` (the suite could not
 * complete the check; the target is not cleared).
 */
export type Verdict = 'pass' | 'fail' | 'not-applicable' | 'not-observed' | 'error';

/** What a check found. */
export interface CheckOutcome {
  readonly verdict: Verdict;
  /** One sentence, names only. */
  readonly summary: string;
  readonly evidence: readonly Evidence[];
}

/** The check of one criterion. */
export interface CriterionCheck {
  /** The criterion id it evidences. */
  readonly id: string;
  run(wallet: Wallet): Promise<CheckOutcome>;
}

/**
 * `pass` when every piece of evidence passed, else `fail` naming the failed steps.
 *
 * @example
 * ```ts
 * return conclude(evidence, 'every broken signature was rejected');
 * ```
 */
export function conclude(evidence: readonly Evidence[], passed: string): CheckOutcome {
  const failed = evidence.filter((e) => !e.passed);
  if (failed.length === 0) return { verdict: 'pass', summary: passed, evidence };
  return { verdict: 'fail', summary: `failed: ${failed.map((e) => e.step).join(', ')}`, evidence };
}
