/**
 * DeviceRequest 1.1 information (ISO/IEC 18013-5 2nd edition §8.3.2.1.2.1):
 * DeviceRequestInfo at the DeviceRequest level and DocRequestInfo in an ItemsRequest's
 * `requestInfo`.
 *
 * ```cddl
 * DeviceRequestInfoBytes = #6.24(bstr .cbor DeviceRequestInfo)
 * DeviceRequestInfo = { ? "useCases": [+ UseCase], * tstr => any }
 * UseCase = { "mandatory": bool, "documentSets": [+ DocumentSet], ? "purposeHints": { + tstr => int } }
 * DocumentSet = [+ DocRequestID]            ; DocRequestID = uint, an index into docRequests
 * DocRequestInfo = { ? "alternativeDataElements": [+ AlternativeDataElementsSet],
 *                    ? "issuerIdentifiers": [+ bstr], ? "uniqueDocSetRequired": bool,
 *                    ? "maximumResponseSize": uint, * tstr => any }
 * ```
 *
 * @module
 */

import { UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import { ReaderError } from './errors.js';

/** One use case: a set of documents the reader needs together (2nd edition). */
export interface UseCase {
  /** Whether the holder must satisfy this use case for the request to make sense. */
  readonly mandatory: boolean;
  /** Alternative sets of DocRequest indices; any one set satisfies the use case. */
  readonly documentSets: readonly (readonly number[])[];
  /** Purpose hints by purpose controller id (e.g. a registry URI) → purpose code. */
  readonly purposeHints?: Readonly<Record<string, number>>;
}

/** DeviceRequestInfo (DeviceRequest 1.1). */
export interface DeviceRequestInfo {
  readonly useCases?: readonly UseCase[];
}

/** DocRequestInfo (DeviceRequest 1.1): put in the ItemsRequest's `requestInfo`. */
export interface DocRequestInfo {
  /** The largest DeviceResponse the reader can take, in bytes. */
  readonly maximumResponseSize?: number;
  /** Issuer identifiers (e.g. IACA subject key identifiers) the reader accepts. */
  readonly issuerIdentifiers?: readonly Uint8Array[];
  /** Whether the documents must come from a single document set. */
  readonly uniqueDocSetRequired?: boolean;
}

/**
 * DeviceRequestInfo as a CBOR map, checked against the number of DocRequests.
 *
 * @throws {UketoriTypeError} / {UketoriRangeError} for malformed use cases or out-of-range indices.
 */
export function deviceRequestInfoMap(info: DeviceRequestInfo, docRequestCount: number): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (info.useCases === undefined) return out;
  if (!Array.isArray(info.useCases) || info.useCases.length === 0) throw new UketoriRangeError('"deviceRequestInfo.useCases" must be a non-empty array');
  out.set(
    'useCases',
    info.useCases.map((u) => {
      if (typeof u?.mandatory !== 'boolean' || !Array.isArray(u.documentSets) || u.documentSets.length === 0) {
        throw new UketoriTypeError('a use case is { mandatory: boolean, documentSets: [[docRequestIndex, …], …] }');
      }
      for (const set of u.documentSets) {
        if (!Array.isArray(set) || set.length === 0 || set.some((i) => !Number.isInteger(i) || i < 0 || i >= docRequestCount)) {
          throw new UketoriRangeError('a document set lists indices of the DocRequests of the request');
        }
      }
      const m = new Map<string, unknown>([['mandatory', u.mandatory], ['documentSets', u.documentSets.map((set: readonly number[]) => [...set])]]);
      if (u.purposeHints !== undefined) {
        const hints = Object.entries(u.purposeHints);
        if (hints.length === 0 || hints.some(([, code]) => !Number.isInteger(code))) throw new UketoriTypeError('"purposeHints" maps controller ids to integer purpose codes');
        m.set('purposeHints', new Map(hints));
      }
      return m;
    }),
  );
  return out;
}

/**
 * DocRequestInfo as a CBOR map (empty when nothing is set).
 *
 * @throws {UketoriTypeError} for values of the wrong type.
 */
