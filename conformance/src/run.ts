/**
 * The in-process runner: for every criterion, a fresh target from the factory, its check driven
 * through the suite's wallet, and the verdict with its evidence in the report.
 *
 * @module
 */

import { createRequire } from 'node:module';
import type { Purpose } from '@uketori/policy';
import type { TestPki } from '@uketori/test-sender';
import { criterionFor, loadCatalogue, type Criterion, type CriterionView } from './catalogue.js';
import type { CheckOutcome, Verdict } from './checks/check.js';
import { CHECKS } from './checks/index.js';
import { Wallet, type Evidence } from './drive.js';
import { ConformanceError } from './errors.js';
import type { HttpTarget } from './http/contract.js';
import { runHttpConformance } from './http/run.js';
import type { ConformanceTarget, TargetDescription, TargetFactory } from './target.js';
import { SUITE_VERSION } from './version.js';
import { createSuiteWorld, type SuiteWorld } from './world.js';

/** Options of {@link runConformance}. */
export interface RunConformanceOptions {
  /**
   * The receiving program under test: a factory creating it in process (called once per
   * criterion), or a program reached over HTTP (OpenID4VP 1.0, see {@link HttpTarget}).
   */
  readonly target: TargetFactory | HttpTarget;
  /** The purpose to review the program for: a preset id (e.g. `aml_kyc_jp`) or a checked purpose. */
  readonly purpose: string | Purpose;
  /** The verification time the test credentials are laid around. Default: now. */
  readonly now?: Date;
  /** How long one answer may take, in milliseconds. Default 10 000. */
  readonly timeoutMs?: number;
  /** Where the target came from (module path or URL), for the report. */
  readonly location?: string;
  /** Run only these criteria (ids). Default: all. */
  readonly only?: readonly string[];
  /** Sees each criterion's result as it is decided (progress output). */
  readonly onResult?: (result: CriterionResult) => void;
  /**
   * HTTP targets only: the test PKI the program was configured to trust (`loadSuitePki`). Without
   * it a fresh one is made, which only a program the suite starts itself can trust.
   */
  readonly pki?: TestPki;
}

/** One criterion's verdict in a report: the criterion as the run's runner reviews it (its steps and severity). */
export interface CriterionResult extends CriterionView {
  readonly verdict: Verdict;
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  readonly durationMs: number;
}

/** Counts of a report. */
export interface ReportSummary {
  readonly total: number;
  readonly pass: number;
  readonly fail: number;
  readonly notApplicable: number;
  readonly notObserved: number;
  readonly error: number;
  /** Mandatory criteria that failed or could not be decided. */
  readonly mandatoryFailed: readonly string[];
  /** Mandatory criteria whose behaviour the run could not see (black-box, without a result URL or evidence endpoint). */
  readonly mandatoryNotObserved: readonly string[];
  /** True when every mandatory criterion passed or did not apply: none failed, errored or went unobserved. */
  readonly conformant: boolean;
}

/** The machine-readable report. */
export interface ConformanceReport {
  readonly format: 'uketori-conformance-report/1';
  readonly suite: {
    readonly name: '@uketori/conformance';
    readonly version: string;
    readonly catalogueVersion: string;
    /** Versions of the uketori packages the suite ran with. */
    readonly components: Readonly<Record<string, string>>;
  };
  readonly target: TargetDescription & { readonly runner: 'in-process' | 'http'; readonly location?: string };
  readonly purpose: { readonly id: string; readonly name: { readonly ja: string; readonly en: string } };
  /** ISO 8601 times. */
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The verification time the run used. */
  readonly verificationTime: string;
  readonly summary: ReportSummary;
  readonly criteria: readonly CriterionResult[];
}

const require = createRequire(import.meta.url);


function componentVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['@uketori/mdoc', '@uketori/policy', '@uketori/reader', '@uketori/test-sender']) {
    try {
      out[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      out[name] = 'unknown';
    }
  }
  return out;
}

function safeText(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : 'unknown';
}

/** The outcome of a check that could not complete (the target failed to start a transaction, …): not cleared. */
export function undecided(err: unknown): CheckOutcome {
  const code = (err as { code?: unknown } | null)?.code;
  const reason = err instanceof ConformanceError ? `: ${err.message}` : '';
  return { verdict: 'error', summary: `the check could not complete: ${err instanceof Error ? err.name : 'error'}${typeof code === 'string' ? ` ${code}` : ''}${reason}`, evidence: [] };
}

async function runOne(criterion: CriterionView, factory: TargetFactory, options: RunConformanceOptions, world: SuiteWorld): Promise<CheckOutcome> {
  const check = CHECKS.get(criterion.id);
  if (check === undefined) throw new ConformanceError('ERR_CONFORMANCE_CHECK_MISSING', `criterion ${criterion.id} has no check`);
  let target: ConformanceTarget | undefined;
  try {
    target = await factory(world.environment);
    return await check.run(new Wallet(world, target, options.timeoutMs ?? 10_000));
  } catch (err) {
    return undecided(err);
  } finally {
    await target?.close?.().catch(() => undefined);
  }
}

/** Everything a report is made of besides the verdicts. */
export interface ReportFrame {
  readonly catalogueVersion: string;
  readonly world: SuiteWorld;
  readonly target: ConformanceReport['target'];
  readonly startedAt: Date;
}

