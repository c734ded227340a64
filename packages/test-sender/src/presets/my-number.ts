/**
 * The check digit of an individual number (個人番号), as defined by 番号法施行令 第8条.
 *
 * @module
 */

import { UketoriRangeError } from '@uketori/mdoc';

/**
 * The check digit for the first eleven digits of an individual number.
 *
 * 番号法施行令 第8条: with Pn the n-th digit counted from the rightmost of the eleven (n = 1…11),
 * Qn = n + 1 for n ≤ 6 and n − 5 for n ≥ 7, and r = (Σ Pn × Qn) mod 11, the check digit is 0
 * when r ≤ 1 and 11 − r otherwise.
 *
 * @example
 * ```ts
 * myNumberCheckDigit('12345678901'); // 8
 * ```
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` unless `first11` is eleven ASCII digits.
 */
export function myNumberCheckDigit(first11: string): number {
  if (!/^[0-9]{11}$/.test(first11)) throw new UketoriRangeError('expected eleven digits');
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = first11.charCodeAt(11 - n) - 48;
    sum += p * (n <= 6 ? n + 1 : n - 5);
  }
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

/**
 * Whether `value` is twelve ASCII digits whose last digit is the check digit of the rest.
 *
 * @example
 * ```ts
 * isValidMyNumber('123456789018'); // true
 * ```
 */
export function isValidMyNumber(value: string): boolean {
  return /^[0-9]{12}$/.test(value) && myNumberCheckDigit(value.slice(0, 11)) === value.charCodeAt(11) - 48;
}

/**
 * A twelve-digit test individual number: `first11` plus its check digit.
 *
 * @example
 * ```ts
 * testMyNumber('12345678901'); // '123456789018'
 * ```
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` unless `first11` is eleven ASCII digits.
 */
export function testMyNumber(first11 = '12345678901'): string {
  return first11 + String(myNumberCheckDigit(first11));
}
