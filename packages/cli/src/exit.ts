/** Process exit codes of `uketori`. */
export const ExitCode = {
  /** Verified, or the command did what was asked. */
  ok: 0,
  /** The response was rejected, or the demo did not behave as expected. */
  rejected: 1,
  /** A command-line mistake: unknown flag, missing file, bad hex, … */
  usage: 2,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
