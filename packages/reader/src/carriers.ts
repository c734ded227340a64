/**
 * Alternative carriers of NFC connection handover (ISO/IEC 18013-5 §8.2.2.1, NFC Forum Connection
 * Handover 1.5): the carrier configuration records a Handover Request or Select message carries,
 * and the Alternative Carrier records that point at them.
 *
 * - Bluetooth LE: MIME record `application/vnd.bluetooth.le.oob`, id `0` by convention, payload the
 *   LE OOB advertising data (Bluetooth Core Supplement Part A §1): LE Bluetooth Device Address
 *   (0x1B), LE Role (0x1C), Complete List of 128-bit Service UUIDs (0x07, little-endian).
 * - NFC: external record `iso.org:18013:nfc`, id `nfc`, payload version 0x01 then the maximum
 *   command (type 0x01) and response (type 0x02) data field lengths as [length, type, value].
 * - Anything else (Wi-Fi Aware `application/vnd.wfa.nan`, …) is kept as its record.
 *
 * The LE Role describes the device that sent the record: in a Handover Request the reader, in a
 * Handover Select the mdoc. uketori always speaks of the mdoc's modes (as DeviceEngagement
 * BleOptions do, §8.2.2.3) and converts.
 *
 * @module
 */

import { UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import { ReaderError } from './errors.js';
import { Tnf, type NdefRecord } from './nfc.js';

/** A Bluetooth LE carrier, in the mdoc's terms. */
export interface BleCarrier {
  readonly type: 'ble';
  /** The mdoc can act as central client (the reader advertises the UUID). */
  readonly centralClientMode: boolean;
  /** The mdoc can act as peripheral server (the mdoc advertises the UUID). */
  readonly peripheralServerMode: boolean;
  /** With both modes: the one the sender prefers. Default `central-client`. */
  readonly preferred?: 'central-client' | 'peripheral-server';
  /** The service UUID, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. A Handover Select may leave it to the request's. */
  readonly uuid?: string;
  /** The LE Bluetooth Device Address AD value as sent (6 address bytes and, usually, 1 address-type byte). */
  readonly deviceAddress?: Uint8Array;
  /** Every other AD structure of the OOB data (e.g. an L2CAP PSM), in order, kept as received and written back. */
  readonly otherAdStructures?: readonly { readonly type: number; readonly value: Uint8Array }[];
}

/** An NFC carrier (data retrieval over NFC, §8.2.2.2). */
export interface NfcCarrier {
  readonly type: 'nfc';
  readonly maxCommandDataLength?: number;
  readonly maxResponseDataLength?: number;
}

/** Any other carrier, as its configuration record (e.g. Wi-Fi Aware). */
export interface OtherCarrier {
  readonly type: 'other';
  readonly record: NdefRecord;
}

/** One alternative carrier. */
export type Carrier = BleCarrier | NfcCarrier | OtherCarrier;

/** Who sent a handover message: the reader (Handover Request) or the mdoc (Handover Select). */
export type HandoverSender = 'reader' | 'mdoc';

/** Carrier Power State of an Alternative Carrier record (Connection Handover §6.3.1). */
export type CarrierPowerState = 'inactive' | 'active' | 'activating' | 'unknown';
const POWER_STATES: readonly CarrierPowerState[] = ['inactive', 'active', 'activating', 'unknown'];

/** An Alternative Carrier record (Connection Handover §6.3). */
export interface AlternativeCarrier {
  readonly powerState: CarrierPowerState;
  /** The id of the carrier configuration record it points at. */
  readonly carrierDataReference: string;
  /** Ids of auxiliary records (in a Handover Select, `mdoc`: the DeviceEngagement record). */
  readonly auxiliaryDataReferences: readonly string[];
}

export const BLE_OOB_TYPE = 'application/vnd.bluetooth.le.oob';
export const NFC_CARRIER_TYPE = 'iso.org:18013:nfc';
export const WIFI_AWARE_TYPE = 'application/vnd.wfa.nan';

const AD_UUIDS_128 = 0x07;
const AD_DEVICE_ADDRESS = 0x1b;
const AD_LE_ROLE = 0x1c;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function bad(message: string): never {
  throw new ReaderError('ERR_ENGAGEMENT_STRUCTURE', `handover carrier: ${message}`);
}

const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

// LE Role values (Core Supplement Part A §1.17): 0 peripheral only, 1 central only,
// 2 both with peripheral preferred, 3 both with central preferred — of the sending device.
function leRole(c: BleCarrier, sender: HandoverSender): number {
  const both = c.centralClientMode && c.peripheralServerMode;
  const mdocCentral = both ? (c.preferred ?? 'central-client') === 'central-client' : c.centralClientMode;
  if (sender === 'mdoc') return both ? (mdocCentral ? 3 : 2) : mdocCentral ? 1 : 0;
  // The reader takes the other role: it is peripheral when the mdoc is central.
  return both ? (mdocCentral ? 2 : 3) : mdocCentral ? 0 : 1;
}

function modesFromRole(role: number, sender: HandoverSender): Pick<BleCarrier, 'centralClientMode' | 'peripheralServerMode' | 'preferred'> {
  if (role > 3) bad(`LE Role ${role} is reserved`);
  const senderCentralPreferred = role === 1 || role === 3;
  const mdocCentral = sender === 'mdoc' ? senderCentralPreferred : !senderCentralPreferred;
  if (role >= 2) return { centralClientMode: true, peripheralServerMode: true, preferred: mdocCentral ? 'central-client' : 'peripheral-server' };
  return { centralClientMode: mdocCentral, peripheralServerMode: !mdocCentral };
}

function ad(type: number, value: Uint8Array): Uint8Array {
  return Uint8Array.of(value.length + 1, type, ...value);
}

/** Little-endian UUID bytes for the 128-bit service UUID list. */
function uuidBytes(uuid: string): Uint8Array {
  return new Uint8Array(Buffer.from(uuid.replace(/-/g, ''), 'hex').reverse());
}

function uuidText(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).reverse().toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The carrier configuration record for `carrier`, as `sender` writes it, with record id `id`.
 *
 * @throws {UketoriTypeError} / {UketoriRangeError} for a carrier that cannot be encoded.
 */
export function carrierRecord(carrier: Carrier, sender: HandoverSender, id: string): NdefRecord {
  if (carrier?.type === 'other') {
    if (typeof carrier.record?.type !== 'string') throw new UketoriTypeError('an "other" carrier needs its NDEF record');
    return carrier.record;
  }
  if (carrier?.type === 'nfc') {
    const parts = [0x01]; // carrier configuration version
    for (const [type, value] of [[0x01, carrier.maxCommandDataLength], [0x02, carrier.maxResponseDataLength]] as const) {
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value < 1 || value > 0xffffff) throw new UketoriRangeError('NFC data field lengths must be integers from 1 to 2^24-1');
      const bytes = value <= 0xff ? [value] : value <= 0xffff ? [value >> 8, value & 0xff] : [value >> 16, (value >> 8) & 0xff, value & 0xff];
      parts.push(bytes.length + 1, type, ...bytes);
    }
    return { tnf: Tnf.external, type: NFC_CARRIER_TYPE, id: ascii(id), payload: Uint8Array.from(parts) };
  }
  if (carrier?.type !== 'ble') throw new UketoriTypeError('a carrier is { type: "ble" | "nfc" | "other", … }');
  if (!carrier.centralClientMode && !carrier.peripheralServerMode) throw new UketoriRangeError('a BLE carrier needs central client or peripheral server mode');
  if (carrier.uuid !== undefined && !UUID.test(carrier.uuid)) throw new UketoriTypeError('a BLE carrier UUID is "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"');
  const parts: Uint8Array[] = [];
  if (carrier.deviceAddress !== undefined) {
    if (!(carrier.deviceAddress instanceof Uint8Array) || carrier.deviceAddress.length < 6 || carrier.deviceAddress.length > 7) {
      throw new UketoriTypeError('a BLE device address is 6 bytes (7 with the address type)');
    }
    parts.push(ad(AD_DEVICE_ADDRESS, carrier.deviceAddress));
  }
  parts.push(ad(AD_LE_ROLE, Uint8Array.of(leRole(carrier, sender))));
  if (carrier.uuid !== undefined) parts.push(ad(AD_UUIDS_128, uuidBytes(carrier.uuid)));
  for (const other of carrier.otherAdStructures ?? []) {
    if (!Number.isInteger(other?.type) || other.type < 0 || other.type > 0xff || [AD_UUIDS_128, AD_DEVICE_ADDRESS, AD_LE_ROLE].includes(other.type)) {
      throw new UketoriRangeError('"otherAdStructures" have an AD type from 0 to 255 other than 0x07, 0x1B and 0x1C');
    }
    if (!(other.value instanceof Uint8Array) || other.value.length > 0xfe) throw new UketoriTypeError('an AD structure value is a Uint8Array of at most 254 bytes');
    parts.push(ad(other.type, other.value));
  }
  return { tnf: Tnf.mimeMedia, type: BLE_OOB_TYPE, id: ascii(id), payload: new Uint8Array(Buffer.concat(parts)) };
}

