/**
 * A bounded CBOR decoder (RFC 8949) for data received from a holder.
 *
 * Why not cbor-x's decoder: its tag extensions are process-wide (another library registering tag
 * 24 would change what uketori sees) and it has no nesting-depth limit. This decoder enforces
 * {@link CborLimits} while it reads, keeps tag-24 content as the bytes received
 * ({@link EncodedCbor}), decodes tdate/full-date to typed values, rejects duplicate map keys and
 * invalid UTF-8, and throws {@link CborError} with a stable code on anything else. It never
 * allocates more than the input justifies. Encoding is done with cbor-x (see `encode.ts`).
 *
 * @module
 */

import { CborError } from '../errors.js';
import { CborSimple, CborTag, EncodedCbor, FullDate, TDate } from './types.js';

/** Limits applied while decoding data received from a holder. */
export interface CborLimits {
  /** Largest input accepted, in bytes. Default 4 MiB. */
  readonly maxBytes: number;
  /** Deepest nesting of arrays, maps and tags. Default 32. */
  readonly maxDepth: number;
  /** Most entries in one array or map. Default 10 000. */
  readonly maxContainerEntries: number;
  /** Most data items in one input, counted over all levels. Default 200 000. */
  readonly maxItems: number;
  /** Largest single byte or text string, in bytes. Default 2 MiB. */
  readonly maxStringBytes: number;
}

/** The limits used when none are given. */
export const DEFAULT_CBOR_LIMITS: CborLimits = Object.freeze({
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 32,
  maxContainerEntries: 10_000,
  maxItems: 200_000,
  maxStringBytes: 2 * 1024 * 1024,
});

/** Options of {@link decodeCbor}. */
export interface CborDecodeOptions {
  /** Overrides for {@link DEFAULT_CBOR_LIMITS}; unspecified fields keep their defaults. */
  readonly limits?: Partial<CborLimits>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const BREAK = Symbol('break');

function resolveLimits(partial: Partial<CborLimits> | undefined): CborLimits {
  return partial === undefined ? DEFAULT_CBOR_LIMITS : { ...DEFAULT_CBOR_LIMITS, ...partial };
}

class Reader {
  pos = 0;
  items = 0;
  readonly view: DataView;

