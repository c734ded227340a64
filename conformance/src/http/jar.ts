/**
 * Reading the target's request as a wallet does: the request object (JAR, RFC 9101) fetched from
 * `request_uri`, its signature, `typ` and client identifier checked against `x5c`
 * (OpenID4VP 1.0 §5.9.3, §5.10), and its DCQL query (§6, Appendix B.2.3) read into elements and
 * intents for the over-collection checks. Built on `node:crypto` so that the suite's judgement
 * does not rest on the code under review.
 *
 * @module
 */

import { createHash, verify, X509Certificate } from 'node:crypto';
import type { RequestedElement } from '../drive.js';
import { isSecureUrl } from './client.js';

/** One credential query of the DCQL, read. */
export interface InspectedCredentialQuery {
  readonly id: string;
  readonly docType: string;
  readonly elements: readonly RequestedElement[];
}

/** The request object, decoded (not yet judged). */
export interface DecodedRequestObject {
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: Readonly<Record<string, unknown>>;
  /** The DCQL credential queries (mso_mdoc); empty when there is no readable DCQL. */
  readonly credentials: readonly InspectedCredentialQuery[];
  /** Why the DCQL could not be read, when it could not. */
  readonly dcqlProblem: string | undefined;
}

function b64json(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined || !/^[A-Za-z0-9_-]*$/.test(part)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** OpenID4VP 1.0 §6.1, B.2.3: `credentials[]` of `mso_mdoc` with `meta.doctype_value` and `claims[].path = [ns, id]`. */
function readDcql(dcql: unknown): { credentials: InspectedCredentialQuery[]; problem: string | undefined } {
  const list = (dcql as { credentials?: unknown } | null | undefined)?.credentials;
  if (!Array.isArray(list) || list.length === 0) return { credentials: [], problem: 'no dcql_query.credentials' };
  const credentials: InspectedCredentialQuery[] = [];
  for (const c of list as Record<string, unknown>[]) {
    const docType = (c?.['meta'] as { doctype_value?: unknown } | undefined)?.doctype_value;
    if (c?.['format'] !== 'mso_mdoc' || typeof docType !== 'string' || typeof c['id'] !== 'string') return { credentials, problem: 'a credential query is not an mso_mdoc query with id and meta.doctype_value' };
    const claims = c['claims'];
    if (!Array.isArray(claims)) return { credentials, problem: `credential query "${c['id']}" has no claims (it would ask for every element)` };
    const elements: RequestedElement[] = [];
    for (const claim of claims as { path?: unknown; intent_to_retain?: unknown }[]) {
      const path = claim?.path;
      if (!Array.isArray(path) || path.length !== 2 || typeof path[0] !== 'string' || typeof path[1] !== 'string') return { credentials, problem: 'a claim path is not [namespace, identifier]' };
      elements.push({ namespace: path[0], identifier: path[1], intentToRetain: claim.intent_to_retain === true });
    }
    credentials.push({ id: c['id'], docType, elements });
  }
  return { credentials, problem: undefined };
}

/**
 * Decodes a request object without judging it.
 *
 * @example
 * ```ts
 * const { claims, credentials } = decodeRequestObject(jwt);
 * ```
 * @throws {TypeError} when it is not a JWS compact serialization with JSON header and payload.
 */
export function decodeRequestObject(jwt: string): DecodedRequestObject {
  const parts = jwt.trim().split('.');
  const header = b64json(parts[0]);
  const claims = b64json(parts[1]);
  if (parts.length !== 3 || header === undefined || claims === undefined) throw new TypeError('the request object is not a JWS with a JSON header and payload');
  const { credentials, problem } = readDcql(claims['dcql_query']);
  return { header, claims, credentials, dcqlProblem: problem };
}

const HASH: Readonly<Record<string, string | null>> = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: null, Ed25519: null };

/** Everything a wallet would hold against the request, as plain findings (empty: none). */
export interface RequestObjectFindings {
  readonly problems: readonly string[];
  /** The signing certificate's subject, when it could be read. */
  readonly signer: string | undefined;
}

