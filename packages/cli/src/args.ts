/**
 * `node:util` parseArgs with strict checking, turning its errors into {@link UsageError}s.
 *
 * @module
 */

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type CommandName } from './usage.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseCommandArgs} returns: typed `values` and the `positionals`. */
export type ParsedArgs<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/**
 * Parses `argv` strictly: unknown flags, missing flag values and a wrong number of positionals are
 * usage errors.
 *
 * @throws {UsageError} for any command-line mistake.
 */
export function parseCommandArgs<const O extends Options>(
  command: CommandName,
  argv: readonly string[],
  options: O,
  positionals: { readonly min: number; readonly max: number },
): ParsedArgs<O> {
  const parsed = strictParse(command, argv, options);
  if (parsed.positionals.length < positionals.min) throw new UsageError('missing argument', command);
  if (parsed.positionals.length > positionals.max) {
    throw new UsageError(`unexpected argument '${parsed.positionals[positionals.max]!}'`, command);
  }
  return parsed;
}

function strictParse<const O extends Options>(command: CommandName, argv: readonly string[], options: O): ParsedArgs<O> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (cause) {
    let message = cause instanceof Error ? cause.message.split('\n')[0]! : 'invalid arguments';
    if ((cause as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      message = `unknown option ${/'[^']*'/.exec(message)?.[0] ?? ''}`.trim();
    }
    throw new UsageError(message, command, { cause });
  }
}

/** Whether `argv` asks for help (`-h` or `--help` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '-h' || a === '--help') return true;
  }
  return false;
}
