/**
 * The test wallet for OpenID4VP 1.0 over redirects (and the TS 18013-7:2024 Annex B profile):
 * given the authorization link and the request object fetched from `request_uri`, it verifies
 * the request as a wallet does and returns what it would POST to `response_uri`. NEVER FOR
 * PRODUCTION.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { base64urlEncode, UketoriRangeError } from '@uketori/mdoc';
import type { JWK } from 'jose';
import { thumbprintOf, verifyRequestObject } from './crypto.js';
import { walletDraft18Transcript, walletOid4vpTranscript } from './handover.js';
import { encodeResponse } from './wallet-dc-api.js';
import { deviceResponse, faultSet, vpToken, type WalletAnswerOptions } from './wallet-common.js';
import type { DocumentRequest } from '../respond/request.js';

/** The parameters of an `openid4vp://` (or `mdoc-openid4vp://`) link. */
export interface AuthorizationLink {
  readonly clientId: string;
  readonly requestUri: string;
  readonly requestUriMethod: 'get' | 'post';
}

/**
 * Reads an authorization request link (OpenID4VP 1.0 §5.7, RFC 9101 `request_uri`).
 *
 * @example
 * ```ts
 * const { requestUri, requestUriMethod } = parseAuthorizationLink(link);
 * ```
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` without client_id or request_uri.
 */
export function parseAuthorizationLink(link: string): AuthorizationLink {
  const q = new URLSearchParams(String(link).slice(String(link).indexOf('?') + 1));
  const clientId = q.get('client_id');
  const requestUri = q.get('request_uri');
  if (clientId === null || requestUri === null) throw new UketoriRangeError('the link has no client_id or request_uri');
  return { clientId, requestUri, requestUriMethod: q.get('request_uri_method') === 'post' ? 'post' : 'get' };
}

/** Options of {@link answerOid4vp}. */
export interface AnswerOid4vpOptions extends WalletAnswerOptions {
  /** The request object the wallet fetched from `request_uri`. */
  readonly requestObject: string;
  /** The link the wallet was invoked with; its client_id must equal the request object's (§5.10). */
  readonly link?: string;
  /** For `request_uri_method=post`: the wallet_nonce the wallet sent, which the request object must echo. */
  readonly walletNonce?: string;
}

/** What the wallet POSTs (form-encoded) to `response_uri`. */
export interface Oid4vpWalletPost {
  readonly responseUri: string;
  /** The form fields: `{ response }`, or `{ vp_token, state }` with vp_token as JSON text. */
  readonly body: Record<string, string>;
}

function form(params: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Document requests of a draft-18 presentation definition (`$['ns']['id']` paths). */
function requestsOfDefinition(definition: unknown): DocumentRequest[] {
  const descriptors = (definition as { input_descriptors?: { id: string; constraints?: { fields?: { path: string[] }[] } }[] })?.input_descriptors;
  if (!Array.isArray(descriptors)) throw new UketoriRangeError('presentation_definition has no input_descriptors');
  return descriptors.map((d) => {
    const nameSpaces: Record<string, string[]> = {};
    for (const f of d.constraints?.fields ?? []) {
      const m = /^\$\['([^']+)'\]\['([^']+)'\]$/.exec(f.path[0] ?? '');
      if (m !== null) (nameSpaces[m[1]!] ??= []).push(m[2]!);
    }
    return { docType: d.id, nameSpaces };
  });
}

/**
 * Answers a redirect-flow request object: checks it (signature, `typ`, client id prefix against
 * `x5c`, link client_id, `wallet_nonce`), builds the DeviceResponse over the OpenID4VPHandover
 * (or, for a draft-18 request, over the Annex B handover with a fresh mdocGeneratedNonce in `apu`)
 * and encrypts it for `direct_post.jwt`.
 *
 * @example
 * ```ts
 * const { responseUri, body } = await answerOid4vp({ requestObject, link, credentials: [card] });
 * await finishOid4vp(state, { body, purpose, trust });
 * ```
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for a request the wallet refuses.
 */
export async function answerOid4vp(options: AnswerOid4vpOptions): Promise<Oid4vpWalletPost> {
  const faults = faultSet(options);
  const claims = await verifyRequestObject(options.requestObject);
  const clientId = String(claims['client_id']);
  if (options.link !== undefined && parseAuthorizationLink(options.link).clientId !== clientId) throw new UketoriRangeError('the link client_id is not the request object\'s');
  if (options.walletNonce !== undefined && claims['wallet_nonce'] !== options.walletNonce) throw new UketoriRangeError('the request object does not echo wallet_nonce');
  const responseUri = claims['response_uri'];
  if (typeof responseUri !== 'string' || !secureUrl(responseUri)) throw new UketoriRangeError('no https response_uri (http only on loopback)');
  const nonce = String(claims['nonce']);
  const boundNonce = faults.has('wrong-nonce') ? `${nonce}x` : nonce;
  const boundClientId = faults.has('wrong-client-id') ? `${clientId}.other` : clientId;
  const boundResponseUri = faults.has('wrong-response-uri') ? `${responseUri}/other` : responseUri;
  const state = faults.has('wrong-state') ? 'another-transaction' : claims['state'];
  const encrypted = claims['response_mode'] === 'direct_post.jwt';

  if (claims['presentation_definition'] !== undefined) {
    // TS 18013-7:2024 Annex B (draft 18): mdocGeneratedNonce in apu, nonce in apv.
    const mdocGeneratedNonce = base64urlEncode(new Uint8Array(randomBytes(16)));
    const transcript = walletDraft18Transcript(boundClientId, boundResponseUri, boundNonce, mdocGeneratedNonce);
    const dr = await deviceResponse(options, faults, requestsOfDefinition(claims['presentation_definition']), transcript);
    const payload = faults.has('wallet-error')
      ? { error: 'access_denied', state }
      : { vp_token: base64urlEncode(dr), presentation_submission: { id: 'submission', definition_id: (claims['presentation_definition'] as { id: string }).id, descriptor_map: [] }, state };
    const apv = new TextEncoder().encode(faults.has('wrong-apv') ? `${nonce}x` : nonce);
    return { responseUri, body: form(await encodeResponse(payload, claims, true, faults, { apu: new TextEncoder().encode(mdocGeneratedNonce), apv })) };
  }

  const jwk = (claims['client_metadata'] as { jwks?: { keys?: JWK[] } } | undefined)?.jwks?.keys?.[0];
  const thumbprint = encrypted && jwk !== undefined && !faults.has('wrong-thumbprint') ? await thumbprintOf(jwk) : null;
  const transcript = walletOid4vpTranscript(boundClientId, boundNonce, thumbprint, boundResponseUri);
  const payload = faults.has('wallet-error') ? { error: 'access_denied', state } : { vp_token: await vpToken(options, faults, claims['dcql_query'], transcript), state };
  return { responseUri, body: form(await encodeResponse(payload, claims, encrypted, faults)) };
}

/** https, or http on the loopback interface (a verifier under development), like a wallet's developer mode. */
function secureUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}
