/**
 * COSE_Sign1 and COSE_Mac0 (RFC 9052 §4.2, §6.2): parse, verify, sign.
 *
 * Signatures are verified over a Sig_structure that embeds the protected header **bytes as
 * received** (never a re-encoding) and either the attached or a caller-supplied detached payload.
 *
 * @module
 */

import { createHmac, sign as nodeSign, timingSafeEqual, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { decodeCbor, type CborDecodeOptions } from '../cbor/decode.js';
import { encodeCbor } from '../cbor/encode.js';
import { CborTag } from '../cbor/types.js';
import { CoseError } from '../errors.js';
import { HMAC_256_256, HeaderLabel, algorithmId, signatureAlgorithm, type SignatureAlgorithm } from './algorithms.js';
import { keyCurve } from './key.js';

/** COSE header map: integer or text labels. */
export type CoseHeaders = Map<number | string, unknown>;

/** A parsed COSE_Sign1 or COSE_Mac0 message. */
export interface CoseMessage {
  /** The protected header as the bytes received (empty for an empty header). */
  readonly protectedBytes: Uint8Array;
  /** The decoded protected header. */
  readonly protectedHeaders: CoseHeaders;
  /** The unprotected header. */
  readonly unprotectedHeaders: CoseHeaders;
  /** The attached payload, or `null` when detached. */
  readonly payload: Uint8Array | null;
  /** The signature (Sign1) or tag (Mac0). */
  readonly signature: Uint8Array;
}

const EMPTY = new Uint8Array(0);

const EC_COMPONENT_SIZE: Record<string, number> = {
  'P-256': 32,
  'P-384': 48,
  'P-521': 66,
  brainpoolP256r1: 32,
  brainpoolP384r1: 48,
  brainpoolP512r1: 64,
};
const SIGN1_TAG = 18;
const MAC0_TAG = 17;

function headerError(message: string): never {
  throw new CoseError('ERR_COSE_STRUCTURE', message);
}

function parseMessage(value: unknown, tag: number, what: string, options?: CborDecodeOptions): CoseMessage {
  let v = value;
  if (v instanceof CborTag) {
    if (v.tag !== tag) headerError(`${what} has tag ${v.tag}`);
    v = v.value;
  }
  if (!Array.isArray(v) || v.length !== 4) headerError(`${what} is not an array of four elements`);
  const [p, u, payload, signature] = v as [unknown, unknown, unknown, unknown];
  if (!(p instanceof Uint8Array)) headerError(`${what} protected header is not a byte string`);
  if (!(u instanceof Map)) headerError(`${what} unprotected header is not a map`);
  if (!(payload === null || payload instanceof Uint8Array)) headerError(`${what} payload is neither a byte string nor null`);
  if (!(signature instanceof Uint8Array)) headerError(`${what} signature is not a byte string`);
  let protectedHeaders: CoseHeaders;
  if (p.length === 0) {
    protectedHeaders = new Map();
  } else {
    const decoded = decodeCbor(p, options);
    if (!(decoded instanceof Map)) headerError(`${what} protected header is not a map`);
    protectedHeaders = decoded as CoseHeaders;
  }
  for (const label of protectedHeaders.keys()) {
    if (u.has(label)) headerError(`${what} header label ${String(label)} is both protected and unprotected`);
  }
  const crit = protectedHeaders.get(HeaderLabel.crit);
  if (crit !== undefined) {
    const understood = new Set<unknown>([HeaderLabel.alg, HeaderLabel.crit, HeaderLabel.contentType, HeaderLabel.kid, HeaderLabel.x5chain]);
    if (!Array.isArray(crit) || crit.length === 0 || crit.some((l) => !understood.has(l))) {
      headerError(`${what} has a critical header uketori does not understand`);
    }
  }
  return { protectedBytes: p, protectedHeaders, unprotectedHeaders: u as CoseHeaders, payload, signature };
}

/**
 * Parses a decoded COSE_Sign1 (tagged with 18 or untagged).
 *
 * @example
 * ```ts
 * import { decodeCbor, parseCoseSign1 } from '@uketori/mdoc';
 *
 * const issuerAuth = parseCoseSign1(decodeCbor(issuerAuthBytes));
 * issuerAuth.protectedBytes; // the protected header as received, for the Sig_structure
 * ```
 * @throws {CoseError} `ERR_COSE_STRUCTURE` when it is not a COSE_Sign1.
 */
export function parseCoseSign1(value: unknown, options?: CborDecodeOptions): CoseMessage {
  return parseMessage(value, SIGN1_TAG, 'COSE_Sign1', options);
}

/**
 * Parses a decoded COSE_Mac0 (tagged with 17 or untagged).
 *
 * @example
 * ```ts
 * import { parseCoseMac0 } from '@uketori/mdoc';
 *
 * const deviceMac = parseCoseMac0(deviceAuth.get('deviceMac')); // from a decoded DeviceSigned
 * ```
 * @throws {CoseError} `ERR_COSE_STRUCTURE` when it is not a COSE_Mac0.
 */
export function parseCoseMac0(value: unknown, options?: CborDecodeOptions): CoseMessage {
  return parseMessage(value, MAC0_TAG, 'COSE_Mac0', options);
}

/**
 * A header value, looked up in the protected header first, then the unprotected one.
 *
 * @example
 * ```ts
 * import { HeaderLabel, coseHeader } from '@uketori/mdoc';
 *
 * const kid = coseHeader(message, HeaderLabel.kid); // undefined when neither header has it
 * ```
 */
export function coseHeader(message: CoseMessage, label: number | string): unknown {
  const p = message.protectedHeaders.get(label);
  return p !== undefined ? p : message.unprotectedHeaders.get(label);
}

/**
 * The x5chain (RFC 9360 label 33) of a message, leaf first: one byte string or an array of them,
 * in either header.
 *
 * @example
 * ```ts
 * import { X509Certificate } from 'node:crypto';
 * import { coseX5Chain } from '@uketori/mdoc';
 *
 * const [dsDer] = coseX5Chain(issuerAuth);
 * const ds = new X509Certificate(dsDer!); // the document signer certificate
 * ```
 * @throws {CoseError} `ERR_COSE_X5CHAIN` when it is absent or malformed.
 */
export function coseX5Chain(message: CoseMessage): Uint8Array[] {
  const v = coseHeader(message, HeaderLabel.x5chain);
  if (v instanceof Uint8Array) return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((c) => c instanceof Uint8Array)) return v as Uint8Array[];
  throw new CoseError('ERR_COSE_X5CHAIN', v === undefined ? 'x5chain header is missing' : 'x5chain header is malformed');
}

