import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { annexD } from './helpers.js';

// The root `pnpm test` builds before running vitest, so dist/bin.js exists.
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const run = promisify(execFile);

describe('the built uketori binary', () => {
  it('prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const { stdout } = await run(process.execPath, [BIN, '--version']);
    expect(stdout.trim()).toBe(pkg.version);
  });

  it('starts with a node shebang', async () => {
    expect((await readFile(BIN, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('sets the exit code: 2 for a usage error, 1 for a rejection', async () => {
    await expect(run(process.execPath, [BIN, 'verify'])).rejects.toMatchObject({ code: 2 });
    await expect(
      run(process.execPath, [BIN, 'verify', annexD('annexD_device_response.hex'), '--trust', annexD('annexD_reader_root.pem'), '--transcript', annexD('annexD_session_transcript_bytes.hex')]),
    ).rejects.toMatchObject({ code: 1 });
  });
});
