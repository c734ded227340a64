import { describe, expect, it } from 'vitest';
import { isValidMyNumber, myNumberCheckDigit, testMyNumber } from '../src/index.js';
import { codeOf } from './helpers/fixtures.js';

// Worked by hand from 番号法施行令 第8条 (weights 2..7, 2..6 from the rightmost of eleven digits).
const VECTORS: readonly [first11: string, check: number][] = [
  ['12345678901', 8], // Σ = 212, 212 mod 11 = 3, 11 − 3 = 8
  ['11111111111', 8], // Σ = 47, 47 mod 11 = 3
  ['00000000000', 0], // Σ = 0, remainder ≤ 1 gives 0
  ['00000000005', 1], // Σ = 5 × 2 = 10, 11 − 10 = 1
  ['00000000010', 8], // P2 = 1, Q2 = 3: Σ = 3, 11 − 3 = 8
  ['10000000000', 5], // P11 = 1, Q11 = 6: Σ = 6, 11 − 6 = 5
];

describe('individual number check digit', () => {
  it.each(VECTORS)('check digit of %s is %i', (first11, check) => {
    expect(myNumberCheckDigit(first11)).toBe(check);
    expect(isValidMyNumber(first11 + String(check))).toBe(true);
  });

  it('maps a remainder of 1 to 0', () => {
    // Σ = 6 × 2 = 12, 12 mod 11 = 1 → 0
    expect(myNumberCheckDigit('00000000006')).toBe(0);
  });

  it('builds test numbers with a valid check digit and rejects altered ones', () => {
    expect(testMyNumber()).toBe('123456789018');
    expect(isValidMyNumber('123456789017')).toBe(false);
    expect(isValidMyNumber('12345678901')).toBe(false);
    expect(isValidMyNumber('１２３４５６７８９０１８')).toBe(false);
  });

  it('rejects input that is not eleven digits with a coded error', async () => {
    expect(await codeOf(() => myNumberCheckDigit('1234'))).toBe('ERR_INVALID_ARG_VALUE');
  });
});
