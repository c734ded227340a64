/**
 * NFC connection handover for device engagement (ISO/IEC 18013-5 §8.2.2.1, NFC Forum Connection
 * Handover 1.5).
 *
 * - **Static handover**: the mdoc's NFC tag holds a Handover Select message; the reader reads it.
 * - **Negotiated handover**: the reader writes a Handover Request message (its `Hr` record with a
 *   Collision Resolution record and one Alternative Carrier record per carrier it offers, then the
 *   carrier configuration records) and reads the Handover Select the mdoc answers with.
 *
 * Either way the Handover Select ends with the DeviceEngagement record (`iso.org:18013:
 * deviceengagement`, id `mdoc`), and the SessionTranscript's NFCHandover is
 * `[HandoverSelect, HandoverRequest / null]`, both as the bytes exchanged (§9.1.5.1).
 *
 * ```text
 * Handover Request = Hr(version 0x15, [cr(random), ac…]) carrier-record…
 * Handover Select  = Hs(version 0x15, [ac…(aux "mdoc")]) carrier-record… DeviceEngagement-record
 * ```
 *
 * @module
 */

import { randomInt } from 'node:crypto';
import { UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import {
  carrierRecord,
  encodeAlternativeCarrier,
  readAlternativeCarrier,
  readCarrier,
  WIFI_AWARE_TYPE,
  type AlternativeCarrier,
  type Carrier,
  type CarrierPowerState,
  type HandoverSender,
} from './carriers.js';
import { parseDeviceEngagement, type DeviceEngagement, type RetrievalMethod } from './engagement.js';
import { ReaderError } from './errors.js';
import { encodeNdefMessage, parseNdefMessage, Tnf, type NdefRecord } from './nfc.js';
import type { Handover } from './transcript.js';

/** Connection Handover version written: 1.5. */
const VERSION = 0x15;
const ENGAGEMENT_TYPE = 'iso.org:18013:deviceengagement';
const ENGAGEMENT_ID = 'mdoc';
const DEFAULT_IDS: Record<'ble' | 'nfc', string> = { ble: '0', nfc: 'nfc' };
const none = new Uint8Array();
const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** One offered or selected carrier: its Alternative Carrier record and configuration. */
export interface HandoverCarrier {
  /** The carrier configuration record's id (the Alternative Carrier's carrier data reference). */
  readonly id: string;
  readonly powerState: CarrierPowerState;
  readonly auxiliaryDataReferences: readonly string[];
  readonly carrier: Carrier;
}

/** A Handover Request message (negotiated handover). */
export interface HandoverRequest {
  /** The NDEF message as sent: it goes into the SessionTranscript. */
  readonly bytes: Uint8Array;
  /** Connection Handover version of the `Hr` record, e.g. `"1.5"`. */
  readonly version: string;
  /** The Collision Resolution record's random number, when present. */
  readonly collisionResolution?: number;
  /** The carriers offered, in order of preference. */
  readonly carriers: readonly HandoverCarrier[];
}

/** A Handover Select message, read with or without the request it answers. */
export interface HandoverSelect {
  /** The NDEF message as received: it goes into the SessionTranscript. */
  readonly bytes: Uint8Array;
  readonly version: string;
  /** `negotiated` when read together with the Handover Request it answers. */
  readonly kind: 'static' | 'negotiated';
  /** The DeviceEngagement from its record, bytes kept as received. */
  readonly engagement: DeviceEngagement;
  /** The carriers the mdoc selected (BLE UUIDs completed from the request in negotiated handover). */
  readonly carriers: readonly HandoverCarrier[];
  /**
   * The selected carriers as DeviceRetrievalMethods (BLE with its modes and UUIDs, NFC with its
   * data field lengths, Wi-Fi Aware as `other` type 3 with the raw record payload).
   */
  readonly retrievalMethods: readonly RetrievalMethod[];
  /** The handover for `buildSessionTranscript` / `ReaderSession`: `{ type: 'nfc', handoverSelect, handoverRequest? }`. */
  readonly handover: Handover;
}

/** Input of {@link buildHandoverRequest}. */
export interface BuildHandoverRequestOptions {
  /** The carriers the reader offers, most preferred first. At least one. */
  readonly carriers: readonly Carrier[];
  /** The Collision Resolution random number (0–65535). Default: random. */
  readonly collisionResolution?: number;
}

/** Input of {@link encodeHandoverSelect}. */
export interface EncodeHandoverSelectInput {
  /** The DeviceEngagement bytes (see `encodeDeviceEngagement`). */
  readonly deviceEngagement: Uint8Array;
  /** The carriers the mdoc selects (or, for static handover, offers). */
  readonly carriers: readonly Carrier[];
}

function bad(what: string, message: string): never {
  throw new ReaderError('ERR_ENGAGEMENT_STRUCTURE', `${what}: ${message}`);
}

function carrierId(carrier: Carrier, index: number, used: Set<string>): string {
  const base = carrier.type === 'other' ? Buffer.from(carrier.record.id).toString('latin1') : DEFAULT_IDS[carrier.type];
  const id = base !== '' && !used.has(base) ? base : String(index);
  if (used.has(id)) throw new UketoriRangeError('carrier record ids must be distinct');
  used.add(id);
  return id;
}

/** Hr or Hs record + carrier records (+ the engagement record), per Connection Handover §6. */
function encodeHandover(kind: 'Hr' | 'Hs', sender: HandoverSender, carriers: readonly Carrier[], head: readonly NdefRecord[], tail: readonly NdefRecord[], aux: readonly string[]): Uint8Array {
  if (!Array.isArray(carriers)) throw new UketoriTypeError('"carriers" must be an array');
  const used = new Set<string>([ENGAGEMENT_ID]);
  const records = carriers.map((carrier, i) => {
    const id = carrierId(carrier, i, used);
    return { ...carrierRecord(carrier, sender, id), id: ascii(id) };
  });
  const acs = records.map((r) => ({
    tnf: Tnf.wellKnown,
    type: 'ac',
    id: none,
    payload: encodeAlternativeCarrier({ powerState: 'active', carrierDataReference: Buffer.from(r.id).toString('latin1'), auxiliaryDataReferences: aux }),
  }));
  const embedded = [...head, ...acs];
  const payload = embedded.length === 0 ? Uint8Array.of(VERSION) : new Uint8Array(Buffer.concat([Uint8Array.of(VERSION), encodeNdefMessage(embedded)]));
  return encodeNdefMessage([{ tnf: Tnf.wellKnown, type: kind, id: none, payload }, ...records, ...tail]);
}

/**
 * Builds the reader's Handover Request message for negotiated handover (§8.2.2.1; Connection
 * Handover 1.5 §6.1): an `Hr` record (version 1.5) holding a Collision Resolution record and one
 * Alternative Carrier record (power state active) per carrier, followed by the carriers'
 * configuration records (BLE id `0`, NFC id `nfc`, others with their own ids). Send `bytes`, keep
 * them for {@link parseHandoverSelect}.
 *
 * @example
 * ```ts
 * const hr = buildHandoverRequest({
 *   carriers: [{ type: 'ble', centralClientMode: true, peripheralServerMode: false, uuid: randomUUID() }],
 * });
 * const hs = await nfc.exchangeHandover(hr.bytes); // the reader's NFC stack (TNEP)
 * const { engagement, handover } = parseHandoverSelect(hs, { handoverRequest: hr.bytes });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` / {UketoriRangeError} `ERR_INVALID_ARG_VALUE`
 *   for no carriers, a carrier that cannot be encoded, or a collision resolution number out of range.
 */
export function buildHandoverRequest(options: BuildHandoverRequestOptions): HandoverRequest {
  const carriers = options?.carriers;
  if (!Array.isArray(carriers) || carriers.length === 0) throw new UketoriRangeError('a Handover Request offers at least one carrier');
  const random = options.collisionResolution ?? randomInt(0, 0x10000);
  if (!Number.isInteger(random) || random < 0 || random > 0xffff) throw new UketoriRangeError('"collisionResolution" is a 16-bit number');
  // Connection Handover §6.2: the Collision Resolution record carries a 16-bit random number.
  const cr = { tnf: Tnf.wellKnown, type: 'cr', id: none, payload: Uint8Array.of(random >> 8, random & 0xff) };
  return parseHandoverRequest(encodeHandover('Hr', 'reader', carriers, [cr], [], []));
}

interface ParsedHandover {
  readonly version: string;
  readonly records: readonly NdefRecord[];
  readonly alternatives: readonly AlternativeCarrier[];
  readonly collisionResolution?: number;
}

function parseHandover(bytes: Uint8Array, kind: 'Hr' | 'Hs', what: string): ParsedHandover {
  const records = parseNdefMessage(bytes);
  const first = records[0]!;
  if (first.tnf !== Tnf.wellKnown || first.type !== kind) bad(what, `the first record is not ${kind}`);
  const version = first.payload[0];
  if (version === undefined || version >> 4 !== 1) bad(what, 'Connection Handover major version is not 1');
  const alternatives: AlternativeCarrier[] = [];
  let collisionResolution: number | undefined;
  if (first.payload.length > 1) {
    for (const r of parseNdefMessage(first.payload.subarray(1))) {
      if (r.tnf !== Tnf.wellKnown) continue;
      if (r.type === 'ac') alternatives.push(readAlternativeCarrier(r.payload));
      else if (r.type === 'cr' && kind === 'Hr') {
        if (r.payload.length !== 2) bad(what, 'Collision Resolution record is not 2 bytes');
        collisionResolution = (r.payload[0]! << 8) | r.payload[1]!;
      } else if (r.type === 'err' && kind === 'Hs') bad(what, 'the mdoc answered with an Error record');
      // Connection Handover §6.1/§6.2: other local records are ignored.
    }
  }
  const ids = new Set(records.slice(1).map((r) => Buffer.from(r.id).toString('latin1')));
  for (const ac of alternatives) {
    if (!ids.has(ac.carrierDataReference)) bad(what, 'an Alternative Carrier record points at no record in the message');
    if (ac.auxiliaryDataReferences.some((ref) => !ids.has(ref))) bad(what, 'an auxiliary data reference points at no record in the message');
  }
  return { version: `${version >> 4}.${version & 0x0f}`, records, alternatives, ...(collisionResolution === undefined ? {} : { collisionResolution }) };
}

function carriersOf(parsed: ParsedHandover, sender: HandoverSender): HandoverCarrier[] {
  return parsed.alternatives.map((ac) => {
    const record = parsed.records.slice(1).find((r) => Buffer.from(r.id).toString('latin1') === ac.carrierDataReference)!;
    return { id: ac.carrierDataReference, powerState: ac.powerState, auxiliaryDataReferences: ac.auxiliaryDataReferences, carrier: readCarrier(record, sender) };
  });
}

/**
 * Reads a Handover Request message (the holder's side of negotiated handover, or to inspect one).
 *
 * @example
 * ```ts
 * const { carriers } = parseHandoverRequest(hrBytes);
 * ```
 * @throws {ReaderError} `ERR_ENGAGEMENT_STRUCTURE` for a malformed message, no `Hr` record first,
 *   no Alternative Carrier record, or a reference to a missing record.
 */
export function parseHandoverRequest(bytes: Uint8Array): HandoverRequest {
  const parsed = parseHandover(bytes, 'Hr', 'Handover Request');
  if (parsed.alternatives.length === 0) bad('Handover Request', 'offers no Alternative Carrier');
  return {
    bytes,
    version: parsed.version,
    ...(parsed.collisionResolution === undefined ? {} : { collisionResolution: parsed.collisionResolution }),
    carriers: carriersOf(parsed, 'reader'),
  };
}

function retrievalMethod(c: Carrier): RetrievalMethod | undefined {
  if (c.type === 'ble') {
    if (c.uuid === undefined) return undefined;
    return {
      type: 'ble',
      version: 1,
      peripheralServerMode: c.peripheralServerMode,
      centralClientMode: c.centralClientMode,
      ...(c.peripheralServerMode ? { peripheralServerUuid: c.uuid } : {}),
      ...(c.centralClientMode ? { centralClientUuid: c.uuid } : {}),
      ...(c.deviceAddress === undefined ? {} : { deviceAddress: c.deviceAddress.subarray(0, 6) }),
    };
  }
  if (c.type === 'nfc') {
    // without both data field lengths there is no NfcOptions to give (§8.2.2.2); the carrier stays in `carriers`
    if (c.maxCommandDataLength === undefined || c.maxResponseDataLength === undefined) return undefined;
    return { type: 'nfc', version: 1, maxCommandDataLength: c.maxCommandDataLength, maxResponseDataLength: c.maxResponseDataLength };
  }
  if (c.record.tnf === Tnf.mimeMedia && c.record.type === WIFI_AWARE_TYPE) return { type: 'other', typeId: 3, version: 1, options: c.record.payload };
  return undefined;
}

/**
 * Reads a Handover Select message (§8.2.2.1): the DeviceEngagement (kept as received), the
 * carriers the mdoc selected, and the handover for the SessionTranscript. Pass the Handover Request
 * the reader sent for negotiated handover: then every selected carrier must be one the reader
 * offered, and a BLE carrier without a UUID (the mdoc in central client mode) takes the UUID the
 * reader offered.
 *
 * @example
 * ```ts
 * const hs = parseHandoverSelect(hsBytes, { handoverRequest: hr.bytes });
 * const session = ReaderSession.create({ engagement: hs.engagement, handover: hs.handover, purpose, trust });
 * ```
 * @throws {ReaderError} `ERR_ENGAGEMENT_STRUCTURE` for a malformed message, no `Hs` record first,
 *   an Error record, no DeviceEngagement record, or a carrier the reader did not offer; and
 *   everything `parseDeviceEngagement` throws.
 */
export function parseHandoverSelect(bytes: Uint8Array, options: { readonly handoverRequest?: Uint8Array } = {}): HandoverSelect {
  const what = 'Handover Select';
  const parsed = parseHandover(bytes, 'Hs', what);
  const engagementRecord = parsed.records.find((r) => r.tnf === Tnf.external && r.type === ENGAGEMENT_TYPE);
  if (engagementRecord === undefined) bad(what, 'no DeviceEngagement record');
  const engagement = parseDeviceEngagement(engagementRecord.payload.slice());
  let carriers = carriersOf(parsed, 'mdoc');
  const requestBytes = options.handoverRequest;
  if (requestBytes !== undefined) {
    const offered = parseHandoverRequest(requestBytes).carriers.map((c) => c.carrier);
    carriers = carriers.map((selected) => {
      const c = selected.carrier;
      const match = offered.find((o) => o.type === c.type && (o.type !== 'other' || (c.type === 'other' && o.record.type === c.record.type)));
      if (match === undefined) bad(what, 'selects a carrier the reader did not offer');
      if (c.type === 'ble' && match.type === 'ble') {
        // the mdoc may only pick modes the reader offered (§8.2.2.1); the reader's UUID is the one
        // the reader advertises, i.e. the one of mdoc central client mode
        if ((c.centralClientMode && !match.centralClientMode) || (c.peripheralServerMode && !match.peripheralServerMode)) bad(what, 'selects a BLE mode the reader did not offer');
        if (!c.centralClientMode) return selected;
        if (c.uuid !== undefined && match.uuid !== undefined && c.uuid !== match.uuid) bad(what, 'selects BLE with another UUID than offered');
        const uuid = c.uuid ?? match.uuid;
        return { ...selected, carrier: { ...c, ...(uuid === undefined ? {} : { uuid }) } };
      }
      return selected;
    });
  }
  const retrievalMethods = carriers.map((c) => retrievalMethod(c.carrier)).filter((m): m is RetrievalMethod => m !== undefined);
  const handover: Handover = requestBytes === undefined ? { type: 'nfc', handoverSelect: bytes } : { type: 'nfc', handoverSelect: bytes, handoverRequest: requestBytes };
  return { bytes, version: parsed.version, kind: requestBytes === undefined ? 'static' : 'negotiated', engagement, carriers, retrievalMethods, handover };
}

/**
 * Encodes a Handover Select message, as an mdoc does (loopback holder, tests): an `Hs` record
 * (version 1.5) with one Alternative Carrier record per carrier whose auxiliary data reference is
 * the DeviceEngagement record (`mdoc`), the carrier configuration records, then the
 * DeviceEngagement record.
 *
 * @example
 * ```ts
 * const hs = encodeHandoverSelect({ deviceEngagement, carriers: [{ type: 'ble', centralClientMode: true, peripheralServerMode: false, uuid }] });
 * ```
 * @throws {UketoriTypeError} / {UketoriRangeError} for inputs that cannot be encoded.
 */
export function encodeHandoverSelect(input: EncodeHandoverSelectInput): Uint8Array {
  if (!(input?.deviceEngagement instanceof Uint8Array)) throw new UketoriTypeError('"deviceEngagement" must be a Uint8Array');
  const engagement = { tnf: Tnf.external, type: ENGAGEMENT_TYPE, id: ascii(ENGAGEMENT_ID), payload: input.deviceEngagement };
  return encodeHandover('Hs', 'mdoc', input.carriers, [], [engagement], [ENGAGEMENT_ID]);
}
