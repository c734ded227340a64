/**
 * `uketori conformance --target <url|config-module|reference|broken:<id>|http-reference|http-broken:<id>> --purpose <id> --out <dir> [--json]`:
 * runs the review — in process, or black-box over HTTP against an OpenID4VP 1.0 verifier — and
 * writes the three reports. Exit status: 0 when every mandatory criterion passed, 1 when one
 * failed or could not be decided, 2 for a usage or setup error, 3 when none failed but one could
 * not be observed over HTTP.
 *
 * @module
 */

import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConformanceError } from './errors.js';
import type { HttpTarget, HttpTargetServer } from './http/contract.js';
import { initSuitePki, loadSuitePki, SUITE_PKI_FILES } from './http/pki.js';
import { runHttpConformance } from './http/run.js';
import { BROKEN_RECEIVERS } from './reference/broken.js';
import { HTTP_BROKEN_RECEIVERS } from './reference/http-broken.js';
import { httpReferenceReceiver } from './reference/http.js';
import { referenceReceiver } from './reference/receiver.js';
import { renderJson, writeReports } from './report/write.js';
import { runConformance, type ConformanceReport, type CriterionResult, type RunConformanceOptions } from './run.js';
import type { TargetFactory } from './target.js';

/** Where the command writes; defaults to the process. */
export interface ConformanceIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** The directory relative paths are resolved against. Default `process.cwd()`. */
  readonly cwd?: string;
}

/** Usage text of the command. */
export const CONFORMANCE_USAGE = `Usage: uketori conformance --target <target> --purpose <id> [--out <dir>] [options]
       uketori conformance --init-pki <dir>

Runs the certification review (番号法 18条の4 confirmation program criteria, ISO/IEC 18013-5/7,
OpenID4VP 1.0) against a receiving program and writes conformance-report.json,
conformance-report.html and conformance-junit.xml.

  --target <t>     one of:
                     <url>               black-box over HTTP: the program's start URL (https, or
                                         http on loopback), an OpenID4VP 1.0 verifier (needs --pki)
                     <module>            a module whose default export is a TargetFactory (path
                                         relative to the working directory), run in process
                     reference           uketori's reference receiver, in process
                     broken:<id>         a deliberately broken receiver, in process
                     http-reference      uketori's HTTP reference receiver (@uketori/express),
                                         started on loopback and reviewed over HTTP
                     http-broken:<id>    a deliberately broken HTTP receiver, over HTTP
  --purpose <id>   the purpose to review for, e.g. aml_kyc_jp, age_20_plus
  --out <dir>      where to write the reports (default: conformance-report)
  --json           also print the JSON report to standard output
  --now <iso>      the verification time (default: now; not for <url> targets, which use their clock)
  --timeout <ms>   how long one answer may take (default: 10000)
  --only <ids>     comma-separated criterion ids to run (default: all)

Black-box (<url>) options — the start contract is in docs/conformance.md:
  --init-pki <dir>      create the suite's test PKI in <dir> and exit; configure the program to
                        trust <dir>/iaca.pem with the CRL <dir>/iaca.crl, and nothing else
  --pki <dir>           the suite PKI the program trusts (required for <url> targets)
  --start-method <m>    POST (default) or GET
  --start-body <json>   the JSON body of the start POST; "{purpose}" is replaced by the purpose id
                        (default: {"purpose":"{purpose}","flow":"oid4vp"})
  --start-header <h>    "Name: value" sent with the start request (repeatable)
  --evidence-url <url>  the program's evidence endpoint (purpose text, logs), if it has one
  --result-wait <ms>    how long the result URL may take to decide (default: 3000)

Exit status: 0 every mandatory criterion passed; 1 a mandatory criterion failed or could not be
decided; 2 usage or setup error; 3 nothing failed, but a mandatory criterion could not be observed
from outside (no result URL, no evidence endpoint): the program is not cleared of it.
`;

class UsageError extends Error {}

