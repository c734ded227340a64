/**
 * Encrypted responses of OpenID4VP (`direct_post.jwt`, `dc_api.jwt`; OpenID4VP 1.0 §8.3): a JWE
 * with `ECDH-ES` on a per-request P-256 key and `A128GCM` or `A256GCM`, decrypted with `jose`
 * under an algorithm allow-list. Also the RFC 7638 thumbprint the mdoc handovers bind.
 *
 * @module
 */

import { createECDH } from 'node:crypto';
import { calculateJwkThumbprint, compactDecrypt, decodeProtectedHeader, errors, importJWK, type CompactJWEHeaderParameters } from 'jose';
import { base64urlDecode, base64urlEncode } from '@uketori/mdoc';
import { checkSize, parseJsonObject, randomToken, type OnlineLimits } from './encoding.js';
import { OnlineError } from './errors.js';
import type { PrivateEcJwk } from './state.js';

/** Content encryption algorithms a verifier may offer (HAIP: both MUST be listed). */
export type ResponseEncryption = 'A128GCM' | 'A256GCM';

/** The only key management algorithm accepted. */
export const RESPONSE_KEY_ALGORITHM = 'ECDH-ES';

const P256_COORDINATE_BYTES = 32;

function leftPad(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length >= length) return bytes;
  const out = new Uint8Array(length);
  out.set(bytes, length - bytes.length);
  return out;
}

/**
 * A fresh per-request encryption key: P-256, `kid`, `alg: ECDH-ES`, `use: enc` (OpenID4VP 1.0
 * §8.3, HAIP). `d` is the full 32 octets (RFC 7518 §6.2.2.1). node:crypto's ECDH generates it: no
 * key object or JWK export per transaction.
 */
export function generateResponseKey(): PrivateEcJwk {
  const ecdh = createECDH('prime256v1');
  const point = ecdh.generateKeys();
  return {
    kty: 'EC',
    crv: 'P-256',
    x: base64urlEncode(point.subarray(1, 1 + P256_COORDINATE_BYTES)),
    y: base64urlEncode(point.subarray(1 + P256_COORDINATE_BYTES)),
    d: base64urlEncode(leftPad(ecdh.getPrivateKey(), P256_COORDINATE_BYTES)),
    kid: randomToken(16),
    alg: RESPONSE_KEY_ALGORITHM,
    use: 'enc',
  };
}

/** The public JWK for `client_metadata.jwks`. */
export function publicJwk(key: PrivateEcJwk): Record<string, string> {
  const { d: _d, ...pub } = key;
  return pub as Record<string, string>;
}

/**
 * The RFC 7638 SHA-256 thumbprint of a key as raw bytes (over `crv`, `kty`, `x`, `y` only), as the
 * OpenID4VP 1.0 handovers carry it.
 *
 * @example
 * ```ts
 * import { jwkThumbprint } from '@uketori/reader';
 *
 * const thumbprint = await jwkThumbprint(state.responseKey); // 32 bytes, bound into the OpenID4VPHandover
 * ```
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
  // No compression (RFC 7516 §4.1.3): a response is small, and "zip" only widens what is parsed.
  if (header.alg !== RESPONSE_KEY_ALGORITHM || typeof header.enc !== 'string' || !allowed.includes(header.enc as ResponseEncryption) || header.zip !== undefined) {
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
