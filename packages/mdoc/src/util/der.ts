/** DER length octets (X.690 §8.1.3) for a content of `len` bytes. */
export function derLength(len: number): Uint8Array {
  if (len < 0x80) return Uint8Array.of(len);
  if (len < 0x100) return Uint8Array.of(0x81, len);
  if (len < 0x10000) return Uint8Array.of(0x82, len >>> 8, len & 0xff);
  return Uint8Array.of(0x83, len >>> 16, (len >>> 8) & 0xff, len & 0xff);
}
