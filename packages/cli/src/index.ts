/**
 * @uketori/cli — the `uketori` command: `verify`, `inspect`, `conformance`, `demo`.
 *
 * {@link main} is the whole program with its outside world injected ({@link CliIo}), so that it
 * can be tested or embedded without spawning a process.
 *
 * @packageDocumentation
 */

import { wantsHelp } from './args.js';
import { conformanceCommand } from './commands/conformance.js';
import { demoCommand } from './commands/demo.js';
import { inspectCommand } from './commands/inspect.js';
import { verifyCommand } from './commands/verify.js';
import { ExitCode } from './exit.js';
import { nodeIo, type CliIo } from './io.js';
import { UsageError, helpText, shortUsage, type CommandName } from './usage.js';
import { cliVersion } from './version.js';

export { ExitCode } from './exit.js';
export { nodeIo, type CliIo, type TextSink } from './io.js';
export { UsageError, type CommandName } from './usage.js';
export { decodeInput, type InputEncoding } from './input.js';
export { diagnosticNotation, type DiagnosticOptions } from './format/diagnostic.js';
export { renderShort, toJson, type Json } from './format/value.js';

const COMMANDS: Readonly<Record<CommandName, (argv: readonly string[], io: CliIo) => Promise<ExitCode>>> = {
  verify: verifyCommand,
  inspect: inspectCommand,
  conformance: conformanceCommand,
  demo: demoCommand,
};

function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/**
 * Runs `uketori` with `argv` (without the node and script paths) and returns the exit code:
 * 0 success, 1 rejected (a demo that did not behave, or a receiving program that failed a
 * mandatory conformance criterion), 2 usage error.
 *
 * @example
 * ```ts
 * import { main } from '@uketori/cli';
 *
 * let out = '';
 * const code = await main(['inspect', 'response.hex'], { stdout: { write: (s: string) => (out += s) } });
 * ```
 * @throws only for an unexpected internal error: command-line mistakes become exit code 2 and
 *   rejected responses exit code 1, each with a message on `io.stderr`.
 */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<ExitCode> {
  const cli: CliIo = { ...nodeIo, ...io };
  const [first, ...rest] = argv;
  let command: CommandName | undefined;
  try {
    if (first === '--version' || first === '-V') {
      cli.stdout.write(`${cliVersion()}\n`);
      return ExitCode.ok;
    }
    if (first === undefined || first === '--help' || first === '-h') {
      (first === undefined ? cli.stderr : cli.stdout).write(helpText(undefined));
      return first === undefined ? ExitCode.usage : ExitCode.ok;
    }
    if (first === 'help') {
      const topic = rest[0];
      if (topic !== undefined && !isCommand(topic)) throw new UsageError(`unknown command '${topic}'`);
      // The conformance command prints its own help (its usage text lives with the suite).
      if (topic === 'conformance') return await COMMANDS.conformance(['--help'], cli);
      cli.stdout.write(helpText(topic));
      return ExitCode.ok;
    }
    if (!isCommand(first)) throw new UsageError(first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`);
    command = first;
    if (command !== 'conformance' && wantsHelp(rest)) {
      cli.stdout.write(helpText(command));
      return ExitCode.ok;
    }
    return await COMMANDS[command](rest, cli);
  } catch (err) {
    if (err instanceof UsageError) {
      const name = err.command ?? command;
      cli.stderr.write(`uketori${name === undefined ? '' : ` ${name}`}: ${err.message}\n\n${shortUsage(name)}`);
      return ExitCode.usage;
    }
    throw err;
  }
}