function readBle(payload: Uint8Array, sender: HandoverSender): BleCarrier {
  let role: number | undefined;
  let uuid: string | undefined;
  let deviceAddress: Uint8Array | undefined;
  const others: { type: number; value: Uint8Array }[] = [];
  for (let at = 0; at < payload.length; ) {
    const length = payload[at]!;
    if (length === 0) break; // zero padding ends the AD structures
    if (at + 1 + length > payload.length) bad('BLE OOB data is truncated');
    const type = payload[at + 1]!;
    const value = payload.subarray(at + 2, at + 1 + length);
    at += 1 + length;
    if (type === AD_LE_ROLE) {
      if (role !== undefined || value.length !== 1) bad('BLE OOB data has a malformed or repeated LE Role');
      role = value[0]!;
    } else if (type === AD_UUIDS_128) {
      if (uuid !== undefined || value.length !== 16) bad('BLE OOB data has other than one 128-bit service UUID');
      uuid = uuidText(value);
    } else if (type === AD_DEVICE_ADDRESS) {
      if (deviceAddress !== undefined || value.length < 6 || value.length > 7) bad('BLE OOB data has a malformed LE device address');
      deviceAddress = value.slice();
    } else {
      others.push({ type, value: value.slice() });
    }
  }
  if (role === undefined) bad('BLE OOB data has no LE Role');
  return {
    type: 'ble',
    ...modesFromRole(role, sender),
    ...(uuid === undefined ? {} : { uuid }),
    ...(deviceAddress === undefined ? {} : { deviceAddress }),
    ...(others.length === 0 ? {} : { otherAdStructures: others }),
  };
}

