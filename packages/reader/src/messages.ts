/**
 * Session messages (ISO/IEC 18013-5 §9.1.1.4).
 *
 * ```cddl
 * SessionEstablishment = { "eReaderKey": EReaderKeyBytes, "data": bstr }
 * SessionData = { ? "data": bstr, ? "status": uint }
 * ```
 *
 * @module
 */

import { coseKeyToPublicKey, decodeCbor, encodeCbor, EncodedCbor, type ImportedPublicKey } from '@uketori/mdoc';
import { ReaderError } from './errors.js';

/** SessionData status codes (§9.1.1.4, table 20). */
export const SessionStatus = {
  /** Error: session encryption. */
  encryptionError: 10,
  /** Error: CBOR decoding. */
  decodingError: 11,
  /** Session termination. */
  termination: 20,
} as const;

/** One of the {@link SessionStatus} codes. */
export type SessionStatusCode = (typeof SessionStatus)[keyof typeof SessionStatus];

/** Limits on a session message: a DeviceResponse with a portrait fits well within them. */
const MESSAGE_LIMITS = { maxBytes: 8 * 1024 * 1024, maxStringBytes: 8 * 1024 * 1024, maxDepth: 4, maxContainerEntries: 4, maxItems: 16 } as const;

function bad(what: string, message: string, cause?: unknown): never {
  throw new ReaderError('ERR_SESSION_STRUCTURE', `${what}: ${message}`, cause === undefined ? {} : { cause });
}

function decodeMap(bytes: Uint8Array, what: string): Map<unknown, unknown> {
  if (!(bytes instanceof Uint8Array)) bad(what, 'expected a Uint8Array');
  let decoded: unknown;
  try {
    decoded = decodeCbor(bytes, { limits: MESSAGE_LIMITS });
  } catch (cause) {
    bad(what, 'not well-formed CBOR within the message limits', cause);
  }
  if (!(decoded instanceof Map)) bad(what, 'not a map');
  return decoded;
}

/** A parsed SessionEstablishment. */
export interface SessionEstablishment {
  /** EReaderKeyBytes = #6.24(COSE_Key) as received (for the SessionTranscript). */
  readonly eReaderKeyBytes: Uint8Array;
  /** EReaderKey imported. */
  readonly eReaderKey: ImportedPublicKey;
  /** The encrypted DeviceRequest. */
  readonly data: Uint8Array;
}

/**
 * Encodes a SessionEstablishment (§9.1.1.4).
 *
 * @example
 * ```ts
 * const message = encodeSessionEstablishment(eReaderKey.keyBytes, cipher.encrypt(deviceRequest));
 * ```
 * @throws {ReaderError} `ERR_SESSION_STRUCTURE` when `eReaderKeyBytes` is not #6.24 bytes.
 */
export function encodeSessionEstablishment(eReaderKeyBytes: Uint8Array, data: Uint8Array): Uint8Array {
  const key = decodeCbor(eReaderKeyBytes);
  if (!(key instanceof EncodedCbor)) bad('SessionEstablishment', 'eReaderKey is not #6.24(bstr)');
  return encodeCbor(new Map<string, unknown>([['eReaderKey', key], ['data', data]]));
}

/**
 * Parses a SessionEstablishment (§9.1.1.4), as the holder receives it.
 *
 * @example
 * ```ts
 * const { eReaderKey, eReaderKeyBytes, data } = parseSessionEstablishment(message);
 * ```
 * @throws {ReaderError} `ERR_SESSION_STRUCTURE` for a malformed message or reader key.
 */
export function parseSessionEstablishment(bytes: Uint8Array): SessionEstablishment {
  const m = decodeMap(bytes, 'SessionEstablishment');
  const key = m.get('eReaderKey');
  const data = m.get('data');
  if (!(key instanceof EncodedCbor)) bad('SessionEstablishment', 'eReaderKey is not #6.24(bstr)');
  if (!(data instanceof Uint8Array)) bad('SessionEstablishment', 'data is not a byte string');
  let eReaderKey: ImportedPublicKey;
  try {
    eReaderKey = coseKeyToPublicKey(key.decode());
  } catch (cause) {
    bad('SessionEstablishment', 'eReaderKey is not a usable public COSE_Key', cause);
  }
  return { eReaderKeyBytes: key.bytesWithTag(), eReaderKey, data };
}

/** A SessionData message: encrypted data, a status, or both. */
export interface SessionData {
  readonly data?: Uint8Array;
  readonly status?: number;
}

/**
 * Encodes a SessionData (§9.1.1.4).
 *
 * @example
 * ```ts
 * const reply = encodeSessionData({ data: cipher.encrypt(deviceResponse) });
 * const end = encodeSessionData({ status: SessionStatus.termination });
 * ```
 * @throws {ReaderError} `ERR_SESSION_STRUCTURE` when it would carry neither data nor status.
 */
export function encodeSessionData(message: SessionData): Uint8Array {
  const m = new Map<string, unknown>();
  if (message.data !== undefined) m.set('data', message.data);
  if (message.status !== undefined) m.set('status', message.status);
  if (m.size === 0) bad('SessionData', 'carries neither data nor status');
  return encodeCbor(m);
}

/**
 * Parses a SessionData (§9.1.1.4).
 *
 * @example
 * ```ts
 * const { data, status } = parseSessionData(message);
 * ```
 * @throws {ReaderError} `ERR_SESSION_STRUCTURE` for a malformed message or one with neither
 *   data nor status.
 */
export function parseSessionData(bytes: Uint8Array): SessionData {
  const m = decodeMap(bytes, 'SessionData');
  const data = m.get('data');
  const status = m.get('status');
  if (data !== undefined && !(data instanceof Uint8Array)) bad('SessionData', 'data is not a byte string');
  if (status !== undefined && (typeof status !== 'number' || !Number.isSafeInteger(status) || status < 0)) bad('SessionData', 'status is not an unsigned integer');
  if (data === undefined && status === undefined) bad('SessionData', 'carries neither data nor status');
  return { ...(data === undefined ? {} : { data }), ...(status === undefined ? {} : { status }) };
}
