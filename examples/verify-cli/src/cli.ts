/**
 * The script's command line: `verify-capture <response> <transcript> <iaca.pem> [--crl <file>]
 * [--reader-key <jwk.json>] [--now <ISO 8601>]`. Exit codes as `uketori verify`: 0 verified,
 * 1 rejected, 2 usage error.
 *
 * @module
 */

import { parseArgs } from 'node:util';
import { verifyCapture, type CaptureFiles } from './verify-capture.js';

/** Where the script writes. */
export interface Output {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export const USAGE = 'usage: verify-capture <response> <transcript> <iaca.pem> [--crl <file>] [--reader-key <jwk.json>] [--now <ISO 8601>]\n';

/** A value as one short line: byte strings by length only (a portrait is never printed). */
function short(value: unknown): string {
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  const text = typeof value === 'string' ? value : JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v)) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Runs the script with `argv` (without node and the script path).
 *
 * @example
 * ```ts
 * process.exitCode = await run(['sample/response.hex', 'sample/transcript.hex', 'sample/iaca.pem']);
 * ```
 * @throws only for an unexpected internal error.
 */
export async function run(argv: readonly string[], out: Output = process): Promise<0 | 1 | 2> {
  let files: CaptureFiles;
  try {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { crl: { type: 'string' }, 'reader-key': { type: 'string' }, now: { type: 'string' } } });
    if (positionals.length !== 3) throw new Error('three files are needed');
    const now = values.now === undefined ? undefined : new Date(values.now);
    if (now !== undefined && Number.isNaN(now.getTime())) throw new Error('--now is not a time');
    files = {
      response: positionals[0]!,
      transcript: positionals[1]!,
      trust: positionals[2]!,
      ...(values.crl === undefined ? {} : { crl: values.crl }),
      ...(values['reader-key'] === undefined ? {} : { readerKey: values['reader-key'] }),
      ...(now === undefined ? {} : { now }),
    };
  } catch (err) {
    out.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  let outcome;
  try {
    outcome = await verifyCapture(files);
  } catch (err) {
    out.stderr.write(`cannot verify: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (!outcome.ok) {
    out.stderr.write(`rejected: ${outcome.code}${outcome.check === null ? '' : ` (check ${outcome.check})`}\n`);
    return 1;
  }
  for (const doc of outcome.response.documents) {
    out.stdout.write(`${doc.docType} — issuer ${doc.issuer.iaca.subject}, device authentication: ${doc.deviceAuthentication}\n`);
    for (const [namespace, elements] of Object.entries(doc.issuerSigned)) {
      for (const [identifier, value] of Object.entries(elements)) out.stdout.write(`  ${namespace}/${identifier}: ${short(value)}\n`);
    }
  }
  out.stdout.write(`verified: ${outcome.response.checks.filter((c) => c.status === 'passed').map((c) => c.id).join(', ')}\n`);
  return 0;
}
