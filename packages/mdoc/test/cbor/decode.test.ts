import { describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/codes.js';
import { CborTag, EncodedCbor, FullDate, TDate, decodeCbor, encodeCbor } from '../../src/index.js';

const hex = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));


describe('CBOR decoding keeps what the holder sent', () => {
  it('keeps tag-24 content as the bytes received, even when not in preferred form', () => {
    // #6.24(h'a1616101'), and the same item with a non-preferred integer encoding inside.
    const item = decodeCbor(hex('d81844a1616101')) as EncodedCbor;
    expect(item).toBeInstanceOf(EncodedCbor);
    expect(Buffer.from(item.bytes).toString('hex')).toBe('a1616101');
    const odd = decodeCbor(hex('d81845a161611801')) as EncodedCbor;
    expect(Buffer.from(odd.bytes).toString('hex')).toBe('a161611801');
    expect(odd.decode()).toEqual(new Map([['a', 1]]));
    expect(Buffer.from(odd.bytesWithTag()).toString('hex')).toBe('d81845a161611801');
  });

  it('keeps a tag-24 item with non-preferred headers byte for byte, headers included', () => {
    // tag 24 written with a two-byte tag number and a one-byte length for a 4-byte string
    const received = hex('d900185804a1616101');
    const item = decodeCbor(received) as EncodedCbor;
    expect(Buffer.from(item.bytesWithTag()).toString('hex')).toBe('d900185804a1616101');
    expect(Buffer.from(new EncodedCbor(item.bytes).bytesWithTag()).toString('hex')).toBe('d81844a1616101');
  });

  it('decodes tdate to TDate with the original text, and full-date to FullDate', () => {
    const t = decodeCbor(encodeCbor(new TDate('2020-10-01T13:30:02.25Z'))) as TDate;
    expect(t).toBeInstanceOf(TDate);
    expect(t.text).toBe('2020-10-01T13:30:02.25Z');
    expect(t.toISOString()).toBe('2020-10-01T13:30:02.250Z');
    const d = decodeCbor(hex('d903ec6a313937312d30392d3031')) as FullDate;
    expect(d).toBeInstanceOf(FullDate);
    expect(String(d)).toBe('1971-09-01');
  });

  it('decodes tag 1 epoch dates and leaves unknown tags as CborTag', () => {
    expect(decodeCbor(hex('c11a5f75d1ba'))).toEqual(new Date(1601556922 * 1000));
    const tagged = decodeCbor(hex('d28101')) as CborTag;
    expect(tagged).toBeInstanceOf(CborTag);
    expect(tagged.tag).toBe(18);
  });

  it('decodes integers beyond 2^53 as bigint, and half/single/double floats', () => {
    expect(decodeCbor(hex('1b0020000000000000'))).toBe(2n ** 53n);
    expect(decodeCbor(hex('3b0020000000000000'))).toBe(-(2n ** 53n) - 1n);
    expect(decodeCbor(hex('f93c00'))).toBe(1);
    expect(decodeCbor(hex('fa47c35000'))).toBe(100000);
    expect(decodeCbor(hex('fb3ff199999999999a'))).toBe(1.1);
  });

  it('accepts indefinite-length strings, arrays and maps', () => {
    expect(decodeCbor(hex('7f626162626364ff'))).toBe('abcd');
    expect(decodeCbor(hex('9f0102ff'))).toEqual([1, 2]);
    expect(decodeCbor(hex('bf616101ff'))).toEqual(new Map([['a', 1]]));
  });
});

