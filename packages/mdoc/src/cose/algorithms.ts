/**
 * COSE algorithm identifiers uketori supports (RFC 9053, RFC 9864), mapped to node:crypto.
 *
 * @module
 */

import { CoseError } from '../errors.js';

/** COSE header labels used by mdoc (RFC 9052 §3.1, RFC 9360). */
export const HeaderLabel = {
  alg: 1,
  crit: 2,
  contentType: 3,
  kid: 4,
  x5chain: 33,
} as const;

/** A signature algorithm: COSE id, JOSE-style name, node:crypto digest and the curve it needs. */
export interface SignatureAlgorithm {
  readonly id: number;
  readonly name: 'ES256' | 'ES384' | 'ES512' | 'EdDSA';
  /** Digest name for node:crypto, or `null` for EdDSA (which hashes internally). */
  readonly hash: 'sha256' | 'sha384' | 'sha512' | null;
  /** Curves the algorithm may be used with (ISO 18013-5 §9.1.5.2 names the EC curves). */
  readonly curves: readonly string[];
}

const ES256: SignatureAlgorithm = { id: -7, name: 'ES256', hash: 'sha256', curves: ['P-256', 'brainpoolP256r1'] };
const ES384: SignatureAlgorithm = { id: -35, name: 'ES384', hash: 'sha384', curves: ['P-384', 'brainpoolP384r1'] };
const ES512: SignatureAlgorithm = { id: -36, name: 'ES512', hash: 'sha512', curves: ['P-521', 'brainpoolP512r1'] };
const EDDSA: SignatureAlgorithm = { id: -8, name: 'EdDSA', hash: null, curves: ['Ed25519', 'Ed448'] };

const BY_ID = new Map<number, SignatureAlgorithm>([
  [-7, ES256],
  [-35, ES384],
  [-36, ES512],
  [-8, EDDSA],
  // RFC 9864 fully-specified ids some wallets send: ESP256 (-9), ESP384 (-51), ESP512 (-52), Ed25519 (-19).
  [-9, { ...ES256, id: -9, curves: ['P-256'] }],
  [-51, { ...ES384, id: -51, curves: ['P-384'] }],
  [-52, { ...ES512, id: -52, curves: ['P-521'] }],
  [-19, { ...EDDSA, id: -19, curves: ['Ed25519'] }],
]);

/** COSE `alg` for HMAC 256/256 (RFC 9053 §3.1), the only MAC ISO 18013-5 §9.1.3.5 allows. */
export const HMAC_256_256 = 5;

/**
 * Looks up a signature algorithm by COSE id.
 *
 * @example
 * ```ts
 * import { signatureAlgorithm } from '@uketori/mdoc';
 *
 * const alg = signatureAlgorithm(-35); // { id: -35, name: 'ES384', hash: 'sha384', curves: ['P-384', 'brainpoolP384r1'] }
 * ```
 * @throws {CoseError} `ERR_COSE_UNSUPPORTED_ALG` when the id is not a supported signature algorithm.
 */
export function signatureAlgorithm(id: unknown): SignatureAlgorithm {
  const alg = typeof id === 'number' ? BY_ID.get(id) : undefined;
  if (alg === undefined) throw new CoseError('ERR_COSE_UNSUPPORTED_ALG', `unsupported COSE signature algorithm ${String(id)}`);
  return alg;
}

/**
 * The COSE id for an algorithm name, for signing.
 *
 * @example
 * ```ts
 * import { algorithmId } from '@uketori/mdoc';
 *
 * algorithmId('ES256'); // -7
 * ```
 */
export function algorithmId(name: SignatureAlgorithm['name']): number {
  return { ES256: -7, ES384: -35, ES512: -36, EdDSA: -8 }[name];
}
