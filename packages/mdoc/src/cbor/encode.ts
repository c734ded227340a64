/**
 * CBOR encoding with cbor-x, configured for ISO 18013-5 structures: maps stay `Map`s in insertion
 * order, `Uint8Array` is a plain byte string (no typed-array tag), {@link EncodedCbor} is
 * `#6.24(bstr)` with its bytes unchanged, {@link TDate} is `#6.0(tstr)`, {@link FullDate} is
 * `#6.1004(tstr)`.
 *
 * @module
 */

import { Encoder, Tag } from 'cbor-x';
import { UketoriTypeError } from '../errors.js';
import { CborSimple, CborTag, EncodedCbor, FullDate, TDate } from './types.js';

// cbor-x's addExtension is process-wide and also replaces the *decoder* for the tag, which would
// change how every other cbor-x user in the process decodes tag 0 or 24. Instead uketori's typed
// values are turned into cbor-x `Tag`s just before encoding.
function prepare(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    // cbor-x writes integers above 2^32 as floats; a bigint keeps them integers.
    if (typeof value === 'number' && Number.isInteger(value) && (value > 0xffffffff || value < -0x100000000)) return BigInt(value);
    return value;
  }
  if (value instanceof Uint8Array) return value;
  if (value instanceof EncodedCbor) return new Tag(value.bytes, 24);
  if (value instanceof TDate) return new Tag(value.text, 0);
  if (value instanceof FullDate) return new Tag(value.toString(), 1004);
  if (value instanceof CborTag) return new Tag(prepare(value.value), value.tag);
  if (value instanceof CborSimple) throw new UketoriTypeError('encoding CBOR simple values is not supported', 'ERR_INVALID_ARG_VALUE');
  if (value instanceof Date) return new Tag(new TDate(value).text, 0);
  if (Array.isArray(value)) return value.map(prepare);
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, v] of value) out.set(prepare(k), prepare(v));
    return out;
  }
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out.set(k, prepare(v));
  return out;
}

const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  tagUint8Array: false,
  variableMapSize: true,
  useFloat32: 0,
  largeBigIntToFloat: false,
  pack: false,
});

/**
 * Encodes a value as CBOR. Use `Map` for CBOR maps (plain objects are encoded as maps too, with
 * text keys in property order).
 *
 * @example
 * ```ts
 * import { encodeCbor } from '@uketori/mdoc';
 *
 * const bytes = encodeCbor(new Map([['version', '1.0']])); // a1 67 76657273696f6e 63 312e30
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE` for a {@link CborSimple} value, which uketori does not encode.
 */
export function encodeCbor(value: unknown): Uint8Array {
  const out = encoder.encode(prepare(value));
  // cbor-x reuses an internal buffer; hand out a standalone copy.
  return new Uint8Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
}

/**
 * Encodes a CBOR array whose elements are already-encoded data items, spliced in unchanged
 * (how DeviceAuthentication embeds the SessionTranscript as received, ISO/IEC 18013-5 §9.1.3.4).
 *
 * @example
 * ```ts
 * import { encodeArrayOfEncoded, encodeCbor } from '@uketori/mdoc';
 *
 * const array = encodeArrayOfEncoded([encodeCbor('DeviceAuthentication'), sessionTranscript]);
 * ```
 */
export function encodeArrayOfEncoded(items: readonly Uint8Array[]): Uint8Array {
  const n = items.length;
  const header = n < 24 ? Uint8Array.of(0x80 | n) : n < 256 ? Uint8Array.of(0x98, n) : Uint8Array.of(0x99, n >>> 8, n & 0xff);
  let total = header.length;
  for (const it of items) total += it.length;
  const out = new Uint8Array(total);
  out.set(header, 0);
  let at = header.length;
  for (const it of items) {
    out.set(it, at);
    at += it.length;
  }
  return out;
}

/**
 * Encodes `#6.24(bstr .cbor value)` and returns it as an {@link EncodedCbor}.
 *
 * @example
 * ```ts
 * import { embedCbor, encodeCbor } from '@uketori/mdoc';
 *
 * const itemsRequest = embedCbor(new Map<string, unknown>([
 *   ['docType', 'org.iso.23220.1.jp.mnc'],
 *   ['nameSpaces', new Map([['org.iso.23220.1', new Map([['age_over_20', false]])]])],
 * ]));
 * const docRequest = encodeCbor(new Map([['itemsRequest', itemsRequest]])); // ItemsRequestBytes inside
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE` for a {@link CborSimple} value, which uketori does not encode.
 */
export function embedCbor<T>(value: T): EncodedCbor<T> {
  return new EncodedCbor<T>(encodeCbor(value), value);
}
