/**
 * Signed request objects (JAR, RFC 9101) as OpenID4VP 1.0 §5 profiles them: `typ:
 * oauth-authz-req+jwt`, `x5c` with the verifier's certificate chain (leaf first, no root), and a
 * client identifier whose prefix names how the wallet checks it (§5.9.3): `x509_san_dns:<DNS
 * name in the leaf's SAN>` or `x509_hash:<base64url SHA-256 of the leaf DER>` (HAIP).
 *
 * @module
 */

import { X509Certificate } from 'node:crypto';
import { CompactSign } from 'jose';
import { base64urlEncode, keyCurve, UketoriTypeError } from '@uketori/mdoc';
import type { ReaderAuthKey } from '../reader-auth.js';
import { sha256 } from './encoding.js';
import { OnlineError } from './errors.js';

/** The client identifier prefixes uketori signs requests under (OpenID4VP 1.0 §5.9.3). */
export type ClientIdPrefix = 'x509_san_dns' | 'x509_hash';

/** The `typ` of a request object (OpenID4VP 1.0 §5). */
export const REQUEST_OBJECT_TYPE = 'oauth-authz-req+jwt';

/** The static-discovery audience (OpenID4VP 1.0 §5.8). */
export const SELF_ISSUED_AUDIENCE = 'https://self-issued.me/v2';

const JWS_ALG: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', Ed25519: 'EdDSA' };

function checkSigner(signer: ReaderAuthKey): void {
  if (signer === null || typeof signer !== 'object' || signer.privateKey?.type !== 'private') throw new UketoriTypeError('"signer.privateKey" must be a private KeyObject');
  const chain = signer.certificateChain;
  if (!Array.isArray(chain) || chain.length === 0 || !chain.every((c) => c instanceof Uint8Array)) throw new UketoriTypeError('"signer.certificateChain" must be a non-empty list of DER certificates');
}

/** The DNS names in a certificate's subjectAltName. */
function dnsNames(der: Uint8Array): string[] {
  let san: string | undefined;
  try {
    san = new X509Certificate(der).subjectAltName;
  } catch (cause) {
    throw new OnlineError('ERR_ONLINE_CONFIG', 'the request signing certificate does not parse', { cause });
  }
  return (san ?? '')
    .split(', ')
    .filter((n) => n.startsWith('DNS:'))
    .map((n) => n.slice(4));
}

/**
 * The client identifier for a signer: `x509_hash:` + base64url(SHA-256(leaf DER)), or
 * `x509_san_dns:` + `dnsName`, which must be a dNSName of the leaf certificate.
 *
 * @example
 * ```ts
 * clientIdFor('x509_hash', signer); // 'x509_hash:' + base64url(SHA-256(leaf DER))
 * ```
 * @throws {OnlineError} `ERR_ONLINE_CONFIG` when the certificate does not carry `dnsName`.
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_*` for a malformed signer or prefix.
 */
export function clientIdFor(prefix: ClientIdPrefix, signer: ReaderAuthKey, dnsName?: string): string {
  checkSigner(signer);
  const leaf = signer.certificateChain[0]!;
  if (prefix === 'x509_hash') return `x509_hash:${base64urlEncode(sha256(leaf))}`;
  if (prefix !== 'x509_san_dns') throw new UketoriTypeError('"clientIdPrefix" must be "x509_san_dns" or "x509_hash"', 'ERR_INVALID_ARG_VALUE');
  if (typeof dnsName !== 'string' || dnsName.length === 0) throw new UketoriTypeError('"dnsName" is required for x509_san_dns');
  if (!dnsNames(leaf).includes(dnsName)) throw new OnlineError('ERR_ONLINE_CONFIG', 'the request signing certificate has no dNSName SAN equal to the client id');
  return `x509_san_dns:${dnsName}`;
}

/**
 * Signs a request object: JWS compact, protected header `{ alg, typ: "oauth-authz-req+jwt", x5c }`.
 *
 * @example
 * ```ts
 * const jar = await signRequestObject({ client_id, response_type: 'vp_token', nonce, dcql_query }, signer);
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for a malformed signer or an unsupported key.
 */
export async function signRequestObject(claims: Readonly<Record<string, unknown>>, signer: ReaderAuthKey): Promise<string> {
  checkSigner(signer);
  const alg = JWS_ALG[keyCurve(signer.privateKey)];
  if (alg === undefined) throw new UketoriTypeError('the request signing key must be P-256, P-384, P-521 or Ed25519');
  const payload = new TextEncoder().encode(JSON.stringify(claims));
  const x5c = signer.certificateChain.map((der) => Buffer.from(der).toString('base64'));
  return new CompactSign(payload).setProtectedHeader({ alg, typ: REQUEST_OBJECT_TYPE, x5c }).sign(signer.privateKey);
}
