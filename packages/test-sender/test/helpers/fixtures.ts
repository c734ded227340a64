/** Shared inputs for test-sender tests. */

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { encodeCbor } from '@uketori/mdoc';

/** The reference time every test verifies at. */
export const NOW = new Date('2026-10-01T03:00:00Z');

/** A well-formed SessionTranscript [DeviceEngagementBytes, EReaderKeyBytes, Handover] stand-in. */
export function testTranscript(): Uint8Array {
  return encodeCbor([null, null, ['uketori-test-handover', new Uint8Array(randomBytes(16))]]);
}

/** A reader ephemeral key pair on the given curve. */
export function readerKey(curve: 'P-256' | 'P-384' = 'P-256') {
  return generateKeyPairSync('ec', { namedCurve: curve === 'P-256' ? 'prime256v1' : 'secp384r1' });
}

/** The error code thrown by `fn`, if any. */
export async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}
