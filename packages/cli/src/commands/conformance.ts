/**
 * `uketori conformance`: the certification review of a receiving program, from
 * `@uketori/conformance` — in process (a config module, the reference or a broken receiver) or
 * black-box over HTTP against an OpenID4VP 1.0 verifier. The command owns its options, usage text
 * and reports (`--help` included); this file hands it the CLI's output streams. It is loaded only
 * when the command runs, so that `verify` and `inspect` do not start an HTTP stack.
 *
 * @module
 */

import { ExitCode } from '../exit.js';
import type { CliIo } from '../io.js';

const STATUS: Readonly<Record<number, ExitCode>> = { 0: ExitCode.ok, 1: ExitCode.rejected, 2: ExitCode.usage };

/**
 * Runs the review with `argv` (the words after `conformance`): 0 every mandatory criterion
 * passed, 1 one failed or could not be decided, 2 a usage or setup error.
 */
export async function conformanceCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { runConformanceCommand } = await import('@uketori/conformance');
  const status = await runConformanceCommand(argv, { stdout: io.stdout, stderr: io.stderr });
  return STATUS[status] ?? ExitCode.usage;
}
