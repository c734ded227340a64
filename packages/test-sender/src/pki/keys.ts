/**
 * Key pairs for the test PKI: node:crypto `KeyObject`s, converted to WebCrypto keys only where
 * `@peculiar/x509` needs them.
 *
 * @module
 */

import { generateKeyPairSync, KeyObject, webcrypto } from 'node:crypto';
import { UketoriRangeError } from '@uketori/mdoc';

/** Curves the test PKI issues on (ISO/IEC 18013-5 Annex B.1 allows both for IACA and DS). */
export type PkiCurve = 'P-256' | 'P-384';

/** A private key with its public key. */
export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

const NODE_CURVE: Record<PkiCurve, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' };

/** Throws `ERR_INVALID_ARG_VALUE` unless `curve` is a {@link PkiCurve}. */
export function assertPkiCurve(curve: unknown): asserts curve is PkiCurve {
  if (curve !== 'P-256' && curve !== 'P-384') throw new UketoriRangeError('curve must be "P-256" or "P-384"');
}

/** A fresh EC key pair on `curve`. */
export function generateEcKeyPair(curve: PkiCurve): KeyPair {
  return generateKeyPairSync('ec', { namedCurve: NODE_CURVE[curve] });
}

/** The COSE algorithm a key on `curve` signs with (ISO/IEC 18013-5 §9.1.5.2 pairs them so). */
export function coseAlgorithmFor(curve: PkiCurve): 'ES256' | 'ES384' {
  return curve === 'P-256' ? 'ES256' : 'ES384';
}

/** The X.509 signature algorithm for a key on `curve` (ecdsa-with-SHA256 / -SHA384). */
export function x509SigningAlgorithm(curve: PkiCurve): { name: 'ECDSA'; hash: 'SHA-256' | 'SHA-384' } {
  return { name: 'ECDSA', hash: curve === 'P-256' ? 'SHA-256' : 'SHA-384' };
}

/** The WebCrypto private key for signing certificates and CRLs with `@peculiar/x509`. */
export async function toSigningCryptoKey(privateKey: KeyObject, curve: PkiCurve): Promise<webcrypto.CryptoKey> {
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: curve }, false, ['sign']);
}

/** The WebCrypto public key, for the certificate's subjectPublicKeyInfo and key identifiers. */
export async function toPublicCryptoKey(publicKey: KeyObject, curve: PkiCurve): Promise<webcrypto.CryptoKey> {
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return webcrypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: curve }, true, ['verify']);
}
