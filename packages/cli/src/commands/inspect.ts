/**
 * `uketori inspect`: show any mdoc CBOR structure in diagnostic notation, without verifying it.
 *
 * @module
 */

import { decodeCbor, isUketoriError } from '@uketori/mdoc';
import { parseCommandArgs } from '../args.js';
import { ExitCode } from '../exit.js';
import { cborToJson } from '../format/cbor-json.js';
import { diagnosticNotation } from '../format/diagnostic.js';
import { readBytesFile } from '../input.js';
import type { CliIo } from '../io.js';

const OPTIONS = { json: { type: 'boolean' } } as const;

/**
 * Runs `uketori inspect <file> [--json]`.
 *
 * @returns 0 when the file holds one well-formed CBOR data item, 1 when it does not.
 * @throws {UsageError} for command-line mistakes (exit code 2).
 */
export async function inspectCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs('inspect', argv, OPTIONS, { min: 1, max: 1 });
  const bytes = await readBytesFile(io, positionals[0]!, 'file', 'inspect');
  let value: unknown;
  try {
    value = decodeCbor(bytes);
  } catch (err) {
    const code = isUketoriError(err) ? err.code : 'ERR_CBOR_MALFORMED';
    io.stderr.write(`not CBOR: ${code}: ${err instanceof Error ? err.message : 'cannot decode'}\n`);
    return ExitCode.rejected;
  }
  io.stdout.write(values.json === true ? `${JSON.stringify(cborToJson(value), null, 2)}\n` : `${diagnosticNotation(value)}\n`);
  return ExitCode.ok;
}
