/**
 * `uketori conformance`: reports written, exit status 0 / 1 / 2, config modules, usage errors.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runConformanceCommand } from '../src/index.js';

let dir: string;
let out = '';
let err = '';
const io = () => ({ stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: dir });
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const NOW = '2026-10-01T00:00:00Z';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uketori-conformance-cli-'));
  out = '';
  err = '';
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('uketori conformance', () => {
  it('reviews the reference receiver: three reports, exit 0', async () => {
    expect(await runConformanceCommand(['--target', 'reference', '--purpose', 'aml_kyc_jp', '--out', 'out', '--now', NOW], io())).toBe(0);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['conformance-junit.xml', 'conformance-report.html', 'conformance-report.json']);
    expect(out).toContain('PASS issuer-signature');
    expect(out).toContain('16 passed, 0 failed');
    expect(err).toBe('');
  });

  it('exits 1 when a mandatory criterion fails, naming it', async () => {
    expect(await runConformanceCommand(['--target', 'broken:accepts-expired-mso', '--purpose', 'aml_kyc_jp', '--out', 'out', '--now', NOW], io())).toBe(1);
    expect(out).toContain('FAIL mso-validity');
    expect(out).toContain('mandatory criteria not met: mso-validity');
    const report = JSON.parse(await readFile(join(dir, 'out', 'conformance-report.json'), 'utf8'));
    expect(report.summary.mandatoryFailed).toEqual(['mso-validity']);
  });

  it('exits 0 when only a recommended criterion fails', async () => {
    expect(await runConformanceCommand(['--target', 'broken:no-reader-auth', '--purpose', 'age_20_plus', '--out', 'out', '--now', NOW], io())).toBe(0);
    expect(out).toContain('FAIL reader-authentication');
  });

  it('loads a config module that default-exports a target factory, and prints JSON with --json', async () => {
    const code = await runConformanceCommand(['--target', join(fixtures, 'target-ok.ts'), '--purpose', 'age_20_plus', '--out', 'out', '--json', '--now', NOW], io());
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.target).toMatchObject({ name: 'fixture receiver', runner: 'in-process' });
    expect(report.summary.conformant).toBe(true);
    expect(err).toContain('PASS issuer-signature'); // progress moves to stderr
  });

  it('runs only the criteria asked for', async () => {
    expect(await runConformanceCommand(['--target', 'reference', '--purpose', 'aml_kyc_jp', '--only', 'doctype,purpose-shown', '--now', NOW, '--out', 'o'], io())).toBe(0);
    expect(out).toContain('2 passed, 0 failed');
  });

  it.each([
    [[], '--target is required'],
    [['--target', 'reference'], '--purpose is required'],
    [['--target', 'reference', '--purpose', 'aml_kyc_jp', '--bogus'], "Unknown option '--bogus'"],
    [['--target', 'reference', '--purpose', 'aml_kyc_jp', '--now', 'yesterday'], '--now must be an ISO 8601 time'],
    [['--target', 'reference', '--purpose', 'aml_kyc_jp', '--timeout', '0'], '--timeout must be a positive'],
    [['--target', 'broken:nope', '--purpose', 'aml_kyc_jp'], 'unknown broken receiver'],
    [['--target', 'https://verifier.example/start', '--purpose', 'aml_kyc_jp'], 'must trust the suite\'s test IACA'],
  ])('exits 2 with usage for %j', async (argv, message) => {
    expect(await runConformanceCommand(argv, io())).toBe(2);
    expect(err).toContain(message);
    expect(out).toBe('');
  });

  it.each([
    [['--target', 'reference', '--purpose', 'secondhand_dealer_jp'], 'ERR_CONFORMANCE_PURPOSE'],
    [['--target', join(fixtures, 'target-no-default.ts'), '--purpose', 'aml_kyc_jp'], 'ERR_CONFORMANCE_TARGET'],
    [['--target', './does-not-exist.mjs', '--purpose', 'aml_kyc_jp'], 'ERR_CONFORMANCE_TARGET'],
  ])('exits 2 with a coded setup error for %j', async (argv, code) => {
    expect(await runConformanceCommand(argv, io())).toBe(2);
    expect(err).toContain(code);
  });

  it('prints its help with --help', async () => {
    expect(await runConformanceCommand(['--help'], io())).toBe(0);
    expect(out).toContain('Usage: uketori conformance');
  });
});
