/**
 * Help texts and the usage error (exit code 2).
 *
 * @module
 */

/** The commands `uketori` knows. */
export type CommandName = 'verify' | 'inspect' | 'conformance' | 'demo';

/**
 * A mistake on the command line: unknown flag, missing file, bad hex… Exit code 2. {@link main}
 * turns it into the command's usage text on stderr; a program that embeds the CLI's helpers
 * (such as {@link decodeInput}) can do the same. It carries no `code`: the exit code is the code.
 *
 * @example
 * ```ts
 * import { UsageError } from '@uketori/cli';
 *
 * try {
 *   await run(argv); // your own wrapper that throws new UsageError('--trust is required', 'verify')
 * } catch (err) {
 *   if (err instanceof UsageError) {
 *     console.error(`uketori ${err.command ?? ''}: ${err.message}`);
 *     process.exitCode = 2;
 *   } else throw err;
 * }
 * ```
 */
export class UsageError extends Error {
  /** The command whose usage to show, or `undefined` for the top-level usage. */
  readonly command: CommandName | undefined;

  constructor(message: string, command?: CommandName, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** `uketori --help`. */
export const MAIN_HELP = `uketori — receive and verify ISO/IEC 18013-5 mdocs (My Number Card, mDL, PID)

Usage:
  uketori verify <response-file> --trust <pem|der|dir>... --transcript <hex|file> [options]
  uketori inspect <file> [--json]
  uketori conformance --target <url|module|reference|broken:<id>|http-reference> --purpose <id> --out <dir>
  uketori demo [--write-sample <dir>]
  uketori <command> --help
  uketori --version

Commands:
  verify    verify a DeviceResponse against trusted IACAs and a SessionTranscript
  inspect   print any mdoc CBOR structure in diagnostic notation, without verifying it
  conformance
            review a receiving program against the certification criteria (in process, or
            black-box over HTTP as an OpenID4VP 1.0 wallet); JSON, HTML and JUnit reports
  demo      issue a test My Number Card, request the 犯収法 KYC elements, verify, inject faults

Exit codes: 0 success, 1 rejected (demo misbehaved, or a mandatory conformance criterion not
met), 2 usage error.
`;

/** `uketori verify --help`. */
export const VERIFY_HELP = `Usage: uketori verify <response-file> --trust <pem|der|dir>... --transcript <hex|file> [options]

Verifies a DeviceResponse (ISO/IEC 18013-5 §9.3): DS chain to a trusted IACA, issuerAuth
signature, MSO docType and validity, every element digest, and device authentication over the
SessionTranscript. Prints the verified elements and the checks.

<response-file> holds the DeviceResponse as raw CBOR, hex (whitespace allowed) or base64url/base64.

Options:
  --trust <path>        a trusted IACA: PEM file (one or many certificates), DER file, or a
                        directory (every .pem/.crt/.cer/.der in it). Repeatable. Required.
  --transcript <v>      the SessionTranscript (the CBOR array, or tag-24 SessionTranscriptBytes),
                        as hex, or a file holding it as raw CBOR, hex or base64url. Required.
  --crl <file>          a CRL of an IACA (DER or PEM), repeatable; with one, the DS must be
                        covered by a valid CRL (revocation fails closed).
  --reader-key <file>   the reader's ephemeral private key as a JWK, to verify a DeviceMac.
  --now <time>          verification time, ISO 8601 (default: now).
  --clock-skew <s>      tolerance for validity periods, in seconds (default 30).
  --json                print {"documents":[{"docType","elements"}],"checks":[…]} on stdout;
                        on rejection {"error":{"code","message","check"}}.
  -h, --help            show this help.

Exit codes: 0 verified, 1 rejected, 2 usage error.

Example (files from \`uketori demo --write-sample ./sample\`):
  uketori verify ./sample/response.hex --trust ./sample/iaca.pem --transcript ./sample/transcript.hex
`;

/** `uketori inspect --help`. */
export const INSPECT_HELP = `Usage: uketori inspect <file> [--json]

Prints a CBOR structure (DeviceResponse, DeviceRequest, IssuerSigned, MSO, COSE_Sign1, …) in
extended diagnostic notation (RFC 8949 §8), without verifying anything: embedded CBOR (tag 24,
COSE protected headers and payloads) is decoded inline as <<…>>, long byte strings are cut after
32 bytes. <file> holds raw CBOR, hex or base64url.

Options:
  --json       print the decoded structure as JSON instead (byte strings in full, base64url).
  -h, --help   show this help.
`;

/** `uketori demo --help`. */
export const DEMO_HELP = `Usage: uketori demo [--write-sample <dir>]

Runs a narrated end-to-end with @uketori/test-sender (test keys, never for production):
issues a test My Number Card, requests only the 犯収法 KYC elements (full_name_unicode,
resident_address_unicode, birth_date_unicode, portrait), verifies the response, then injects
faults and shows each one rejected with its error code. Exit 0 when everything behaves as expected.

The SessionTranscript is a demo transcript, [null, null, ["uketori-demo", <nonce>]]: a valid
CBOR array bound to a fresh nonce, standing in for the one a real flow (ISO 18013-5 proximity,
ISO 18013-7 online) builds.

Options:
  --write-sample <dir>  instead of the narrated run, write into <dir>:
                          response.hex    a DeviceResponse (hex)
                          transcript.hex  its SessionTranscript (hex)
                          iaca.pem        the test IACA certificate
                          request.hex     the DeviceRequest it answers (hex)
                        then try:  uketori verify <dir>/response.hex --trust <dir>/iaca.pem \\
                                     --transcript <dir>/transcript.hex
  -h, --help            show this help.
`;

/** The help text of `command`, or the top-level help. */
export function helpText(command: CommandName | undefined): string {
  switch (command) {
    case 'verify':
      return VERIFY_HELP;
    case 'inspect':
      return INSPECT_HELP;
    case 'demo':
      return DEMO_HELP;
    default:
      return MAIN_HELP;
  }
}

/** The first line(s) of a help text, shown after a usage error. */
export function shortUsage(command: CommandName | undefined): string {
  const text = helpText(command);
  const usage = text.slice(text.indexOf('Usage:'));
  const end = usage.indexOf('\n\n');
  const name = command === undefined ? 'uketori' : `uketori ${command}`;
  return `${end < 0 ? usage : usage.slice(0, end)}\nRun '${name} --help' for more.\n`;
}
