// The walkthrough of the README, run for real: the built `uketori` binary writes a sample capture,
// verifies and inspects it; the library script verifies the same files; a tampered copy is
// rejected by both with ERR_VALUE_DIGEST; the ISO 18013-5 Annex D vector (read in place from the
// shared vectors) verifies with its reader key at its time.
import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, verifyCapture } from '../src/index.js';

// Built by `pnpm build` (the root `pnpm test` builds first).
const UKETORI = fileURLToPath(new URL('../../../packages/cli/dist/bin.js', import.meta.url));
const ANNEX_D = fileURLToPath(new URL('../../../../shared/vectors/iso18013-5-annex-d/', import.meta.url));
const exec = promisify(execFile);

async function uketori(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [UKETORI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function script(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

let dir: string;
let sample: { response: string; transcript: string; trust: string; tampered: string };

beforeAll(async () => {
  await access(UKETORI).catch(() => {
    throw new Error(`${UKETORI} is missing: run \`pnpm build\` first`);
  });
  dir = await mkdtemp(join(tmpdir(), 'uketori-verify-cli-'));
  const written = await uketori('demo', '--write-sample', dir);
  expect(written.code).toBe(0);
  sample = { response: join(dir, 'response.hex'), transcript: join(dir, 'transcript.hex'), trust: join(dir, 'iaca.pem'), tampered: join(dir, 'tampered.hex') };
  // The tampered copy: the holder's family name 番号 changed to 試号 after signing (same length, valid UTF-8).
  const hex = (await readFile(sample.response, 'utf8')).replace(/\s+/g, '');
  const name = Buffer.from('番号').toString('hex');
  expect(hex.indexOf(name)).toBeGreaterThan(0);
  await writeFile(sample.tampered, hex.replace(name, Buffer.from('試号').toString('hex')));
}, 30_000);

describe('uketori (the built CLI) on a captured response', () => {
  it('verify: prints the verified elements and exits 0', async () => {
    const { code, stdout } = await uketori('verify', sample.response, '--trust', sample.trust, '--transcript', sample.transcript);
    expect(code).toBe(0);
    expect(stdout).toContain('org.iso.23220.1.jp.mnc');
    expect(stdout).toContain('full_name_unicode');
    expect(stdout).toMatch(/passed\s+DEVICE_AUTH/);
  });

  it('verify: rejects the tampered copy with ERR_VALUE_DIGEST and exits 1', async () => {
    const { code, stderr } = await uketori('verify', sample.tampered, '--trust', sample.trust, '--transcript', sample.transcript);
    expect(code).toBe(1);
    expect(stderr).toContain('rejected: ERR_VALUE_DIGEST');
  });

  it('inspect: prints the structure without verifying it', async () => {
    const { code, stdout } = await uketori('inspect', sample.response);
    expect(code).toBe(0);
    expect(stdout).toContain('"issuerAuth"');
    expect(stdout).toContain('"full_name_unicode"');
  });
});

describe('the library script on the same capture', () => {
  it('verifies the sample and prints elements, the portrait by length only', async () => {
    const { code, stdout } = await script(sample.response, sample.transcript, sample.trust);
    expect(code).toBe(0);
    expect(stdout).toContain('org.iso.23220.1.jp.mnc');
    expect(stdout).toMatch(/org\.iso\.23220\.1\.jp\/portrait: <\d+ bytes>/);
    expect(stdout).toMatch(/verified: .*VALUE_DIGEST.*DEVICE_AUTH/);
  });

  it('rejects the tampered copy with ERR_VALUE_DIGEST (exit 1), as the CLI does', async () => {
    const { code, stderr } = await script(sample.tampered, sample.transcript, sample.trust);
    expect(code).toBe(1);
    expect(stderr).toBe('rejected: ERR_VALUE_DIGEST (check VALUE_DIGEST)\n');
    await expect(verifyCapture({ response: sample.tampered, transcript: sample.transcript, trust: sample.trust })).resolves.toMatchObject({ ok: false, code: 'ERR_VALUE_DIGEST', check: 'VALUE_DIGEST' });
  });

  it('rejects the sample against another session (the Annex D transcript) with ERR_DEVICE_AUTH', async () => {
    const { code, stderr } = await script(sample.response, join(ANNEX_D, 'annexD_session_transcript_bytes.hex'), sample.trust);
    expect(code).toBe(1);
    expect(stderr).toContain('ERR_DEVICE_AUTH');
  });

  it('verifies the ISO/IEC 18013-5 Annex D response with its reader key (DeviceMac) at 2021-01-01', async () => {
    const keys = JSON.parse(await readFile(join(ANNEX_D, 'annexD_keys.json'), 'utf8')) as { ephemeral_reader_key: { crv: string; x: string; y: string; d: string } };
    const k = keys.ephemeral_reader_key;
    const b64u = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');
    const jwk = join(dir, 'annexD-reader-key.json');
    await writeFile(jwk, JSON.stringify({ kty: 'EC', crv: k.crv, x: b64u(k.x), y: b64u(k.y), d: b64u(k.d) }));
    const args = [join(ANNEX_D, 'annexD_device_response.hex'), join(ANNEX_D, 'annexD_session_transcript_bytes.hex'), join(ANNEX_D, 'annexD_iaca.pem')];
    const { code, stdout } = await script(...args, '--reader-key', jwk, '--now', '2021-01-01T00:00:00Z');
    expect(code).toBe(0);
    expect(stdout).toContain('org.iso.18013.5.1.mDL');
    expect(stdout).toContain('device authentication: mac');
    expect(stdout).toContain('org.iso.18013.5.1/family_name: Doe');
    // Without the reader key the DeviceMac cannot be checked: fail closed.
    const without = await script(...args, '--now', '2021-01-01T00:00:00Z');
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('ERR_DEVICE_AUTH');
  });

  it('answers a usage mistake with the usage and exit 2', async () => {
    expect((await script(sample.response)).code).toBe(2);
    expect((await script(sample.response, sample.transcript, join(dir, 'missing.pem'))).code).toBe(2);
    expect((await script(sample.response, sample.transcript, sample.trust, '--now', 'yesterday')).code).toBe(2);
  });
});
