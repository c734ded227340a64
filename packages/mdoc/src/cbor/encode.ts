/**
 * CBOR encoding with cbor-x, configured for ISO 18013-5 structures: maps stay `Map`s in insertion
 * order, `Uint8Array` is a plain byte string (no typed-array tag), {@link EncodedCbor} is
 * `#6.24(bstr)` with its bytes unchanged, {@link TDate} is `#6.0(tstr)`, {@link FullDate} is
 * `#6.1004(tstr)`.
 *
 * @module
 */

import { Encoder, Tag, addExtension } from 'cbor-x';
import { CborTag, EncodedCbor, FullDate, TDate } from './types.js';

// Extensions are keyed by our own classes, so registering them cannot change how any other
// library using cbor-x encodes its values.
addExtension({
  Class: EncodedCbor,
  tag: 24,
  encode: (item: EncodedCbor, encode: (v: unknown) => Uint8Array) => encode(item.bytes),
});
addExtension({
  Class: TDate,
  tag: 0,
  encode: (date: TDate, encode: (v: unknown) => Uint8Array) => encode(date.text),
});
addExtension({
  Class: FullDate,
  tag: 1004,
  encode: (date: FullDate, encode: (v: unknown) => Uint8Array) => encode(date.toString()),
});
addExtension({
  Class: CborTag,
  tag: undefined as unknown as number,
  encode: (t: CborTag, encode: (v: unknown) => Uint8Array) => encode(new Tag(t.value, t.tag)),
});

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
 * const bytes = encodeCbor(new Map([['version', '1.0']]));
 * ```
 */
export function encodeCbor(value: unknown): Uint8Array {
  const out = encoder.encode(value);
  // cbor-x reuses an internal buffer; hand out a standalone copy.
  return new Uint8Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
}

/** Encodes a CBOR array whose elements are already-encoded data items, spliced in unchanged. */
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

/** Encodes `#6.24(bstr .cbor value)` and returns it as an {@link EncodedCbor}. */
export function embedCbor<T>(value: T): EncodedCbor<T> {
  return new EncodedCbor<T>(encodeCbor(value), value);
}
