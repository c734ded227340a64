/**
 * DeviceEngagement (ISO/IEC 18013-5 §8.2.1.1): parsing from bytes or a QR `mdoc:` URI, and
 * encoding one for a test holder.
 *
 * ```cddl
 * DeviceEngagement = {
 *   0: tstr,                          ; version "1.0" or "1.1"
 *   1: Security,                      ; [1, EDeviceKeyBytes]
 *   ? 2: DeviceRetrievalMethods,
 *   ? 3: ServerRetrievalMethods,
 *   ? 4: ProtocolInfo,
 *   ? 5: OriginInfos,                 ; 2nd edition
 *   ? 6: Capabilities,                ; 2nd edition
 *   * int => any
 * }
 * ```
 *
 * @module
 */

import { base64urlEncode, coseKeyToPublicKey, decodeCbor, encodeCbor, EncodedCbor, publicKeyToCoseKey, UketoriRangeError, type ImportedPublicKey } from '@uketori/mdoc';
import type { KeyObject } from 'node:crypto';
import { ReaderError } from './errors.js';

/** Limits for an engagement: it comes from a QR code or an NFC record, so it is small. */
const ENGAGEMENT_LIMITS = { maxBytes: 16 * 1024, maxDepth: 8, maxContainerEntries: 64, maxItems: 1024, maxStringBytes: 8 * 1024 } as const;

/** BLE retrieval (§8.2.2.3, DeviceRetrievalMethod type 2). */
export interface BleRetrieval {
  readonly type: 'ble';
  readonly version: number;
  /** Option 0: mdoc peripheral server mode supported. */
  readonly peripheralServerMode: boolean;
  /** Option 1: mdoc central client mode supported. */
  readonly centralClientMode: boolean;
  /** Option 10: UUID for mdoc peripheral server mode, as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. */
  readonly peripheralServerUuid?: string;
  /** Option 11: UUID for mdoc central client mode. */
  readonly centralClientUuid?: string;
  /** Option 20: the mdoc BLE device address (peripheral server mode). */
  readonly deviceAddress?: Uint8Array;
  /** Every other option (e.g. an L2CAP PSM of a later edition), decoded and kept as received. */
  readonly otherOptions?: ReadonlyMap<number, unknown>;
}

/** NFC retrieval (§8.2.2.2, type 1). */
export interface NfcRetrieval {
  readonly type: 'nfc';
  readonly version: number;
  /** Option 0: maximum length of the command data field. */
  readonly maxCommandDataLength: number;
  /** Option 1: maximum length of the response data field. */
  readonly maxResponseDataLength: number;
}

/** Wi-Fi Aware retrieval (§8.2.2.4, type 3). */
export interface WifiAwareRetrieval {
  readonly type: 'wifi-aware';
  readonly version: number;
  /** Option 0: passphrase. */
  readonly passphrase?: string;
  /** Option 1: channel info, operating class. */
  readonly operatingClass?: number;
  /** Option 2: channel info, channel number. */
  readonly channelNumber?: number;
  /** Option 3: supported bands bitmap. */
  readonly supportedBands?: Uint8Array;
}

/** A retrieval method uketori does not know; kept as decoded. */
export interface OtherRetrieval {
  readonly type: 'other';
  readonly typeId: number;
  readonly version: number;
  readonly options: unknown;
}

/** One DeviceRetrievalMethod = [type, version, options] (§8.2.1.1). */
export type RetrievalMethod = BleRetrieval | NfcRetrieval | WifiAwareRetrieval | OtherRetrieval;

/** One OriginInfo of a 2nd-edition engagement (key 5): where the engagement came from. */
export interface OriginInfo {
  /** `cat`: 0 delivery, 1 receive. */
  readonly cat: number;
  /** `type`: 1 website. */
  readonly type: number;
  /** `details`: e.g. the website's origin. */
  readonly details: string;
}

/**
 * The Capabilities of a 2nd-edition engagement (key 6): what the mdoc declares it supports.
 * Advisory: a reader may use them to choose, never to skip a check.
 */
export interface EngagementCapabilities {
  /** Capability 2: the mdoc accepts SessionEstablishment during negotiated handover. */
  readonly handoverSessionEstablishmentSupport?: boolean;
  /** Capability 3: the mdoc accepts `readerAuthAll` in a version 1.1 DeviceRequest. */
  readonly readerAuthAllSupport?: boolean;
  /** Every other capability, decoded. */
  readonly other: ReadonlyMap<number, unknown>;
}

