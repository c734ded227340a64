import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annexD, run, tempDir } from './helpers.js';

const RESPONSE = annexD('annexD_device_response.hex');
const IACA = annexD('annexD_iaca.pem');
const TRANSCRIPT = annexD('annexD_session_transcript_bytes.hex');

describe('uketori help and version', () => {
  it('prints the version from package.json', async () => {
    const { code, stdout } = await run(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints the overview with --help and each command with <cmd> --help', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    for (const cmd of ['verify', 'inspect', 'demo']) expect(top.stdout).toContain(`uketori ${cmd}`);
    for (const cmd of ['verify', 'inspect', 'demo']) {
      const help = await run([cmd, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: uketori ${cmd}`);
    }
    expect((await run(['help', 'demo'])).stdout).toContain('--write-sample');
  });

  it('prints the overview on stderr and exits 2 without a command', async () => {
    const { code, stderr } = await run([]);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage:');
  });
});

describe('uketori usage errors exit 2 with a short usage', () => {
  it.each([
    ['an unknown command', ['frobnicate']],
    ['an unknown top-level flag', ['--frobnicate']],
    ['an unknown flag', ['verify', RESPONSE, '--trust', IACA, '--transcript', TRANSCRIPT, '--bogus']],
    ['a missing response argument', ['verify', '--trust', IACA, '--transcript', TRANSCRIPT]],
    ['two response arguments', ['verify', RESPONSE, RESPONSE, '--trust', IACA, '--transcript', TRANSCRIPT]],
    ['no --trust', ['verify', RESPONSE, '--transcript', TRANSCRIPT]],
    ['no --transcript', ['verify', RESPONSE, '--trust', IACA]],
    ['a missing response file', ['verify', '/nonexistent/response.hex', '--trust', IACA, '--transcript', TRANSCRIPT]],
    ['a missing trust path', ['verify', RESPONSE, '--trust', '/nonexistent/iaca.pem', '--transcript', TRANSCRIPT]],
    ['a trust file that is no certificate', ['verify', RESPONSE, '--trust', TRANSCRIPT, '--transcript', TRANSCRIPT]],
    ['odd-length hex transcript', ['verify', RESPONSE, '--trust', IACA, '--transcript', 'abc']],
    ['a transcript that is neither hex nor a file', ['verify', RESPONSE, '--trust', IACA, '--transcript', 'not-hex']],
    ['a transcript that is not a CBOR array', ['verify', RESPONSE, '--trust', IACA, '--transcript', 'a0']],
    ['a --now that is not a time', ['verify', RESPONSE, '--trust', IACA, '--transcript', TRANSCRIPT, '--now', 'yesterday']],
    ['a --now without a time zone', ['verify', RESPONSE, '--trust', IACA, '--transcript', TRANSCRIPT, '--now', '2021-01-01T00:00:00']],
    ['a negative --clock-skew', ['verify', RESPONSE, '--trust', IACA, '--transcript', TRANSCRIPT, '--clock-skew', '-1']],
    ['a --trust without value', ['verify', RESPONSE, '--transcript', TRANSCRIPT, '--trust']],
    ['inspect without a file', ['inspect']],
    ['an unknown demo flag', ['demo', '--fast']],
  ])('%s', async (_name, argv) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^uketori( \w+)?: .+\n\nUsage:/);
    expect(stderr).toContain('--help');
  });

  it('rejects a reader key file that is not a private JWK', async () => {
    const dir = await tempDir();
    const file = join(dir, 'public.jwk');
    await writeFile(file, JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }));
    const { code, stderr } = await run(['verify', RESPONSE, '--trust', IACA, '--transcript', TRANSCRIPT, '--reader-key', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('"d"');
  });

  it('rejects an empty trust directory', async () => {
    const dir = await tempDir();
    const { code, stderr } = await run(['verify', RESPONSE, '--trust', dir, '--transcript', TRANSCRIPT]);
    expect(code).toBe(2);
    expect(stderr).toContain('no .pem/.crt/.cer/.der certificates');
  });
});
