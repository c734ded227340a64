/**
 * A tiny but valid baseline JPEG (ITU-T T.81) for the `portrait` elements: a grey head-and-
 * shoulders silhouette drawn with one flat 8×8 block per cell, built from scratch here.
 *
 * Only DC coefficients are coded (every AC run is an immediate end-of-block), with a DC Huffman
 * table of twelve 4-bit codes and an AC table holding just EOB. Any JPEG decoder reads it.
 *
 * @module
 */

const BLOCK = 8;

// The silhouette, one character per 8×8 block: '.' background, '#' figure.
const SILHOUETTE = [
  '......',
  '..##..',
  '.####.',
  '.####.',
  '..##..',
  '.####.',
  '######',
  '######',
];

class BitWriter {
  readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }

  private flushByte(): void {
    this.bytes.push(this.acc);
    // T.81 §F.1.2.3: a coded 0xFF byte is followed by a stuffed zero byte.
    if (this.acc === 0xff) this.bytes.push(0x00);
    this.acc = 0;
    this.n = 0;
  }

  /** T.81 §F.1.2.3: pad the last byte with 1-bits. */
  finish(): number[] {
    while (this.n !== 0) this.write(1, 1);
    return this.bytes;
  }
}

function segment(marker: number, body: readonly number[]): number[] {
  const len = body.length + 2;
  return [0xff, marker, len >> 8, len & 0xff, ...body];
}

function category(diff: number): number {
  let v = Math.abs(diff);
  let c = 0;
  while (v > 0) {
    c++;
    v >>= 1;
  }
  return c;
}

/**
 * Encodes a greyscale baseline JPEG in which every 8×8 block is flat.
 *
 * @param levels - one grey level (0–255) per block, rows of equal length.
 */
export function encodeFlatBlockJpeg(levels: readonly (readonly number[])[]): Uint8Array {
  const rows = levels.length;
  const cols = levels[0]?.length ?? 0;
  if (rows === 0 || cols === 0 || levels.some((r) => r.length !== cols)) throw new RangeError('levels must be a non-empty rectangle');
  const width = cols * BLOCK;
  const height = rows * BLOCK;
  // Quantisation: DC step 8 makes the quantised DC equal to (level − 128); AC steps are unused.
  const dqt = [0x00, 8, ...new Array<number>(63).fill(1)];
  const sof0 = [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0];
  const dcCounts = [0, 0, 0, 12, ...new Array<number>(12).fill(0)];
  const dht = [0x00, ...dcCounts, ...Array.from({ length: 12 }, (_, i) => i), 0x10, 1, ...new Array<number>(15).fill(0), 0x00];
  const sos = [1, 1, 0x00, 0, 63, 0];
  const bits = new BitWriter();
  let previous = 0;
  for (const row of levels) {
    for (const level of row) {
      const dc = Math.max(0, Math.min(255, Math.round(level))) - 128;
      const diff = dc - previous;
      previous = dc;
      const cat = category(diff);
      bits.write(cat, 4); // canonical code of DC symbol `cat`: 4 bits, value cat
      if (cat > 0) bits.write(diff > 0 ? diff : diff + (1 << cat) - 1, cat);
      bits.write(0, 1); // AC: end of block
    }
  }
  const jfif = [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  return Uint8Array.from([
    0xff, 0xd8,
    ...segment(0xe0, jfif),
    ...segment(0xdb, dqt),
    ...segment(0xc0, sof0),
    ...segment(0xc4, dht),
    ...segment(0xda, sos),
    ...bits.finish(),
    0xff, 0xd9,
  ]);
}

let cached: Uint8Array | undefined;

/**
 * The test portrait: a 48×64 greyscale JPEG of a silhouette (a few hundred bytes). A fresh copy
 * is returned on every call.
 *
 * @example
 * ```ts
 * const jpeg = testPortraitJpeg(); // starts with FF D8, ends with FF D9
 * ```
 */
export function testPortraitJpeg(): Uint8Array {
  cached ??= encodeFlatBlockJpeg(SILHOUETTE.map((row) => [...row].map((c) => (c === '#' ? 72 : 208))));
  return cached.slice();
}
