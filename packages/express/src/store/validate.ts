/**
 * Argument checks shared by the stores: caller mistakes are `UketoriTypeError`/`UketoriRangeError`
 * with `ERR_INVALID_ARG_*` codes, thrown before anything is stored.
 *
 * @module
 */

import { UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';

/** Transaction ids are URL-safe and short: they appear in paths and Redis keys. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** Throws unless `id` is a URL-safe string of 1–128 characters. */
export function checkId(id: unknown): asserts id is string {
  if (typeof id !== 'string') throw new UketoriTypeError('transaction id must be a string');
  if (!ID_PATTERN.test(id)) throw new UketoriRangeError('transaction id must be 1-128 characters of [A-Za-z0-9_-]');
}

/** Throws unless `ms` is a positive safe integer. */
export function checkMs(name: string, ms: unknown): asserts ms is number {
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 1) throw new UketoriRangeError(`${name} must be a positive integer (ms)`);
}

/** Throws unless `value` is a plain JSON object (not an array, not null). */
export function checkObject(name: string, value: unknown): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UketoriTypeError(`${name} must be a JSON object`);
}
