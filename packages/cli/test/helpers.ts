import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/index.js';

/** The ISO/IEC 18013-5 Annex D vectors, read in place from the shared vectors directory. */
export const ANNEX_D = fileURLToPath(new URL('../../../../shared/vectors/iso18013-5-annex-d/', import.meta.url));

/** Path of one Annex D vector file. */
export function annexD(name: string): string {
  return join(ANNEX_D, name);
}

/** Bytes of an Annex D `.hex` vector. */
export async function annexDHex(name: string): Promise<Uint8Array> {
  return new Uint8Array(Buffer.from((await readFile(annexD(name), 'utf8')).replace(/\s+/g, ''), 'hex'));
}

/** The outcome of one `main()` run. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured stdout/stderr and the real file system. */
export async function run(argv: readonly string[], now?: Date): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    ...(now === undefined ? {} : { now: () => now }),
  });
  return { code, stdout, stderr };
}

/** A fresh temporary directory. */
export function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'uketori-cli-'));
}

/** The Annex D reader ephemeral private key (EReaderKey) as a JWK, from annexD_keys.json. */
export async function readerJwk(): Promise<Record<string, string>> {
  const keys = JSON.parse(await readFile(annexD('annexD_keys.json'), 'utf8')) as {
    ephemeral_reader_key: { crv: string; x: string; y: string; d: string };
  };
  const k = keys.ephemeral_reader_key;
  const b64u = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');
  return { kty: 'EC', crv: k.crv, x: b64u(k.x), y: b64u(k.y), d: b64u(k.d) };
}
