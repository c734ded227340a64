import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewOverHttp, type Review } from '../src/index.js';

let dir: string;
let review: Review;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uketori-example-conformance-'));
  review = await reviewOverHttp(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('example: a reviewer runs the suite over HTTP', () => {
  it('finds the program conformant on every criterion', () => {
    expect(review.report.summary).toMatchObject({ total: 16, pass: 16, fail: 0, error: 0, conformant: true });
    expect(review.report.target).toMatchObject({ runner: 'http', location: review.startUrl });
  });

  it('writes the three reports and the suite PKI the program was configured with', async () => {
    expect((await readdir(dir)).sort()).toEqual(['conformance-junit.xml', 'conformance-report.html', 'conformance-report.json', 'suite-pki']);
    const json = JSON.parse(await readFile(review.paths.json, 'utf8'));
    expect(json.summary.conformant).toBe(true);
    expect(await readFile(review.paths.html, 'utf8')).toContain('必須基準はすべて適合 / Every mandatory criterion passed');
    expect(await readFile(review.paths.junit, 'utf8')).toMatch(/<testsuites name="uketori conformance" tests="16" failures="0" errors="0"/);
    expect(await readdir(join(dir, 'suite-pki'))).toContain('iaca.pem');
  });
});
