/**
 * `uketori verify`: verify a DeviceResponse file and print what passed.
 *
 * @module
 */

import {
  EncodedCbor,
  UketoriTypeError,
  UketoriRangeError,
  createTrustStore,
  decodeCbor,
  isUketoriError,
  verifyDeviceResponse,
  type CheckResult,
  type TrustStore,
  type VerifiedDeviceResponse,
  type VerifyDeviceResponseOptions,
} from '@uketori/mdoc';
import { parseCommandArgs } from '../args.js';
import { ExitCode } from '../exit.js';
import { renderChecks, renderResponse, responseJson } from '../format/report.js';
import { oneLine } from '../format/value.js';
import { loadTrustAnchors, readBytesFile, readHexOrFile, readInputFile, readPrivateJwk } from '../input.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage.js';

const OPTIONS = {
  trust: { type: 'string', multiple: true },
  crl: { type: 'string', multiple: true },
  transcript: { type: 'string' },
  'reader-key': { type: 'string' },
  now: { type: 'string' },
  'clock-skew': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Why a response was not accepted, as printed on rejection. */
export interface Rejection {
  readonly code: string;
  readonly message: string;
  readonly check: string | null;
}

/**
 * Runs `uketori verify <response-file> --trust … --transcript … [--reader-key …] [--now …]
 * [--clock-skew …] [--json]`.
 *
 * @returns 0 verified, 1 rejected.
 * @throws {UsageError} for command-line mistakes (exit code 2).
 */
export async function verifyCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs('verify', argv, OPTIONS, { min: 1, max: 1 });
  const trustPaths = values.trust ?? [];
  if (trustPaths.length === 0) throw new UsageError('--trust is required (a PEM file, DER file or directory of IACAs)', 'verify');
  if (values.transcript === undefined) throw new UsageError('--transcript is required (hex, or a file)', 'verify');
  const now = values.now === undefined ? io.now() : parseTime(values.now);
  const clockSkewSeconds = values['clock-skew'] === undefined ? undefined : parseSkew(values['clock-skew']);

  const response = await readBytesFile(io, positionals[0]!, 'response', 'verify');
  const sessionTranscript = await readHexOrFile(io, values.transcript, '--transcript', 'verify');
  checkTranscript(sessionTranscript);
  const anchors = await loadTrustAnchors(io, trustPaths, 'verify');
  // CRLs as files (DER or PEM); once any is given, revocation checking fails closed (crl.required).
  const crls = await Promise.all((values.crl ?? []).map((path) => readInputFile(io, path, '--crl', 'verify')));
  const readerKey = values['reader-key'] === undefined ? undefined : await readPrivateJwk(io, values['reader-key'], 'verify');

  const checks: CheckResult[] = [];
  const options: VerifyDeviceResponseOptions = {
    trust: trustStore(anchors, crls),
    sessionTranscript,
    now,
    onCheck: (c) => checks.push(c),
    ...(readerKey === undefined ? {} : { readerKey }),
    ...(clockSkewSeconds === undefined ? {} : { clockSkewSeconds }),
  };

  let result: VerifiedDeviceResponse;
  try {
    result = await verifyDeviceResponse(response, options);
  } catch (err) {
    if (err instanceof UketoriTypeError || err instanceof UketoriRangeError) {
      throw new UsageError(err.message, 'verify', { cause: err });
    }
    return reject(io, values.json === true, rejectionOf(err), checks);
  }
  if (result.documents.length === 0) {
    const notReturned = result.documentErrors.map((e) => `${e.docType} (error ${e.code})`).join(', ');
    const message = `the DeviceResponse holds no documents${notReturned === '' ? '' : `; not returned: ${notReturned}`}`;
    return reject(io, values.json === true, { code: 'ERR_NO_DOCUMENTS', message, check: 'DEVICE_RESPONSE_STATUS' }, checks);
  }

  io.stdout.write(values.json === true ? `${JSON.stringify(responseJson(result), null, 2)}\n` : renderResponse(result));
  return ExitCode.ok;
}

/** The code, message and check of a verification error (`ERR_INTERNAL` for an unexpected one). */
export function rejectionOf(err: unknown): Rejection {
  if (isUketoriError(err)) {
    const check = 'check' in err && typeof err.check === 'string' ? err.check : null;
    return { code: err.code, message: err.message, check };
  }
  return { code: 'ERR_INTERNAL', message: err instanceof Error ? err.message : 'unexpected error', check: null };
}

function reject(io: CliIo, json: boolean, rejection: Rejection, checks: readonly CheckResult[]): ExitCode {
  io.stderr.write(`rejected: ${rejection.code}: ${oneLine(rejection.message)}\n`);
  if (json) {
    io.stdout.write(`${JSON.stringify({ error: rejection }, null, 2)}\n`);
  } else if (checks.length > 0) {
    io.stderr.write(`\nChecks\n${renderChecks(checks).map((l) => `  ${l}\n`).join('')}`);
  }
  return ExitCode.rejected;
}

function trustStore(anchors: Uint8Array[], crls: Uint8Array[]): TrustStore {
  try {
    return createTrustStore(crls.length === 0 ? { anchors } : { anchors, crl: { crls } });
  } catch (cause) {
    const code = isUketoriError(cause) ? `${cause.code}: ` : '';
    throw new UsageError(`--trust: ${code}${cause instanceof Error ? cause.message : 'not usable as trust anchors'}`, 'verify', { cause });
  }
}

/** A date, or a date-time with its zone (a zoneless time would silently be local time). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/i;

function parseTime(text: string): Date {
  const date = new Date(text);
  if (!ISO_TIME.test(text) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--now: not an ISO 8601 time: ${text} (e.g. 2021-01-01T00:00:00Z)`, 'verify');
  }
  return date;
}

function parseSkew(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--clock-skew: not a non-negative number of seconds: ${text}`, 'verify');
  return n;
}

/** The SessionTranscript must be a CBOR array, or tag 24 around one (ISO 18013-5 §9.1.5.1). */
function checkTranscript(bytes: Uint8Array): void {
  let value: unknown;
  try {
    value = decodeCbor(bytes);
    if (value instanceof EncodedCbor) value = value.decode();
  } catch (cause) {
    throw new UsageError('--transcript: not well-formed CBOR', 'verify', { cause });
  }
  if (!Array.isArray(value)) throw new UsageError('--transcript: not a SessionTranscript (a CBOR array, or tag 24 around one)', 'verify');
}