/**
 * The algorithm of a signed message; `alg` must be in the protected header (RFC 9052 §3.1).
 *
 * @example
 * ```ts
 * import { coseSign1Algorithm } from '@uketori/mdoc';
 *
 * coseSign1Algorithm(issuerAuth).name; // e.g. 'ES384'
 * ```
 * @throws {CoseError} `ERR_COSE_STRUCTURE` when `alg` is not in the protected header,
 *   `ERR_COSE_UNSUPPORTED_ALG` when it is not a supported signature algorithm.
 */
export function coseSign1Algorithm(message: CoseMessage): SignatureAlgorithm {
  const alg = message.protectedHeaders.get(HeaderLabel.alg);
  if (alg === undefined) throw new CoseError('ERR_COSE_STRUCTURE', 'alg is missing from the protected header');
  return signatureAlgorithm(alg);
}

function toBeSigned(context: string, message: Pick<CoseMessage, 'protectedBytes'>, payload: Uint8Array, externalAad: Uint8Array): Uint8Array {
  // RFC 9052 §4.4: Sig_structure = [context, body_protected, external_aad, payload]
  return encodeCbor([context, message.protectedBytes, externalAad, payload]);
}

function payloadOf(message: CoseMessage, detachedPayload: Uint8Array | undefined): Uint8Array {
  if (message.payload !== null) {
    if (detachedPayload !== undefined) throw new CoseError('ERR_COSE_STRUCTURE', 'payload is attached but a detached payload was given');
    return message.payload;
  }
  if (detachedPayload === undefined) throw new CoseError('ERR_COSE_STRUCTURE', 'payload is detached and none was given');
  return detachedPayload;
}

