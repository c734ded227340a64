/**
 * `uketori conformance --target <config-module|reference|broken:<id>> --purpose <id> --out <dir> [--json]`:
 * runs the review and writes the three reports. Exit status: 0 when every mandatory criterion
 * passed, 1 when one failed or could not be decided, 2 for a usage or setup error.
 *
 * @module
 */

import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConformanceError } from './errors.js';
import { BROKEN_RECEIVERS } from './reference/broken.js';
import { referenceReceiver } from './reference/receiver.js';
import { renderJson, writeReports } from './report/write.js';
import { runConformance, type CriterionResult } from './run.js';
import type { TargetFactory } from './target.js';

/** Where the command writes; defaults to the process. */
export interface ConformanceIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** The directory relative paths are resolved against. Default `process.cwd()`. */
  readonly cwd?: string;
}

/** Usage text of the command. */
export const CONFORMANCE_USAGE = `Usage: uketori conformance --target <module|reference|broken:<id>> --purpose <id> [--out <dir>] [--json]

Runs the certification review (番号法 18条の4 confirmation program criteria, ISO/IEC 18013-5)
against a receiving program and writes conformance-report.json, conformance-report.html and
conformance-junit.xml.

  --target <t>     a module whose default export is a TargetFactory (path relative to the
                   working directory), "reference" (uketori's reference receiver), or
                   "broken:<id>" (a deliberately broken receiver, to see a failing report)
  --purpose <id>   the purpose to review for, e.g. aml_kyc_jp, age_20_plus
  --out <dir>      where to write the reports (default: conformance-report)
  --json           also print the JSON report to standard output
  --now <iso>      the verification time (default: now)
  --timeout <ms>   how long one answer may take (default: 10000)
  --only <ids>     comma-separated criterion ids to run (default: all)

Exit status: 0 every mandatory criterion passed; 1 a mandatory criterion failed or could not be
decided; 2 usage or setup error.
`;

class UsageError extends Error {}

const MARK: Readonly<Record<CriterionResult['verdict'], string>> = { pass: 'PASS', fail: 'FAIL', 'not-applicable': 'N/A ', error: 'ERR ' };

async function loadTarget(spec: string, cwd: string): Promise<{ factory: TargetFactory; location: string }> {
  if (spec === 'reference') return { factory: referenceReceiver, location: 'reference' };
  if (spec.startsWith('broken:')) {
    const broken = BROKEN_RECEIVERS.find((b) => b.id === spec.slice('broken:'.length));
    if (broken === undefined) throw new UsageError(`unknown broken receiver; one of: ${BROKEN_RECEIVERS.map((b) => b.id).join(', ')}`);
    return { factory: broken.create, location: spec };
  }
  if (/^https?:\/\//i.test(spec)) {
    throw new UsageError('the black-box HTTP runner (OpenID4VP verifier targets) is not available in this version; give a config module');
  }
  const path = isAbsolute(spec) ? spec : resolve(cwd, spec);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (cause) {
    throw new ConformanceError('ERR_CONFORMANCE_TARGET', `cannot load the target module ${spec}`, { cause });
  }
  if (typeof mod.default !== 'function') throw new ConformanceError('ERR_CONFORMANCE_TARGET', `${spec} must default-export a TargetFactory function`);
  return { factory: mod.default as TargetFactory, location: spec };
}

/**
 * The `conformance` command: parses `argv` (the words after `conformance`), runs the suite,
 * writes the reports, prints a summary, and returns the exit status (0, 1 or 2).
 *
 * @example
 * ```ts
 * const status = await runConformanceCommand(['--target', 'reference', '--purpose', 'aml_kyc_jp', '--out', 'out']);
 * process.exitCode = status;
 * ```
 * @throws never: every failure becomes exit status 2 with a message on `stderr`.
 */
export async function runConformanceCommand(argv: readonly string[], io: ConformanceIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        target: { type: 'string' },
        purpose: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        now: { type: 'string' },
        timeout: { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) {
      io.stdout.write(CONFORMANCE_USAGE);
      return 0;
    }
    if (values.target === undefined) throw new UsageError('--target is required');
    if (values.purpose === undefined) throw new UsageError('--purpose is required');
    const now = values.now === undefined ? undefined : new Date(values.now);
    if (now !== undefined && Number.isNaN(now.getTime())) throw new UsageError('--now must be an ISO 8601 time');
    const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new UsageError('--timeout must be a positive number of milliseconds');
    const { factory, location } = await loadTarget(values.target, cwd);
    const log = values.json === true ? io.stderr : io.stdout;
    const report = await runConformance({
      target: factory,
      purpose: values.purpose,
      location,
      ...(now === undefined ? {} : { now }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(values.only === undefined ? {} : { only: values.only.split(',').map((s) => s.trim()) }),
      onResult: (r) => log.write(`${MARK[r.verdict]} ${r.id.padEnd(26)} ${r.severity === 'mandatory' ? '' : '(recommended) '}${r.summary}\n`),
    });
    const out = resolve(cwd, values.out ?? 'conformance-report');
    const paths = await writeReports(report, out);
    if (values.json === true) io.stdout.write(renderJson(report));
    const s = report.summary;
    log.write(`\n${s.pass} passed, ${s.fail} failed, ${s.notApplicable} not applicable, ${s.error} errors — ${s.conformant ? 'every mandatory criterion passed' : `mandatory criteria not met: ${s.mandatoryFailed.join(', ')}`}\nreports: ${paths.html}\n         ${paths.json}\n         ${paths.junit}\n`);
    return s.conformant ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (err as { code?: unknown }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      io.stderr.write(`uketori conformance: ${(err as Error).message}\n\n${CONFORMANCE_USAGE}`);
      return 2;
    }
    if (err instanceof ConformanceError) {
      io.stderr.write(`uketori conformance: ${err.code}: ${err.message}\n`);
      return 2;
    }
    io.stderr.write(`uketori conformance: ${err instanceof Error ? `${err.name}: ${err.message}` : 'unexpected error'}\n`);
    return 2;
  }
}
