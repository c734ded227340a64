/**
 * Calendar helpers for presets: ages and derived date elements, computed on the UTC calendar.
 *
 * @module
 */

import { FullDate } from '@uketori/mdoc';

/** The UTC calendar date of `date`. */
export function fullDateOf(date: Date): FullDate {
  return new FullDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** `date` moved by `years`; 29 February becomes 28 February in a common year. */
export function plusYears(date: FullDate, years: number): FullDate {
  const year = date.year + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return new FullDate(year, date.month, date.month === 2 && date.day === 29 && !leap ? 28 : date.day);
}

/**
 * Completed years between `birthDate` and the UTC calendar date of `at`.
 *
 * @example
 * ```ts
 * ageInYears(new FullDate(1971, 9, 1), new Date('2026-10-01T00:00:00Z')); // 55
 * ```
 */
export function ageInYears(birthDate: FullDate, at: Date): number {
  const today = fullDateOf(at);
  const hadBirthday = today.month > birthDate.month || (today.month === birthDate.month && today.day >= birthDate.day);
  return today.year - birthDate.year - (hadBirthday ? 0 : 1);
}

/** `age_over_NN` elements (ISO/IEC 18013-5 §7.2.5) for the given thresholds. */
export function ageOverElements(birthDate: FullDate, at: Date, thresholds: readonly number[]): Record<string, boolean> {
  const age = ageInYears(birthDate, at);
  return Object.fromEntries(thresholds.map((n) => [`age_over_${String(n).padStart(2, '0')}`, age >= n]));
}
