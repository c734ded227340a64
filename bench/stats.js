// Small statistics and measurement helpers for the verification benchmark.

import { hrtime, memoryUsage } from 'node:process';
import v8 from 'node:v8';

/** Sorted copy of the first `n` samples. */
function sorted(samples, n = samples.length) {
  return Float64Array.from(samples.subarray ? samples.subarray(0, n) : samples.slice(0, n)).sort();
}

/** Nearest-rank percentile (p in 0..100) of an ascending-sorted array. */
export function percentile(sortedSamples, p) {
  if (sortedSamples.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sortedSamples.length);
  return sortedSamples[Math.min(sortedSamples.length, Math.max(1, rank)) - 1];
}

/** Median (mean of the two middle values for an even count) of an ascending-sorted array. */
export function median(sortedSamples) {
  const n = sortedSamples.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 ? sortedSamples[mid] : (sortedSamples[mid - 1] + sortedSamples[mid]) / 2;
}

/** Summary of per-iteration times in microseconds. */
export function summarize(samples, n) {
  const s = sorted(samples, n);
  let sum = 0;
  for (const x of s) sum += x;
  const med = median(s);
  return {
    iterations: s.length,
    medianUs: med,
    p95Us: percentile(s, 95),
    p99Us: percentile(s, 99),
    minUs: s[0],
    maxUs: s[s.length - 1],
    meanUs: sum / s.length,
    // Throughput of one sequential caller, from the median.
    opsPerSec: 1e6 / med,
  };
}

function forceGc() {
  if (typeof globalThis.gc !== 'function') return false;
  globalThis.gc();
  globalThis.gc();
  return true;
}

/** Runs `run` up to `iterations` times, or until `budgetMs` elapsed. Returns how many ran. */
export async function warmup(run, { iterations, budgetMs }) {
  const deadline = hrtime.bigint() + BigInt(Math.round(budgetMs * 1e6));
  let n = 0;
  while (n < iterations) {
    await run();
    n++;
    if (hrtime.bigint() > deadline) break;
  }
  return n;
}

/** An accumulator of per-iteration times and memory figures over one or more chunks. */
export function createSample(maxIterations) {
  return {
    times: new Float64Array(maxIterations),
    n: 0,
    chunks: 0,
    mismatches: 0,
    wallMs: 0,
    retainedBytes: 0,
    allocatedBytes: 0,
    gcUs: 0,
    gcCount: 0,
    exactRetained: true,
  };
}

/**
 * Measures one chunk of iterations into `sample`. Every iteration is timed on its own with
 * `process.hrtime.bigint()`. The chunk stops at `iterations`, or once `minIterations` ran and
 * `budgetMs` elapsed (and never beyond the sample's capacity).
 *
 * Memory, over the chunk:
 * - retained: heapUsed after a forced full GC at the end minus heapUsed after a forced GC at the
 *   start (what the verifications left behind; needs `--expose-gc`);
 * - allocated: heap growth plus everything the GCs during the chunk freed (from `v8.GCProfiler`),
 *   i.e. the bytes allocated on the V8 heap;
 * - GC pause time during the chunk.
 *
 * `check(result)` must return true when an iteration's result equals the reference run's.
 */
export async function measureChunk(run, sample, { iterations, minIterations, budgetMs, check }) {
  const limit = Math.min(sample.times.length, sample.n + iterations);
  const minEnd = Math.min(limit, sample.n + minIterations);
  const hasGc = forceGc();
  const heapBefore = memoryUsage().heapUsed;
  const profiler = new v8.GCProfiler();
  profiler.start();
  const start = hrtime.bigint();
  const deadline = start + BigInt(Math.round(budgetMs * 1e6));
  while (sample.n < limit) {
    const t0 = hrtime.bigint();
    const result = await run();
    const t1 = hrtime.bigint();
    sample.times[sample.n++] = Number(t1 - t0) / 1e3;
    if (!check(result)) sample.mismatches++;
    if (sample.n >= minEnd && t1 > deadline) break;
  }
  sample.wallMs += Number(hrtime.bigint() - start) / 1e6;
  const heapAtEnd = memoryUsage().heapUsed;
  const gcProfile = profiler.stop();
  forceGc();
  const heapAfter = memoryUsage().heapUsed;
  let freed = 0;
  for (const s of gcProfile?.statistics ?? []) {
    freed += Math.max(0, s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize);
    sample.gcUs += s.cost;
    sample.gcCount++;
  }
  sample.allocatedBytes += heapAtEnd - heapBefore + freed;
  sample.retainedBytes += heapAfter - heapBefore;
  sample.exactRetained &&= hasGc;
  sample.chunks++;
}

/** The summary of a sample: time statistics and memory totals. */
export function finishSample(sample) {
  return {
    ...summarize(sample.times, sample.n),
    chunks: sample.chunks,
    wallMs: sample.wallMs,
    mismatches: sample.mismatches,
    memory: {
      exact: sample.exactRetained,
      retainedBytes: sample.exactRetained ? sample.retainedBytes : NaN,
      allocatedBytes: sample.allocatedBytes,
      gcMs: sample.gcUs / 1e3,
      gcCount: sample.gcCount,
    },
  };
}