describe('CBOR decoding rejects malformed and hostile input with a code', () => {
  const cases: [string, string, string][] = [
    ['empty input', '', 'ERR_CBOR_TRUNCATED'],
    ['truncated byte string', '5820aabb', 'ERR_CBOR_TRUNCATED'],
    ['array claiming 2^32 entries', '9b0000000100000000', 'ERR_CBOR_LIMIT'],
    ['map claiming more entries than bytes', 'b90fff01', 'ERR_CBOR_TRUNCATED'],
    ['byte string claiming 2^40 bytes', '5b0000010000000000', 'ERR_CBOR_LIMIT'],
    ['trailing bytes', '0101', 'ERR_CBOR_TRAILING_BYTES'],
    ['reserved additional information', '1c', 'ERR_CBOR_MALFORMED'],
    ['lone break', 'ff', 'ERR_CBOR_MALFORMED'],
    ['invalid UTF-8', '62c328', 'ERR_CBOR_INVALID_UTF8'],
    ['duplicate map key', 'a2616101616102', 'ERR_CBOR_DUPLICATE_KEY'],
    ['array map key', 'a18001', 'ERR_CBOR_UNSUPPORTED'],
    ['tag 24 around a text string', 'd8186161', 'ERR_CBOR_MALFORMED'],
    ['tag 0 with a non-date', 'c06161', 'ERR_CBOR_MALFORMED'],
    ['tag 1004 with an impossible date', 'd903ec6a323032312d30322d3330', 'ERR_CBOR_MALFORMED'],
    ['indefinite string with a chunk of another type', '7f4161ff', 'ERR_CBOR_MALFORMED'],
    ['tag 1 with NaN', 'c1f97e00', 'ERR_CBOR_MALFORMED'],
    ['tag 1 with Infinity', 'c1f97c00', 'ERR_CBOR_MALFORMED'],
    ['tag 1 beyond the Date range', 'c1fb7fefffffffffffff', 'ERR_CBOR_MALFORMED'],
    ['tag 0 with 30 February', 'c074323032312d30322d33305430303a30303a30305a', 'ERR_CBOR_MALFORMED'],
    ['tag 0 with hour 24', 'c074323032312d30322d30315432343a30303a30305a', 'ERR_CBOR_MALFORMED'],
    ['non-integer float map key', 'a1f93e0001', 'ERR_CBOR_UNSUPPORTED'],
    ['unterminated indefinite array', '9f0101', 'ERR_CBOR_TRUNCATED'],
  ];
  it.each(cases)('%s', (_name, input, code) => {
    expect(codeOf(() => decodeCbor(hex(input)))).toBe(code);
  });

  it('rejects nesting deeper than the limit without exhausting the stack', () => {
    const deep = new Uint8Array(100_000).fill(0x81);
    expect(codeOf(() => decodeCbor(deep))).toBe('ERR_CBOR_LIMIT');
    expect(codeOf(() => decodeCbor(hex('818181818101'), { limits: { maxDepth: 3 } }))).toBe('ERR_CBOR_LIMIT');
  });

  it('rejects input over maxBytes before reading it', () => {
    expect(codeOf(() => decodeCbor(new Uint8Array(11), { limits: { maxBytes: 10 } }))).toBe('ERR_CBOR_LIMIT');
  });

  it('rejects more items than maxItems and strings over maxStringBytes', () => {
    expect(codeOf(() => decodeCbor(hex('83010203'), { limits: { maxItems: 3 } }))).toBe('ERR_CBOR_LIMIT');
    expect(codeOf(() => decodeCbor(hex('43010203'), { limits: { maxStringBytes: 2 } }))).toBe('ERR_CBOR_LIMIT');
    expect(codeOf(() => decodeCbor(hex('83010203'), { limits: { maxContainerEntries: 2 } }))).toBe('ERR_CBOR_LIMIT');
  });

  it('never throws anything but a coded CborError on random bytes', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >>> 16) & 0xff;
    for (let i = 0; i < 5000; i++) {
      const input = Uint8Array.from({ length: 1 + (rand() % 40) }, rand);
      try {
        decodeCbor(input);
      } catch (err) {
        expect((err as { code?: string }).code).toMatch(/^ERR_CBOR_/);
      }
    }
  });
});

describe('CBOR round-trips', () => {
  it('decode(encode(x)) equals x for random values (property)', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >>> 8) % n;
    const gen = (depth: number): unknown => {
      switch (rand(depth > 3 ? 6 : 9)) {
        case 0: return rand(1 << 30) - (1 << 29);
        case 1: return 'テキスト'.slice(0, rand(4)) + String(rand(1000));
        case 2: return Uint8Array.from({ length: rand(40) }, () => rand(256));
        case 3: return rand(2) === 0;
        case 4: return null;
        case 5: return new FullDate(1900 + rand(200), 1 + rand(12), 1 + rand(28));
        case 6: return Array.from({ length: rand(5) }, () => gen(depth + 1));
        case 7: return new Map(Array.from({ length: rand(5) }, (_, i) => [`k${i}`, gen(depth + 1)]));
        default: return new EncodedCbor(encodeCbor(gen(depth + 1)));
      }
    };
    for (let i = 0; i < 500; i++) {
      const value = gen(0);
      const bytes = encodeCbor(value);
      const again = encodeCbor(decodeCbor(bytes));
      expect(Buffer.from(again).toString('hex')).toBe(Buffer.from(bytes).toString('hex'));
    }
  });
});
