import { CborTag, EncodedCbor, FullDate, TDate, encodeCbor } from '@uketori/mdoc';
import { describe, expect, it } from 'vitest';
import { decodeInput, diagnosticNotation, renderShort, toJson } from '../src/index.js';

const JPEG = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10);

describe('element values for people', () => {
  it.each([
    ['a JPEG as its size', JPEG, '<6 bytes JPEG>'],
    ['other bytes as their size', Uint8Array.of(1, 2, 3), '<3 bytes>'],
    ['a full-date', new FullDate(1971, 9, 1), '1971-09-01'],
    ['a tdate as received', new TDate('2024-01-02T03:04:05Z'), '2024-01-02T03:04:05Z'],
    ['a tdate with an offset in UTC', new TDate('2024-01-02T12:04:05+09:00'), '2024-01-02T03:04:05Z'],
    ['text as is', '山田 太郎', '山田 太郎'],
    ['text with control characters escaped', 'a\u001b[31mb', '"a\\u001b[31mb"'],
    ['a map inline', new Map<string, unknown>([['vehicle_category_code', 'A'], ['issue_date', new FullDate(2018, 8, 9)]]), '{ vehicle_category_code: "A", issue_date: 2018-08-09 }'],
    ['an array of booleans', [true, false], '[true, false]'],
    ['an unknown tag', new CborTag(37, Uint8Array.of(1)), '37(<1 bytes>)'],
  ])('renders %s', (_name, value, expected) => {
    expect(renderShort(value)).toBe(expected);
  });

  it('cuts long values', () => {
    expect(renderShort('x'.repeat(500))).toHaveLength(160);
  });
});

describe('element values as JSON', () => {
  it.each([
    ['bytes as base64url', Uint8Array.of(0xfb, 0xff), '-_8'],
    ['a full-date as YYYY-MM-DD', new FullDate(2019, 10, 20), '2019-10-20'],
    ['a tdate as ISO', new TDate('2020-10-01T13:30:02Z'), '2020-10-01T13:30:02Z'],
    ['a Date as ISO', new Date(Date.UTC(2020, 0, 1)), '2020-01-01T00:00:00Z'],
    ['a map as an object', new Map<unknown, unknown>([['a', 1], [2, [Uint8Array.of(1)]]]), { a: 1, '2': ['AQ'] }],
    ['a safe bigint as a number', 5n, 5],
    ['a huge bigint as text', 2n ** 64n, '18446744073709551616'],
    ['embedded CBOR as its bytes', new EncodedCbor(Uint8Array.of(0xa0)), 'oA'],
    ['a plain object recursively', { d: new FullDate(2000, 1, 1) }, { d: '2000-01-01' }],
  ])('converts %s', (_name, value, expected) => {
    expect(toJson(value)).toEqual(expected);
  });
});

describe('input encodings', () => {
  const bytes = Uint8Array.of(0xa1, 0x61, 0x61, 0x01);
  const enc = (s: string) => new TextEncoder().encode(s);
  it.each([
    ['raw', bytes, 'raw'],
    ['hex', enc('a1616101\n'), 'hex'],
    ['hex with spaces', enc(' a1 61\n61 01 '), 'hex'],
    ['base64url', enc('oWFhAQ'), 'base64url'],
    ['base64 with padding', enc('oWFhAQ==\n'), 'base64url'],
  ])('detects %s', (_name, data, encoding) => {
    const out = decodeInput(data);
    expect(out.encoding).toBe(encoding);
    expect([...out.bytes]).toEqual([...bytes]);
  });

  it('leaves text that is neither hex nor base64 as raw bytes', () => {
    expect(decodeInput(enc('hello, world')).encoding).toBe('raw');
  });
});

describe('diagnostic notation', () => {
  it('renders the RFC 8949 §8 forms', () => {
    const value = new Map<unknown, unknown>([
      [1, -7],
      ['t', new TDate('2020-10-01T13:30:02Z')],
      ['d', new FullDate(2019, 10, 20)],
      ['e', new EncodedCbor(encodeCbor(['x', null, true]))],
      ['b', Uint8Array.of(0xde, 0xad)],
      ['f', 1.5],
    ]);
    expect(diagnosticNotation(value, { width: 200 })).toBe(`{1: -7, "t": 0("2020-10-01T13:30:02Z"), "d": 1004("2019-10-20"), "e": 24(<<["x", null, true]>>), "b": h'dead', "f": 1.5}`);
  });

  it('shows embedded bytes that are not CBOR as bytes', () => {
    expect(diagnosticNotation(new EncodedCbor(Uint8Array.of(0xff)))).toBe(`24(h'ff' / not well-formed CBOR /)`);
  });

  it('breaks containers wider than the width over lines', () => {
    const out = diagnosticNotation(['a'.repeat(50), 'b'.repeat(50)]);
    expect(out).toBe(`[\n  "${'a'.repeat(50)}",\n  "${'b'.repeat(50)}"\n]`);
  });
});
