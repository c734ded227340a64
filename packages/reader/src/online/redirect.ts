/**
 * OpenID4VP 1.0 over redirects (§5, §8.2, App. B.2.6.1; HAIP "via redirects"): a signed request
 * object fetched from `request_uri` (GET, or POST with `wallet_nonce`), `direct_post.jwt`
 * (default) or `direct_post` to `response_uri`, and for same-device flows a `redirect_uri` carrying
 * a one-time `response_code`. The link (`openid4vp://?client_id=…&request_uri=…`) is the QR payload
 * for cross-device use.
 *
 * The `iso18013-7-2024-annex-b` profile is the first-edition ISO/IEC TS 18013-7 Annex B request
 * (draft 18, Presentation Exchange, `mdoc-openid4vp://`) for deployed wallets; opt-in only.
 *
 * @module
 */

import { toDcqlQuery } from '@uketori/policy';
import { UketoriTypeError } from '@uketori/mdoc';
import type { ReaderAuthKey } from '../reader-auth.js';
import { annexBClientMetadata, mdocGeneratedNonceOf, presentationDefinition } from './annex-b.js';
import { decodeBase64url, randomToken, sameString } from './encoding.js';
import { OnlineError } from './errors.js';
import { clientIdFor, SELF_ISSUED_AUDIENCE, signRequestObject, type ClientIdPrefix } from './jar.js';
import { generateResponseKey, jwkThumbprint, type ResponseEncryption } from './jwe.js';
import { clientMetadata, encryptionList, readResponseParameters } from './oid4vp-common.js';
import { checkState, newStateBase, plansFor, stateText, type OnlineRequestOptions, type OnlineStateBase, type PrivateEcJwk } from './state.js';
import type { OnlineHandover } from './transcript.js';
import { presentationsOf, verifyPresentations, type FinishOptions, type OnlineResult, type Presentation } from './verify.js';

/** Request profiles of the redirect flow. */
export type Oid4vpProfile = 'openid4vp-1.0' | 'iso18013-7-2024-annex-b';

/** Options of {@link createOid4vpRequest}. */
export interface CreateOid4vpRequestOptions extends OnlineRequestOptions {
  /** The verifier's request signing key and certificate chain (leaf first, without the root). Required. */
  readonly signer: ReaderAuthKey;
  /** Default `x509_hash` (HAIP); the Annex B profile always uses `x509_san_dns`. */
  readonly clientIdPrefix?: ClientIdPrefix;
  /** For `x509_san_dns`: a dNSName of the leaf; default the host of `responseUri`. */
  readonly dnsName?: string;
  /** Where the wallet POSTs the response (https). Required. */
  readonly responseUri: string;
  /** Where the wallet fetches the request object, unique to this transaction (https). Required. */
  readonly requestUri: string;
  /** `get` (default) or `post` (the wallet sends `wallet_nonce`, §5.10). */
  readonly requestUriMethod?: 'get' | 'post';
  /** Default `direct_post.jwt`; the Annex B profile requires it. */
  readonly responseMode?: 'direct_post.jwt' | 'direct_post';
  /** Same-device: where the wallet sends the user back; a `#response_code=…` is appended. */
  readonly redirectUri?: string;
  /** Content encryption offered; default A128GCM and A256GCM (Annex B profile: A256GCM). */
  readonly encryption?: readonly ResponseEncryption[];
  /** Default `openid4vp-1.0`. */
  readonly profile?: Oid4vpProfile;
  /** Link scheme; default `openid4vp://` (`mdoc-openid4vp://` for the Annex B profile). */
  readonly scheme?: string;
}

