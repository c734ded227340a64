/**
 * Encrypted responses of OpenID4VP (`direct_post.jwt`, `dc_api.jwt`; OpenID4VP 1.0 §8.3): a JWE
 * with `ECDH-ES` on a per-request P-256 key and `A128GCM` or `A256GCM`, decrypted with `jose`
 * under an algorithm allow-list. Also the RFC 7638 thumbprint the mdoc handovers bind.
 *
 * @module
 */

import { calculateJwkThumbprint, compactDecrypt, decodeProtectedHeader, errors, importJWK, type CompactJWEHeaderParameters } from 'jose';
import { base64urlDecode } from '@uketori/mdoc';
import { checkSize, parseJsonObject, randomToken, type OnlineLimits } from './encoding.js';
import { OnlineError } from './errors.js';
import { generateP256Jwk } from './hpke.js';
import type { PrivateEcJwk } from './state.js';

/** Content encryption algorithms a verifier may offer (HAIP: both MUST be listed). */
export type ResponseEncryption = 'A128GCM' | 'A256GCM';

/** The only key management algorithm accepted. */
export const RESPONSE_KEY_ALGORITHM = 'ECDH-ES';

/** A fresh per-request encryption key: P-256, `kid`, `alg: ECDH-ES`, `use: enc` (OpenID4VP 1.0 §8.3, HAIP). */
export function generateResponseKey(): PrivateEcJwk {
  const { jwk } = generateP256Jwk();
  return { ...jwk, kid: randomToken(16), alg: RESPONSE_KEY_ALGORITHM, use: 'enc' };
}

/** The public JWK for `client_metadata.jwks`. */
export function publicJwk(key: PrivateEcJwk): Record<string, string> {
  const { d: _d, ...pub } = key;
  return pub as Record<string, string>;
}

/**
 * The RFC 7638 SHA-256 thumbprint of a key as raw bytes (over `crv`, `kty`, `x`, `y` only), as the
 * OpenID4VP 1.0 handovers carry it.
 */
export async function jwkThumbprint(key: Pick<PrivateEcJwk, 'kty' | 'crv' | 'x' | 'y'>): Promise<Uint8Array> {
  return base64urlDecode(await calculateJwkThumbprint({ kty: key.kty, crv: key.crv, x: key.x, y: key.y }, 'sha256'));
}

/** A decrypted response JWE. */
export interface DecryptedResponse {
  readonly payload: Record<string, unknown>;
  readonly header: CompactJWEHeaderParameters;
}

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Decrypts a response JWE with the transaction's key: compact form, size limit, `kid` (when
 * sent) equal to the key's, `alg` ECDH-ES and `enc` in `allowed` only; the payload is a JSON object.
 *
 * @throws {OnlineError} `ERR_ONLINE_TOO_LARGE`, `ERR_ONLINE_ENCODING` (not a compact JWE),
 *   `ERR_ONLINE_KEY` (`kid` of another key), `ERR_ONLINE_ALGORITHM` (alg/enc outside the allow-list),
 *   `ERR_ONLINE_DECRYPT` (wrong key or tampered), `ERR_ONLINE_STRUCTURE` (payload not a JSON object).
 */
export async function decryptResponse(jwe: unknown, key: PrivateEcJwk, allowed: readonly ResponseEncryption[], limits?: OnlineLimits): Promise<DecryptedResponse> {
  if (typeof jwe !== 'string') throw new OnlineError('ERR_ONLINE_STRUCTURE', 'the response is not a compact JWE string');
  checkSize(jwe, 'the response JWE', limits);
  if (!COMPACT.test(jwe)) throw new OnlineError('ERR_ONLINE_ENCODING', 'the response is not a compact JWE');
  let header: CompactJWEHeaderParameters;
  try {
    header = decodeProtectedHeader(jwe) as CompactJWEHeaderParameters;
  } catch (cause) {
    throw new OnlineError('ERR_ONLINE_ENCODING', 'the JWE protected header does not decode', { cause });
  }
  if (header.alg !== RESPONSE_KEY_ALGORITHM || typeof header.enc !== 'string' || !allowed.includes(header.enc as ResponseEncryption)) {
    throw new OnlineError('ERR_ONLINE_ALGORITHM', 'the JWE alg/enc is not in the allow-list');
  }
  if (header.kid !== undefined && header.kid !== key.kid) throw new OnlineError('ERR_ONLINE_KEY', 'the JWE was encrypted to another key (kid)');
  let plaintext: Uint8Array;
  try {
    const privateKey = await importJWK({ kty: key.kty, crv: key.crv, x: key.x, y: key.y, d: key.d }, RESPONSE_KEY_ALGORITHM);
    ({ plaintext } = await compactDecrypt(jwe, privateKey, { keyManagementAlgorithms: [RESPONSE_KEY_ALGORITHM], contentEncryptionAlgorithms: [...allowed] }));
  } catch (cause) {
    if (cause instanceof errors.JOSEAlgNotAllowed || cause instanceof errors.JOSENotSupported) {
      throw new OnlineError('ERR_ONLINE_ALGORITHM', 'the JWE uses an algorithm outside the allow-list', { cause });
    }
    throw new OnlineError('ERR_ONLINE_DECRYPT', 'the JWE does not decrypt with the transaction key', { cause });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch (cause) {
    throw new OnlineError('ERR_ONLINE_ENCODING', 'the JWE payload is not UTF-8', { cause });
  }
  return { payload: parseJsonObject(text, 'the JWE payload', limits), header };
}