  constructor(
    readonly buf: Uint8Array,
    readonly limits: CborLimits,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  fail(code: string, message: string): never {
    throw new CborError(code, `${message} at byte ${this.pos}`);
  }

  need(n: number): void {
    if (this.pos + n > this.buf.length) this.fail('ERR_CBOR_TRUNCATED', 'CBOR input ends early');
  }

  /** Reads the argument of an initial byte; returns -1 for indefinite length (info 31). */
  argument(info: number): number | bigint {
    if (info < 24) return info;
    switch (info) {
      case 24:
        this.need(1);
        return this.buf[this.pos++]!;
      case 25: {
        this.need(2);
        const v = this.view.getUint16(this.pos);
        this.pos += 2;
        return v;
      }
      case 26: {
        this.need(4);
        const v = this.view.getUint32(this.pos);
        this.pos += 4;
        return v;
      }
      case 27: {
        this.need(8);
        const v = this.view.getBigUint64(this.pos);
        this.pos += 8;
        return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
      case 31:
        return -1;
      default:
        return this.fail('ERR_CBOR_MALFORMED', `reserved additional information ${info}`);
    }
  }

  length(info: number, what: string): number {
    const n = this.argument(info);
    if (typeof n === 'bigint') return this.fail('ERR_CBOR_LIMIT', `${what} length exceeds limits`);
    return n;
  }

  bytes(n: number): Uint8Array {
    if (n > this.limits.maxStringBytes) this.fail('ERR_CBOR_LIMIT', `string of ${n} bytes exceeds maxStringBytes`);
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  text(n: number): string {
    const b = this.bytes(n);
    if (n < 48) {
      let ascii = true;
      for (let i = 0; i < n; i++) {
        if (b[i]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) return String.fromCharCode.apply(null, b as unknown as number[]);
    }
    try {
      return utf8.decode(b);
    } catch (cause) {
      throw new CborError('ERR_CBOR_INVALID_UTF8', `text string is not valid UTF-8 at byte ${this.pos}`, { cause });
    }
  }

  item(depth: number): unknown {
    if (++this.items > this.limits.maxItems) this.fail('ERR_CBOR_LIMIT', 'too many data items');
    this.need(1);
    const start = this.pos;
    const initial = this.buf[this.pos++]!;
    const major = initial >> 5;
    const info = initial & 0x1f;
    switch (major) {
      case 0: {
        const v = this.argument(info);
        if (v === -1) this.fail('ERR_CBOR_MALFORMED', 'indefinite length on an integer');
        return v;
      }
      case 1: {
        const v = this.argument(info);
        if (v === -1) this.fail('ERR_CBOR_MALFORMED', 'indefinite length on an integer');
        if (typeof v === 'bigint') return -1n - v;
        return v >= Number.MAX_SAFE_INTEGER ? -1n - BigInt(v) : -1 - v;
      }
      case 2:
      case 3: {
        const n = this.length(info, 'string');
        if (n >= 0) return major === 2 ? this.bytes(n) : this.text(n);
        return this.indefiniteString(major);
      }
      case 4:
        return this.array(info, depth + 1);
      case 5:
        return this.map(info, depth + 1);
      case 6:
        return this.tag(info, depth + 1, start);
      default:
        return this.simple(info);
    }
  }

  checkDepth(depth: number): void {
    if (depth > this.limits.maxDepth) this.fail('ERR_CBOR_LIMIT', `nesting deeper than ${this.limits.maxDepth}`);
  }

  checkEntries(n: number, per: number): void {
    if (n > this.limits.maxContainerEntries) this.fail('ERR_CBOR_LIMIT', `container of ${n} entries exceeds maxContainerEntries`);
    if (n * per > this.buf.length - this.pos) this.fail('ERR_CBOR_TRUNCATED', 'container longer than the remaining input');
  }

  indefiniteString(major: number): Uint8Array | string {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      this.need(1);
      if (this.buf[this.pos] === 0xff) {
        this.pos++;
        break;
      }
      const initial = this.buf[this.pos++]!;
      if (initial >> 5 !== major) this.fail('ERR_CBOR_MALFORMED', 'indefinite string chunk of another type');
      const n = this.length(initial & 0x1f, 'string');
      if (n < 0) this.fail('ERR_CBOR_MALFORMED', 'nested indefinite string');
      total += n;
      if (total > this.limits.maxStringBytes) this.fail('ERR_CBOR_LIMIT', 'string exceeds maxStringBytes');
      if (++this.items > this.limits.maxItems) this.fail('ERR_CBOR_LIMIT', 'too many data items');
      chunks.push(this.bytes(n));
    }
    const joined = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      joined.set(c, at);
      at += c.length;
    }
    if (major === 2) return joined;
    try {
      return utf8.decode(joined);
    } catch (cause) {
      throw new CborError('ERR_CBOR_INVALID_UTF8', 'text string is not valid UTF-8', { cause });
    }
  }

  array(info: number, depth: number): unknown[] {
    this.checkDepth(depth);
    const n = this.length(info, 'array');
    if (n >= 0) {
      this.checkEntries(n, 1);
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = this.item(depth);
      return out;
    }
    const out: unknown[] = [];
    for (;;) {
      const v = this.itemOrBreak(depth);
      if (v === BREAK) return out;
      if (out.length >= this.limits.maxContainerEntries) this.fail('ERR_CBOR_LIMIT', 'array exceeds maxContainerEntries');
      out.push(v);
    }
  }

  map(info: number, depth: number): Map<unknown, unknown> {
    this.checkDepth(depth);
    const n = this.length(info, 'map');
    const out = new Map<unknown, unknown>();
    if (n >= 0) this.checkEntries(n, 2);
    for (let i = 0; n < 0 || i < n; i++) {
      const key = n < 0 ? this.itemOrBreak(depth) : this.item(depth);
      if (key === BREAK) break;
      if (n < 0 && out.size >= this.limits.maxContainerEntries) this.fail('ERR_CBOR_LIMIT', 'map exceeds maxContainerEntries');
      const t = typeof key;
      if (t !== 'string' && t !== 'bigint' && !(t === 'number' && Number.isInteger(key))) {
        this.fail('ERR_CBOR_UNSUPPORTED', 'map key is not an integer or text string');
      }
      if (out.has(key)) this.fail('ERR_CBOR_DUPLICATE_KEY', 'duplicate map key');
      out.set(key, this.item(depth));
    }
    return out;
  }

  itemOrBreak(depth: number): unknown {
    this.need(1);
    if (this.buf[this.pos] === 0xff) {
      this.pos++;
      return BREAK;
    }
    return this.item(depth);
  }

  tag(info: number, depth: number, start: number): unknown {
    this.checkDepth(depth);
    const tag = this.argument(info);
    if (tag === -1) this.fail('ERR_CBOR_MALFORMED', 'indefinite length on a tag');
    const at = this.pos;
    const content = this.item(depth);
    switch (tag) {
      case 24:
        if (!(content instanceof Uint8Array)) this.failAt(at, 'tag 24 content is not a byte string');
        // Keep the whole item as received too (tag and length headers in whatever form they came).
        return new EncodedCbor(content, undefined, this.buf.subarray(start, this.pos));
      case 0:
        if (typeof content !== 'string') this.failAt(at, 'tag 0 content is not a text string');
        try {
          return new TDate(content);
        } catch {
          return this.failAt(at, 'tag 0 content is not an RFC 3339 date-time');
        }
      case 1:
        if (typeof content !== 'number' || !Number.isFinite(content)) this.failAt(at, 'tag 1 content is not a finite number');
        const date = new Date(content * 1000);
        return Number.isNaN(date.getTime()) ? this.failAt(at, 'tag 1 content is out of range') : date;
      case 1004: {
        if (typeof content !== 'string') this.failAt(at, 'tag 1004 content is not a text string');
        const d = FullDate.parse(content);
        return d ?? this.failAt(at, 'tag 1004 content is not a full-date');
      }
      default:
        return new CborTag(Number(tag), content);
    }
  }

  failAt(at: number, message: string): never {
    throw new CborError('ERR_CBOR_MALFORMED', `${message} at byte ${at}`);
  }

  simple(info: number): unknown {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 24: {
        this.need(1);
        const v = this.buf[this.pos++]!;
        if (v < 32) this.fail('ERR_CBOR_MALFORMED', 'simple value in two-byte form below 32');
        return new CborSimple(v);
      }
      case 25: {
        this.need(2);
        const v = halfToNumber(this.view.getUint16(this.pos));
        this.pos += 2;
        return v;
      }
      case 26: {
        this.need(4);
        const v = this.view.getFloat32(this.pos);
        this.pos += 4;
        return v;
      }
      case 27: {
        this.need(8);
        const v = this.view.getFloat64(this.pos);
        this.pos += 8;
        return v;
      }
      case 31:
        return this.fail('ERR_CBOR_MALFORMED', 'unexpected break');
      default:
        if (info < 20) return new CborSimple(info);
        return this.fail('ERR_CBOR_MALFORMED', `reserved simple value ${info}`);
    }
  }
}

function halfToNumber(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * 2 ** -14 * (mant / 1024);
  if (exp === 31) return mant === 0 ? sign * Infinity : Number.NaN;
  return sign * 2 ** (exp - 15) * (1 + mant / 1024);
}

/**
 * Decodes exactly one CBOR data item from `bytes`, within limits.
 *
 * Maps decode to `Map`, byte strings to `Uint8Array` views of the input, tag 24 to
 * {@link EncodedCbor}, tag 0 to {@link TDate}, tag 1 to `Date`, tag 1004 to {@link FullDate},
 * other tags to {@link CborTag}. Integers beyond 2^53 decode to `bigint`.
 *
 * @example
 * ```ts
 * const response = decodeCbor(bytes) as Map<string, unknown>;
 * ```
 * @throws {CborError} `ERR_CBOR_TRUNCATED`, `ERR_CBOR_MALFORMED`, `ERR_CBOR_LIMIT`,
 *   `ERR_CBOR_INVALID_UTF8`, `ERR_CBOR_DUPLICATE_KEY`, `ERR_CBOR_UNSUPPORTED`,
 *   `ERR_CBOR_TRAILING_BYTES`.
 */
export function decodeCbor(bytes: Uint8Array, options?: CborDecodeOptions): unknown {
  if (!(bytes instanceof Uint8Array)) throw new CborError('ERR_CBOR_MALFORMED', 'CBOR input is not a Uint8Array');
  const limits = resolveLimits(options?.limits);
  if (bytes.length > limits.maxBytes) {
    throw new CborError('ERR_CBOR_LIMIT', `input of ${bytes.length} bytes exceeds maxBytes`);
  }
  if (bytes.length === 0) throw new CborError('ERR_CBOR_TRUNCATED', 'CBOR input is empty');
  const reader = new Reader(bytes, limits);
  const value = reader.item(0);
  if (reader.pos !== bytes.length) {
    throw new CborError('ERR_CBOR_TRAILING_BYTES', `${bytes.length - reader.pos} bytes after the CBOR data item`);
  }
  return value;
}
