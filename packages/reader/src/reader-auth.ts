/**
 * mdoc reader authentication (ISO/IEC 18013-5 §9.1.4).
 *
 * ```cddl
 * ReaderAuthentication = ["ReaderAuthentication", SessionTranscript, ItemsRequestBytes]
 * ; DeviceRequest version 1.1 (2nd edition): one signature over every DocRequest
 * ReaderAuthenticationAll = ["ReaderAuthenticationAll", SessionTranscript, [+ ItemsRequestBytes], DeviceRequestInfoBytes / null]
 * ReaderAuthenticationBytes = #6.24(bstr .cbor ReaderAuthentication)        ; likewise for …All
 * ```
 *
 * Each is the detached payload of a COSE_Sign1 with `alg` protected and `x5chain` (the reader
 * certificate, leaf first) unprotected. SessionTranscript and the tag-24 items are spliced in as
 * received.
 *
 * @module
 */

import { X509Certificate, type KeyObject } from 'node:crypto';
import {
  coseX5Chain,
  encodeArrayOfEncoded,
  encodeCbor,
  EncodedCbor,
  keyCurve,
  parseCoseSign1,
  signCoseSign1,
  UketoriTypeError,
  verifyCoseSign1,
  type CoseMessage,
  type SignatureAlgorithm,
} from '@uketori/mdoc';
import { ReaderError } from './errors.js';
import type { ReaderTrustList, TrustedReader } from './reader-trust.js';

const READER_AUTHENTICATION = encodeCbor('ReaderAuthentication');
const READER_AUTHENTICATION_ALL = encodeCbor('ReaderAuthenticationAll');
const CBOR_NULL = Uint8Array.of(0xf6);
const X5CHAIN = 33;

/**
 * ReaderAuthenticationBytes (§9.1.4): `sessionTranscript` (the encoded array) and
 * `itemsRequestBytes` (the `#6.24` item as sent in the DocRequest) are spliced in unchanged.
 *
 * @example
 * ```ts
 * const payload = readerAuthenticationBytes(transcript.transcript, itemsRequest.bytesWithTag());
 * ```
 */
export function readerAuthenticationBytes(sessionTranscript: Uint8Array, itemsRequestBytes: Uint8Array): Uint8Array {
  return new EncodedCbor(encodeArrayOfEncoded([READER_AUTHENTICATION, sessionTranscript, itemsRequestBytes])).bytesWithTag();
}

/**
 * ReaderAuthenticationAllBytes (DeviceRequest 1.1): every DocRequest's ItemsRequestBytes in
 * request order, and DeviceRequestInfoBytes (`#6.24`) or `null` when the request has none.
 *
 * @example
 * ```ts
 * const payload = readerAuthenticationAllBytes(transcript.transcript, [itemsRequestBytes], null);
 * ```
 */
export function readerAuthenticationAllBytes(sessionTranscript: Uint8Array, itemsRequestBytesAll: readonly Uint8Array[], deviceRequestInfoBytes: Uint8Array | null): Uint8Array {
  const all = encodeArrayOfEncoded(itemsRequestBytesAll);
  return new EncodedCbor(encodeArrayOfEncoded([READER_AUTHENTICATION_ALL, sessionTranscript, all, deviceRequestInfoBytes ?? CBOR_NULL])).bytesWithTag();
}

/** The business's reader key and certificate chain (§9.1.4, Annex B.1.7). */
export interface ReaderAuthKey {
  /** The reader authentication private key (P-256, P-384, P-521 or Ed25519). */
  readonly privateKey: KeyObject;
  /** DER certificates, leaf (the reader certificate) first. */
  readonly certificateChain: readonly Uint8Array[];
}

const ALG_BY_CURVE: Record<string, SignatureAlgorithm['name']> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', Ed25519: 'EdDSA' };

/**
 * Signs a detached payload as readerAuth / readerAuthAll: COSE_Sign1 with `alg` protected and the
 * chain as `x5chain` unprotected (§9.1.4). Returns the untagged COSE_Sign1 array.
 *
 * @example
 * ```ts
 * const readerAuth = signReaderAuth(readerAuthenticationBytes(st, itemsRequestBytes), { privateKey, certificateChain: [readerCertDer] });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for an empty chain or a key without an ISO algorithm.
 */
