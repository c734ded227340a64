/**
 * COSE_Key (RFC 9052 §7, RFC 9053 §7) to and from node:crypto `KeyObject`.
 *
 * EC2 keys are turned into SubjectPublicKeyInfo DER directly (one allocation, no JWK round trip),
 * which also covers the brainpool curves ISO 18013-5 §9.1.5.2 allows and compressed points.
 *
 * @module
 */

import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { CoseError } from '../errors.js';
import { derLength } from '../util/der.js';
import { base64urlDecode, base64urlEncode } from '../util/base64url.js';

/** COSE_Key labels (RFC 9052 §7.1, RFC 9053 §7.1). */
export const CoseKeyLabel = { kty: 1, kid: 2, alg: 3, crv: -1, x: -2, y: -3, d: -4 } as const;

/** COSE key types. */
export const CoseKty = { OKP: 1, EC2: 2, Symmetric: 4 } as const;

interface CurveInfo {
  readonly name: string;
  readonly kty: number;
  readonly size: number;
  /** DER of the curve (EC2) or algorithm (OKP) OID, including tag and length. */
  readonly oid: Uint8Array;
}

const EC_PUBLIC_KEY_OID = Uint8Array.of(0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01);

/** COSE curve ids (RFC 9053 §7.1; brainpool ids from ISO 18013-5 §9.1.5.2 / IANA). */
const CURVES = new Map<number, CurveInfo>([
  [1, { name: 'P-256', kty: 2, size: 32, oid: Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07) }],
  [2, { name: 'P-384', kty: 2, size: 48, oid: Uint8Array.of(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22) }],
  [3, { name: 'P-521', kty: 2, size: 66, oid: Uint8Array.of(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23) }],
  [4, { name: 'X25519', kty: 1, size: 32, oid: Uint8Array.of(0x06, 0x03, 0x2b, 0x65, 0x6e) }],
  [5, { name: 'X448', kty: 1, size: 56, oid: Uint8Array.of(0x06, 0x03, 0x2b, 0x65, 0x6f) }],
  [6, { name: 'Ed25519', kty: 1, size: 32, oid: Uint8Array.of(0x06, 0x03, 0x2b, 0x65, 0x70) }],
  [7, { name: 'Ed448', kty: 1, size: 57, oid: Uint8Array.of(0x06, 0x03, 0x2b, 0x65, 0x71) }],
  [256, { name: 'brainpoolP256r1', kty: 2, size: 32, oid: Uint8Array.of(0x06, 0x09, 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07) }],
  [257, { name: 'brainpoolP384r1', kty: 2, size: 48, oid: Uint8Array.of(0x06, 0x09, 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0b) }],
  [258, { name: 'brainpoolP512r1', kty: 2, size: 64, oid: Uint8Array.of(0x06, 0x09, 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0d) }],
]);

/**
 * OpenSSL names of the EC curves (for `createECDH` and `generateKeyPairSync`), by COSE curve name.
 * X25519 and X448 are key types of their own in node:crypto and are not listed.
 */
export const NODE_EC_CURVE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
  brainpoolP256r1: 'brainpoolP256r1',
  brainpoolP384r1: 'brainpoolP384r1',
  brainpoolP512r1: 'brainpoolP512r1',
});

const CURVE_ID_BY_NAME = new Map<string, number>([...CURVES].map(([id, c]) => [c.name, id]));

/** A COSE_Key checked for shape, before any key object is created. */
export interface ParsedCoseKey {
  /** `P-256`, `P-384`, `P-521`, `brainpoolP256r1`, …, `Ed25519`, `X25519`, … */
  readonly curve: string;
  /** COSE key type: 1 (OKP) or 2 (EC2). */
  readonly kty: number;
  /** The public point: `04 || x || y` (or compressed `02/03 || x`) for EC2, `x` for OKP. */
  readonly point: Uint8Array;
  /** The COSE `alg` in the key, when present. */
  readonly alg: number | undefined;
  /** The public key as a JWK (EC2 with an uncompressed point, and OKP). */
  readonly jwk: JsonWebKey | undefined;
}

/** A public key imported from a COSE_Key, with its curve name. */
export interface ImportedPublicKey extends ParsedCoseKey {
  readonly key: KeyObject;
}