/** A parsed DeviceEngagement. */
export interface DeviceEngagement {
  /** The DeviceEngagement exactly as received (the CBOR map, not tag-24 wrapped). */
  readonly bytes: Uint8Array;
  /** DeviceEngagementBytes = #6.24(bstr .cbor DeviceEngagement), built around {@link bytes}. */
  readonly taggedBytes: Uint8Array;
  /** Key 0: `"1.0"` or `"1.1"`. */
  readonly version: string;
  /** Security[0]: cipher suite identifier (always 1, §9.1.5.2). */
  readonly cipherSuite: 1;
  /** Security[1]: EDeviceKeyBytes = #6.24(COSE_Key) as received. */
  readonly eDeviceKeyBytes: Uint8Array;
  /** EDeviceKey as a decoded COSE_Key map. */
  readonly eDeviceCoseKey: Map<number, unknown>;
  /** EDeviceKey imported as a node:crypto public key, with its curve. */
  readonly eDeviceKey: ImportedPublicKey;
  /** Key 2: the device retrieval methods, in the order received (empty when absent). */
  readonly retrievalMethods: readonly RetrievalMethod[];
  /** Key 5 (2nd edition), when it is an array of OriginInfo maps. */
  readonly originInfos?: readonly OriginInfo[];
  /** Key 6 (2nd edition), when it is a map. */
  readonly capabilities?: EngagementCapabilities;
  /** Every other key (3 server retrieval, 4 protocol info, 5 origin infos, 6 capabilities, …), decoded. */
  readonly otherKeys: ReadonlyMap<number, unknown>;
}

function originInfos(value: unknown): OriginInfo[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: OriginInfo[] = [];
  for (const item of value) {
    if (!(item instanceof Map)) return undefined;
    const cat = item.get('cat');
    const type = item.get('type');
    const details = item.get('details');
    if (typeof cat !== 'number' || typeof type !== 'number' || typeof details !== 'string') return undefined;
    out.push({ cat, type, details });
  }
  return out;
}

function capabilities(value: unknown): EngagementCapabilities | undefined {
  if (!(value instanceof Map)) return undefined;
  const flag = (key: number) => (typeof value.get(key) === 'boolean' ? (value.get(key) as boolean) : undefined);
  const handover = flag(2);
  const readerAuthAll = flag(3);
  const other = new Map<number, unknown>();
  for (const [k, v] of value) if (!(k === 2 && handover !== undefined) && !(k === 3 && readerAuthAll !== undefined)) other.set(k as number, v);
  return {
    ...(handover === undefined ? {} : { handoverSessionEstablishmentSupport: handover }),
    ...(readerAuthAll === undefined ? {} : { readerAuthAllSupport: readerAuthAll }),
    other,
  };
}

/** Curves an EDeviceKey may use for session key agreement (§9.1.5.2). */
const AGREEMENT_CURVES = new Set(['P-256', 'P-384', 'P-521', 'X25519', 'X448', 'brainpoolP256r1', 'brainpoolP384r1', 'brainpoolP512r1']);

function bad(message: string, cause?: unknown): never {
  throw new ReaderError('ERR_ENGAGEMENT_STRUCTURE', `DeviceEngagement: ${message}`, cause === undefined ? {} : { cause });
}

function uuid(value: unknown, what: string): string {
  if (!(value instanceof Uint8Array) || value.length !== 16) bad(`${what} is not a 16-byte UUID`);
  const hex = Buffer.from(value).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function uint(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) bad(`${what} is not an unsigned integer`);
  return value;
}

function optional<T>(options: Map<unknown, unknown>, key: number, read: (v: unknown) => T): T | undefined {
  const v = options.get(key);
  return v === undefined ? undefined : read(v);
}

