/**
 * DeviceRequest (ISO/IEC 18013-5 §8.3.2.1.2.1) built from a purpose through the policy gate.
 *
 * ```cddl
 * DeviceRequest = { "version": tstr, "docRequests": [+ DocRequest],
 *                   ? "deviceRequestInfo": DeviceRequestInfoBytes, ? "readerAuthAll": [+ ReaderAuth] } ; 1.1 keys
 * DocRequest = { "itemsRequest": ItemsRequestBytes, ? "readerAuth": ReaderAuth }
 * ```
 *
 * DeviceRequestInfo and DocRequestInfo (version 1.1) are in `request-info.ts`.
 *
 * @module
 */

import { decodeCbor, embedCbor, encodeCbor, EncodedCbor, UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import { planRequest, toItemsRequest, type ElementSelection, type Purpose, type RequestPlan } from '@uketori/policy';
import { ReaderError } from './errors.js';
import { readerAuthenticationAllBytes, readerAuthenticationBytes, signReaderAuth, type ReaderAuthKey } from './reader-auth.js';
import {
  deviceRequestInfoMap,
  docRequestInfoMap,
  readDeviceRequestInfo,
  readDocRequestInfo,
  type DeviceRequestInfo,
  type DocRequestInfo,
} from './request-info.js';

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
  /**
   * Version 1.1: the DeviceRequestInfo, covered by `readerAuthAll`. Default for 1.1: one mandatory
   * use case asking for the one document, `{ useCases: [{ mandatory: true, documentSets: [[0]] }] }`;
   * `null` leaves it out. Not allowed in a 1.0 request.
   */
  readonly deviceRequestInfo?: DeviceRequestInfo | null;
  /** Version 1.1: DocRequestInfo, put in the ItemsRequest's `requestInfo`. Not allowed in a 1.0 request. */
  readonly docRequestInfo?: DocRequestInfo;
}

/** A DeviceRequest and the plan the policy gate made for it. */
export interface BuiltDeviceRequest {
  /** The encoded DeviceRequest. */
  readonly bytes: Uint8Array;
  /** The plan, for `gateResponse` later. */
  readonly plan: RequestPlan;
  /** ItemsRequestBytes as sent (`#6.24`). */
  readonly itemsRequestBytes: Uint8Array;
  /** DeviceRequestInfoBytes as sent (`#6.24`), when the request has one (1.1). */
  readonly deviceRequestInfoBytes?: Uint8Array;
}

/** DeviceRequestInfo of a 1.1 request for one document when the caller names none. */
const ONE_DOCUMENT: DeviceRequestInfo = { useCases: [{ mandatory: true, documentSets: [[0]] }] };

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
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for `readerAuthAll`, `deviceRequestInfo` or
 *   `docRequestInfo` in a version 1.0 request, or use cases naming no DocRequest.
 */
