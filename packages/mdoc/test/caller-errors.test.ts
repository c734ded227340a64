import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CborSimple, deriveEMacKey, encodeCbor, FullDate, fromHex, TDate } from '../src/index.js';

// Caller mistakes are coded TypeError/RangeError subclasses, never a bare built-in error.
describe('caller mistakes carry ERR_INVALID_ARG_* codes', () => {
  it.each([
    ['fromHex with an odd number of digits', () => fromHex('abc'), 'ERR_INVALID_ARG_VALUE', RangeError],
    ['fromHex with a non-hex character', () => fromHex('zz'), 'ERR_INVALID_ARG_VALUE', RangeError],
    ['a FullDate that is not on the calendar', () => new FullDate(2025, 2, 30), 'ERR_INVALID_ARG_VALUE', RangeError],
    ['a TDate that is not RFC 3339', () => new TDate('yesterday'), 'ERR_INVALID_ARG_VALUE', RangeError],
    ['encoding a CBOR simple value', () => encodeCbor(new CborSimple(16)), 'ERR_INVALID_ARG_VALUE', TypeError],
  ])('%s', (_name, run, code, base) => {
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(base);
    expect((thrown as { code?: unknown }).code).toBe(code);
  });

  it('deriveEMacKey with keys on different curves is ERR_COSE_KEY, with the node:crypto error as cause', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    let thrown: unknown;
    try {
      deriveEMacKey(p256.privateKey, p384.publicKey, Uint8Array.of(0x80));
    } catch (error) {
      thrown = error;
    }
    expect((thrown as { code?: unknown }).code).toBe('ERR_COSE_KEY');
    expect((thrown as Error).cause).toBeInstanceOf(Error);
  });
});
