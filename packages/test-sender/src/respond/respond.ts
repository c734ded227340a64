/**
 * Answering a request with a DeviceResponse (ISO/IEC 18013-5 §8.3.2.1.2.2), optionally broken by
 * catalogued faults.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import { encodeCbor, UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import type { TestCredential } from '../credential/types.js';
import { faultDescriptor, type FaultId, type FaultSpec } from '../faults/catalogue.js';
import { assertDate } from '../util/time.js';
import type { DeviceAuthMode } from './device-auth.js';
import { buildDocument, ERROR_DATA_NOT_RETURNED } from './document.js';
import { parseRequest, type DocumentRequest } from './request.js';

/** Options of {@link respond}. */
export interface RespondOptions {
  /** The credentials the holder has; the first one of each requested docType answers. */
  readonly credentials: readonly TestCredential[];
  /** An encoded DeviceRequest (readerAuth is ignored) or a plain list of document requests. */
  readonly request: Uint8Array | readonly DocumentRequest[];
  /** The encoded SessionTranscript (the CBOR array, not wrapped in tag 24). */
  readonly sessionTranscript: Uint8Array;
  /** `signature` (default) or `mac`. */
  readonly deviceAuth?: DeviceAuthMode;
  /** The reader's ephemeral public key (EReaderKey); required for `mac`. */
  readonly readerEphemeralPublicKey?: KeyObject;
  /** Faults to inject, by id or with parameters; default none. See `FAULT_CATALOGUE`. */
  readonly faults?: readonly (FaultId | FaultSpec)[];
  /**
   * The time the verifier will check at; faults that move validity windows are laid around it.
   * Default: each credential's issuance time.
   */
  readonly now?: Date;
}

const RESPONSE_FAULTS = new Set<FaultId>(['status-error', 'malformed-cbor']);

function normalizeFaults(faults: RespondOptions['faults']): FaultSpec[] {
  if (faults === undefined) return [];
  if (!Array.isArray(faults)) throw new UketoriTypeError('faults must be an array');
  return faults.map((f: FaultId | FaultSpec) => {
    const spec: FaultSpec = typeof f === 'string' ? { id: f } : f;
    if (spec === null || typeof spec !== 'object' || faultDescriptor(spec.id) === undefined) {
      throw new UketoriRangeError(`unknown fault ${JSON.stringify(typeof f === 'string' ? f : (f as FaultSpec | null)?.id)}`);
    }
    if (spec.status !== undefined && ![10, 11, 12].includes(spec.status)) throw new UketoriRangeError('status-error status must be 10, 11 or 12');
    return spec;
  });
}

/**
 * Answers a request as a holder's device would: for each requested docType held, a Document with
 * exactly the requested elements that the credential has (selective disclosure; only namespaces
 * with something disclosed), `errors` (code 0) for requested elements it lacks, an empty
 * DeviceNameSpaces and device authentication over DeviceAuthenticationBytes for
 * `sessionTranscript`; requested docTypes not held go to `documentErrors` (code 0). Status 0.
 * NEVER FOR PRODUCTION.
 *
 * Faults break the result in the catalogued way. Document-level faults act on the first document
 * (or the one whose docType the fault names); a fault that finds nothing to act on throws.
 *
 * @example
 * ```ts
 * const bytes = await respond({
 *   credentials: [card],
 *   request: [{ docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: { 'org.iso.23220.1': ['age_over_20'] } }],
 *   sessionTranscript,
 *   faults: ['expired-mso'],
 * });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for a malformed argument, or `mac` without a
 *   reader key.
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for a malformed DeviceRequest, an unknown
 *   fault, a fault with nothing to act on, or a device key that cannot MAC.
 */
export async function respond(options: RespondOptions): Promise<Uint8Array> {
  if (!Array.isArray(options.credentials)) throw new UketoriTypeError('credentials must be an array');
  if (!(options.sessionTranscript instanceof Uint8Array) || options.sessionTranscript.length === 0) {
    throw new UketoriTypeError('sessionTranscript must be the encoded SessionTranscript bytes');
  }
  if (options.now !== undefined) assertDate(options.now, 'now');
  const mode = options.deviceAuth ?? 'signature';
  if (mode !== 'signature' && mode !== 'mac') throw new UketoriRangeError('deviceAuth must be "signature" or "mac"');
  const requests = parseRequest(options.request);
  const faults = normalizeFaults(options.faults);
  const documentFaults = faults.filter((f) => !RESPONSE_FAULTS.has(f.id));

  const documents: Map<string, unknown>[] = [];
  const documentErrors: Map<string, number>[] = [];
  const used = new Set<FaultSpec>();
  for (const request of requests) {
    const credential = options.credentials.find((c) => c.docType === request.docType);
    if (credential === undefined) {
      // §8.3.2.1.2.2: DocumentError = { DocType => ErrorCode }
      documentErrors.push(new Map([[request.docType, ERROR_DATA_NOT_RETURNED]]));
      continue;
    }
    const first = documents.length === 0;
    const mine = documentFaults.filter((f) => (f.docType === undefined ? first : f.docType === request.docType));
    for (const f of mine) used.add(f);
    documents.push(
      buildDocument(credential, request, mine, {
        sessionTranscript: options.sessionTranscript,
        deviceAuth: mode,
        ...(options.readerEphemeralPublicKey === undefined ? {} : { readerEphemeralPublicKey: options.readerEphemeralPublicKey }),
        ...(options.now === undefined ? {} : { now: options.now }),
      }),
    );
  }
  const unused = documentFaults.find((f) => !used.has(f));
  if (unused !== undefined) throw new UketoriRangeError(`fault "${unused.id}" targets no document of the response`);

  const status = faults.find((f) => f.id === 'status-error');
  // §8.3.2.1.2.2: DeviceResponse = { "version", ? "documents", ? "documentErrors", "status" }
  const response = new Map<string, unknown>([['version', '1.0']]);
  if (documents.length > 0) response.set('documents', documents);
  if (documentErrors.length > 0) response.set('documentErrors', documentErrors);
  response.set('status', status === undefined ? 0 : (status.status ?? 10));
  const bytes = encodeCbor(response);
  return faults.some((f) => f.id === 'malformed-cbor') ? bytes.slice(0, bytes.length >> 1) : bytes;
}
