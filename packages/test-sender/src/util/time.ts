/**
 * Date arithmetic on whole seconds (X.509 and tdate carry no fractions here).
 *
 * @module
 */

import { UketoriTypeError } from '@uketori/mdoc';

const DAY_MS = 86_400_000;

/** `date` truncated to the whole second. */
export function toSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** `date` plus `days` (may be negative or fractional), truncated to the second. */
export function addDays(date: Date, days: number): Date {
  return toSecond(new Date(date.getTime() + days * DAY_MS));
}

/** Throws `ERR_INVALID_ARG_TYPE` unless `value` is a valid `Date`. */
export function assertDate(value: unknown, name: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new UketoriTypeError(`${name} must be a valid Date`);
}