export function buildDeviceRequest(options: BuildDeviceRequestOptions): BuiltDeviceRequest {
  const version = options.version ?? '1.0';
  const scope = options.readerAuthScope ?? 'document';
  if (version !== '1.0' && version !== '1.1') throw new UketoriRangeError('"version" must be "1.0" or "1.1"');
  if (scope !== 'document' && version === '1.0') throw new UketoriRangeError('readerAuthAll needs a version 1.1 DeviceRequest');
  if (version === '1.0' && ((options.deviceRequestInfo ?? null) !== null || options.docRequestInfo !== undefined)) {
    throw new UketoriRangeError('deviceRequestInfo and docRequestInfo need a version 1.1 DeviceRequest');
  }
  if (options.readerAuth !== undefined && !(options.sessionTranscript instanceof Uint8Array)) {
    throw new UketoriTypeError('"sessionTranscript" is required to sign readerAuth');
  }
  const plan = planRequest(options.purpose, {
    ...(options.docType === undefined ? {} : { docType: options.docType }),
    ...(options.elements === undefined ? {} : { elements: options.elements }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const items = new Map<string, unknown>(toItemsRequest(plan));
  const docInfo = docRequestInfoMap(options.docRequestInfo ?? {});
  if (docInfo.size > 0) items.set('requestInfo', docInfo);
  const itemsRequestBytes = embedCbor(items).bytesWithTag();
  const docRequest = new Map<string, unknown>([['itemsRequest', decodeCbor(itemsRequestBytes)]]);
  const request = new Map<string, unknown>([['version', version], ['docRequests', [docRequest]]]);
  // 2nd edition: DeviceRequestInfoBytes = #6.24(bstr .cbor DeviceRequestInfo), signed by readerAuthAll.
  const info = version === '1.1' ? (options.deviceRequestInfo === undefined ? ONE_DOCUMENT : options.deviceRequestInfo) : null;
  const deviceRequestInfoBytes = info === null ? undefined : embedCbor(deviceRequestInfoMap(info, 1)).bytesWithTag();
  if (deviceRequestInfoBytes !== undefined) request.set('deviceRequestInfo', decodeCbor(deviceRequestInfoBytes));
  const key = options.readerAuth;
  if (key !== undefined) {
    const st = options.sessionTranscript!;
    if (scope !== 'all') docRequest.set('readerAuth', signReaderAuth(readerAuthenticationBytes(st, itemsRequestBytes), key));
    if (scope !== 'document') request.set('readerAuthAll', [signReaderAuth(readerAuthenticationAllBytes(st, [itemsRequestBytes], deviceRequestInfoBytes ?? null), key)]);
  }
  return { bytes: encodeCbor(request), plan, itemsRequestBytes, ...(deviceRequestInfoBytes === undefined ? {} : { deviceRequestInfoBytes }) };
}

/** One DocRequest as received. */
export interface ParsedDocRequest {
  /** ItemsRequestBytes as received. */
  readonly itemsRequest: EncodedCbor;
  /** The ItemsRequest's docType. */
  readonly docType: string;
  /** The readerAuth COSE_Sign1 as decoded, when present. */
  readonly readerAuth?: unknown;
  /** 1.1: the DocRequestInfo fields of `requestInfo`, when it has any (not read in a 1.0 request). */
  readonly docRequestInfo?: DocRequestInfo;
}

/** A DeviceRequest as received. */
export interface ParsedDeviceRequest {
  readonly version: string;
  readonly docRequests: readonly ParsedDocRequest[];
  /** 1.1: DeviceRequestInfoBytes as received (what readerAuthAll signs); ignored in a 1.0 request. */
  readonly deviceRequestInfo?: EncodedCbor;
  /** 1.1: the DeviceRequestInfo, read. */
  readonly requestInfo?: DeviceRequestInfo;
  /** 1.1: the readerAuthAll signatures as decoded; ignored in a 1.0 request. */
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
  if (typeof version !== 'string' || !/^1\.\d+$/.test(version)) bad('version is not "1.x"');
  // deviceRequestInfo and readerAuthAll are 1.1 keys: in a 1.0 request they mean nothing and are
  // ignored, like any other unknown key, so a 1.0 request is never authenticated by readerAuthAll
  const v11 = version !== '1.0';
  const info = v11 ? decoded.get('deviceRequestInfo') : undefined;
  const all = v11 ? decoded.get('readerAuthAll') : undefined;
  if (!Array.isArray(docRequests) || docRequests.length === 0) bad('docRequests is not a non-empty array');
  if (info !== undefined && !(info instanceof EncodedCbor)) bad('deviceRequestInfo is not #6.24(bstr)');
  if (all !== undefined && (!Array.isArray(all) || all.length === 0)) bad('readerAuthAll is not a non-empty array');
  const docs = (docRequests as unknown[]).map((d, i): ParsedDocRequest => {
    const at = `docRequests[${i}]`;
    if (!(d instanceof Map) || !(d.get('itemsRequest') instanceof EncodedCbor)) return bad(`${at} has no #6.24 itemsRequest`);
    const itemsRequest = d.get('itemsRequest') as EncodedCbor;
    let items: unknown;
    try {
      items = itemsRequest.decode({ limits: { maxDepth: 8 } });
    } catch (cause) {
      return bad(`${at} itemsRequest is not well-formed CBOR`, cause);
    }
    if (!(items instanceof Map) || typeof items.get('docType') !== 'string' || !(items.get('nameSpaces') instanceof Map)) return bad(`${at} itemsRequest has no docType and nameSpaces`);
    const requestInfo = items.get('requestInfo');
    const docRequestInfo = requestInfo === undefined || !v11 ? undefined : readDocRequestInfo(requestInfo, at);
    const readerAuth = d.get('readerAuth');
    return {
      itemsRequest,
      docType: items.get('docType') as string,
      ...(readerAuth === undefined ? {} : { readerAuth }),
      ...(docRequestInfo === undefined || Object.keys(docRequestInfo).length === 0 ? {} : { docRequestInfo }),
    };
  });
  let requestInfo: DeviceRequestInfo | undefined;
  if (info !== undefined) {
    let decodedInfo: unknown;
    try {
      decodedInfo = (info as EncodedCbor).decode({ limits: { maxDepth: 8 } });
    } catch (cause) {
      bad('deviceRequestInfo is not well-formed CBOR', cause);
    }
    requestInfo = readDeviceRequestInfo(decodedInfo, docs.length);
  }
  return {
    version: version as string,
    docRequests: docs,
    ...(info === undefined ? {} : { deviceRequestInfo: info as EncodedCbor, requestInfo: requestInfo! }),
    ...(all === undefined ? {} : { readerAuthAll: all as unknown[] }),
  };
}
