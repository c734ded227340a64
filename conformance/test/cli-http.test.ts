/**
 * `uketori conformance` over HTTP: the HTTP reference and broken receivers by name, and a
 * reviewer's run against a program reached only by URL — the suite PKI created with --init-pki,
 * the program configured with its IACA and CRL, the run with --pki — plus the usage errors.
 */
import { readFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestVerifierCertificate } from '@uketori/test-sender';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runConformanceCommand, SUITE_PKI_FILES, startHttpReceiver } from '../src/index.js';

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

const der = (pem: string): Uint8Array => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));

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
    const signer = await createTestVerifierCertificate({ now: new Date(Date.now() - 60_000) });
    const program = await startHttpReceiver({
      trustAnchors: [der(await readFile(join(pkiDir, SUITE_PKI_FILES.iaca), 'utf8'))],
      crls: [new Uint8Array(await readFile(join(pkiDir, SUITE_PKI_FILES.crl)))],
      now: () => new Date(),
      readerKey: { privateKey: signer.privateKey, certificateChain: signer.certificateChain },
    });
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