/** Options of {@link verifyCoseSign1} and {@link verifyCoseMac0}. */
export interface CoseVerifyOptions {
  /** The payload when the message carries `nil` (detached content, RFC 9052 §2). */
  readonly detachedPayload?: Uint8Array;
  /** External additional authenticated data; default empty. */
  readonly externalAad?: Uint8Array;
}

/**
 * Verifies a COSE_Sign1 signature with a public key. Returns `false` for a wrong signature.
 *
 * @example
 * ```ts
 * import { X509Certificate } from 'node:crypto';
 * import { coseX5Chain, decodeCbor, parseCoseSign1, verifyCoseSign1 } from '@uketori/mdoc';
 *
 * const issuerAuth = parseCoseSign1(decodeCbor(issuerAuthBytes));
 * const dsKey = new X509Certificate(coseX5Chain(issuerAuth)[0]!).publicKey; // trust it first!
 * const ok = verifyCoseSign1(issuerAuth, dsKey);
 * ```
 * @throws {CoseError} `ERR_COSE_UNSUPPORTED_ALG` or `ERR_COSE_KEY` when the algorithm is unsupported
 *   or does not fit the key; `ERR_COSE_STRUCTURE` for a missing detached payload.
 */
export function verifyCoseSign1(message: CoseMessage, key: KeyObject, options: CoseVerifyOptions = {}): boolean {
  const alg = coseSign1Algorithm(message);
  const curve = keyCurve(key);
  if (!alg.curves.includes(curve)) throw new CoseError('ERR_COSE_KEY', `${alg.name} cannot be used with a ${curve} key`);
  const data = toBeSigned('Signature1', message, payloadOf(message, options.detachedPayload), options.externalAad ?? EMPTY);
  if (alg.hash === null) return nodeVerify(null, data, key, message.signature);
  // ECDSA in COSE is r || s, each the size of the curve's order (RFC 9053 §2.1).
  if (message.signature.length !== 2 * (EC_COMPONENT_SIZE[curve] ?? 0)) return false;
  return nodeVerify(alg.hash, data, { key, dsaEncoding: 'ieee-p1363' }, message.signature);
}

/**
 * Verifies a COSE_Mac0 tag (HMAC 256/256, the only MAC ISO 18013-5 §9.1.3.5 allows).
 * Returns `false` for a wrong tag.
 *
 * @example
 * ```ts
 * import { deriveEMacKey, parseCoseMac0, verifyCoseMac0 } from '@uketori/mdoc';
 *
 * const macKey = deriveEMacKey(readerPrivateKey, devicePublicKey, sessionTranscript);
 * // ISO/IEC 18013-5 §9.1.3.5: the MAC is detached, over DeviceAuthenticationBytes
 * const ok = verifyCoseMac0(parseCoseMac0(deviceMac), macKey, { detachedPayload: deviceAuthenticationBytes });
 * ```
 * @throws {CoseError} `ERR_COSE_UNSUPPORTED_ALG` for any other MAC algorithm, `ERR_COSE_STRUCTURE`
 *   for a detached payload that is missing (or given when the payload is attached).
 */
export function verifyCoseMac0(message: CoseMessage, macKey: Uint8Array, options: CoseVerifyOptions = {}): boolean {
  const alg = message.protectedHeaders.get(HeaderLabel.alg);
  if (alg !== HMAC_256_256) throw new CoseError('ERR_COSE_UNSUPPORTED_ALG', `unsupported COSE MAC algorithm ${String(alg)}`);
  const expected = macTag(message, macKey, payloadOf(message, options.detachedPayload), options.externalAad ?? EMPTY);
  return message.signature.length === expected.length && timingSafeEqual(message.signature, expected);
}

