/**
 * The black-box runner: the program under test is reached only over HTTP, as the OpenID4VP 1.0
 * verifier it is, and the suite plays the person's browser and wallet. Every criterion of the
 * catalogue is judged by its check in `checks/` from what can be observed from outside; what
 * cannot be observed comes out `not-observed` with the reason as evidence, and the run is then
 * not conformant (the program is not cleared of what nobody saw).
 *
 * @module
 */

import type { CriterionView } from '../catalogue.js';
import { criterionFor, loadCatalogue } from '../catalogue.js';
import type { CheckOutcome } from '../checks/check.js';
import { ConformanceError } from '../errors.js';
import { assembleReport, judgeAll, selectCriteria, undecided, type ConformanceReport, type RunConformanceOptions } from '../run.js';
import type { TargetDescription } from '../target.js';
import { createSuiteWorld, type SuiteWorld } from '../world.js';
import { HTTP_CHECKS } from './checks/index.js';
import { isSecureUrl } from './client.js';
import type { HttpTarget, HttpTargetServer, RunningHttpTarget } from './contract.js';
import { HttpWallet } from './wallet.js';

/** Options of {@link runHttpConformance}. */
export interface RunHttpConformanceOptions extends Omit<RunConformanceOptions, 'target'> {
  /** The program: reached at its URLs, or started by the suite for the run (given the test trust). */
  readonly target: HttpTarget | HttpTargetServer;
  /**
   * How long before `now` the holder's credentials were issued, in seconds, so that a program
   * whose clock runs a little behind still finds them valid. Default 600.
   */
  readonly issuedBeforeSeconds?: number;
}

function checkTarget(target: HttpTarget): void {
  if (target === null || typeof target !== 'object' || target.start === null || typeof target.start !== 'object' || typeof target.start.url !== 'string') {
    throw new ConformanceError('ERR_CONFORMANCE_TARGET', 'an HTTP target needs start.url');
  }
  const probe = target.start.url.replaceAll('{purpose}', 'purpose');
  if (!isSecureUrl(probe)) throw new ConformanceError('ERR_CONFORMANCE_TARGET', 'the start URL must be https (http only on loopback), without a fragment');
  if (target.start.method !== undefined && target.start.method !== 'POST' && target.start.method !== 'GET') throw new ConformanceError('ERR_CONFORMANCE_TARGET', 'start.method must be POST or GET');
  if (target.evidenceUrl !== undefined && !isSecureUrl(target.evidenceUrl)) throw new ConformanceError('ERR_CONFORMANCE_TARGET', 'the evidence URL must be https (http only on loopback)');
  if (target.resultWaitMs !== undefined && !(Number.isInteger(target.resultWaitMs) && target.resultWaitMs >= 0 && target.resultWaitMs <= 60_000)) {
    throw new ConformanceError('ERR_CONFORMANCE_TARGET', 'resultWaitMs must be an integer from 0 to 60000');
  }
}

async function runOne(criterion: CriterionView, target: HttpTarget, options: RunHttpConformanceOptions, world: SuiteWorld): Promise<CheckOutcome> {
  const check = HTTP_CHECKS.get(criterion.id);
  if (check === undefined) throw new ConformanceError('ERR_CONFORMANCE_CHECK_MISSING', `criterion ${criterion.id} has no HTTP check`);
  try {
    return await check.run(new HttpWallet(world, target, options.timeoutMs ?? 10_000));
  } catch (err) {
    return undecided(err);
  }
}

async function describe(target: HttpTarget, world: SuiteWorld, timeoutMs: number): Promise<TargetDescription> {
  if (target.description !== undefined) return target.description;
  const evidence = await new HttpWallet(world, target, timeoutMs).evidence();
  return evidence?.target ?? { name: new URL(target.start.url.replaceAll('{purpose}', 'purpose')).host, version: 'unknown' };
}

/**
 * Reviews a receiving program black-box over HTTP: the suite starts transactions by the start
 * contract, answers each request object as the wallet (good answers, the document faults of
 * `FAULT_CATALOGUE`, the online faults of `ONLINE_FAULT_CATALOGUE`, replays, answers for another
 * transaction, hostile bodies), inspects the signed request and its DCQL for over-collection, and
 * judges every criterion from the wallet-facing answers and the result URL.
 *
 * The program must trust the suite's test IACA: give the PKI it was configured with (`pki`, from
 * `loadSuitePki`), or let the suite start it (`target` as an {@link HttpTargetServer}).
 *
 * @example
 * ```ts
 * import { loadSuitePki, runHttpConformance, writeReports } from '@uketori/conformance';
 *
 * const report = await runHttpConformance({
 *   target: { start: { url: 'https://rp.example/uketori/transactions' }, evidenceUrl: 'https://rp.example/conformance/evidence' },
 *   purpose: 'aml_kyc_jp',
 *   pki: await loadSuitePki('./suite-pki'),
 * });
 * await writeReports(report, './conformance-report');
 * ```
 * @throws {ConformanceError} `ERR_CONFORMANCE_TARGET` for a target without a usable start URL or a
 *   server that does not start; `ERR_CONFORMANCE_PURPOSE`, `ERR_CONFORMANCE_CATALOGUE`,
 *   `ERR_CONFORMANCE_CHECK_MISSING` as {@link runConformance}.
 */
export async function runHttpConformance(options: RunHttpConformanceOptions): Promise<ConformanceReport> {
  const startedAt = new Date();
  const catalogue = loadCatalogue();
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000);
  const before = options.issuedBeforeSeconds ?? 600;
  if (!(Number.isInteger(before) && before >= 0 && before <= 86_400)) throw new ConformanceError('ERR_CONFORMANCE_TARGET', 'issuedBeforeSeconds must be an integer from 0 to 86400');
  const world = await createSuiteWorld({
    purpose: options.purpose,
    now,
    issuedAt: new Date(now.getTime() - before * 1000),
    ...(options.pki === undefined ? {} : { pki: options.pki }),
  });
  let running: RunningHttpTarget | undefined;
  let target: HttpTarget;
  if (typeof options.target === 'function') {
    try {
      running = await options.target(world.environment);
    } catch (cause) {
      throw new ConformanceError('ERR_CONFORMANCE_TARGET', 'the HTTP target server did not start', { cause });
    }
    target = running.target;
  } else target = options.target;
  try {
    checkTarget(target);
    const timeoutMs = options.timeoutMs ?? 10_000;
    const description = await describe(target, world, timeoutMs);
    const criteria = await judgeAll(selectCriteria(catalogue.criteria, options.only).map((c) => criterionFor(c, 'http')), (criterion) => runOne(criterion, target, options, world), options.onResult);
    return assembleReport({ catalogueVersion: catalogue.version, world, startedAt, target: { ...description, runner: 'http', location: options.location ?? target.start.url } }, criteria);
  } finally {
    await running?.close().catch(() => undefined);
  }
}
