/**
 * `verifyDeviceResponse`: the whole ISO/IEC 18013-5 §9.3 verification of a DeviceResponse.
 *
 * @module
 */

import { createPrivateKey, type KeyObject } from 'node:crypto';
import { decodeCbor, type CborDecodeOptions } from '../cbor/decode.js';
import { EncodedCbor } from '../cbor/types.js';
import { UketoriTypeError } from '../errors.js';
import { Checker } from './checker.js';
import { asMap, optionalArray, structureError, text } from './structure.js';
import type { DocumentError, VerifiedDeviceResponse, VerifiedDocument, VerifyDeviceResponseOptions } from './types.js';
import { verifyDocument } from './verify-document.js';

const DEFAULT_SKEW_SECONDS = 30;

/** DeviceResponse status codes (§8.3.2.1.2.3). */
const STATUS_TEXT: Record<number, string> = {
  0: 'OK',
  10: 'general error',
  11: 'CBOR decoding error',
  12: 'CBOR validation error',
};

/**
 * Verifies every document of a DeviceResponse (ISO/IEC 18013-5 §9.3): the DS certificate chain
 * to a trusted IACA (and its CRL, when configured), the issuerAuth signature, the MSO docType,
 * validity and digest algorithm, each element's digest over its received bytes, the device
 * signature or MAC over the caller's SessionTranscript, and key authorizations for device-signed
 * elements. Only elements that passed come out.
 *
 * @example
 * ```ts
 * import { createTrustStore, verifyDeviceResponse } from '@uketori/mdoc';
 *
 * const trust = createTrustStore({ anchors: [iacaPem] });
 * const result = await verifyDeviceResponse(responseBytes, { trust, sessionTranscript });
 * const name = result.documents[0]?.issuerSigned['org.iso.23220.1.jp']?.['full_name_unicode'];
 * ```
 * @throws {CborError} `ERR_CBOR_*` when the bytes are not well-formed CBOR within the limits.
 * @throws {VerificationError} `ERR_<CHECK>` for the first failed check, e.g. `ERR_DS_CHAIN`,
 *   `ERR_ISSUER_SIGNATURE`, `ERR_VALUE_DIGEST`, `ERR_MSO_VALIDITY`, `ERR_DEVICE_AUTH`,
 *   `ERR_DEVICE_RESPONSE_STATUS`, `ERR_DEVICE_RESPONSE_STRUCTURE`.
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for missing or mistyped options.
 */
export async function verifyDeviceResponse(bytes: Uint8Array, options: VerifyDeviceResponseOptions): Promise<VerifiedDeviceResponse> {
  if (!(bytes instanceof Uint8Array)) throw new UketoriTypeError('"bytes" must be a Uint8Array');
  if (options === null || typeof options !== 'object') throw new UketoriTypeError('"options" must be an object');
  if (options.trust === undefined || typeof options.trust.validateDocumentSigner !== 'function') {
    throw new UketoriTypeError('"options.trust" must be a TrustStore (see createTrustStore)');
  }
  if (!(options.sessionTranscript instanceof Uint8Array)) throw new UketoriTypeError('"options.sessionTranscript" must be a Uint8Array');
  const now = options.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new UketoriTypeError('"options.now" must be a valid Date');
  const skew = options.clockSkewSeconds ?? DEFAULT_SKEW_SECONDS;
  if (typeof skew !== 'number' || !(skew >= 0)) throw new UketoriTypeError('"options.clockSkewSeconds" must be a non-negative number');

  const checker = new Checker(options.onCheck);
  const decode: CborDecodeOptions = options.limits === undefined ? {} : { limits: options.limits };

  let response: Map<unknown, unknown>;
  let sessionTranscript: Uint8Array;
  try {
    response = asMap(decodeCbor(bytes, decode), 'DeviceResponse');
    sessionTranscript = transcriptBytes(options.sessionTranscript, decode);
  } catch (err) {
    throw checker.failed('DEVICE_RESPONSE_STRUCTURE', undefined, err);
  }
  const readerKey = importReaderKey(options.readerKey);

  let version: string;
  let status: unknown;
  let documents: unknown[];
  let documentErrors: DocumentError[];
  try {
    version = text(response, 'version', 'DeviceResponse');
    if (!/^1\.\d+$/.test(version)) structureError('DeviceResponse.version', 'unsupported major version');
    status = response.get('status');
    if (typeof status !== 'number' || !Number.isInteger(status)) structureError('DeviceResponse.status', 'expected an unsigned integer');
    documents = optionalArray(response, 'documents', 'DeviceResponse') ?? [];
    documentErrors = parseDocumentErrors(response.get('documentErrors'));
  } catch (err) {
    throw checker.failed('DEVICE_RESPONSE_STRUCTURE', undefined, err);
  }
  checker.pass('DEVICE_RESPONSE_STRUCTURE', undefined, `${documents.length} documents`);

  // §8.3.2.1.2.3: any status other than 0 means the holder's device reported an error.
  if (status !== 0) {
    throw checker.fail('DEVICE_RESPONSE_STATUS', undefined, `DeviceResponse status ${status} (${STATUS_TEXT[status] ?? 'unknown'})`);
  }
  // A response must carry documents, or say which it could not return.
  if (documents.length === 0 && documentErrors.length === 0) {
    throw checker.fail('DEVICE_RESPONSE_STATUS', undefined, 'DeviceResponse holds no documents and no documentErrors');
  }
  checker.pass('DEVICE_RESPONSE_STATUS');
  if (documentErrors.length > 0) checker.pass('DOCUMENT_ERRORS', undefined, `${documentErrors.length} documents not returned`);

  const ctx = { trust: options.trust, sessionTranscript, readerKey, now, skewMs: skew * 1000, decode, checker };
  const verified: VerifiedDocument[] = [];
  for (let i = 0; i < documents.length; i++) verified.push(await verifyDocument(documents[i], i, ctx));

  return { version, status, documents: verified, documentErrors, checks: checker.results };
}

/** Accepts the SessionTranscript array or SessionTranscriptBytes (#6.24) and returns the array's bytes. */
function transcriptBytes(input: Uint8Array, decode: CborDecodeOptions): Uint8Array {
  const decoded = decodeCbor(input, decode);
  if (decoded instanceof EncodedCbor) {
    if (!Array.isArray(decoded.decode(decode))) structureError('sessionTranscript', 'expected a CBOR array');
    return decoded.bytes;
  }
  if (!Array.isArray(decoded)) structureError('sessionTranscript', 'expected a CBOR array');
  return input;
}

function importReaderKey(key: VerifyDeviceResponseOptions['readerKey']): KeyObject | undefined {
  if (key === undefined) return undefined;
  if (typeof key === 'object' && key !== null && 'type' in key && (key as KeyObject).type === 'private') return key as KeyObject;
  try {
    return createPrivateKey({ key: key as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch (cause) {
    throw new UketoriTypeError('"options.readerKey" must be a private KeyObject or a private JWK', 'ERR_INVALID_ARG_TYPE', { cause });
  }
}

function parseDocumentErrors(value: unknown): DocumentError[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: DocumentError[] = [];
  for (const entry of list) {
    for (const [docType, code] of asMap(entry, 'DeviceResponse.documentErrors')) {
      if (typeof docType !== 'string' || typeof code !== 'number') structureError('DeviceResponse.documentErrors', 'expected docType → error code');
      out.push({ docType, code });
    }
  }
  return out;
}

