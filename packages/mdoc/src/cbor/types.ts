/**
 * Typed values the CBOR layer produces and accepts.
 *
 * @module
 */

import { UketoriRangeError } from '../errors.js';
import { decodeCbor, type CborDecodeOptions } from './decode.js';

/**
 * `#6.24(bstr .cbor X)`: an embedded CBOR data item kept as the bytes received.
 *
 * Digests, transcripts and signatures are always computed over {@link EncodedCbor.bytes}; the
 * decoded value is derived from them on demand and cached.
 *
 * @example
 * ```ts
 * import { createHash } from 'node:crypto';
 * import { EncodedCbor, decodeCbor } from '@uketori/mdoc';
 *
 * // decodeCbor returns every #6.24 item as an EncodedCbor that keeps the bytes it came from
 * const item = decodeCbor(issuerSignedItemBytes) as EncodedCbor<Map<string, unknown>>;
 * const digest = createHash('sha256').update(item.bytesWithTag()).digest(); // §9.1.2.5, over the bytes as received
 * item.decode().get('elementIdentifier'); // e.g. 'age_over_20'
 * ```
 */
export class EncodedCbor<T = unknown> {
  /** The embedded data item exactly as received (the content of the tag-24 byte string). */
  readonly bytes: Uint8Array;
  #value: { v: T } | undefined;
  #taggedBytes: Uint8Array | undefined;

  /**
   * @param bytes the embedded item (the tag-24 byte string's content)
   * @param value its decoded value, when the caller already has it
   * @param received the whole `#6.24(bstr)` item exactly as received, when it was decoded from
   *   input; {@link bytesWithTag} then returns it unchanged (a non-preferred header stays as sent)
   */
  constructor(bytes: Uint8Array, value?: T, received?: Uint8Array) {
    this.bytes = bytes;
    if (value !== undefined) this.#value = { v: value };
    this.#taggedBytes = received;
  }

  /** Wraps a value by encoding it once; the encoding is then fixed. */
  static of<T>(value: T, encode: (value: unknown) => Uint8Array): EncodedCbor<T> {
    return new EncodedCbor<T>(encode(value), value);
  }

