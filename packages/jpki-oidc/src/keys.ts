/**
 * The client's private key for `private_key_jwt` (RFC 7523 §2.2): a JWK, a `KeyObject` or a
 * `CryptoKey`, imported once as a non-extractable WebCrypto signing key. The key is never logged,
 * serialized or put in an error.
 *
 * @module
 */

import { KeyObject, webcrypto, type JsonWebKey } from 'node:crypto';
import { UketoriTypeError } from '@uketori/mdoc';

/** The JWS algorithms accepted for the client assertion. */
export type ClientAssertionAlg = 'ES256' | 'RS256' | 'PS256';

/** A private key in any of the accepted forms. */
export type ClientPrivateKey = JsonWebKey | KeyObject | webcrypto.CryptoKey;

const PARAMS: Readonly<Record<ClientAssertionAlg, webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams>> = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
};

function keyError(): UketoriTypeError {
  return new UketoriTypeError('"privateKey" must be a private EC P-256 or RSA key (JWK, KeyObject or CryptoKey)', 'ERR_INVALID_ARG_VALUE');
}

/** Only the key material members: `alg`, `use` and `key_ops` from elsewhere must not veto the import. */
function material(jwk: JsonWebKey): JsonWebKey {
  const keep = jwk.kty === 'EC' ? ['kty', 'crv', 'x', 'y', 'd'] : ['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'];
  return Object.fromEntries(Object.entries(jwk).filter(([k]) => keep.includes(k))) as JsonWebKey;
}

/**
 * Imports the client's private key for signing client assertions.
 *
 * @example
 * ```ts
 * const key = await importClientKey(JSON.parse(process.env.JPKI_CLIENT_JWK!));
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE` for a public key, another key type or curve,
 *   or an algorithm that does not fit the key.
 */
export async function importClientKey(input: ClientPrivateKey, alg?: ClientAssertionAlg): Promise<webcrypto.CryptoKey> {
  // Node 20 exposes the CryptoKey class as a global only.
  const CryptoKeyClass = (globalThis as { CryptoKey?: new () => webcrypto.CryptoKey }).CryptoKey;
  if (CryptoKeyClass !== undefined && input instanceof CryptoKeyClass) {
    if (input.type !== 'private' || !input.usages.includes('sign')) throw keyError();
    return input;
  }
  let jwk: JsonWebKey;
  if (input instanceof KeyObject) {
    if (input.type !== 'private') throw keyError();
    jwk = input.export({ format: 'jwk' });
  } else if (input !== null && typeof input === 'object' && typeof (input as JsonWebKey).kty === 'string') {
    jwk = input as JsonWebKey;
  } else {
    throw keyError();
  }
  if (typeof jwk.d !== 'string') throw keyError();
  const chosen: ClientAssertionAlg | undefined = jwk.kty === 'EC' && jwk.crv === 'P-256' ? 'ES256' : jwk.kty === 'RSA' ? (alg === 'PS256' ? 'PS256' : 'RS256') : undefined;
  if (chosen === undefined || (alg !== undefined && alg !== chosen)) throw keyError();
  try {
    return await webcrypto.subtle.importKey('jwk', material(jwk), PARAMS[chosen], false, ['sign']);
  } catch {
    // The WebCrypto message could describe the key; none of it is kept.
    throw keyError();
  }
}
