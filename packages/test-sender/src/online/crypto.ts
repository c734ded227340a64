/**
 * The wallet's encryption and request checks: HPKE seal (RFC 9180, DHKEM(P-256)/HKDF-SHA256/
 * AES-128-GCM, `@hpke/core`), JWE ECDH-ES encryption (RFC 7516, RFC 7518 §4.6) and request-object
 * verification (RFC 7515) on `node:crypto`, so that the wallet side of a load test costs what a
 * phone's crypto would rather than what WebCrypto key imports cost. The verifier's tests check
 * both against `jose`. NEVER FOR PRODUCTION.
 *
 * @module
 */

import { createCipheriv, createECDH, createHash, generateKeyPairSync, randomBytes, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { Aes128Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from '@hpke/core';
import type { JWK } from 'jose';
import { base64urlEncode, UketoriRangeError } from '@uketori/mdoc';

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

/** The raw RFC 7638 SHA-256 thumbprint of a P-256 JWK: the required members in lexicographic order. */
export async function thumbprintOf(jwk: JWK): Promise<Uint8Array> {
  return sha256(new TextEncoder().encode(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })));
}

const GCM_KEY_BYTES: Record<string, number> = { A128GCM: 16, A192GCM: 24, A256GCM: 32 };

function lengthPrefixed(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + data.length);
  new DataView(out.buffer).setUint32(0, data.length);
  out.set(data, 4);
  return out;
}

/**
 * JWE ECDH-ES encryption of a JSON payload, compact serialization (RFC 7516 §5.1): a fresh
 * ephemeral P-256 key (`epk`), Concat KDF with SHA-256 (RFC 7518 §4.6.2; AlgorithmID = `enc`),
 * AES-GCM with a 96-bit IV and the encoded protected header as AAD.
 */
export async function encryptJwe(
  payload: unknown,
  jwk: JWK,
  options: { readonly enc: string; readonly kid?: string; readonly apu?: Uint8Array; readonly apv?: Uint8Array },
): Promise<string> {
  const keyBytes = GCM_KEY_BYTES[options.enc];
  if (keyBytes === undefined || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new UketoriRangeError('test wallet encrypts only ECDH-ES on P-256 with AES-GCM');
  }
  const ephemeral = createECDH('prime256v1');
  const epkPoint = ephemeral.generateKeys();
  const z = ephemeral.computeSecret(Buffer.concat([Uint8Array.of(4), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]));
  const header = {
    alg: 'ECDH-ES',
    enc: options.enc,
    ...(options.kid === undefined ? {} : { kid: options.kid }),
    epk: { kty: 'EC', crv: 'P-256', x: base64urlEncode(epkPoint.subarray(1, 33)), y: base64urlEncode(epkPoint.subarray(33)) },
    ...(options.apu === undefined ? {} : { apu: base64urlEncode(options.apu) }),
    ...(options.apv === undefined ? {} : { apv: base64urlEncode(options.apv) }),
  };
  const suppPubInfo = new Uint8Array(4);
  new DataView(suppPubInfo.buffer).setUint32(0, keyBytes * 8);
  const cek = createHash('sha256')
    .update(Uint8Array.of(0, 0, 0, 1))
    .update(z)
    .update(lengthPrefixed(new TextEncoder().encode(options.enc)))
    .update(lengthPrefixed(options.apu ?? new Uint8Array(0)))
    .update(lengthPrefixed(options.apv ?? new Uint8Array(0)))
    .update(suppPubInfo)
    .digest()
    .subarray(0, keyBytes);
  const protectedHeader = Buffer.from(JSON.stringify(header)).toString('base64url');
  const iv = randomBytes(12);
  const cipher = createCipheriv(`aes-${keyBytes * 8}-gcm` as 'aes-128-gcm', cek, iv);
  cipher.setAAD(Buffer.from(protectedHeader, 'ascii'));
  const cipherText = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return [protectedHeader, '', iv.toString('base64url'), cipherText.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** A fresh P-256 public JWK (for faults that encrypt to the wrong key). */
export function freshP256Jwk(): JWK {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' }) as JWK;
}

/** The JWS algorithm and digest of a verification key (RFC 7518 §3.4, RFC 8037 §3.1). */
function jwsAlgorithmOf(key: KeyObject): { readonly alg: string; readonly hash: string | null } | undefined {
  if (key.asymmetricKeyType === 'ed25519') return { alg: 'EdDSA', hash: null };
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve === 'prime256v1' ? { alg: 'ES256', hash: 'sha256' } : curve === 'secp384r1' ? { alg: 'ES384', hash: 'sha384' } : curve === 'secp521r1' ? { alg: 'ES512', hash: 'sha512' } : undefined;
}

/** Parsed certificates by their base64 DER, as a wallet keeps the verifiers it has seen (bounded). */
const certificates = new Map<string, { readonly publicKey: KeyObject; readonly subjectAltName: string | undefined }>();

function certificateOf(base64: string): { readonly publicKey: KeyObject; readonly subjectAltName: string | undefined } {
  let parsed = certificates.get(base64);
  if (parsed === undefined) {
    const cert = new X509Certificate(Buffer.from(base64, 'base64'));
    parsed = { publicKey: cert.publicKey, subjectAltName: cert.subjectAltName };
    if (certificates.size >= 64) certificates.delete(certificates.keys().next().value!);
    certificates.set(base64, parsed);
  }
  return parsed;
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
    const parts = String(jwt).split('.');
    if (parts.length !== 3) refuse('not a compact JWS');
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as typeof header;
    if (!Array.isArray(header.x5c) || typeof header.x5c[0] !== 'string') refuse('no x5c');
    const key = certificateOf(header.x5c[0]).publicKey;
    // RFC 7515 §4.1.1 / RFC 7518 §3.1: the alg must be the one the x5c[0] key is used with.
    const jws = jwsAlgorithmOf(key);
    if (jws === undefined || header.alg !== jws.alg) refuse('alg does not fit the x5c[0] key');
    const signature = Buffer.from(parts[2]!, 'base64url');
    if (!verify(jws.hash, Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'), { key, dsaEncoding: 'ieee-p1363' }, signature)) refuse('the request object signature does not verify');
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
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
    const san = certificateOf(header.x5c![0]!).subjectAltName ?? '';
    if (!san.split(', ').includes(`DNS:${name}`)) refuse('x509_san_dns is not a dNSName of x5c[0]');
  } else refuse('unsupported client id prefix');
  return claims;
}
