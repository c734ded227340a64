/**
 * A minimal, bounded DER reader (ITU-T X.690 §8, §10) for the few certificate and CRL fields
 * node:crypto does not expose: key usage, extended key usage, basic constraints, key identifiers,
 * CRL distribution points, and the fields of a CertificateList.
 *
 * It reads definite-length, low-tag-number encodings only (all that RFC 5280 structures use),
 * never allocates more than the input, and throws {@link DerError} on anything malformed.
 * Callers wrap that error into the coded error of their context.
 *
 * @module
 */

/** A malformed DER encoding. Internal: callers turn it into a coded uketori error. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

/** One TLV: its tag byte and where its content lies in the buffer. */
export interface DerNode {
  /** The identifier octet (class, constructed bit and tag number < 31). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset just past the last content octet. */
  readonly end: number;
}

/** Universal tags used by RFC 5280 structures. */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Reads the TLV at `offset`, which must end at or before `limit`. */
export function readNode(buf: Uint8Array, offset: number, limit: number = buf.length): DerNode {
  if (offset + 2 > limit) throw new DerError('DER value is truncated');
  const tag = buf[offset]!;
  // X.690 §8.1.2.4: tag number 31 introduces the high-tag-number form, unused in RFC 5280.
  if ((tag & 0x1f) === 0x1f) throw new DerError('DER high tag numbers are not supported');
  let pos = offset + 1;
  const first = buf[pos++]!;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    // X.690 §10.1: definite length in the minimum number of octets; §8.1.3.6 indefinite is BER only.
    const count = first & 0x7f;
    if (count === 0) throw new DerError('DER indefinite length');
    if (count > 4) throw new DerError('DER length is too large');
    if (pos + count > limit) throw new DerError('DER length is truncated');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++]!;
    if (length < 0x80 || buf[pos - count] === 0) throw new DerError('DER length is not minimal');
  }
  const end = pos + length;
  if (end > limit) throw new DerError('DER value runs past its container');
  return { tag, start: offset, contentStart: pos, end };
}

/** Reads a whole buffer that must hold exactly one TLV. */
export function readRoot(buf: Uint8Array): DerNode {
  const node = readNode(buf, 0);
  if (node.end !== buf.length) throw new DerError('trailing bytes after the DER value');
  return node;
}

