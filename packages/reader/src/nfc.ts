/**
 * The DeviceEngagement inside an NFC Handover Select message (ISO/IEC 18013-5 §8.2.2.1): an NDEF
 * record of TNF 4 (external type) `iso.org:18013:deviceengagement` whose payload is the
 * DeviceEngagement. Static and negotiated handover both end with such a message.
 *
 * @module
 */

import { parseDeviceEngagement, type DeviceEngagement } from './engagement.js';
import { ReaderError } from './errors.js';

/** One NDEF record (NFC Forum NDEF 1.0 §3.2). */
export interface NdefRecord {
  /** Type Name Format (3 bits). */
  readonly tnf: number;
  readonly type: string;
  readonly id: Uint8Array;
  readonly payload: Uint8Array;
}

const MAX_RECORDS = 32;
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
 * Reads the DeviceEngagement from an NFC Handover Select message (§8.2.2.1). The handover select
 * bytes themselves go into the SessionTranscript's NFCHandover.
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
  const record = parseNdefMessage(handoverSelect).find((r) => r.tnf === 4 && r.type === ENGAGEMENT_TYPE);
  if (record === undefined) bad('no DeviceEngagement record');
  return parseDeviceEngagement(record.payload.slice());
}