function readNfc(payload: Uint8Array): NfcCarrier {
  if (payload[0] !== 0x01) bad('NFC carrier configuration is not version 1');
  const out: { maxCommandDataLength?: number; maxResponseDataLength?: number } = {};
  for (let at = 1; at < payload.length; ) {
    const length = payload[at]!;
    if (length < 2 || length > 4 || at + 1 + length > payload.length) bad('NFC carrier configuration is malformed');
    const type = payload[at + 1]!;
    const value = payload.subarray(at + 2, at + 1 + length).reduce((acc, b) => acc * 256 + b, 0);
    if (type === 0x01) out.maxCommandDataLength = value;
    else if (type === 0x02) out.maxResponseDataLength = value;
    at += 1 + length;
  }
  return { type: 'nfc', ...out };
}

/**
 * Reads a carrier configuration record as `sender` wrote it.
 *
 * @throws {ReaderError} `ERR_ENGAGEMENT_STRUCTURE` for a malformed BLE or NFC record.
 */
export function readCarrier(record: NdefRecord, sender: HandoverSender): Carrier {
  if (record.tnf === Tnf.mimeMedia && record.type === BLE_OOB_TYPE) return readBle(record.payload, sender);
  if (record.tnf === Tnf.external && record.type === NFC_CARRIER_TYPE) return readNfc(record.payload);
  return { type: 'other', record };
}

/** Encodes an Alternative Carrier record's payload (Connection Handover §6.3.2). */
export function encodeAlternativeCarrier(ac: AlternativeCarrier): Uint8Array {
  const refs = [ac.carrierDataReference, ...ac.auxiliaryDataReferences].map(ascii);
  if (refs.some((r) => r.length === 0 || r.length > 255) || refs.length > 256) throw new UketoriRangeError('carrier references are 1 to 255 bytes');
  const [carrierRef, ...aux] = refs;
  return new Uint8Array(Buffer.concat([Uint8Array.of(POWER_STATES.indexOf(ac.powerState), carrierRef!.length), carrierRef!, Uint8Array.of(aux.length), ...aux.flatMap((r) => [Uint8Array.of(r.length), r])]));
}

/**
 * Reads an Alternative Carrier record's payload.
 *
 * @throws {ReaderError} `ERR_ENGAGEMENT_STRUCTURE` when it is truncated.
 */
export function readAlternativeCarrier(payload: Uint8Array): AlternativeCarrier {
  let at = 0;
  const take = (n: number) => {
    if (at + n > payload.length) bad('Alternative Carrier record is truncated');
    const out = payload.subarray(at, at + n);
    at += n;
    return out;
  };
  const powerState = POWER_STATES[take(1)[0]! & 0x03]!;
  const ref = () => Buffer.from(take(take(1)[0]!)).toString('latin1');
  const carrierDataReference = ref();
  if (carrierDataReference.length === 0) bad('Alternative Carrier record has an empty carrier data reference');
  const count = take(1)[0]!;
  const auxiliaryDataReferences = Array.from({ length: count }, ref);
  return { powerState, carrierDataReference, auxiliaryDataReferences };
}
