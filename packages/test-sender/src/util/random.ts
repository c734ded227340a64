/**
 * Randomness for test credentials: salts, digest ids and element order.
 *
 * @module
 */

import { randomBytes as nodeRandomBytes, randomInt } from 'node:crypto';

/** `n` cryptographically random bytes as a plain `Uint8Array`. */
export function randomBytes(n: number): Uint8Array {
  return new Uint8Array(nodeRandomBytes(n));
}

/** A copy of `items` in a uniformly random order (Fisher–Yates). */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * `count` distinct random non-negative integers below 2^20.
 *
 * ISO/IEC 18013-5 §9.1.2.5 only asks that digest ids be unique within a namespace; random ids
 * keep a verifier from relying on them being small or sequential.
 */
export function uniqueRandomIds(count: number): number[] {
  const ids = new Set<number>();
  while (ids.size < count) ids.add(randomInt(1 << 20));
  return [...ids];
}

/** A random hexadecimal X.509 serial number of 16 bytes, positive (RFC 5280 §4.1.2.2). */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}
