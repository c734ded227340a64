/**
 * MSO digest algorithms (ISO/IEC 18013-5 §9.1.2.5) and the value digest of an IssuerSignedItem.
 *
 * @module
 */

import { createHash } from 'node:crypto';
import { UketoriRangeError, type EncodedCbor } from '@uketori/mdoc';

/** The digest algorithms ISO/IEC 18013-5 §9.1.2.5 allows. */
export type DigestAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512';

// SHA-1 is here only so the `unsupported-digest-algorithm` fault can build a consistent MSO.
const NODE_HASH: Record<string, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512', 'SHA-1': 'sha1' };

/**
 * The value digest of one element: the hash of the full `#6.24(bstr)` encoding of its
 * IssuerSignedItemBytes (ISO/IEC 18013-5 §9.1.2.5).
 *
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for an unknown algorithm.
 */
export function valueDigest(algorithm: string, item: EncodedCbor): Uint8Array {
  const hash = NODE_HASH[algorithm];
  if (hash === undefined) throw new UketoriRangeError(`unknown digest algorithm ${JSON.stringify(algorithm)}`);
  return new Uint8Array(createHash(hash).update(item.bytesWithTag()).digest());
}
