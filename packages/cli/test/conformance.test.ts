import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run, tempDir } from './helpers.js';

const NOW = '2026-10-01T00:00:00Z';
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function out(): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  return join(dir, 'report');
}

describe('uketori conformance', () => {
  it('is listed in the overview and has its own help', async () => {
    expect((await run(['--help'])).stdout).toContain('uketori conformance --target');
    const help = await run(['conformance', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: uketori conformance --target <target>');
    expect(help.stdout).toContain('--init-pki <dir>');
    expect((await run(['help', 'conformance'])).stdout).toContain('http-reference');
  });

  it('reviews the HTTP reference receiver over HTTP and writes the three reports (exit 0)', async () => {
    const dir = await out();
    const result = await run(['conformance', '--target', 'http-reference', '--purpose', 'aml_kyc_jp', '--out', dir, '--now', NOW]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('PASS single-use-nonce');
    expect(result.stdout).toContain('16 passed, 0 failed');
    expect((await readdir(dir)).sort()).toEqual(['conformance-junit.xml', 'conformance-report.html', 'conformance-report.json']);
    expect(JSON.parse(await readFile(join(dir, 'conformance-report.json'), 'utf8')).target.runner).toBe('http');
  });

  it('reviews the in-process reference receiver (exit 0)', async () => {
    const result = await run(['conformance', '--target', 'reference', '--purpose', 'age_20_plus', '--out', await out(), '--now', NOW, '--only', 'doctype,request-minimality']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 passed, 0 failed');
  });

  it('exits 1 when a broken receiver fails a mandatory criterion, in process and over HTTP', async () => {
    const inProcess = await run(['conformance', '--target', 'broken:over-asks', '--purpose', 'aml_kyc_jp', '--out', await out(), '--now', NOW, '--only', 'request-minimality']);
    expect(inProcess.code).toBe(1);
    expect(inProcess.stdout).toContain('FAIL request-minimality');
    const http = await run(['conformance', '--target', 'http-broken:skips-chain-check', '--purpose', 'aml_kyc_jp', '--out', await out(), '--now', NOW, '--only', 'issuer-chain']);
    expect(http.code).toBe(1);
    expect(http.stdout).toContain('mandatory criteria not met: issuer-chain');
  });

  it.each([
    [['conformance'], '--target is required'],
    [['conformance', '--target', 'https://rp.example/start', '--purpose', 'aml_kyc_jp'], '--init-pki'],
    [['conformance', '--target', 'reference', '--purpose', 'aml_kyc_jp', '--frobnicate'], "Unknown option '--frobnicate'"],
  ])('exits 2 with usage for %j', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});
