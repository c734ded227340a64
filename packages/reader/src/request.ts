/**
 * DeviceRequest (ISO/IEC 18013-5 §8.3.2.1.2.1) built from a purpose through the policy gate.
 *
 * ```cddl
 * DeviceRequest = { "version": tstr, "docRequests": [+ DocRequest],
 *                   ? "deviceRequestInfo": DeviceRequestInfoBytes, ? "readerAuthAll": [+ ReaderAuth] } ; 1.1 keys
 * DocRequest = { "itemsRequest": ItemsRequestBytes, ? "readerAuth": ReaderAuth }
 * ```
 *
 * @module
 */

import { decodeCbor, embedCbor, encodeCbor, EncodedCbor, UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import { planRequest, toItemsRequest, type ElementSelection, type Purpose, type RequestPlan } from '@uketori/policy';
import { ReaderError } from './errors.js';
import { readerAuthenticationAllBytes, readerAuthenticationBytes, signReaderAuth, type ReaderAuthKey } from './reader-auth.js';

/** Options of {@link buildDeviceRequest}. */
export interface BuildDeviceRequestOptions {
  /** The purpose; only what it allows can be asked for. Required. */
  readonly purpose: Purpose;
  /** The docType to ask for, when the purpose accepts several. */
  readonly docType?: string;
  /** Elements besides the purpose's defaults (see `planRequest`). */
  readonly elements?: readonly ElementSelection[] | 'all';
  /** The time of the request (the legal basis in force is recorded). Default: now. */
  readonly now?: Date;
  /** The encoded SessionTranscript; required with `readerAuth`. */
  readonly sessionTranscript?: Uint8Array;
  /** Signs the request when given. */
  readonly readerAuth?: ReaderAuthKey;
  /** DeviceRequest version. Default `"1.0"`. */
  readonly version?: '1.0' | '1.1';
  /**
   * With `readerAuth`: `"document"` (default) signs each DocRequest (`readerAuth`); `"all"` signs
   * once over every DocRequest (`readerAuthAll`, version 1.1 only); `"both"` does both.
   */
  readonly readerAuthScope?: 'document' | 'all' | 'both';
}

/** A DeviceRequest and the plan the policy gate made for it. */
export interface BuiltDeviceRequest {
  /** The encoded DeviceRequest. */
  readonly bytes: Uint8Array;
  /** The plan, for `gateResponse` later. */
  readonly plan: RequestPlan;
  /** ItemsRequestBytes as sent (`#6.24`). */
  readonly itemsRequestBytes: Uint8Array;
}

/**
 * Builds a DeviceRequest for a purpose through the policy gate: `planRequest` picks the elements
 * and `intent_to_retain`, `toItemsRequest` makes the ItemsRequest, and readerAuth (§9.1.4) signs
 * it over the session transcript when a reader key is given.
 *
 * @example
 * ```ts
 * const { bytes, plan } = buildDeviceRequest({ purpose: getPurpose('aml_kyc_jp'), sessionTranscript: st.transcript, readerAuth, now });
 * ```
 * @throws {PolicyRequestError} when the purpose cannot be served (from `@uketori/policy`).
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for `readerAuth` without `sessionTranscript`.
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for `readerAuthAll` in a version 1.0 request.
 */
export function buildDeviceRequest(options: BuildDeviceRequestOptions): BuiltDeviceRequest {
  const version = options.version ?? '1.0';
  const scope = options.readerAuthScope ?? 'document';
  if (version !== '1.0' && version !== '1.1') throw new UketoriRangeError('"version" must be "1.0" or "1.1"');
  if (scope !== 'document' && version === '1.0') throw new UketoriRangeError('readerAuthAll needs a version 1.1 DeviceRequest');
  if (options.readerAuth !== undefined && !(options.sessionTranscript instanceof Uint8Array)) {
    throw new UketoriTypeError('"sessionTranscript" is required to sign readerAuth');
  }
  const plan = planRequest(options.purpose, {
    ...(options.docType === undefined ? {} : { docType: options.docType }),
    ...(options.elements === undefined ? {} : { elements: options.elements }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const itemsRequestBytes = embedCbor(toItemsRequest(plan)).bytesWithTag();
  const docRequest = new Map<string, unknown>([['itemsRequest', decodeCbor(itemsRequestBytes)]]);
  const request = new Map<string, unknown>([['version', version], ['docRequests', [docRequest]]]);
  const key = options.readerAuth;
  if (key !== undefined) {
    const st = options.sessionTranscript!;
    if (scope !== 'all') docRequest.set('readerAuth', signReaderAuth(readerAuthenticationBytes(st, itemsRequestBytes), key));
    if (scope !== 'document') request.set('readerAuthAll', [signReaderAuth(readerAuthenticationAllBytes(st, [itemsRequestBytes], null), key)]);
  }
  return { bytes: encodeCbor(request), plan, itemsRequestBytes };
}

/** One DocRequest as received. */
export interface ParsedDocRequest {
  /** ItemsRequestBytes as received. */
  readonly itemsRequest: EncodedCbor;
  /** The readerAuth COSE_Sign1 as decoded, when present. */
  readonly readerAuth?: unknown;
}

/** A DeviceRequest as received. */
export interface ParsedDeviceRequest {
  readonly version: string;
  readonly docRequests: readonly ParsedDocRequest[];
  /** 1.1: DeviceRequestInfoBytes as received. */
  readonly deviceRequestInfo?: EncodedCbor;
  /** 1.1: the readerAuthAll signatures as decoded. */
  readonly readerAuthAll?: readonly unknown[];
}

/**
 * Reads a DeviceRequest (§8.3.2.1.2.1) into its parts, keeping ItemsRequestBytes as received.
 *
 * @example
 * ```ts
 * for (const doc of parseDeviceRequest(bytes).docRequests) {
 *   verifyReaderAuth(doc.readerAuth, readerAuthenticationBytes(st, doc.itemsRequest.bytesWithTag()));
 * }
 * ```
 * @throws {ReaderError} `ERR_DEVICE_REQUEST_STRUCTURE` for a malformed request.
 */
export function parseDeviceRequest(bytes: Uint8Array): ParsedDeviceRequest {
  const bad = (message: string, cause?: unknown): never => {
    throw new ReaderError('ERR_DEVICE_REQUEST_STRUCTURE', `DeviceRequest: ${message}`, cause === undefined ? {} : { cause });
  };
  let decoded: unknown;
  try {
    decoded = decodeCbor(bytes, { limits: { maxBytes: 1024 * 1024, maxDepth: 16 } });
  } catch (cause) {
    bad('not well-formed CBOR', cause);
  }
  if (!(decoded instanceof Map)) return bad('not a map');
  const version = decoded.get('version');
  const docRequests = decoded.get('docRequests');
  const info = decoded.get('deviceRequestInfo');
  const all = decoded.get('readerAuthAll');
  if (typeof version !== 'string' || !/^1\.\d+$/.test(version)) bad('version is not "1.x"');
  if (!Array.isArray(docRequests) || docRequests.length === 0) bad('docRequests is not a non-empty array');
  if (info !== undefined && !(info instanceof EncodedCbor)) bad('deviceRequestInfo is not #6.24(bstr)');
  if (all !== undefined && (!Array.isArray(all) || all.length === 0)) bad('readerAuthAll is not a non-empty array');
  return {
    version: version as string,
    docRequests: (docRequests as unknown[]).map((d, i) => {
      if (!(d instanceof Map) || !(d.get('itemsRequest') instanceof EncodedCbor)) return bad(`docRequests[${i}] has no #6.24 itemsRequest`);
      const readerAuth = d.get('readerAuth');
      return { itemsRequest: d.get('itemsRequest') as EncodedCbor, ...(readerAuth === undefined ? {} : { readerAuth }) };
    }),
    ...(info === undefined ? {} : { deviceRequestInfo: info as EncodedCbor }),
    ...(all === undefined ? {} : { readerAuthAll: all as unknown[] }),
  };
}