/** Runs the selected criteria in order, each through `judge`, reporting each result as it comes. */
export async function judgeAll(criteria: readonly CriterionView[], judge: (criterion: CriterionView) => Promise<CheckOutcome>, onResult?: (result: CriterionResult) => void): Promise<CriterionResult[]> {
  const results: CriterionResult[] = [];
  for (const criterion of criteria) {
    const t0 = performance.now();
    const outcome = await judge(criterion);
    const result: CriterionResult = { ...criterion, verdict: outcome.verdict, summary: outcome.summary, evidence: outcome.evidence, durationMs: Math.round(performance.now() - t0) };
    results.push(result);
    onResult?.(result);
  }
  return results;
}

/** The report of a run: counts, the mandatory criteria not met, versions and times. */
export function assembleReport(frame: ReportFrame, criteria: readonly CriterionResult[]): ConformanceReport {
  const count = (v: Verdict) => criteria.filter((c) => c.verdict === v).length;
  const mandatory = criteria.filter((c) => c.severity === 'mandatory');
  const mandatoryFailed = mandatory.filter((c) => c.verdict === 'fail' || c.verdict === 'error').map((c) => c.id);
  const mandatoryNotObserved = mandatory.filter((c) => c.verdict === 'not-observed').map((c) => c.id);
  return {
    format: 'uketori-conformance-report/1',
    suite: { name: '@uketori/conformance', version: SUITE_VERSION, catalogueVersion: frame.catalogueVersion, components: componentVersions() },
    target: frame.target,
    purpose: { id: frame.world.purpose.id, name: { ja: frame.world.purpose.name.ja, en: frame.world.purpose.name.en } },
    startedAt: frame.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    verificationTime: frame.world.now.toISOString(),
    summary: { total: criteria.length, pass: count('pass'), fail: count('fail'), notApplicable: count('not-applicable'), notObserved: count('not-observed'), error: count('error'), mandatoryFailed, mandatoryNotObserved, conformant: mandatoryFailed.length === 0 && mandatoryNotObserved.length === 0 },
    criteria,
  };
}

/** The criteria of the catalogue a run selected. */
export function selectCriteria(criteria: readonly Criterion[], only: readonly string[] | undefined): readonly Criterion[] {
  return only === undefined ? criteria : criteria.filter((c) => only.includes(c.id));
}

/**
 * Runs the review of one receiving program for one purpose and returns the report. Findings are
 * verdicts, not exceptions: a target that crashes fails criteria, it does not stop the run.
 *
 * @example
 * ```ts
 * import { runConformance, referenceReceiver, writeReports } from '@uketori/conformance';
 *
 * const report = await runConformance({ target: referenceReceiver, purpose: 'aml_kyc_jp' });
 * await writeReports(report, './conformance-report');
 * process.exitCode = report.summary.conformant ? 0 : 1;
 * ```
 * An {@link HttpTarget} is reviewed black-box over HTTP (see `runHttpConformance`).
 *
 * @throws {ConformanceError} `ERR_CONFORMANCE_PURPOSE` for a purpose the suite cannot review,
 *   `ERR_CONFORMANCE_CATALOGUE` for a broken catalogue, `ERR_CONFORMANCE_CHECK_MISSING` when a
 *   criterion has no check, `ERR_CONFORMANCE_TARGET` when `target` is neither a factory nor an HTTP target.
 */
export async function runConformance(options: RunConformanceOptions): Promise<ConformanceReport> {
  const target: unknown = options?.target;
  if (target !== null && typeof target === 'object' && typeof (target as { start?: unknown }).start === 'object') return runHttpConformance({ ...options, target: target as HttpTarget });
  if (typeof target !== 'function') throw new ConformanceError('ERR_CONFORMANCE_TARGET', '"target" must be a factory function (environment) => ConformanceTarget, or an HTTP target { start: { url } }');
  const factory = target as TargetFactory;
  const startedAt = new Date();
  const catalogue = loadCatalogue();
  const world = await createSuiteWorld({ purpose: options.purpose, ...(options.now === undefined ? {} : { now: options.now }) });
  const description = await describeTarget(factory, world.environment);
  const criteria = await judgeAll(selectCriteria(catalogue.criteria, options.only).map((c) => criterionFor(c, 'in-process')), (criterion) => runOne(criterion, factory, options, world), options.onResult);
  return assembleReport(
    { catalogueVersion: catalogue.version, world, startedAt, target: { ...description, runner: 'in-process', ...(options.location === undefined ? {} : { location: options.location }) } },
    criteria,
  );
}

async function describeTarget(factory: TargetFactory, environment: Parameters<TargetFactory>[0]): Promise<TargetDescription> {
  let target: ConformanceTarget | undefined;
  try {
    target = await factory(environment);
    const d = target.describe();
    return { name: safeText(d?.name, 200), version: safeText(d?.version, 100), ...(typeof d?.vendor === 'string' ? { vendor: d.vendor.slice(0, 200) } : {}) };
  } catch (cause) {
    throw new ConformanceError('ERR_CONFORMANCE_TARGET', 'the target factory failed or its describe() threw', { cause });
  } finally {
    await target?.close?.().catch(() => undefined);
  }
}
