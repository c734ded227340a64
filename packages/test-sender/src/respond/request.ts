/**
 * What the reader asks for: a DeviceRequest (ISO/IEC 18013-5 §8.3.2.1.2.1) or a plain list.
 *
 * @module
 */

import { decodeCbor, embedCbor, encodeCbor, EncodedCbor, UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';

/** A document request in plain form: element identifiers per namespace. */
export interface DocumentRequest {
  readonly docType: string;
  readonly nameSpaces: Readonly<Record<string, readonly string[]>>;
}

/** A request as the sender works with it, in request order. */
export interface ParsedDocumentRequest {
  readonly docType: string;
  readonly nameSpaces: ReadonlyMap<string, readonly string[]>;
}

function invalid(message: string, cause?: unknown): never {
  throw new UketoriRangeError(`invalid DeviceRequest: ${message}`, 'ERR_INVALID_ARG_VALUE', cause === undefined ? {} : { cause });
}

function parseItemsRequest(value: unknown, index: number): ParsedDocumentRequest {
  if (!(value instanceof Map)) invalid(`docRequests[${index}] is not a map`);
  const items = value.get('itemsRequest');
  if (!(items instanceof EncodedCbor)) invalid(`docRequests[${index}].itemsRequest is not #6.24(bstr)`);
  let decoded: unknown;
  try {
    decoded = items.decode();
  } catch (cause) {
    invalid(`docRequests[${index}].itemsRequest does not decode`, cause);
  }
  // ItemsRequest = { "docType": DocType, "nameSpaces": NameSpaces, ? "requestInfo": RequestInfo }
  if (!(decoded instanceof Map)) invalid(`docRequests[${index}].itemsRequest is not a map`);
  const docType = decoded.get('docType');
  const nameSpaces = decoded.get('nameSpaces');
  if (typeof docType !== 'string') invalid(`docRequests[${index}] has no docType`);
  if (!(nameSpaces instanceof Map)) invalid(`docRequests[${index}] has no nameSpaces map`);
  const out = new Map<string, string[]>();
  for (const [ns, elements] of nameSpaces) {
    // DataElements = { + DataElementIdentifier => IntentToRetain }
    if (typeof ns !== 'string' || !(elements instanceof Map)) invalid(`docRequests[${index}] has a malformed namespace`);
    const ids = [...elements.keys()];
    if (ids.some((id) => typeof id !== 'string')) invalid(`docRequests[${index}] has a non-text element identifier`);
    out.set(ns, ids as string[]);
  }
  return { docType, nameSpaces: out };
}

function parsePlain(list: readonly DocumentRequest[]): ParsedDocumentRequest[] {
  return list.map((r, i) => {
    if (r === null || typeof r !== 'object' || typeof r.docType !== 'string') throw new UketoriTypeError(`request[${i}].docType must be a string`);
    if (r.nameSpaces === null || typeof r.nameSpaces !== 'object') throw new UketoriTypeError(`request[${i}].nameSpaces must be an object`);
    const nameSpaces = new Map<string, string[]>();
    for (const [ns, ids] of Object.entries(r.nameSpaces)) {
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
        throw new UketoriTypeError(`request[${i}].nameSpaces[${JSON.stringify(ns)}] must be an array of strings`);
      }
      nameSpaces.set(ns, [...ids]);
    }
    return { docType: r.docType, nameSpaces };
  });
}

/**
 * Reads the document requests out of an encoded DeviceRequest or a plain list. readerAuth, when
 * present, is ignored: the test sender answers any reader.
 *
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for a DeviceRequest that is not well-formed.
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for a malformed plain list.
 */
export function parseRequest(request: Uint8Array | readonly DocumentRequest[]): ParsedDocumentRequest[] {
  if (Array.isArray(request)) return parsePlain(request);
  if (!(request instanceof Uint8Array)) throw new UketoriTypeError('request must be DeviceRequest bytes or a list of document requests');
  let decoded: unknown;
  try {
    decoded = decodeCbor(request);
  } catch (cause) {
    invalid('not well-formed CBOR', cause);
  }
  // DeviceRequest = { "version": tstr, "docRequests": [+ DocRequest] }
  if (!(decoded instanceof Map)) invalid('not a map');
  if (typeof decoded.get('version') !== 'string') invalid('version is missing');
  const docRequests = decoded.get('docRequests');
  if (!Array.isArray(docRequests) || docRequests.length === 0) invalid('docRequests is missing or empty');
  return docRequests.map(parseItemsRequest);
}

/**
 * Encodes a DeviceRequest (version "1.0", no readerAuth) for the given document requests, for
 * tests and demos. Real readers build theirs with `@uketori/reader`.
 *
 * @example
 * ```ts
 * const request = createTestDeviceRequest([
 *   { docType: 'org.iso.23220.1.jp.mnc', nameSpaces: { 'org.iso.23220.1': ['age_over_20'] } },
 * ]);
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for a malformed list.
 */
export function createTestDeviceRequest(documents: readonly DocumentRequest[], options: { readonly intentToRetain?: boolean } = {}): Uint8Array {
  const retain = options.intentToRetain ?? false;
  const docRequests = parsePlain(documents).map((d) => {
    const nameSpaces = new Map([...d.nameSpaces].map(([ns, ids]) => [ns, new Map(ids.map((id) => [id, retain]))]));
    return new Map([['itemsRequest', embedCbor(new Map<string, unknown>([['docType', d.docType], ['nameSpaces', nameSpaces]]))]]);
  });
  return encodeCbor(new Map<string, unknown>([['version', '1.0'], ['docRequests', docRequests]]));
}
