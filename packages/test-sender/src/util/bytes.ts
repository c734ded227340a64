/**
 * Byte-level mutations used by the fault injector.
 *
 * @module
 */

/** A copy of `bytes` with the low bit of byte `index` inverted. */
export function flipBit(bytes: Uint8Array, index: number): Uint8Array {
  if (index < 0 || index >= bytes.length) throw new RangeError('flip index is outside the byte string');
  const out = bytes.slice();
  out[index] = out[index]! ^ 0x01;
  return out;
}

/** The offset of `needle` in `haystack`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0) return 0;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