const MARK: Readonly<Record<CriterionResult['verdict'], string>> = { pass: 'PASS', fail: 'FAIL', 'not-applicable': 'N/A ', 'not-observed': 'N/O ', error: 'ERR ' };

/** How the run goes: in process with a factory, or over HTTP. */
type Plan =
  | { readonly runner: 'in-process'; readonly factory: TargetFactory; readonly location: string }
  | { readonly runner: 'http'; readonly target: HttpTarget | HttpTargetServer; readonly location: string; readonly external: boolean };

interface HttpFlags {
  readonly startMethod: string | undefined;
  readonly startBody: string | undefined;
  readonly startHeader: readonly string[] | undefined;
  readonly evidenceUrl: string | undefined;
  readonly resultWait: string | undefined;
}

function httpTarget(url: string, flags: HttpFlags): HttpTarget {
  const method = (flags.startMethod ?? 'POST').toUpperCase();
  if (method !== 'POST' && method !== 'GET') throw new UsageError('--start-method must be POST or GET');
  let body: Record<string, unknown> | undefined;
  if (flags.startBody !== undefined) {
    try {
      body = JSON.parse(flags.startBody) as Record<string, unknown>;
    } catch {
      throw new UsageError('--start-body must be a JSON object');
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new UsageError('--start-body must be a JSON object');
  }
  const headers: Record<string, string> = {};
  for (const h of flags.startHeader ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new UsageError('--start-header must be "Name: value"');
    headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  }
  const resultWaitMs = flags.resultWait === undefined ? undefined : Number(flags.resultWait);
  if (resultWaitMs !== undefined && !(Number.isInteger(resultWaitMs) && resultWaitMs >= 0 && resultWaitMs <= 60_000)) throw new UsageError('--result-wait must be 0 to 60000 milliseconds');
  return {
    start: { url, method, ...(body === undefined ? {} : { body }), ...(Object.keys(headers).length === 0 ? {} : { headers }) },
    ...(flags.evidenceUrl === undefined ? {} : { evidenceUrl: flags.evidenceUrl }),
    ...(resultWaitMs === undefined ? {} : { resultWaitMs }),
  };
}

async function plan(spec: string, cwd: string, flags: HttpFlags): Promise<Plan> {
  if (spec === 'reference') return { runner: 'in-process', factory: referenceReceiver, location: 'reference' };
  if (spec.startsWith('broken:')) {
    const broken = BROKEN_RECEIVERS.find((b) => b.id === spec.slice('broken:'.length));
    if (broken === undefined) throw new UsageError(`unknown broken receiver; one of: ${BROKEN_RECEIVERS.map((b) => b.id).join(', ')}`);
    return { runner: 'in-process', factory: broken.create, location: spec };
  }
  if (spec === 'http-reference') return { runner: 'http', target: httpReferenceReceiver, location: spec, external: false };
  if (spec.startsWith('http-broken:')) {
    const broken = HTTP_BROKEN_RECEIVERS.find((b) => b.id === spec.slice('http-broken:'.length));
    if (broken === undefined) throw new UsageError(`unknown broken HTTP receiver; one of: ${HTTP_BROKEN_RECEIVERS.map((b) => b.id).join(', ')}`);
    return { runner: 'http', target: broken.start, location: spec, external: false };
  }
  if (/^https?:\/\//i.test(spec)) return { runner: 'http', target: httpTarget(spec, flags), location: spec, external: true };
  const path = isAbsolute(spec) ? spec : resolve(cwd, spec);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (cause) {
    throw new ConformanceError('ERR_CONFORMANCE_TARGET', `cannot load the target module ${spec}`, { cause });
  }
  if (typeof mod.default !== 'function') throw new ConformanceError('ERR_CONFORMANCE_TARGET', `${spec} must default-export a TargetFactory function`);
  return { runner: 'in-process', factory: mod.default as TargetFactory, location: spec };
}

/**
 * The `conformance` command: parses `argv` (the words after `conformance`), runs the suite,
 * writes the reports, prints a summary, and returns the exit status (0, 1, 2 or 3).
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
        pki: { type: 'string' },
        'init-pki': { type: 'string' },
        'start-method': { type: 'string' },
        'start-body': { type: 'string' },
        'start-header': { type: 'string', multiple: true },
        'evidence-url': { type: 'string' },
        'result-wait': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) {
      io.stdout.write(CONFORMANCE_USAGE);
      return 0;
    }
    if (values['init-pki'] !== undefined) {
      const dir = resolve(cwd, values['init-pki']);
      await initSuitePki(dir);
      io.stdout.write(`suite test PKI written to ${dir} (TEST DATA, never for production)\nconfigure the program under test to trust only:\n  IACA ${resolve(dir, SUITE_PKI_FILES.iaca)}\n  CRL  ${resolve(dir, SUITE_PKI_FILES.crl)}\nthen run: uketori conformance --target <start-url> --pki ${dir} --purpose <id>\n`);
      return 0;
    }
    if (values.target === undefined) throw new UsageError('--target is required');
    if (values.purpose === undefined) throw new UsageError('--purpose is required');
    const now = values.now === undefined ? undefined : new Date(values.now);
    if (now !== undefined && Number.isNaN(now.getTime())) throw new UsageError('--now must be an ISO 8601 time');
    const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new UsageError('--timeout must be a positive number of milliseconds');
    const how = await plan(values.target, cwd, {
      startMethod: values['start-method'],
      startBody: values['start-body'],
      startHeader: values['start-header'],
      evidenceUrl: values['evidence-url'],
      resultWait: values['result-wait'],
    });
    if (how.runner === 'http' && how.external && now !== undefined) throw new UsageError('--now does not apply to a program reached by URL: it verifies at its own clock');
    if (how.runner === 'http' && how.external && values.pki === undefined) {
      throw new UsageError('a program reached by URL must trust the suite\'s test IACA: create it with --init-pki <dir>, configure the program with <dir>/iaca.pem and <dir>/iaca.crl, then pass --pki <dir>');
    }
    const log = values.json === true ? io.stderr : io.stdout;
    const common: Omit<RunConformanceOptions, 'target'> = {
      purpose: values.purpose,
      location: how.location,
      ...(now === undefined ? {} : { now }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(values.only === undefined ? {} : { only: values.only.split(',').map((s) => s.trim()) }),
      onResult: (r) => log.write(`${MARK[r.verdict]} ${r.id.padEnd(26)} ${r.severity === 'mandatory' ? '' : '(recommended) '}${r.summary}\n`),
    };
    let report: ConformanceReport;
    if (how.runner === 'in-process') report = await runConformance({ ...common, target: how.factory });
    else {
      const pki = values.pki === undefined ? undefined : await loadSuitePki(resolve(cwd, values.pki));
      report = await runHttpConformance({ ...common, target: how.target, ...(pki === undefined ? {} : { pki }) });
    }
    const out = resolve(cwd, values.out ?? 'conformance-report');
    const paths = await writeReports(report, out);
    if (values.json === true) io.stdout.write(renderJson(report));
    const s = report.summary;
    const verdict = s.conformant
      ? 'every mandatory criterion passed'
      : [
          s.mandatoryFailed.length === 0 ? '' : `mandatory criteria not met: ${s.mandatoryFailed.join(', ')}`,
          s.mandatoryNotObserved.length === 0 ? '' : `mandatory criteria not observed (offer a result URL and --evidence-url): ${s.mandatoryNotObserved.join(', ')}`,
        ].filter(Boolean).join('; ');
    log.write(`\n${s.pass} passed, ${s.fail} failed, ${s.notApplicable} not applicable, ${s.notObserved} not observed, ${s.error} errors — ${verdict}\nreports: ${paths.html}\n         ${paths.json}\n         ${paths.junit}\n`);
    return s.mandatoryFailed.length > 0 ? 1 : s.mandatoryNotObserved.length > 0 ? 3 : 0;
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