export function docRequestInfoMap(info: DocRequestInfo): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (info.issuerIdentifiers !== undefined) {
    if (!Array.isArray(info.issuerIdentifiers) || info.issuerIdentifiers.length === 0 || !info.issuerIdentifiers.every((i) => i instanceof Uint8Array)) {
      throw new UketoriTypeError('"issuerIdentifiers" must be a non-empty array of Uint8Array');
    }
    out.set('issuerIdentifiers', [...info.issuerIdentifiers]);
  }
  if (info.uniqueDocSetRequired !== undefined) {
    if (typeof info.uniqueDocSetRequired !== 'boolean') throw new UketoriTypeError('"uniqueDocSetRequired" must be a boolean');
    out.set('uniqueDocSetRequired', info.uniqueDocSetRequired);
  }
  if (info.maximumResponseSize !== undefined) {
    if (!Number.isSafeInteger(info.maximumResponseSize) || info.maximumResponseSize <= 0) throw new UketoriTypeError('"maximumResponseSize" must be a positive integer');
    out.set('maximumResponseSize', info.maximumResponseSize);
  }
  return out;
}

function bad(message: string): never {
  throw new ReaderError('ERR_DEVICE_REQUEST_STRUCTURE', `DeviceRequest: ${message}`);
}

/**
 * Reads a decoded DeviceRequestInfo, checking each use case against the DocRequests.
 *
 * @throws {ReaderError} `ERR_DEVICE_REQUEST_STRUCTURE` when it is malformed.
 */
export function readDeviceRequestInfo(value: unknown, docRequestCount: number): DeviceRequestInfo {
  if (!(value instanceof Map)) bad('deviceRequestInfo is not a map');
  const useCases = value.get('useCases');
  if (useCases === undefined) return {};
  if (!Array.isArray(useCases) || useCases.length === 0) bad('deviceRequestInfo useCases is not a non-empty array');
  return {
    useCases: useCases.map((u: unknown, i: number) => {
      if (!(u instanceof Map)) bad(`useCases[${i}] is not a map`);
      const mandatory = u.get('mandatory');
      const sets = u.get('documentSets');
      const hints = u.get('purposeHints');
      if (typeof mandatory !== 'boolean') bad(`useCases[${i}] mandatory is not a boolean`);
      if (!Array.isArray(sets) || sets.length === 0) bad(`useCases[${i}] documentSets is not a non-empty array`);
      for (const set of sets) {
        if (!Array.isArray(set) || set.length === 0 || set.some((d) => !Number.isInteger(d) || d < 0 || d >= docRequestCount)) {
          bad(`useCases[${i}] has a document set that names no DocRequest`);
        }
      }
      if (hints !== undefined && (!(hints instanceof Map) || [...hints].some(([k, v]) => typeof k !== 'string' || !Number.isInteger(v)))) {
        bad(`useCases[${i}] purposeHints is not a map of text to integers`);
      }
      return {
        mandatory,
        documentSets: sets as number[][],
        ...(hints === undefined ? {} : { purposeHints: Object.fromEntries(hints as Map<string, number>) }),
      };
    }),
  };
}

/**
 * Reads the DocRequestInfo fields uketori knows from an ItemsRequest's `requestInfo`.
 *
 * @throws {ReaderError} `ERR_DEVICE_REQUEST_STRUCTURE` when a known field has the wrong type.
 */
export function readDocRequestInfo(value: unknown, at: string): DocRequestInfo {
  if (!(value instanceof Map)) bad(`${at} requestInfo is not a map`);
  const ids = value.get('issuerIdentifiers');
  const unique = value.get('uniqueDocSetRequired');
  const max = value.get('maximumResponseSize');
  if (ids !== undefined && (!Array.isArray(ids) || !ids.every((i) => i instanceof Uint8Array))) bad(`${at} issuerIdentifiers is not a list of byte strings`);
  if (unique !== undefined && typeof unique !== 'boolean') bad(`${at} uniqueDocSetRequired is not a boolean`);
  if (max !== undefined && (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 0)) bad(`${at} maximumResponseSize is not an unsigned integer`);
  return {
    ...(ids === undefined ? {} : { issuerIdentifiers: ids as Uint8Array[] }),
    ...(unique === undefined ? {} : { uniqueDocSetRequired: unique }),
    ...(max === undefined ? {} : { maximumResponseSize: max }),
  };
}
