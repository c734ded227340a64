import { describe, expect, it } from 'vitest';
import { testPortraitJpeg } from '../src/index.js';

/** Walks JPEG marker segments up to SOS (ITU-T T.81 §B.1.1.2). */
function segments(jpeg: Uint8Array): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  let at = 2;
  for (;;) {
    expect(jpeg[at]).toBe(0xff);
    const marker = jpeg[at + 1]!;
    const len = (jpeg[at + 2]! << 8) | jpeg[at + 3]!;
    out.set(marker, jpeg.subarray(at + 4, at + 2 + len));
    at += 2 + len;
    if (marker === 0xda) return out;
  }
}

describe('test portrait', () => {
  const jpeg = testPortraitJpeg();

  it('is a small baseline JFIF JPEG of 48×64 greyscale', () => {
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(jpeg.length).toBeLessThan(1024);
    const segs = segments(jpeg);
    expect(new TextDecoder().decode(segs.get(0xe0)!.subarray(0, 4))).toBe('JFIF');
    const sof0 = segs.get(0xc0)!;
    expect([sof0[0], (sof0[1]! << 8) | sof0[2]!, (sof0[3]! << 8) | sof0[4]!, sof0[5]]).toEqual([8, 64, 48, 1]);
    expect(segs.has(0xdb)).toBe(true);
    expect(segs.has(0xc4)).toBe(true);
  });

  it('has no unstuffed 0xFF in its entropy-coded data', () => {
    const sosEnd = jpeg.length - 2;
    let start = 2;
    while (!(jpeg[start] === 0xff && jpeg[start + 1] === 0xda)) start++;
    start += 2 + ((jpeg[start + 2]! << 8) | jpeg[start + 3]!);
    for (let i = start; i < sosEnd; i++) if (jpeg[i] === 0xff) expect(jpeg[i + 1]).toBe(0x00);
  });

  it('returns a fresh copy each time', () => {
    const a = testPortraitJpeg();
    a[10] = 0;
    expect(testPortraitJpeg()).toEqual(jpeg);
  });
});
