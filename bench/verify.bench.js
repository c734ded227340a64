#!/usr/bin/env node
// Side-by-side DeviceResponse verification benchmark: uketori vs @auth0/mdl vs @animo-id/mdoc.
//
//   pnpm bench                                  (builds, then runs this with --expose-gc)
//   node --expose-gc bench/verify.bench.js [--json <path>|-] [--quick] [--only=uketori,auth0,animo,floor]
//                                          [--case=annexD-mac,mnc-sig] [--check-goal]
//
// See bench/README.md for what is measured and how each library is configured.

import { cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAnnexD, loadTestSender } from './fixtures.js';
import { createSample, finishSample, measureChunk, warmup } from './stats.js';
import { uketori, uketoriNoCache } from './peers/uketori.js';
import * as auth0 from './peers/auth0.js';
import * as animo from './peers/animo.js';
import { floor, floorChain } from './peers/floor.js';

const GOAL_MEDIAN_US = 350;
const GOAL_SPEEDUP = 5;

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const args = { json: undefined, quick: false, only: undefined, cases: undefined, checkGoal: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    else if (a === '--json') {
      const next = argv[i + 1];
      args.json = next && !next.startsWith('--') ? (i++, next) : '-';
    } else if (a.startsWith('--json=')) args.json = a.slice(7);
    else if (a === '--quick') args.quick = true;
    else if (a.startsWith('--only=')) args.only = a.slice(7).split(',');
    else if (a.startsWith('--case=')) args.cases = a.slice(7).split(',');
    else if (a === '--check-goal') args.checkGoal = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node --expose-gc bench/verify.bench.js [--json <path>|-] [--quick] [--only=uketori,auth0,animo,floor] [--case=annexD-mac,mnc-sig] [--check-goal]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
// With `--json -` the JSON goes to stdout and the human-readable report to stderr.
const log = args.json === '-' ? (...a) => console.error(...a) : (...a) => console.log(...a);

// Iteration plan per library: uketori gets more iterations (it is fast), peers fewer; every
// measured phase is also bounded by time (split over ROUNDS interleaved rounds). `--quick` is for
// smoke runs only.
const ROUNDS = 5;
const PLAN = {
  uketori: { warmupIterations: 200, warmupBudgetMs: 1500, minIterations: 50, maxIterations: 2000, budgetMs: 3000 },
  peer: { warmupIterations: 200, warmupBudgetMs: 1500, minIterations: 50, maxIterations: 600, budgetMs: 3000 },
};
if (args.quick) {
  for (const p of Object.values(PLAN)) Object.assign(p, { warmupIterations: 20, warmupBudgetMs: 300, minIterations: 20, maxIterations: 200, budgetMs: 400 });
}

const isUketori = (id) => id === 'uketori' || id.startsWith('uketori-');
const isReference = (id) => id === 'floor' || id.startsWith('floor-');
const isPeer = (id) => !isUketori(id) && !isReference(id);

// ---------------------------------------------------------------------------------------------
// Formatting

const fmtNum = (x, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–';

function table(headers, rows, align) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    '| ' + cells.map((c, i) => (align[i] === 'r' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ') + ' |';
  const sep = '|' + widths.map((w, i) => (align[i] === 'r' ? '-'.repeat(w + 1) + ':' : ':' + '-'.repeat(w + 1))).join('|') + '|';
  return [line(headers), sep, ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  if (typeof globalThis.gc !== 'function') {
    log('note: run with `node --expose-gc` for the retained-heap figures (pnpm bench does).');
  }
  const env = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model?.trim() ?? 'unknown',
    cores: cpus().length,
    date: new Date().toISOString(),
    quick: args.quick,
  };
  log(`uketori verification benchmark — Node ${env.node}, ${env.platform}, ${env.cpu} (${env.cores} cores)${args.quick ? ' [--quick]' : ''}`);

  // Fixtures
  const fixtures = [loadAnnexD()];
  const ts = await loadTestSender();
  const skippedCases = [];
  if (ts.fixture) fixtures.push(ts.fixture);
  else skippedCases.push({ id: 'mnc-sig', reason: ts.skipped });
  const cases = fixtures.filter((f) => !args.cases || args.cases.includes(f.id));

  // Libraries (uketori first: it is the baseline of the ratio column)
  const libs = [];
  for (const adapter of [uketori, uketoriNoCache, auth0, animo, floor, floorChain]) {
    if (args.only && !args.only.some((o) => adapter.id === o || adapter.id.startsWith(`${o}-`))) continue;
    try {
      libs.push({ adapter, loaded: await adapter.load() });
    } catch (err) {
      libs.push({ adapter, loadError: err.message });
    }
  }
  for (const l of libs) if (l.loadError) log(`  ${l.adapter.id}: not available — ${l.loadError}`);
  for (const fx of cases) log(`  case ${fx.id}: ${fx.label} — ${fx.source}, ${fx.deviceResponse.length} bytes, now=${fx.now?.toISOString() ?? 'current time'}`);
  for (const s of skippedCases) log(`  case ${s.id}: skipped — ${s.reason}`);
  log('');

  const results = [];
  for (const fx of cases) {
    // Set-up, reference run and warm-up of every library for this case.
    const timed = [];
    for (const lib of libs) {
      if (!lib.loaded) continue;
      const row = { library: lib.loaded.name, libraryId: lib.adapter.id, case: fx.id, caseLabel: fx.label };
      results.push(row);
      const plan = isUketori(lib.adapter.id) ? PLAN.uketori : PLAN.peer;
      let prepared;
      try {
        // runs: how many verifications this row will do at most (reference + warm-up + measured).
        prepared = await lib.adapter.prepare(lib.loaded, fx, { runs: 2 + plan.warmupIterations + plan.maxIterations });
      } catch (err) {
        Object.assign(row, { passed: false, timed: false, error: `setup failed: ${err.message}` });
        log(`  ${row.library} × ${fx.label}: setup failed — ${err.message}`);
        continue;
      }
      // Reference run: the outcome every timed iteration must reproduce.
      const ref = await prepared.run();
      Object.assign(row, {
        passed: ref.ok,
        checks: ref.checks,
        failed: ref.failed,
        error: ref.error,
        fullWork: ref.fullWork,
        clockNote: prepared.clockNote,
      });
      const status = ref.ok ? 'passed' : `FAILED ${ref.failed.map((f) => f.id).join(', ') || ref.error}`;
      log(`  ${row.library} × ${fx.label}: ${status}${ref.fullWork ? '' : ' (stopped early: not timed)'}`);
      if (!ref.ok && prepared.diagnoseAtFixtureTime) {
        // Not timed: shows whether the library passes when its clock is the fixture's time.
        const d = await prepared.diagnoseAtFixtureTime();
        row.atFixtureTime = { passed: d.ok, checks: d.checks, failed: d.failed };
      }
      if (!ref.fullWork) {
        row.timed = false;
        continue;
      }
      const refFailed = ref.failed.map((f) => f.id).join('\n');
      row.warmupIterations = await warmup(prepared.run, { iterations: plan.warmupIterations, budgetMs: plan.warmupBudgetMs });
      timed.push({
        row,
        run: prepared.run,
        plan,
        sample: createSample(plan.maxIterations),
        check: (r) => r.ok === ref.ok && r.fullWork && r.failed.map((f) => f.id).join('\n') === refFailed,
      });
    }

    // Measured phase, interleaved: ROUNDS rounds, each giving every library of this case one chunk
    // (1/ROUNDS of its iterations and time budget), starting with a different library each round.
    // Load that drifts during the run (a shared VM, a parallel build) then hits every library alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < timed.length; k++) {
        const t = timed[(k + round) % timed.length];
        await measureChunk(t.run, t.sample, {
          iterations: Math.ceil(t.plan.maxIterations / ROUNDS),
          minIterations: Math.ceil(t.plan.minIterations / ROUNDS),
          budgetMs: t.plan.budgetMs / ROUNDS,
          check: t.check,
        });
      }
    }
    for (const t of timed) {
      const m = finishSample(t.sample);
      Object.assign(t.row, { timed: true, ...m });
      if (m.mismatches) log(`    warning: ${t.row.library} × ${fx.label}: ${m.mismatches} iterations gave a different outcome than the reference run`);
    }
  }

  // Ratios vs uketori, per case
  for (const row of results) {
    const base = results.find((r) => r.case === row.case && r.libraryId === 'uketori' && r.timed);
    row.ratioVsUketori = row.timed && base ? row.medianUs / base.medianUs : NaN;
  }

  // Table
  log('');
  const rows = results.map((r) => {
    const mem = r.memory;
    const per1k = (x) => (r.timed ? (x / r.iterations) * 1000 : NaN);
    const res = isReference(r.libraryId) ? (r.passed ? 'ref' : 'ref FAIL') : r.passed ? 'pass' : r.timed ? 'FAIL*' : 'FAIL†';
    return [
      r.library,
      r.caseLabel,
      res,
      r.timed ? fmtNum(r.iterations) : '–',
      r.timed ? fmtNum(r.medianUs) : '–',
      r.timed ? fmtNum(r.p95Us) : '–',
      r.timed ? fmtNum(r.opsPerSec) : '–',
      r.timed ? (r.libraryId === 'uketori' ? '1.00' : Number.isFinite(r.ratioVsUketori) ? fmtNum(r.ratioVsUketori, 2) : 'n/a') : '–',
      r.timed && mem.exact ? fmtNum(per1k(mem.retainedBytes) / 1024, 0) : '–',
      r.timed ? fmtNum(per1k(mem.allocatedBytes) / 1048576, 1) : '–',
    ];
  });
  log(
    table(
      ['library', 'case', 'result', 'n', 'median µs', 'p95 µs', 'ops/s', '× uketori', 'heap Δ KB/1k', 'alloc MB/1k'],
      rows,
      ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );

  // Footnotes
  log('');
  log('× uketori = this row\'s median / the default uketori row\'s median on the same case (higher = uketori faster).');
  log('uketori (no chain cache) = createTrustStore({ cacheSize: 0 }): the DS chain is validated on every call, as the peers do;');
  log('the default uketori row reuses its trust store, whose chain cache hits after the first call (as in service, where few DS sign many credentials).');
  if (results.some((r) => isReference(r.libraryId))) {
    log('node:crypto floor (ref) = only the crypto any verifier must do for the case (issuerAuth ECDSA, element digests, and either');
    log('ECDH+HKDF+HMAC or device-key import + ECDSA), inputs extracted beforehand; "+ DS chain" adds parsing the DS certificate');
    log('and verifying it with the IACA key.');
    log('Not a library: never counted as a peer. It shows how fast this machine is.');
  }
  log('heap Δ KB/1k = retained heap per 1000 verifications: heapUsed after a forced full GC at the end of each measured chunk minus');
  log('after one at its start (noise of a few hundred KB from JIT code and inline caches is normal; a leak shows as a large, steady figure);');
  log('alloc MB/1k = V8 heap bytes allocated per 1000 verifications (heap growth + bytes freed by GCs, from v8.GCProfiler).');
  log(`Timings: median and nearest-rank p95 of per-iteration wall time (GC pauses included), measured in ${ROUNDS} interleaved rounds.`);
  const failedTimed = results.filter((r) => !r.passed && r.timed && !isReference(r.libraryId));
  const failedUntimed = results.filter((r) => !r.passed && !r.timed);
  for (const r of failedTimed) {
    log(`* ${r.library} × ${r.caseLabel}: verification FAILED (${r.failed.length} of ${r.checks} checks)${r.clockNote ? ` — ${r.clockNote}` : ''}:`);
    for (const f of r.failed) log(`    - ${f.id}${f.reason ? `: ${f.reason}` : ''}`);
    if (r.atFixtureTime) {
      const d = r.atFixtureTime;
      const when = cases.find((c) => c.id === r.case).now.toISOString().slice(0, 10);
      log(
        `  Diagnostic (not timed): with the global clock faked to ${when} it ${d.passed ? `passes all ${d.checks} checks` : `still fails ${d.failed.map((f) => f.id).join(', ')}`}.`,
      );
    }
    log('  Timed anyway: the library ran every check (failures are collected, not thrown) and did all of the');
    log('  cryptographic work; its time is comparable, its verdict is not a pass.');
  }
  for (const r of failedUntimed) {
    log(`† ${r.library} × ${r.caseLabel}: verification FAILED and stopped early — not timed: ${r.error ?? r.failed.map((f) => f.id).join(', ')}`);
  }

  // Goal
  log('');
  const goalFor = (uketoriId) =>
    cases.map((fx) => {
      const u = results.find((r) => r.case === fx.id && r.libraryId === uketoriId);
      const peers = results.filter((r) => r.case === fx.id && isPeer(r.libraryId) && r.timed);
      const fastest = [...peers].sort((a, b) => a.medianUs - b.medianUs)[0];
      if (!u || !u.timed || !u.passed) {
        return { case: fx.id, pass: false, reason: u ? 'uketori did not pass this case' : 'uketori not available' };
      }
      const speedup = fastest ? fastest.medianUs / u.medianUs : NaN;
      const floorRow = results.find((r) => r.case === fx.id && r.libraryId === 'floor' && r.timed && r.passed);
      return {
        case: fx.id,
        floorMedianUs: floorRow?.medianUs,
        pass: u.medianUs <= GOAL_MEDIAN_US && (!fastest || speedup >= GOAL_SPEEDUP),
        uketoriMedianUs: u.medianUs,
        fastestPeer: fastest?.library,
        fastestPeerMedianUs: fastest?.medianUs,
        speedup,
      };
    });
  const printGoals = (title, goals) => {
    for (const g of goals) {
      const label = cases.find((c) => c.id === g.case).label;
      if (g.reason) log(`${title} [${label}]: FAIL — ${g.reason}`);
      else
        log(
          `${title} [${label}]: median ${fmtNum(g.uketoriMedianUs)} µs (≤ ${GOAL_MEDIAN_US}: ${g.uketoriMedianUs <= GOAL_MEDIAN_US ? 'yes' : 'no'}` +
            (g.floorMedianUs ? `; node:crypto floor here ${fmtNum(g.floorMedianUs)} µs` : '') +
            '), ' +
            (g.fastestPeer
              ? `${fmtNum(g.speedup, 1)}× faster than the fastest peer, ${g.fastestPeer} (≥ ${GOAL_SPEEDUP}×: ${g.speedup >= GOAL_SPEEDUP ? 'yes' : 'no'})`
              : 'no peer timed') +
            ` → ${g.pass ? 'PASS' : 'FAIL'}`,
        );
    }
  };
  const goals = goalFor('uketori');
  const goalsNoCache = libs.some((l) => l.adapter.id === 'uketori-nocache') ? goalFor('uketori-nocache') : [];
  printGoals('uketori', goals);
  printGoals('uketori (no chain cache)', goalsNoCache);
  const allPass = (gs) => gs.length > 0 && gs.every((g) => g.pass) && skippedCases.length === 0;
  const goalPass = allPass(goals);
  const notRun = skippedCases.length ? ` (case ${skippedCases.map((s) => s.id).join(', ')} not run)` : '';
  log(`GOAL (uketori median ≤ ${GOAL_MEDIAN_US} µs and ≥ ${GOAL_SPEEDUP}× faster than the fastest peer, every case): ${goalPass ? 'PASS' : 'FAIL'}${notRun}`);
  if (goalsNoCache.length) {
    log(`     same goal without the chain cache: ${allPass(goalsNoCache) ? 'PASS' : 'FAIL'}${notRun}`);
  }

  if (args.json) {
    const out = {
      env,
      plan: { rounds: ROUNDS, ...PLAN },
      goal: { medianUs: GOAL_MEDIAN_US, speedup: GOAL_SPEEDUP, pass: goalPass, cases: goals, noChainCache: { pass: allPass(goalsNoCache), cases: goalsNoCache } },
      skippedCases,
      results: results.map(({ libraryId, ...r }) => ({ libraryId, ...r })),
    };
    const json = JSON.stringify(out, null, 2) + '\n';
    if (args.json === '-') process.stdout.write(json);
    else {
      const path = resolve(process.env.INIT_CWD ?? process.cwd(), args.json);
      writeFileSync(path, json);
      log(`results written to ${path}`);
    }
  }
  if (args.checkGoal && !goalPass) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 2;
});