function retrievalMethod(value: unknown, index: number): RetrievalMethod {
  const at = `retrieval method ${index}`;
  if (!Array.isArray(value) || value.length !== 3) bad(`${at} is not [type, version, options]`);
  const [typeId, versionValue, options] = value as [unknown, unknown, unknown];
  const type = uint(typeId, `${at} type`);
  const version = uint(versionValue, `${at} version`);
  if (type !== 1 && type !== 2 && type !== 3) return { type: 'other', typeId: type, version, options };
  if (!(options instanceof Map)) bad(`${at} options are not a map`);
  if (type === 2) {
    // §8.2.2.3 BleOptions
    const flag = (v: unknown, what: string) => (typeof v === 'boolean' ? v : bad(`${at} ${what} is not a boolean`));
    const peripheralServerUuid = optional(options, 10, (v) => uuid(v, `${at} peripheral server UUID`));
    const centralClientUuid = optional(options, 11, (v) => uuid(v, `${at} central client UUID`));
    const deviceAddress = optional(options, 20, (v) => (v instanceof Uint8Array ? v : bad(`${at} device address is not a byte string`)));
    const otherOptions = new Map<number, unknown>();
    for (const [k, v] of options) if (typeof k === 'number' && ![0, 1, 10, 11, 20].includes(k)) otherOptions.set(k, v);
    return {
      type: 'ble',
      version,
      peripheralServerMode: flag(options.get(0), 'peripheral server mode'),
      centralClientMode: flag(options.get(1), 'central client mode'),
      ...(peripheralServerUuid === undefined ? {} : { peripheralServerUuid }),
      ...(centralClientUuid === undefined ? {} : { centralClientUuid }),
      ...(deviceAddress === undefined ? {} : { deviceAddress }),
      ...(otherOptions.size === 0 ? {} : { otherOptions }),
    };
  }
  if (type === 1) {
    // §8.2.2.2 NfcOptions
    return {
      type: 'nfc',
      version,
      maxCommandDataLength: uint(options.get(0), `${at} max command data length`),
      maxResponseDataLength: uint(options.get(1), `${at} max response data length`),
    };
  }
  // §8.2.2.4 WifiOptions
  const passphrase = optional(options, 0, (v) => (typeof v === 'string' ? v : bad(`${at} passphrase is not text`)));
  const operatingClass = optional(options, 1, (v) => uint(v, `${at} operating class`));
  const channelNumber = optional(options, 2, (v) => uint(v, `${at} channel number`));
  const supportedBands = optional(options, 3, (v) => (v instanceof Uint8Array ? v : bad(`${at} supported bands is not a byte string`)));
  return {
    type: 'wifi-aware',
    version,
    ...(passphrase === undefined ? {} : { passphrase }),
    ...(operatingClass === undefined ? {} : { operatingClass }),
    ...(channelNumber === undefined ? {} : { channelNumber }),
    ...(supportedBands === undefined ? {} : { supportedBands }),
  };
}

/**
 * Parses a DeviceEngagement (ISO/IEC 18013-5 §8.2.1.1) and keeps the bytes as received for the
 * SessionTranscript. The 2nd-edition keys 5 (OriginInfos) and 6 (Capabilities) are read into
 * {@link DeviceEngagement.originInfos} and {@link DeviceEngagement.capabilities} when well formed;
 * every key other than 0–2 is also kept in {@link DeviceEngagement.otherKeys}, and all stay in
 * {@link DeviceEngagement.bytes}.
 *
 * @example
 * ```ts
 * const engagement = parseDeviceEngagement(bytesFromNfc);
 * engagement.eDeviceKey.curve; // 'P-256'
 * engagement.retrievalMethods; // [{ type: 'ble', centralClientMode: true, centralClientUuid: '…' }]
 * ```
 * @throws {ReaderError} `ERR_ENGAGEMENT_STRUCTURE` for malformed CBOR or structure;
 *   `ERR_ENGAGEMENT_CIPHER_SUITE` for a cipher suite other than 1; `ERR_ENGAGEMENT_KEY` for an
 *   unusable EDeviceKey.
 */
export function parseDeviceEngagement(bytes: Uint8Array): DeviceEngagement {
  if (!(bytes instanceof Uint8Array)) bad('expected a Uint8Array');
  let decoded: unknown;
  try {
    decoded = decodeCbor(bytes, { limits: ENGAGEMENT_LIMITS });
  } catch (cause) {
    bad('not well-formed CBOR within the engagement limits', cause);
  }
  if (!(decoded instanceof Map)) bad('not a map');
  for (const key of decoded.keys()) if (typeof key !== 'number' || !Number.isInteger(key)) bad('has a non-integer key');
  const version = decoded.get(0);
  if (typeof version !== 'string' || !/^1\.\d+$/.test(version)) bad('version (key 0) is not "1.x"');
  // Security = [cipherSuiteIdentifier, EDeviceKeyBytes]
  const security = decoded.get(1);
  if (!Array.isArray(security) || security.length !== 2) bad('Security (key 1) is not [cipherSuite, EDeviceKeyBytes]');
  if (security[0] !== 1) throw new ReaderError('ERR_ENGAGEMENT_CIPHER_SUITE', 'DeviceEngagement: unsupported cipher suite');
  const keyItem = security[1];
  if (!(keyItem instanceof EncodedCbor)) bad('EDeviceKeyBytes is not #6.24(bstr)');
  let coseKey: unknown;
  let eDeviceKey: ImportedPublicKey;
  try {
    coseKey = keyItem.decode({ limits: ENGAGEMENT_LIMITS });
    eDeviceKey = coseKeyToPublicKey(coseKey);
  } catch (cause) {
    throw new ReaderError('ERR_ENGAGEMENT_KEY', 'DeviceEngagement: EDeviceKey is not a usable public COSE_Key', { cause });
  }
  // §9.1.5.2: EDeviceKey is a key-agreement key; a signature-only curve (Ed25519) cannot make session keys.
  if (!AGREEMENT_CURVES.has(eDeviceKey.curve)) throw new ReaderError('ERR_ENGAGEMENT_KEY', `DeviceEngagement: EDeviceKey curve ${eDeviceKey.curve} cannot do key agreement`);
  const methods = decoded.get(2);
  if (methods !== undefined && (!Array.isArray(methods) || methods.length === 0)) bad('DeviceRetrievalMethods (key 2) is not a non-empty array');
  const otherKeys = new Map<number, unknown>();
  for (const [k, v] of decoded) if (k !== 0 && k !== 1 && k !== 2) otherKeys.set(k as number, v);
  // keys 5 and 6 are read leniently: they are advisory, and a wallet's odd encoding of them must
  // not stop an engagement whose bytes go into the transcript as received anyway
  const origins = originInfos(decoded.get(5));
  const caps = capabilities(decoded.get(6));
  return {
    bytes,
    taggedBytes: new EncodedCbor(bytes).bytesWithTag(),
    version,
    cipherSuite: 1,
    eDeviceKeyBytes: keyItem.bytesWithTag(),
    eDeviceCoseKey: coseKey as Map<number, unknown>,
    eDeviceKey,
    retrievalMethods: ((methods ?? []) as unknown[]).map(retrievalMethod),
    ...(origins === undefined ? {} : { originInfos: origins }),
    ...(caps === undefined ? {} : { capabilities: caps }),
    otherKeys,
  };
}

