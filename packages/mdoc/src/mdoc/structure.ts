/**
 * Typed access to decoded CBOR maps, failing with `ERR_DEVICE_RESPONSE_STRUCTURE` and a path
 * (never a value) when a field is missing or of the wrong type.
 *
 * @module
 */

import { EncodedCbor } from '../cbor/types.js';
import { UketoriError } from '../errors.js';

/** Throws the structure error for `path`. */
export function structureError(path: string, problem: string, cause?: unknown): never {
  throw UketoriError.fromCheck('DEVICE_RESPONSE_STRUCTURE', `${path}: ${problem}`, cause);
}

/** Asserts `value` is a CBOR map. */
export function asMap(value: unknown, path: string): Map<unknown, unknown> {
  if (!(value instanceof Map)) structureError(path, 'expected a map');
  return value;
}

/** A required text field of a map. */
export function text(map: Map<unknown, unknown>, key: string, path: string): string {
  const v = map.get(key);
  if (typeof v !== 'string') structureError(`${path}.${key}`, v === undefined ? 'missing' : 'expected a text string');
  return v;
}

/** A required field that must be `#6.24(bstr)`. */
export function embedded(map: Map<unknown, unknown>, key: string, path: string): EncodedCbor {
  const v = map.get(key);
  if (!(v instanceof EncodedCbor)) structureError(`${path}.${key}`, v === undefined ? 'missing' : 'expected #6.24(bstr)');
  return v;
}

/** A required field that must be a `Date` (tdate). */
export function date(map: Map<unknown, unknown>, key: string, path: string): Date {
  const v = map.get(key);
  if (!(v instanceof Date)) structureError(`${path}.${key}`, v === undefined ? 'missing' : 'expected a tdate');
  if (!Number.isFinite(v.getTime())) structureError(`${path}.${key}`, 'not a valid date');
  return v;
}

/** An optional array field. */
export function optionalArray(map: Map<unknown, unknown>, key: string, path: string): unknown[] | undefined {
  const v = map.get(key);
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) structureError(`${path}.${key}`, 'expected an array');
  return v;
}

/**
 * Sets an own, enumerable property — also for keys such as `__proto__`, which a plain assignment
 * would turn into a prototype change. Element identifiers and namespaces come from the holder.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Converts a decoded element value for callers: text-keyed maps become plain objects, recursively. */
export function plainValue(value: unknown): unknown {
  if (value instanceof Map) {
    const entries: [string, unknown][] = [];
    for (const [k, v] of value) entries.push([String(k), plainValue(v)]);
    return Object.fromEntries(entries);
  }
  if (Array.isArray(value)) return value.map(plainValue);
  return value;
}