function der(tag: number, ...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const l = derLength(len);
  const out = new Uint8Array(1 + l.length + len);
  out[0] = tag;
  out.set(l, 1);
  let at = 1 + l.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function bad(message: string): never {
  throw new CoseError('ERR_COSE_KEY', message);
}

/**
 * Checks the shape of a COSE_Key (a decoded CBOR map) without creating a key object: curve,
 * key type and coordinate lengths. A missing `alg` is allowed (it is optional in RFC 9052 and
 * wallets omit it).
 *
 * @throws {CoseError} `ERR_COSE_KEY` when the key is not a well-formed EC2 or OKP public key.
 */
export function parseCoseKey(coseKey: unknown): ParsedCoseKey {
  if (!(coseKey instanceof Map)) bad('COSE_Key is not a map');
  const kty = coseKey.get(CoseKeyLabel.kty);
  const crvId = coseKey.get(CoseKeyLabel.crv);
  const curve = typeof crvId === 'number' ? CURVES.get(crvId) : undefined;
  if (curve === undefined) bad(`unsupported COSE_Key curve ${String(crvId)}`);
  if (kty !== curve.kty) bad(`COSE_Key kty ${String(kty)} does not match curve ${curve.name}`);
  const x = coseKey.get(CoseKeyLabel.x);
  if (!(x instanceof Uint8Array) || x.length !== curve.size) bad('COSE_Key x coordinate has the wrong length');
  const algValue = coseKey.get(CoseKeyLabel.alg);
  const alg = typeof algValue === 'number' ? algValue : undefined;
  if (curve.kty === CoseKty.OKP) {
    return { curve: curve.name, kty: curve.kty, point: x, alg, jwk: { kty: 'OKP', crv: curve.name, x: base64urlEncode(x) } };
  }
  const y = coseKey.get(CoseKeyLabel.y);
  if (y instanceof Uint8Array) {
    if (y.length !== curve.size) bad('COSE_Key y coordinate has the wrong length');
    const point = new Uint8Array(1 + 2 * curve.size);
    point[0] = 0x04;
    point.set(x, 1);
    point.set(y, 1 + curve.size);
    const jwk = curve.name.startsWith('P-') ? { kty: 'EC', crv: curve.name, x: base64urlEncode(x), y: base64urlEncode(y) } : undefined;
    return { curve: curve.name, kty: curve.kty, point, alg, jwk };
  }
  if (typeof y === 'boolean') {
    const point = new Uint8Array(1 + curve.size);
    point[0] = y ? 0x03 : 0x02;
    point.set(x, 1);
    return { curve: curve.name, kty: curve.kty, point, alg, jwk: undefined };
  }
  return bad('COSE_Key y coordinate is missing');
}

/**
 * Imports a COSE_Key (a decoded CBOR map) as a node:crypto public `KeyObject`.
 *
 * @example
 * ```ts
 * const { key, curve } = coseKeyToPublicKey(mso.get('deviceKeyInfo').get('deviceKey'));
 * ```
 * @throws {CoseError} `ERR_COSE_KEY` when the key is not a well-formed EC2 or OKP public key.
 */
export function coseKeyToPublicKey(coseKey: unknown): ImportedPublicKey {
  const parsed = parseCoseKey(coseKey);
  try {
    // JWK import is about twice as fast as SPKI DER in node's OpenSSL 3; DER covers the rest.
    const key =
      parsed.jwk !== undefined
        ? createPublicKey({ key: parsed.jwk, format: 'jwk' })
        : createPublicKey({ key: Buffer.from(spkiOf(parsed)), format: 'der', type: 'spki' });
    return { ...parsed, key };
  } catch (cause) {
    throw new CoseError('ERR_COSE_KEY', `COSE_Key is not a valid ${parsed.curve} public key`, { cause });
  }
}

function spkiOf(parsed: ParsedCoseKey): Uint8Array {
  const info = CURVES.get(CURVE_ID_BY_NAME.get(parsed.curve)!)!;
  const algorithm = info.kty === CoseKty.EC2 ? der(0x30, EC_PUBLIC_KEY_OID, info.oid) : der(0x30, info.oid);
  return der(0x30, algorithm, der(0x03, Uint8Array.of(0), parsed.point));
}

/**
 * The curve name of a node:crypto EC or OKP key (`P-256`, `Ed25519`, …).
 *
 * @example
 * ```ts
 * import { generateKeyPairSync } from 'node:crypto';
 * import { keyCurve } from '@uketori/mdoc';
 *
 * const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
 * keyCurve(privateKey); // 'P-256'
 * ```
 * @throws {CoseError} `ERR_COSE_KEY` for a key type or curve COSE does not name (e.g. RSA, secp256k1).
 */
export function keyCurve(key: KeyObject): string {
  let curve = curveCache.get(key);
  if (curve === undefined) {
    curve = curveOf(key);
    curveCache.set(key, curve);
  }
  return curve;
}

// KeyObject.asymmetricKeyDetails builds a new object on every read; keys are immutable.
const curveCache = new WeakMap<KeyObject, string>();

function curveOf(key: KeyObject): string {
  const type = key.asymmetricKeyType;
  if (type === 'ec') {
    const named = key.asymmetricKeyDetails?.namedCurve;
    const map: Record<string, string> = {
      prime256v1: 'P-256',
      secp384r1: 'P-384',
      secp521r1: 'P-521',
      brainpoolP256r1: 'brainpoolP256r1',
      brainpoolP384r1: 'brainpoolP384r1',
      brainpoolP512r1: 'brainpoolP512r1',
    };
    return (named !== undefined && map[named]) || bad(`unsupported EC curve ${String(named)}`);
  }
  if (type === 'ed25519') return 'Ed25519';
  if (type === 'ed448') return 'Ed448';
  if (type === 'x25519') return 'X25519';
  if (type === 'x448') return 'X448';
  return bad(`unsupported key type ${String(type)}`);
}

/**
 * Exports a public (or private, whose public part is taken) `KeyObject` as a COSE_Key map.
 *
 * @example
 * ```ts
 * import { generateKeyPairSync } from 'node:crypto';
 * import { publicKeyToCoseKey } from '@uketori/mdoc';
 *
 * const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
 * const deviceKey = publicKeyToCoseKey(publicKey); // Map { 1 => 2, -1 => 1, -2 => x, -3 => y }, for an MSO's deviceKeyInfo
 * ```
 * @throws {CoseError} `ERR_COSE_KEY` for a key type or curve COSE does not name.
 */
export function publicKeyToCoseKey(key: KeyObject): Map<number, unknown> {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const curve = keyCurve(pub);
  const crv = CURVE_ID_BY_NAME.get(curve)!;
  const info = CURVES.get(crv)!;
  if (info.kty === CoseKty.OKP) {
    const jwk = pub.export({ format: 'jwk' });
    return new Map<number, unknown>([
      [CoseKeyLabel.kty, CoseKty.OKP],
      [CoseKeyLabel.crv, crv],
      [CoseKeyLabel.x, base64urlDecode(jwk.x!)],
    ]);
  }
  const point = new Uint8Array(pub.export({ format: 'der', type: 'spki' })).subarray(-(1 + 2 * info.size));
  return new Map<number, unknown>([
    [CoseKeyLabel.kty, CoseKty.EC2],
    [CoseKeyLabel.crv, crv],
    [CoseKeyLabel.x, point.slice(1, 1 + info.size)],
    [CoseKeyLabel.y, point.slice(1 + info.size)],
  ]);
}

/**
 * A COSE_Key as a public JWK (for jose and WebCrypto interop).
 *
 * @example
 * ```ts
 * import { coseKeyToJwk } from '@uketori/mdoc';
 *
 * const jwk = coseKeyToJwk(deviceKeyInfo.get('deviceKey')); // { kty: 'EC', crv: 'P-256', x, y }
 * const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
 * ```
 * @throws {CoseError} `ERR_COSE_KEY` when the key is not a well-formed EC2 or OKP public key.
 */
export function coseKeyToJwk(coseKey: unknown): JsonWebKey {
  const { key } = coseKeyToPublicKey(coseKey);
  return key.export({ format: 'jwk' }) as JsonWebKey;
}

