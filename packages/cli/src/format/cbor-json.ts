/**
 * A lossless-enough JSON view of any decoded CBOR value, for `uketori inspect --json`.
 *
 * @module
 */

import { CborSimple, CborTag, EncodedCbor, FullDate, TDate, base64urlEncode, decodeCbor } from '@uketori/mdoc';
import type { Json } from './value.js';

const MAX_EMBEDDING = 16;

/**
 * Converts a decoded CBOR value to JSON: byte strings in full as base64url, tags as
 * `{"tag": n, "value": …}` (tag 24 with its content decoded as `value`, or `bytes` when it is
 * not CBOR), map keys as text, big integers beyond 2^53 as text.
 *
 * @example
 * ```ts
 * cborToJson(decodeCbor(bytes)); // { "version": "1.0", "documents": [ … ], "status": 0 }
 * ```
 */
export function cborToJson(value: unknown, embedding = 0): Json {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Uint8Array) return base64urlEncode(value);
  if (value instanceof TDate) return { tag: 0, value: value.text };
  if (value instanceof Date) return { tag: 1, value: value.getTime() / 1000 };
  if (value instanceof FullDate) return { tag: 1004, value: value.toString() };
  if (value instanceof EncodedCbor) {
    if (embedding < MAX_EMBEDDING) {
      try {
        return { tag: 24, value: cborToJson(decodeCbor(value.bytes), embedding + 1) };
      } catch {
        // not CBOR: fall through to the bytes
      }
    }
    return { tag: 24, bytes: base64urlEncode(value.bytes) };
  }
  if (value instanceof CborTag) return { tag: value.tag, value: cborToJson(value.value, embedding) };
  if (value instanceof CborSimple) return { simple: value.value };
  if (Array.isArray(value)) return value.map((v) => cborToJson(v, embedding));
  const out: { [key: string]: Json } = {};
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  for (const [k, v] of entries) out[String(k)] = cborToJson(v, embedding);
  return out;
}
