/**
 * NDEF messages (NFC Forum NDEF 1.0 §3.2) and the DeviceEngagement inside an NFC Handover Select
 * message (ISO/IEC 18013-5 §8.2.2.1): an NDEF record of TNF 4 (external type)
 * `iso.org:18013:deviceengagement` whose payload is the DeviceEngagement. Static and negotiated
 * handover both end with such a message; `handover.ts` reads the rest of it.
 *
 * @module
 */

import { UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import { parseDeviceEngagement, type DeviceEngagement } from './engagement.js';
import { ReaderError } from './errors.js';

/** One NDEF record (NFC Forum NDEF 1.0 §3.2). */
export interface NdefRecord {
  /** Type Name Format (3 bits): 1 well-known, 2 MIME media, 4 external. */
  readonly tnf: number;
  readonly type: string;
  readonly id: Uint8Array;
  readonly payload: Uint8Array;
}

/** Type Name Formats used by connection handover (NDEF 1.0 §3.2.6). */
export const Tnf = { wellKnown: 1, mimeMedia: 2, external: 4 } as const;

const MAX_RECORDS = 32;
const MAX_MESSAGE_BYTES = 64 * 1024;
const ENGAGEMENT_TYPE = 'iso.org:18013:deviceengagement';

function bad(message: string): never {
  throw new ReaderError('ERR_ENGAGEMENT_STRUCTURE', `NDEF message: ${message}`);
}

/**
 * Splits an NDEF message into its records (short and normal records; chunked records refused).
 *
 * @example
 * ```ts
 * const records = parseNdefMessage(handoverSelect);
 * records[0].type; // 'Hs'
 * ```
 * @throws {ReaderError} `ERR_ENGAGEMENT_STRUCTURE` for a truncated or malformed message.
 */
export function parseNdefMessage(message: Uint8Array): NdefRecord[] {
  if (!(message instanceof Uint8Array)) bad('expected a Uint8Array');
  if (message.length > MAX_MESSAGE_BYTES) bad('larger than 64 KiB');
  const records: NdefRecord[] = [];
  let at = 0;
  const take = (n: number): Uint8Array => {
    if (at + n > message.length) bad('truncated');
    const out = message.subarray(at, at + n);
    at += n;
    return out;
  };
  for (;;) {
    if (records.length === MAX_RECORDS) bad('too many records');
    const header = take(1)[0]!;
    // NDEF 1.0 §3.2.1: MB is set on the first record only.
    if (((header & 0x80) !== 0) !== (records.length === 0)) bad('message begin flag out of place');
    const typeLength = take(1)[0]!;
    const shortRecord = (header & 0x10) !== 0;
    const lengthBytes = take(shortRecord ? 1 : 4);
    const payloadLength = lengthBytes.reduce((acc, b) => acc * 256 + b, 0);
    const idLength = (header & 0x08) !== 0 ? take(1)[0]! : 0;
    if ((header & 0x20) !== 0) bad('chunked records are not supported');
    const type = Buffer.from(take(typeLength)).toString('latin1');
    const id = take(idLength);
    const payload = take(payloadLength);
    records.push({ tnf: header & 0x07, type, id, payload });
    if ((header & 0x40) !== 0) break; // ME: message end
  }
  if (at !== message.length) bad('bytes after the last record');
  return records;
}

/**
 * Encodes records as one NDEF message: MB on the first, ME on the last, the short form for
 * payloads under 256 bytes, and an ID field only when the record has an id (NDEF 1.0 §3.2).
 *
 * @example
 * ```ts
 * const message = encodeNdefMessage([{ tnf: Tnf.wellKnown, type: 'Hs', id: new Uint8Array(), payload }]);
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for a record that is not one.
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for no records, or a type or id over 255 bytes.
 */
export function encodeNdefMessage(records: readonly NdefRecord[]): Uint8Array {
  if (!Array.isArray(records) || records.length === 0) throw new UketoriRangeError('an NDEF message needs at least one record');
  const parts: Uint8Array[] = [];
  records.forEach((r, i) => {
    if (typeof r?.type !== 'string' || !(r.id instanceof Uint8Array) || !(r.payload instanceof Uint8Array) || !Number.isInteger(r.tnf) || r.tnf < 0 || r.tnf > 7) {
      throw new UketoriTypeError('an NDEF record needs tnf (0-7), type (string), id and payload (Uint8Array)');
    }
    const type = Buffer.from(r.type, 'latin1');
    if (type.length > 255 || r.id.length > 255) throw new UketoriRangeError('an NDEF record type and id are at most 255 bytes');
    const short = r.payload.length < 256;
    const header = (i === 0 ? 0x80 : 0) | (i === records.length - 1 ? 0x40 : 0) | (short ? 0x10 : 0) | (r.id.length > 0 ? 0x08 : 0) | r.tnf;
    const length = new Uint8Array(short ? 1 : 4);
    if (short) length[0] = r.payload.length;
    else new DataView(length.buffer).setUint32(0, r.payload.length);
    parts.push(Uint8Array.of(header, type.length), length, r.id.length > 0 ? Uint8Array.of(r.id.length) : new Uint8Array(), type, r.id, r.payload);
  });
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * Reads the DeviceEngagement from an NFC Handover Select message (§8.2.2.1). The handover select
 * bytes themselves go into the SessionTranscript's NFCHandover. `parseHandoverSelect` reads the
 * carriers too and pairs the message with a Handover Request (negotiated handover).
 *
 * @example
 * ```ts
 * const engagement = deviceEngagementFromHandoverSelect(hs);
 * const st = buildSessionTranscript({ deviceEngagementBytes: engagement.taggedBytes, eReaderKeyBytes, handover: { type: 'nfc', handoverSelect: hs } });
 * ```
 * @throws {ReaderError} `ERR_ENGAGEMENT_STRUCTURE` when the message is malformed or holds no
 *   DeviceEngagement record, and everything `parseDeviceEngagement` throws.
 */
export function deviceEngagementFromHandoverSelect(handoverSelect: Uint8Array): DeviceEngagement {
  const record = parseNdefMessage(handoverSelect).find((r) => r.tnf === Tnf.external && r.type === ENGAGEMENT_TYPE);
  if (record === undefined) bad('no DeviceEngagement record');
  return parseDeviceEngagement(record.payload.slice());
}