/**
 * Judges a request object as a wallet does (OpenID4VP 1.0 §5.9.3, §5.10; RFC 9101 §5.2, §6.2):
 * media type, `typ`, `alg`, signature by `x5c[0]`, the client id prefix (`x509_hash`,
 * `x509_san_dns`) against that certificate, the certificate valid at `now`, the link's client_id,
 * `response_type`, https endpoints.
 *
 * @example
 * ```ts
 * const { problems } = judgeRequestObject(jwt, { linkClientId, requestUri, contentType, now });
 * ```
 */
export function judgeRequestObject(jwt: string, context: { readonly linkClientId: string; readonly requestUri: string; readonly contentType: string; readonly now: Date }): RequestObjectFindings {
  const problems: string[] = [];
  let decoded: DecodedRequestObject;
  try {
    decoded = decodeRequestObject(jwt);
  } catch {
    return { problems: ['not a JWS with a JSON header and payload'], signer: undefined };
  }
  const { header, claims } = decoded;
  if (context.contentType !== 'application/oauth-authz-req+jwt') problems.push(`request_uri answered ${context.contentType || 'no content type'}, not application/oauth-authz-req+jwt`);
  if (header['typ'] !== 'oauth-authz-req+jwt') problems.push('typ is not oauth-authz-req+jwt');
  const alg = typeof header['alg'] === 'string' ? header['alg'] : '';
  const x5c = header['x5c'];
  let leaf: X509Certificate | undefined;
  let der: Buffer | undefined;
  if (!Array.isArray(x5c) || typeof x5c[0] !== 'string') problems.push('no x5c');
  else {
    try {
      der = Buffer.from(x5c[0], 'base64');
      leaf = new X509Certificate(der);
    } catch {
      problems.push('x5c[0] is not a certificate');
    }
  }
  if (!(alg in HASH)) problems.push(`alg ${JSON.stringify(alg.slice(0, 16))} is not an asymmetric signature algorithm`);
  else if (leaf !== undefined) {
    const [h, p] = jwt.trim().split('.');
    const signature = Buffer.from(jwt.trim().split('.')[2] ?? '', 'base64url');
    let valid = false;
    try {
      valid = verify(HASH[alg] ?? null, Buffer.from(`${h}.${p}`), { key: leaf.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
    } catch {
      valid = false;
    }
    if (!valid) problems.push('the signature does not verify with x5c[0]');
  }
  if (leaf !== undefined && (new Date(leaf.validFrom) > context.now || new Date(leaf.validTo) < context.now)) problems.push('the signing certificate is not valid now');
  const clientId = claims['client_id'];
  if (typeof clientId !== 'string') problems.push('no client_id');
  else {
    if (clientId !== context.linkClientId) problems.push('the link client_id differs from the request object client_id');
    const colon = clientId.indexOf(':');
    const prefix = colon < 0 ? '' : clientId.slice(0, colon);
    const name = clientId.slice(colon + 1);
    if (prefix === 'x509_hash') {
      if (der !== undefined && name !== createHash('sha256').update(der).digest('base64url')) problems.push('x509_hash client_id does not match x5c[0]');
    } else if (prefix === 'x509_san_dns') {
      if (leaf !== undefined && !(leaf.subjectAltName ?? '').split(', ').includes(`DNS:${name}`)) problems.push('x509_san_dns client_id is not a dNSName of x5c[0]');
    } else problems.push('client_id has no x509_hash or x509_san_dns prefix: the request is not bound to its signing certificate');
  }
  if (claims['response_type'] !== 'vp_token') problems.push('response_type is not vp_token');
  if (!isSecureUrl(claims['response_uri'])) problems.push('response_uri is not https');
  if (!isSecureUrl(context.requestUri)) problems.push('request_uri is not https');
  return { problems, signer: leaf?.subject.replaceAll('\n', ', ') };
}
