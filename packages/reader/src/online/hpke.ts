/**
 * HPKE (RFC 9180) as ISO/IEC 18013-7 Annex C and Apple's in-app flow use it: base mode,
 * DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM; `info` is the encoded SessionTranscript and
 * the AAD is empty (notes/online.md §4.3, §7.2). `@hpke/core` does the work.
 *
 * @module
 */

import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Aes128Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from '@hpke/core';
import { UketoriTypeError } from '@uketori/mdoc';
import { OnlineError } from './errors.js';
import type { PrivateEcJwk } from './state.js';

const suite = new CipherSuite({ kem: new DhkemP256HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });

/** Length of an uncompressed P-256 point, the HPKE `enc` of DHKEM(P-256) (RFC 9180 §7.1.1). */
export const P256_POINT_BYTES = 65;

/** A fresh P-256 key pair, the private half as a JWK for the transaction state. */
export function generateP256Jwk(): { readonly jwk: PrivateEcJwk; readonly publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' });
  return { jwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, d: jwk.d! }, publicKey };
}

/** The public point `04 || x || y` of a P-256 JWK. */
export function p256Point(jwk: Pick<PrivateEcJwk, 'x' | 'y'>): Uint8Array {
  const x = Buffer.from(jwk.x, 'base64url');
  const y = Buffer.from(jwk.y, 'base64url');
  if (x.length !== 32 || y.length !== 32) throw new OnlineError('ERR_ONLINE_TRANSACTION', 'the stored key is not a P-256 key');
  return new Uint8Array(Buffer.concat([Uint8Array.of(4), x, y]));
}

/** The private KeyObject of a stored JWK. */
export function privateKeyOf(jwk: PrivateEcJwk): KeyObject {
  try {
    return createPrivateKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d }, format: 'jwk' });
  } catch (cause) {
    throw new OnlineError('ERR_ONLINE_TRANSACTION', 'the stored key is not a P-256 private key', { cause });
  }
}

/**
 * Opens an HPKE ciphertext (single-shot, base mode) with the recipient's private key.
 *
 * @throws {OnlineError} `ERR_ONLINE_STRUCTURE` for an `enc` that is not a P-256 point;
 *   `ERR_ONLINE_DECRYPT` when the ciphertext does not open (wrong key, wrong info, tampering).
 */
export async function hpkeOpen(recipient: KeyObject, enc: Uint8Array, cipherText: Uint8Array, info: Uint8Array): Promise<Uint8Array> {
  if (!(enc instanceof Uint8Array) || enc.length !== P256_POINT_BYTES || enc[0] !== 4) throw new OnlineError('ERR_ONLINE_STRUCTURE', 'HPKE enc is not an uncompressed P-256 point');
  if (!(cipherText instanceof Uint8Array) || cipherText.length < 16) throw new OnlineError('ERR_ONLINE_STRUCTURE', 'HPKE ciphertext is shorter than its tag');
  if (recipient?.type !== 'private') throw new UketoriTypeError('the HPKE recipient key must be a private KeyObject');
  let recipientKey: Awaited<ReturnType<typeof suite.kem.importKey>>;
  try {
    const jwk = recipient.export({ format: 'jwk' });
    recipientKey = await suite.kem.importKey('jwk', { ...jwk, key_ops: ['deriveBits'] } as Parameters<typeof suite.kem.importKey>[1], false);
  } catch (cause) {
    throw new UketoriTypeError('the HPKE recipient key must be a P-256 private key', 'ERR_INVALID_ARG_TYPE', { cause });
  }
  try {
    // RFC 9180 §6.1 single-shot open; aad = "" (ISO/IEC 18013-7 Annex C, Apple PassKit).
    const plain = await suite.open({ recipientKey, enc, info }, cipherText, new Uint8Array(0));
    return new Uint8Array(plain);
  } catch (cause) {
    throw new OnlineError('ERR_ONLINE_DECRYPT', 'the HPKE ciphertext does not open with the transaction key and SessionTranscript', { cause });
  }
}