/** The children of a constructed node, in order. */
export function children(buf: Uint8Array, node: DerNode): DerNode[] {
  if ((node.tag & 0x20) === 0) throw new DerError('DER value is not constructed');
  const out: DerNode[] = [];
  for (let pos = node.contentStart; pos < node.end; ) {
    const child = readNode(buf, pos, node.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Asserts the tag of a node and returns it. */
export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (node === undefined || node.tag !== tag) throw new DerError(`${what}: unexpected DER structure`);
  return node;
}

/** The content octets of a node (a view, not a copy). */
export function content(buf: Uint8Array, node: DerNode): Uint8Array {
  return buf.subarray(node.contentStart, node.end);
}

/** The whole encoding of a node, identifier and length included (a view). */
export function encoding(buf: Uint8Array, node: DerNode): Uint8Array {
  return buf.subarray(node.start, node.end);
}

/** X.690 §8.19: an OBJECT IDENTIFIER in dotted form. */
export function readOid(buf: Uint8Array, node: DerNode): string {
  const c = content(buf, expectTag(node, Tag.OID, 'OID'));
  if (c.length === 0 || c.length > 64) throw new DerError('OID has a bad length');
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < c.length; i++) {
    const b = c[i]!;
    if (value === 0 && b === 0x80) throw new DerError('OID arc is not minimal');
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('OID arc is too large');
    if ((b & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    } else if (i === c.length - 1) {
      throw new DerError('OID is truncated');
    }
  }
  const head = arcs[0]!;
  const first = head < 40 ? 0 : head < 80 ? 1 : 2;
  return [first, head - first * 40, ...arcs.slice(1)].join('.');
}

/** X.690 §8.3: an INTEGER as lowercase hex of its magnitude, without leading zero octets. */
export function readIntegerHex(buf: Uint8Array, node: DerNode): string {
  const c = content(buf, expectTag(node, Tag.INTEGER, 'INTEGER'));
  if (c.length === 0) throw new DerError('INTEGER is empty');
  return normalizeSerialHex(Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('hex'));
}

/** A small non-negative INTEGER (path lengths, versions). */
export function readSmallInteger(buf: Uint8Array, node: DerNode): number {
  const c = content(buf, expectTag(node, Tag.INTEGER, 'INTEGER'));
  if (c.length === 0 || c.length > 4 || (c[0]! & 0x80) !== 0) throw new DerError('INTEGER is out of range');
  let v = 0;
  for (const b of c) v = v * 256 + b;
  return v;
}

/** Lowercase hex without leading `00` octets (`'0'` for zero): the form serial numbers are compared in. */
export function normalizeSerialHex(hex: string): string {
  const stripped = hex.toLowerCase().replace(/^(00)+/, '');
  return stripped === '' ? '0' : stripped;
}

/** X.690 §8.2: a BOOLEAN (DER: 0x00 or 0xff). */
export function readBoolean(buf: Uint8Array, node: DerNode): boolean {
  const c = content(buf, expectTag(node, Tag.BOOLEAN, 'BOOLEAN'));
  if (c.length !== 1 || (c[0] !== 0 && c[0] !== 0xff)) throw new DerError('BOOLEAN is not DER');
  return c[0] === 0xff;
}

/** X.690 §8.6: a BIT STRING's bits, bit 0 first (the named-bit order of RFC 5280 KeyUsage). */
export function readBitFlags(buf: Uint8Array, node: DerNode): number {
  const c = content(buf, expectTag(node, Tag.BIT_STRING, 'BIT STRING'));
  if (c.length === 0 || c[0]! > 7) throw new DerError('BIT STRING is malformed');
  let flags = 0;
  for (let i = 1; i < c.length && i <= 4; i++) {
    for (let bit = 0; bit < 8; bit++) if ((c[i]! & (0x80 >> bit)) !== 0) flags |= 1 << ((i - 1) * 8 + bit);
  }
  return flags;
}

/** The octets of a BIT STRING with no unused bits (signatures, public keys). */
export function readBitStringBytes(buf: Uint8Array, node: DerNode): Uint8Array {
  const c = content(buf, expectTag(node, Tag.BIT_STRING, 'BIT STRING'));
  if (c.length === 0 || c[0] !== 0) throw new DerError('BIT STRING has unused bits');
  return c.subarray(1);
}

const TIME = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * RFC 5280 §4.1.2.5: UTCTime or GeneralizedTime, in UTC with seconds. UTCTime's two-digit year
 * means 1950–2049 (§4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY); a GeneralizedTime year is
 * taken literally (§4.1.2.5.2), years 0000–0099 included.
 */
export function readTime(buf: Uint8Array, node: DerNode | undefined): Date {
  if (node === undefined || (node.tag !== Tag.UTC_TIME && node.tag !== Tag.GENERALIZED_TIME)) throw new DerError('Time: unexpected DER structure');
  const text = Buffer.from(content(buf, node)).toString('latin1');
  const m = TIME.exec(text);
  const yearDigits = node.tag === Tag.UTC_TIME ? 2 : 4;
  if (m === null || m[1]!.length !== yearDigits || (node.tag === Tag.UTC_TIME && m[7] !== undefined)) {
    throw new DerError('Time is not in RFC 5280 form');
  }
  let year = Number(m[1]);
  if (yearDigits === 2) year += year < 50 ? 2000 : 1900;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  // Not Date.UTC: it maps years 0–99 to 1900–1999. setUTCFullYear takes the year as given.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  const valid = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  if (!valid) throw new DerError('Time is not a calendar date');
  return d;
}