export function signReaderAuth(payload: Uint8Array, key: ReaderAuthKey): unknown[] {
  const chain = key?.certificateChain;
  if (!Array.isArray(chain) || chain.length === 0 || !chain.every((c) => c instanceof Uint8Array)) {
    throw new UketoriTypeError('"certificateChain" must be a non-empty list of DER certificates');
  }
  const alg = ALG_BY_CURVE[keyCurve(key.privateKey)];
  if (alg === undefined) throw new UketoriTypeError('the reader key must be P-256, P-384, P-521 or Ed25519');
  const unprotectedHeaders = new Map<number, unknown>([[X5CHAIN, chain.length === 1 ? chain[0] : [...chain]]]);
  return signCoseSign1({ payload, detached: true, unprotectedHeaders }, key.privateKey, alg);
}

/**
 * Passed as `trust` to {@link verifyReaderAuth}: check the signature only and leave the reader
 * certificate untrusted. An explicit opt-out (what a holder that accepts any reader does).
 */
export const skipReaderTrust: unique symbol = Symbol('uketori.skipReaderTrust');

/** Options of {@link verifyReaderAuth}. */
export interface VerifyReaderAuthOptions {
  /** The reader roots the certificate must chain to, or {@link skipReaderTrust}. Required. */
  readonly trust: ReaderTrustList | typeof skipReaderTrust;
  /** Verification time for the certificates. Default: now. */
  readonly now?: Date;
  /** Clock skew tolerance for the certificates, in seconds. Default 300. */
  readonly clockSkewSeconds?: number;
}

/** A verified readerAuth or readerAuthAll. */
export interface VerifiedReaderAuth {
  /** The x5chain, leaf first, parsed. */
  readonly certificateChain: readonly X509Certificate[];
  /** The validated reader, or `undefined` with {@link skipReaderTrust}. */
  readonly reader: TrustedReader | undefined;
}

/**
 * Verifies a readerAuth or readerAuthAll COSE_Sign1 over its detached payload (from
 * {@link readerAuthenticationBytes} or {@link readerAuthenticationAllBytes}) with the leaf of its
 * x5chain (§9.1.4), then the chain against the reader trust list (Annex B.1.7).
 *
 * @example
 * ```ts
 * const readerTrust = createReaderTrustList({ roots: [readerRootPem] });
 * const payload = readerAuthenticationBytes(st, doc.itemsRequest.bytesWithTag());
 * const { reader } = await verifyReaderAuth(doc.readerAuth, payload, { trust: readerTrust, now });
 * ```
 * @throws {ReaderError} `ERR_READER_AUTH_STRUCTURE` for a malformed COSE_Sign1, an attached payload
 *   or a bad x5chain; `ERR_READER_AUTH` when the signature does not verify; `ERR_READER_TRUST` or
 *   `ERR_READER_CERT_PROFILE` from the trust list.
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` without `trust`.
 */
export async function verifyReaderAuth(readerAuth: unknown, payload: Uint8Array, options: VerifyReaderAuthOptions): Promise<VerifiedReaderAuth> {
  const trust = options?.trust;
  if (trust !== skipReaderTrust && typeof trust?.validateReaderCertificate !== 'function') {
    throw new UketoriTypeError('"trust" must be a reader trust list (createReaderTrustList) or skipReaderTrust');
  }
  let message: CoseMessage;
  let ders: Uint8Array[];
  let chain: X509Certificate[];
  try {
    message = parseCoseSign1(readerAuth);
    ders = coseX5Chain(message);
    chain = ders.map((der) => new X509Certificate(der));
  } catch (cause) {
    throw new ReaderError('ERR_READER_AUTH_STRUCTURE', 'readerAuth is not a COSE_Sign1 with an x5chain of certificates', { cause });
  }
  if (message.payload !== null) throw new ReaderError('ERR_READER_AUTH_STRUCTURE', 'readerAuth payload must be detached');
  let ok: boolean;
  try {
    ok = verifyCoseSign1(message, chain[0]!.publicKey, { detachedPayload: payload });
  } catch (cause) {
    throw new ReaderError('ERR_READER_AUTH', 'readerAuth algorithm does not fit the reader certificate key', { cause });
  }
  if (!ok) throw new ReaderError('ERR_READER_AUTH', 'readerAuth signature does not verify over its ReaderAuthentication bytes');
  if (trust === skipReaderTrust) return { certificateChain: chain, reader: undefined };
  const reader = await trust.validateReaderCertificate(ders, {
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: options.clockSkewSeconds }),
  });
  return { certificateChain: chain, reader };
}