function macTag(message: Pick<CoseMessage, 'protectedBytes'>, macKey: Uint8Array, payload: Uint8Array, externalAad: Uint8Array): Uint8Array {
  // RFC 9052 §6.3: MAC_structure = [context, protected, external_aad, payload]
  return createHmac('sha256', macKey).update(toBeSigned('MAC0', message, payload, externalAad)).digest();
}

/** Input of {@link signCoseSign1} and {@link macCoseMac0}. */
export interface CoseCreateInput {
  /** Protected header; `alg` is set from the key/algorithm. */
  readonly protectedHeaders?: CoseHeaders;
  readonly unprotectedHeaders?: CoseHeaders;
  /** The payload that is signed. */
  readonly payload: Uint8Array;
  /** When true, the message carries `nil` and the payload travels separately. */
  readonly detached?: boolean;
  readonly externalAad?: Uint8Array;
}

/** A COSE message as the CBOR array `[protected, unprotected, payload, signature]`. */
export type CoseArray = [Uint8Array, CoseHeaders, Uint8Array | null, Uint8Array];

/**
 * Signs a COSE_Sign1 with a private key. Returns the untagged array; encode it with `encodeCbor`.
 *
 * @example
 * ```ts
 * import { HeaderLabel, encodeCbor, signCoseSign1 } from '@uketori/mdoc';
 *
 * const issuerAuth = signCoseSign1({ payload: msoBytes, unprotectedHeaders: new Map([[HeaderLabel.x5chain, dsDer]]) }, dsPrivateKey, 'ES256');
 * const issuerAuthBytes = encodeCbor(issuerAuth);
 * ```
 * @throws {CoseError} `ERR_COSE_UNSUPPORTED_ALG` for an unknown algorithm name.
 */
export function signCoseSign1(input: CoseCreateInput, privateKey: KeyObject, algName: SignatureAlgorithm['name']): CoseArray {
  const alg = signatureAlgorithm(algorithmId(algName));
  const headers: CoseHeaders = new Map([[HeaderLabel.alg, alg.id]]);
  for (const [k, v] of input.protectedHeaders ?? []) if (k !== HeaderLabel.alg) headers.set(k, v);
  const protectedBytes = encodeCbor(headers);
  const data = toBeSigned('Signature1', { protectedBytes }, input.payload, input.externalAad ?? EMPTY);
  const signature =
    alg.hash === null ? nodeSign(null, data, privateKey) : nodeSign(alg.hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return [protectedBytes, input.unprotectedHeaders ?? new Map(), input.detached === true ? null : input.payload, new Uint8Array(signature)];
}

/**
 * Computes a COSE_Mac0 with HMAC 256/256. Returns the untagged array.
 *
 * @example
 * ```ts
 * import { deriveEMacKey, macCoseMac0 } from '@uketori/mdoc';
 *
 * // the holder side of ISO/IEC 18013-5 §9.1.3.5: a detached MAC over DeviceAuthenticationBytes
 * const macKey = deriveEMacKey(devicePrivateKey, readerEphemeralPublicKey, sessionTranscript);
 * const deviceMac = macCoseMac0({ payload: deviceAuthenticationBytes, detached: true }, macKey);
 * ```
 */
export function macCoseMac0(input: CoseCreateInput, macKey: Uint8Array): CoseArray {
  const headers: CoseHeaders = new Map([[HeaderLabel.alg, HMAC_256_256]]);
  for (const [k, v] of input.protectedHeaders ?? []) if (k !== HeaderLabel.alg) headers.set(k, v);
  const protectedBytes = encodeCbor(headers);
  const tag = macTag({ protectedBytes }, macKey, input.payload, input.externalAad ?? EMPTY);
  return [protectedBytes, input.unprotectedHeaders ?? new Map(), input.detached === true ? null : input.payload, tag];
}