/** The transaction state of a redirect request (secret; keep it server-side). */
export interface Oid4vpState extends OnlineStateBase {
  readonly flow: 'oid4vp-redirect';
  readonly profile: Oid4vpProfile;
  readonly clientId: string;
  readonly responseUri: string;
  readonly requestUri: string;
  readonly requestUriMethod: 'get' | 'post';
  readonly responseMode: 'direct_post.jwt' | 'direct_post';
  /** The OAuth `state` (§5.2), checked on the response. */
  readonly state: string;
  readonly responseKey: PrivateEcJwk | null;
  readonly encryption: readonly ResponseEncryption[];
  /** Same-device: the redirect target, and the one-time `response_code` it will carry. */
  readonly redirectUri: string | null;
  readonly responseCode: string | null;
  /** The request object claims (signed again with `wallet_nonce` for `request_uri_method=post`). */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The request object as signed at creation (served to GET). */
  readonly requestObject: string;
}

/** What {@link createOid4vpRequest} returns. */
export interface Oid4vpRequest {
  readonly state: Oid4vpState;
  /** The authorization request link, also the QR code payload. */
  readonly link: string;
  /** The signed request object to serve at `requestUri` (`application/oauth-authz-req+jwt`). */
  readonly requestObject: string;
}

function httpsUrl(value: unknown, name: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  // https, or http on the loopback interface only (a site under development; as RFC 8252 §7.3 allows).
  const secure = url !== undefined && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)));
  if (url === undefined || !secure || url.hash !== '') throw new UketoriTypeError(`"${name}" must be an https URL (http only on loopback) without a fragment`, 'ERR_INVALID_ARG_VALUE');
  return value as string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Creates a redirect-flow request: DCQL (or, for the Annex B profile, a presentation definition)
 * from the purpose, fresh nonce, state and encryption key, the signed request object and the link.
 *
 * @example
 * ```ts
 * const { link, requestObject, state } = await createOid4vpRequest({
 *   purpose: getPurpose('aml_kyc_jp'), signer,
 *   requestUri: `https://rp.example/oid4vp/request/${id}`, responseUri: `https://rp.example/oid4vp/response/${id}`,
 * });
 * // show `link` as a QR code (cross-device) or open it (same-device, with redirectUri)
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_*` for malformed URLs or options.
 * @throws {OnlineError} `ERR_ONLINE_CONFIG` when the certificate does not fit the client id.
 * @throws {PolicyRequestError} when the purpose cannot be served.
 */
export async function createOid4vpRequest(options: CreateOid4vpRequestOptions): Promise<Oid4vpRequest> {
  if (options === null || typeof options !== 'object') throw new UketoriTypeError('"options" must be an object');
  const profile = options.profile ?? 'openid4vp-1.0';
  if (profile !== 'openid4vp-1.0' && profile !== 'iso18013-7-2024-annex-b') throw new UketoriTypeError('"profile" is not a known profile', 'ERR_INVALID_ARG_VALUE');
  const legacy = profile === 'iso18013-7-2024-annex-b';
  const responseUri = httpsUrl(options.responseUri, 'responseUri');
  const requestUri = httpsUrl(options.requestUri, 'requestUri');
  const redirectUri = options.redirectUri === undefined ? null : httpsUrl(options.redirectUri, 'redirectUri');
  const requestUriMethod = options.requestUriMethod ?? 'get';
  if (requestUriMethod !== 'get' && requestUriMethod !== 'post') throw new UketoriTypeError('"requestUriMethod" must be "get" or "post"', 'ERR_INVALID_ARG_VALUE');
  const responseMode = options.responseMode ?? 'direct_post.jwt';
  if (responseMode !== 'direct_post.jwt' && (responseMode !== 'direct_post' || legacy)) throw new UketoriTypeError('"responseMode" must be "direct_post.jwt" (or "direct_post" in the 1.0 profile)', 'ERR_INVALID_ARG_VALUE');
  const encryption = legacy ? (['A256GCM'] as ResponseEncryption[]) : encryptionList(options.encryption);
  const prefix = legacy ? 'x509_san_dns' : (options.clientIdPrefix ?? 'x509_hash');
  const prefixed = clientIdFor(prefix, options.signer, options.dnsName ?? new URL(responseUri).hostname);
  // Draft 18 carries the scheme in client_id_scheme and the bare DNS name in client_id.
  const clientId = legacy ? prefixed.slice('x509_san_dns:'.length) : prefixed;

  const plans = plansFor(options);
  const nonce = randomToken();
  const oauthState = randomToken();
  const responseKey = responseMode === 'direct_post.jwt' ? generateResponseKey() : null;
  const base = newStateBase('oid4vp-redirect', options, plans, nonce);
  const now = options.now ?? new Date();
  const claims: Record<string, unknown> = {
    client_id: clientId,
    ...(legacy ? { client_id_scheme: 'x509_san_dns' } : {}),
    response_type: 'vp_token',
    response_mode: responseMode,
    response_uri: responseUri,
    nonce,
    state: oauthState,
    ...(legacy ? { presentation_definition: presentationDefinition(base.transactionId, plans) } : { dcql_query: toDcqlQuery(plans) }),
    client_metadata: legacy ? annexBClientMetadata(responseKey!) : clientMetadata(responseKey, encryption),
    aud: SELF_ISSUED_AUDIENCE,
    iat: Math.floor(now.getTime() / 1000),
    exp: Math.floor(Date.parse(base.expiresAt) / 1000),
  };
  const requestObject = await signRequestObject(claims, options.signer);
  const state: Oid4vpState = {
    ...base,
    flow: 'oid4vp-redirect',
    profile,
    clientId,
    responseUri,
    requestUri,
    requestUriMethod,
    responseMode,
    state: oauthState,
    responseKey,
    encryption,
    redirectUri,
    responseCode: redirectUri === null ? null : randomToken(),
    claims,
    requestObject,
  };
  const scheme = options.scheme ?? (legacy ? 'mdoc-openid4vp://' : 'openid4vp://');
  const query = new URLSearchParams({ client_id: clientId, request_uri: requestUri, ...(requestUriMethod === 'post' ? { request_uri_method: 'post' } : {}) });
  return { state, link: `${scheme}?${query.toString()}`, requestObject };
}

/**
 * The request object to answer a `request_uri` call with: the one signed at creation for GET, or,
 * for `request_uri_method=post`, one signed now with the wallet's `wallet_nonce` echoed (§5.10).
 *
 * @example
 * ```ts
 * const jwt = await requestObjectFor(state, { signer, walletNonce: form.get('wallet_nonce') ?? undefined });
 * res.type('application/oauth-authz-req+jwt').send(jwt);
 * ```
 * @throws {OnlineError} `ERR_ONLINE_TRANSACTION` for a malformed state; `ERR_ONLINE_STRUCTURE` for a malformed wallet_nonce.
 */
export async function requestObjectFor(state: Oid4vpState, options: { readonly signer?: ReaderAuthKey; readonly walletNonce?: string } = {}): Promise<string> {
  if (state?.flow !== 'oid4vp-redirect') throw new OnlineError('ERR_ONLINE_TRANSACTION', 'the transaction state is not a redirect state');
  if (options.walletNonce === undefined) return stateText(state.requestObject, 'requestObject');
  if (typeof options.walletNonce !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(options.walletNonce)) throw new OnlineError('ERR_ONLINE_STRUCTURE', 'wallet_nonce is not a short ASCII token');
  if (options.signer === undefined) throw new UketoriTypeError('"signer" is required to sign with a wallet_nonce');
  return signRequestObject({ ...state.claims, wallet_nonce: options.walletNonce }, options.signer);
}

/** Input of {@link finishOid4vp}. */
export interface FinishOid4vpInput extends FinishOptions {
  /** The form fields POSTed to `response_uri`: `{ response }` (direct_post.jwt) or `{ vp_token, state }`. */
  readonly body: unknown;
}

/** The result of a redirect flow, with the same-device redirect for the wallet. */
export interface Oid4vpResult extends OnlineResult {
  /** Same-device: `redirect_uri` to return to the wallet (`{ "redirect_uri": … }`, §8.2), with the response_code. */
  readonly redirectUri: string | null;
}

/**
 * Finishes a redirect transaction from the body POSTed to `response_uri`: decryption, `state`,
 * vp_token against the query, each DeviceResponse over the OpenID4VPHandover transcript (or the
 * draft-18 one under the Annex B profile), then the purpose's gate.
 *
 * @example
 * ```ts
 * const { policy, redirectUri } = await finishOid4vp(state, { body: req.body, purpose, trust });
 * res.json(redirectUri === null ? {} : { redirect_uri: redirectUri });
 * ```
 * @throws {OnlineError} `ERR_ONLINE_TRANSACTION`, `ERR_ONLINE_EXPIRED`, `ERR_ONLINE_STATE`,
 *   `ERR_ONLINE_WALLET_ERROR`, `ERR_ONLINE_RESPONSE_MODE`, `ERR_ONLINE_VP_TOKEN`, `ERR_ONLINE_NONCE`
 *   (Annex B apv) and the JWE codes.
 * @throws {UketoriError} every code of `verifyDeviceResponse` and `gateResponse`.
 */
export async function finishOid4vp(state: Oid4vpState, input: FinishOid4vpInput): Promise<Oid4vpResult> {
  if (input === null || typeof input !== 'object') throw new UketoriTypeError('"input" must be an object');
  const s = checkState<Oid4vpState>(state, 'oid4vp-redirect', input.purpose, input.now ?? new Date());
  const encrypted = s.responseMode === 'direct_post.jwt';
  const { params, header } = await readResponseParameters(input.body, { encrypted, responseKey: s.responseKey, encryption: s.encryption }, input.limits);
  // §5.2: the state must be the transaction's; otherwise the response belongs to another one.
  if (typeof params['state'] !== 'string' || !sameString(params['state'], stateText(s.state, 'state'))) {
    throw new OnlineError('ERR_ONLINE_STATE', 'the response state is not the transaction\'s');
  }
  let presentations: Presentation[];
  let handover: OnlineHandover;
  if (s.profile === 'iso18013-7-2024-annex-b') {
    const mdocGeneratedNonce = mdocGeneratedNonceOf(header, s.nonce);
    // Draft 18 §7.1: vp_token is the base64url DeviceResponse itself.
    presentations = [{ bytes: decodeBase64url(params['vp_token'], 'vp_token', input.limits) }];
    handover = { type: 'openid4vp-draft-18', clientId: s.clientId, responseUri: s.responseUri, nonce: s.nonce, mdocGeneratedNonce };
  } else {
    presentations = presentationsOf(params['vp_token'], s.plans, input.limits);
    handover = {
      type: 'openid4vp',
      clientId: s.clientId,
      nonce: s.nonce,
      jwkThumbprint: encrypted && s.responseKey !== null ? await jwkThumbprint(s.responseKey) : null,
      responseUri: s.responseUri,
    };
  }
  const result = await verifyPresentations({ flow: 'oid4vp-redirect', state: s, options: input, presentations, handovers: [handover] });
  const redirectUri = s.redirectUri === null || s.responseCode === null ? null : `${s.redirectUri}#response_code=${encodeURIComponent(s.responseCode)}`;
  return { ...result, redirectUri };
}

/**
 * Same-device: checks the `response_code` the user agent brought back from the redirect (§13.3
 * session binding) before the result is released to the frontend.
 *
 * @example
 * ```ts
 * checkResponseCode(state, new URLSearchParams(location.hash.slice(1)).get('response_code'));
 * ```
 * @throws {OnlineError} `ERR_ONLINE_RESPONSE_CODE` for a missing or wrong code; `ERR_ONLINE_TRANSACTION` for a cross-device state.
 */
export function checkResponseCode(state: Oid4vpState, code: unknown): void {
  if (state?.flow !== 'oid4vp-redirect' || typeof state.responseCode !== 'string') throw new OnlineError('ERR_ONLINE_TRANSACTION', 'the transaction has no response_code (not same-device)');
  if (typeof code !== 'string' || !sameString(code, state.responseCode)) throw new OnlineError('ERR_ONLINE_RESPONSE_CODE', 'the response_code is not the transaction\'s');
}
