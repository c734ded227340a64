/**
 * The wallet's encryption and request checks: HPKE seal (RFC 9180, DHKEM(P-256)/HKDF-SHA256/
 * AES-128-GCM, `@hpke/core`), JWE ECDH-ES encryption and request-object verification (`jose`).
 * NEVER FOR PRODUCTION.
 *
 * @module
 */

import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { Aes128Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from '@hpke/core';
import { calculateJwkThumbprint, CompactEncrypt, compactVerify, importJWK, importX509, type JWK } from 'jose';
import { base64urlDecode, base64urlEncode, UketoriRangeError } from '@uketori/mdoc';

const suite = new CipherSuite({ kem: new DhkemP256HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });

/** Flips one bit in the middle of `bytes` (a copy). */
export function flipBit(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[out.length >> 1]! ^= 0x01;
  return out;
}

/** A fresh P-256 public point (for faults that encrypt to the wrong key). */
export function freshP256Point(): Uint8Array {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' });
  return Uint8Array.from([4, ...Buffer.from(jwk.x!, 'base64url'), ...Buffer.from(jwk.y!, 'base64url')]);
}

/** HPKE single-shot seal to an uncompressed P-256 point, `info` given, aad empty. */
export async function hpkeSeal(recipientPoint: Uint8Array, info: Uint8Array, plaintext: Uint8Array): Promise<{ enc: Uint8Array; cipherText: Uint8Array }> {
  const recipientPublicKey = await suite.kem.deserializePublicKey(recipientPoint);
  const { ct, enc } = await suite.seal({ recipientPublicKey, info }, plaintext, new Uint8Array(0));
  return { enc: new Uint8Array(enc), cipherText: new Uint8Array(ct) };
}

/** SHA-256. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

/** The raw RFC 7638 SHA-256 thumbprint of a P-256 JWK. */
export async function thumbprintOf(jwk: JWK): Promise<Uint8Array> {
  return base64urlDecode(await calculateJwkThumbprint({ kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, y: jwk.y! }, 'sha256'));
}

/** JWE ECDH-ES encryption of a JSON payload. */
export async function encryptJwe(
  payload: unknown,
  jwk: JWK,
  options: { readonly enc: string; readonly kid?: string; readonly apu?: Uint8Array; readonly apv?: Uint8Array },
): Promise<string> {
  const key = await importJWK({ kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, y: jwk.y! }, 'ECDH-ES');
  const jwe = new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({
    alg: 'ECDH-ES',
    enc: options.enc,
    ...(options.kid === undefined ? {} : { kid: options.kid }),
  });
  if (options.apu !== undefined || options.apv !== undefined) {
    jwe.setKeyManagementParameters({ ...(options.apu === undefined ? {} : { apu: options.apu }), ...(options.apv === undefined ? {} : { apv: options.apv }) });
  }
  return jwe.encrypt(key);
}

/** A fresh P-256 public JWK (for faults that encrypt to the wrong key). */
export function freshP256Jwk(): JWK {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' }) as JWK;
}

function refuse(message: string, cause?: unknown): never {
  throw new UketoriRangeError(`test wallet refuses the request: ${message}`, 'ERR_INVALID_ARG_VALUE', cause === undefined ? {} : { cause });
}

/**
 * Verifies a signed request object as a wallet does (OpenID4VP 1.0 §5.10, §5.9.3): `typ`, the
 * signature with `x5c[0]`, and the client id prefix against that certificate (`x509_hash`: SHA-256
 * of its DER; `x509_san_dns`: a dNSName SAN). Draft-18 requests name the scheme in
 * `client_id_scheme`. Returns the claims.
 *
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` when the wallet would refuse the request.
 */
export async function verifyRequestObject(jwt: string): Promise<Record<string, unknown>> {
  let claims: Record<string, unknown>;
  let header: { typ?: string; x5c?: string[]; alg?: string };
  try {
    const parts = jwt.split('.');
    header = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8')) as typeof header;
    if (!Array.isArray(header.x5c) || typeof header.x5c[0] !== 'string') refuse('no x5c');
    const key = await importX509(`-----BEGIN CERTIFICATE-----\n${header.x5c[0]}\n-----END CERTIFICATE-----`, header.alg ?? 'ES256');
    const { payload } = await compactVerify(jwt, key);
    claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  } catch (cause) {
    if (cause instanceof UketoriRangeError) throw cause;
    return refuse('the request object signature does not verify', cause);
  }
  if (header.typ !== 'oauth-authz-req+jwt') refuse('typ is not oauth-authz-req+jwt');
  const leaf = new Uint8Array(Buffer.from(header.x5c![0]!, 'base64'));
  const clientId = claims['client_id'];
  if (typeof clientId !== 'string') refuse('no client_id');
  const scheme = typeof claims['client_id_scheme'] === 'string' ? claims['client_id_scheme'] : clientId.slice(0, Math.max(0, clientId.indexOf(':')));
  const name = claims['client_id_scheme'] === undefined ? clientId.slice(scheme.length + 1) : clientId;
  if (scheme === 'x509_hash') {
    if (name !== base64urlEncode(sha256(leaf))) refuse('x509_hash does not match x5c[0]');
  } else if (scheme === 'x509_san_dns') {
    const san = new X509Certificate(leaf).subjectAltName ?? '';
    if (!san.split(', ').includes(`DNS:${name}`)) refuse('x509_san_dns is not a dNSName of x5c[0]');
  } else refuse('unsupported client id prefix');
  return claims;
}