  /**
   * Decodes the embedded item (cached after the first call).
   *
   * @throws {CborError} `ERR_CBOR_*` when the embedded bytes are not well-formed CBOR within the limits.
   */
  decode(options?: CborDecodeOptions): T {
    if (this.#value === undefined) this.#value = { v: decodeCbor(this.bytes, options) as T };
    return this.#value.v;
  }

  /**
   * The full encoding `#6.24(bstr)`: as received when decoded from input, otherwise tag 24 header
   * + preferred byte string header + {@link bytes}.
   */
  bytesWithTag(): Uint8Array {
    if (this.#taggedBytes === undefined) {
      const header = byteStringHeader(this.bytes.length);
      const out = new Uint8Array(2 + header.length + this.bytes.length);
      out[0] = 0xd8;
      out[1] = 0x18;
      out.set(header, 2);
      out.set(this.bytes, 2 + header.length);
      this.#taggedBytes = out;
    }
    return this.#taggedBytes;
  }
}

/**
 * Major type 2 header for a byte string of `length` bytes, in preferred (shortest) form.
 *
 * @example
 * ```ts
 * import { byteStringHeader } from '@uketori/mdoc';
 *
 * byteStringHeader(10);  // Uint8Array [0x4a]
 * byteStringHeader(300); // Uint8Array [0x59, 0x01, 0x2c]
 * ```
 */
export function byteStringHeader(length: number): Uint8Array {
  if (length < 24) return Uint8Array.of(0x40 | length);
  if (length < 0x100) return Uint8Array.of(0x58, length);
  if (length < 0x10000) return Uint8Array.of(0x59, length >>> 8, length & 0xff);
  return Uint8Array.of(0x5a, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i;
/** RFC 3339 syntax and real calendar fields (JS Date would roll 2021-02-30 over to March). */
function validCalendar(text: string): boolean {
  const m = RFC3339.exec(text);
  if (m === null) return false;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth && h <= 23 && mi <= 59 && se <= 59;
}

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * RFC 8943 `full-date` (`#6.1004(tstr)`): a calendar date without time or zone.
 *
 * @example
 * ```ts
 * import { FullDate } from '@uketori/mdoc';
 *
 * const d = FullDate.parse('1971-09-01'); // undefined for anything but a real YYYY-MM-DD date
 * d?.year; // 1971
 * String(d); // '1971-09-01'
 * new FullDate(2021, 2, 30); // throws RangeError
 * ```
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` from the constructor when the fields are not a real calendar date.
 */
export class FullDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;

  constructor(year: number, month: number, day: number) {
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (
      !Number.isInteger(year) || year < 0 || year > 9999 ||
      probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day
    ) {
      throw new UketoriRangeError('not a valid calendar date');
    }
    this.year = year;
    this.month = month;
    this.day = day;
  }

  /** Parses `YYYY-MM-DD`; returns `undefined` for anything else. */
  static parse(text: string): FullDate | undefined {
    const m = FULL_DATE.exec(text);
    if (m === null) return undefined;
    try {
      return new FullDate(Number(m[1]), Number(m[2]), Number(m[3]));
    } catch {
      return undefined;
    }
  }

  /** `YYYY-MM-DD`. */
  toString(): string {
    return `${String(this.year).padStart(4, '0')}-${String(this.month).padStart(2, '0')}-${String(this.day).padStart(2, '0')}`;
  }

  toJSON(): string {
    return this.toString();
  }

  /** Midnight UTC of this date. */
  toDate(): Date {
    return new Date(Date.UTC(this.year, this.month - 1, this.day));
  }
}

/**
 * RFC 8949 `tdate` (`#6.0(tstr)`): a date-time. Decoded tag-0 values are instances of this class
 * (it extends `Date`), and the original text is kept for re-encoding and display.
 *
 * @example
 * ```ts
 * import { TDate, encodeCbor } from '@uketori/mdoc';
 *
 * const signed = new TDate('2026-10-01T09:00:00+09:00');
 * signed.toISOString(); // '2026-10-01T00:00:00.000Z'
 * signed.text;          // '2026-10-01T09:00:00+09:00', kept as given
 * encodeCbor(signed);   // #6.0("2026-10-01T09:00:00+09:00")
 * ```
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` from the constructor for text that is not an RFC 3339 date-time.
 */
export class TDate extends Date {
  /** The RFC 3339 text as received, or as it will be encoded. */
  readonly text: string;

  constructor(value: string | Date) {
    const text = typeof value === 'string' ? value : value.toISOString().replace(/\.\d{3}Z$/, 'Z');
    super(validCalendar(text) ? text : Number.NaN);
    if (Number.isNaN(this.getTime())) throw new UketoriRangeError('not a valid RFC 3339 date-time');
    this.text = text;
  }
}

/**
 * A tagged item whose tag uketori does not interpret; the content is decoded as usual.
 *
 * @example
 * ```ts
 * import { CborTag, decodeCbor, encodeCbor } from '@uketori/mdoc';
 *
 * const bytes = encodeCbor(new CborTag(1234, 'x')); // 0xd9 0x04 0xd2 0x61 0x78
 * const tagged = decodeCbor(bytes);
 * if (tagged instanceof CborTag) tagged.tag; // 1234
 * ```
 */
export class CborTag {
  constructor(
    readonly tag: number,
    readonly value: unknown,
  ) {}
}

/**
 * A CBOR simple value other than false/true/null/undefined. It can be decoded but not encoded.
 *
 * @example
 * ```ts
 * import { CborSimple, decodeCbor } from '@uketori/mdoc';
 *
 * const value = decodeCbor(Uint8Array.of(0xf0)); // simple(16)
 * if (value instanceof CborSimple) value.value; // 16
 * ```
 */
export class CborSimple {
  constructor(readonly value: number) {}
}
