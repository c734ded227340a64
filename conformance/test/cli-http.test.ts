/**
 * `uketori conformance` over HTTP: the HTTP reference and broken receivers by name, and a
 * reviewer's run against a program reached only by URL — the suite PKI created with --init-pki,
 * the program configured with its IACA and CRL, the run with --pki — a program in a process of
 * its own, exit 3 for what could not be observed, plus the usage errors.
 */
import { spawn } from 'node:child_process';
import { readFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runConformanceCommand, SUITE_PKI_FILES, startHttpReceiver } from '../src/index.js';
import { environmentFromPki } from './fixtures/serve-http-reference.mjs';

let dir: string;
let out = '';
let err = '';
const io = () => ({ stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: dir });
const NOW = '2026-10-01T00:00:00Z';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uketori-conformance-cli-http-'));
  out = '';
  err = '';
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});


describe('uketori conformance over HTTP', () => {
  it('reviews the HTTP reference receiver: three reports, runner http, exit 0', async () => {
    expect(await runConformanceCommand(['--target', 'http-reference', '--purpose', 'aml_kyc_jp', '--out', 'out', '--now', NOW], io())).toBe(0);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['conformance-junit.xml', 'conformance-report.html', 'conformance-report.json']);
    const report = JSON.parse(await readFile(join(dir, 'out', 'conformance-report.json'), 'utf8'));
    expect(report.target).toMatchObject({ runner: 'http', location: 'http-reference' });
    expect(out).toContain('16 passed, 0 failed');
    expect(await readFile(join(dir, 'out', 'conformance-report.html'), 'utf8')).toContain('(http: http-reference)');
  });

  it('exits 1 for a broken HTTP receiver, naming the criterion', async () => {
    expect(await runConformanceCommand(['--target', 'http-broken:accepts-replay', '--purpose', 'aml_kyc_jp', '--out', 'out', '--now', NOW], io())).toBe(1);
    expect(out).toContain('FAIL single-use-nonce');
    expect(out).toContain('mandatory criteria not met: single-use-nonce');
  });

  it('reviews a program reached only by URL that trusts the suite PKI (--init-pki, then --pki)', async () => {
    expect(await runConformanceCommand(['--init-pki', 'pki'], io())).toBe(0);
    expect(out).toContain('iaca.pem');
    const pkiDir = join(dir, 'pki');
    expect((await readdir(pkiDir)).sort()).toEqual(Object.values(SUITE_PKI_FILES).sort());
    // The reviewer configures the program with the IACA and CRL files only, and its own request signer.
    const program = await startHttpReceiver(await environmentFromPki(pkiDir, SUITE_PKI_FILES));
    try {
      out = '';
      const code = await runConformanceCommand(['--target', program.target.start.url, '--pki', 'pki', '--evidence-url', program.target.evidenceUrl!, '--purpose', 'age_20_plus', '--out', 'out', '--json'], io());
      const report = JSON.parse(out);
      expect(report.criteria.filter((c: { verdict: string }) => c.verdict !== 'pass')).toEqual([]);
      expect(code).toBe(0);
      expect(report.target).toMatchObject({ name: 'uketori HTTP reference receiver', runner: 'http', location: program.target.start.url });
      // With a suite PKI the program was not configured with, its good answers are refused: not conformant.
      expect(await runConformanceCommand(['--init-pki', 'other'], io())).toBe(0);
      out = '';
      expect(await runConformanceCommand(['--target', program.target.start.url, '--pki', 'other', '--purpose', 'age_20_plus', '--out', 'out2', '--only', 'issuer-signature'], io())).toBe(1);
      expect(out).toContain('FAIL issuer-signature');
    } finally {
      await program.close();
    }
  });

  it('reviews a program running in a process of its own: every criterion passes, the oversized post included', async () => {
    expect(await runConformanceCommand(['--init-pki', 'pki'], io())).toBe(0);
    const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/serve-http-reference.mjs', import.meta.url)), join(dir, 'pki')], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`the program exited (${code})`)));
        child.stdout.once('data', (d: Buffer) => resolve(d.toString('utf8')));
      });
      const { start, evidence } = JSON.parse(line) as { start: string; evidence: string };
      out = '';
      const code = await runConformanceCommand(['--target', start, '--pki', 'pki', '--evidence-url', evidence, '--purpose', 'aml_kyc_jp', '--out', 'out', '--json'], io());
      const report = JSON.parse(out);
      expect(report.criteria.filter((c: { verdict: string }) => c.verdict !== 'pass').map((c: { id: string }) => c.id)).toEqual([]);
      expect(code).toBe(0);
      const oversized = report.criteria.find((c: { id: string }) => c.id === 'malformed-input').evidence.find((e: { step: string }) => e.step === 'oversized');
      // Across processes the program refuses the 6 MiB body (413, or by closing before reading it) and lives on.
      expect(oversized.passed).toBe(true);
      expect(oversized.observed).not.toMatch(/^crashed/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('exits 3 when nothing failed but mandatory criteria could not be observed (no evidence endpoint, no result URL)', async () => {
    expect(await runConformanceCommand(['--init-pki', 'pki'], io())).toBe(0);
    const program = await startHttpReceiver(await environmentFromPki(join(dir, 'pki'), SUITE_PKI_FILES));
    try {
      out = '';
      // Without the evidence endpoint, what the program shows and logs is unseen.
      expect(await runConformanceCommand(['--target', program.target.start.url, '--pki', 'pki', '--purpose', 'age_20_plus', '--out', 'out', '--only', 'purpose-shown'], io())).toBe(3);
      expect(out).toContain('N/O  purpose-shown');
      expect(out).toContain('mandatory criteria not observed (offer a result URL and --evidence-url): purpose-shown');
      const junit = await readFile(join(dir, 'out', 'conformance-junit.xml'), 'utf8');
      expect(junit).toContain('type="not-observed"');
      expect(junit).toContain('errors="1"');
      const html = await readFile(join(dir, 'out', 'conformance-report.html'), 'utf8');
      expect(html).toContain('未観測 / Not observed');
      expect(html).toContain('Mandatory criteria not observed');
      expect(JSON.parse(await readFile(join(dir, 'out', 'conformance-report.json'), 'utf8')).summary).toMatchObject({ notObserved: 1, mandatoryNotObserved: ['purpose-shown'], conformant: false });
    } finally {
      await program.close();
    }
  });

  it.each([
    [['--target', 'https://rp.example/start', '--purpose', 'aml_kyc_jp'], 'must trust the suite\'s test IACA'],
    [['--target', 'https://rp.example/start', '--purpose', 'aml_kyc_jp', '--pki', 'p', '--now', NOW], '--now does not apply'],
    [['--target', 'https://rp.example/start', '--purpose', 'aml_kyc_jp', '--start-method', 'PUT'], '--start-method must be POST or GET'],
    [['--target', 'https://rp.example/start', '--purpose', 'aml_kyc_jp', '--start-body', '[1'], '--start-body must be a JSON object'],
    [['--target', 'https://rp.example/start', '--purpose', 'aml_kyc_jp', '--start-header', 'novalue'], '--start-header must be "Name: value"'],
    [['--target', 'https://rp.example/start', '--purpose', 'aml_kyc_jp', '--result-wait', 'soon'], '--result-wait must be'],
    [['--target', 'http-broken:nope', '--purpose', 'aml_kyc_jp'], 'unknown broken HTTP receiver'],
  ])('exits 2 with usage for %j', async (argv, message) => {
    expect(await runConformanceCommand(argv, io())).toBe(2);
    expect(err).toContain(message);
  });

  it('exits 2 with ERR_CONFORMANCE_PKI for a --pki directory without a suite PKI', async () => {
    expect(await runConformanceCommand(['--target', 'https://rp.example/start', '--purpose', 'aml_kyc_jp', '--pki', 'missing'], io())).toBe(2);
    expect(err).toContain('ERR_CONFORMANCE_PKI');
  });
});
