/**
 * Element values for people (one short line, never raw bytes) and for JSON.
 *
 * @module
 */

import { CborSimple, CborTag, EncodedCbor, FullDate, TDate, base64urlEncode } from '@uketori/mdoc';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * ISO 8601 text of a date-time: a tdate as received when it is in UTC, otherwise
 * `toISOString()` without a zero millisecond part.
 */
export function isoDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'Invalid Date';
  if (date instanceof TDate && /Z$/i.test(date.text)) return date.text;
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * Converts a verified element value to JSON: byte strings as base64url, full-date as
 * `YYYY-MM-DD`, tdate as ISO 8601, maps as objects, big integers as numbers when safe (else text).
 *
 * @example
 * ```ts
 * toJson(FullDate.parse('1971-09-01')); // '1971-09-01'
 * toJson(Uint8Array.of(1, 2)); // 'AQI'
 * ```
 */
export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Uint8Array) return base64urlEncode(value);
  if (value instanceof FullDate) return value.toString();
  if (value instanceof Date) return isoDateTime(value);
  if (value instanceof EncodedCbor) return base64urlEncode(value.bytes);
  if (value instanceof CborTag) return { tag: value.tag, value: toJson(value.value) };
  if (value instanceof CborSimple) return { simple: value.value };
  if (Array.isArray(value)) return value.map(toJson);
  const out: { [key: string]: Json } = {};
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  for (const [k, v] of entries) out[String(k)] = toJson(v);
  return out;
}

/** `<N bytes>`, with the image format when the bytes start like a JPEG or JPEG 2000. */
export function describeBytes(bytes: Uint8Array): string {
  const kind = imageKind(bytes);
  return `<${bytes.length} bytes${kind === undefined ? '' : ` ${kind}`}>`;
}

function imageKind(b: Uint8Array): string | undefined {
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'JPEG';
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0x00 && b[3] === 0x0c && b[4] === 0x6a && b[5] === 0x50) return 'JPEG 2000';
  return undefined;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const MAX_SHORT = 160;

/**
 * A short, single-line, terminal-safe rendering of an element value: byte strings as
 * `<N bytes>` (never their content), dates as ISO 8601, text as is (quoted and escaped when it
 * holds control characters), arrays and maps inline, cut at 160 characters.
 *
 * @example
 * ```ts
 * renderShort(portrait); // '<5043 bytes JPEG>'
 * renderShort([{ vehicle_category_code: 'A' }]); // '[{ vehicle_category_code: "A" }]'
 * ```
 */
export function renderShort(value: unknown): string {
  const text = typeof value === 'string' && !CONTROL.test(value) ? value : render(value);
  return text.length > MAX_SHORT ? `${text.slice(0, MAX_SHORT - 1)}…` : text;
}

function render(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, escapeChar);
  if (typeof value !== 'object') return String(value);
  if (value instanceof Uint8Array) return describeBytes(value);
  if (value instanceof FullDate) return value.toString();
  if (value instanceof Date) return isoDateTime(value);
  if (value instanceof EncodedCbor) return `24(${describeBytes(value.bytes)})`;
  if (value instanceof CborTag) return `${value.tag}(${render(value.value)})`;
  if (value instanceof CborSimple) return `simple(${value.value})`;
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${typeof k === 'string' ? renderKey(k) : render(k)}: ${render(v)}`).join(', ')} }`;
}

function renderKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : render(key);
}

/**
 * Text from a received structure (a certificate subject, a docType) made safe for one terminal
 * line: line breaks become `, `, other control characters are escaped.
 */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ', ').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, escapeChar);
}

function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