const MDOC_URI = /^mdoc:([A-Za-z0-9_-]+)={0,2}$/;

/**
 * Parses the QR code form of a DeviceEngagement: `mdoc:` followed by the base64url encoding of
 * the DeviceEngagement (ISO/IEC 18013-5 §8.2.2.3, QR handover). Padding is tolerated.
 *
 * @example
 * ```ts
 * const engagement = parseDeviceEngagementUri(qrText); // 'mdoc:owBjMS4wAYIB2BhYS6QBAiABIVgg…'
 * ```
 * @throws {ReaderError} `ERR_ENGAGEMENT_STRUCTURE` for a text that is not an `mdoc:` URI, and
 *   everything {@link parseDeviceEngagement} throws.
 */
export function parseDeviceEngagementUri(uri: string): DeviceEngagement {
  if (typeof uri !== 'string' || uri.length > 4 * ENGAGEMENT_LIMITS.maxBytes) bad('the QR text is not an mdoc: URI');
  const m = MDOC_URI.exec(uri.trim());
  if (m === null) bad('the QR text is not an mdoc: URI with base64url content');
  return parseDeviceEngagement(new Uint8Array(Buffer.from(m[1]!, 'base64url')));
}

/** Input of {@link encodeDeviceEngagement}. */
export interface EncodeDeviceEngagementInput {
  /** The holder's ephemeral key EDeviceKey (its public part is used). */
  readonly eDeviceKey: KeyObject;
  /** Default `"1.0"`. */
  readonly version?: string;
  /** DeviceRetrievalMethods as `[type, version, options]`. Default: none (key 2 is left out). */
  readonly retrievalMethods?: readonly (readonly [number, number, Map<number, unknown>])[];
  /** Further keys as they are to be encoded, e.g. `[[5, []], [6, new Map([[3, true]])]]` for a 2nd-edition engagement. */
  readonly extraKeys?: readonly (readonly [number, unknown])[];
}

/**
 * Encodes a DeviceEngagement, as a holder does. Used by the loopback holder and in tests.
 *
 * @example
 * ```ts
 * const bytes = encodeDeviceEngagement({ eDeviceKey: deviceKey.privateKey });
 * const uri = 'mdoc:' + base64urlEncode(bytes);
 * ```
 * @throws {TypeError} when the key cannot be expressed as a COSE_Key.
 */
export function encodeDeviceEngagement(input: EncodeDeviceEngagementInput): Uint8Array {
  const eDeviceKeyBytes = new EncodedCbor(encodeCbor(publicKeyToCoseKey(input.eDeviceKey)));
  const engagement = new Map<number, unknown>([
    [0, input.version ?? '1.0'],
    [1, [1, eDeviceKeyBytes]],
  ]);
  if (input.retrievalMethods !== undefined && input.retrievalMethods.length > 0) engagement.set(2, input.retrievalMethods);
  for (const [key, value] of input.extraKeys ?? []) {
    if (!Number.isInteger(key) || key <= 2) throw new UketoriRangeError('"extraKeys" are integer keys above 2');
    engagement.set(key, value);
  }
  return encodeCbor(engagement);
}

/**
 * The QR text for an engagement: `mdoc:` + base64url(DeviceEngagement) without padding.
 *
 * @example
 * ```ts
 * const qr = deviceEngagementUri(encodeDeviceEngagement({ eDeviceKey }));
 * ```
 */
export function deviceEngagementUri(bytes: Uint8Array): string {
  return `mdoc:${base64urlEncode(bytes)}`;
}
