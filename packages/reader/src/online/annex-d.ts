/**
 * ISO/IEC 18013-7 Annex D = OpenID4VP 1.0 over the W3C Digital Credentials API (OpenID4VP 1.0
 * App. A, B.2.6.2; Google Wallet, HAIP). Unsigned (`openid4vp-v1-unsigned`) or signed
 * (`openid4vp-v1-signed`, JAR with `expected_origins`) requests with a DCQL query from the purpose;
 * responses in `dc_api.jwt` (default, JWE to a per-request key) or `dc_api`.
 *
 * Compatibility: wallets built on OpenID4VP draft 24 hash `[origin, client_id, nonce]` instead of
 * `[origin, nonce, jwkThumbprint]`. With `compatibility.draft24Handover` (off by default) that
 * handover is tried when the 1.0 one fails device authentication; the result names the handover.
 *
 * @module
 */

import { toDcqlQuery } from '@uketori/policy';
import { UketoriTypeError } from '@uketori/mdoc';
import type { ReaderAuthKey } from '../reader-auth.js';
import { randomToken, sameString } from './encoding.js';
import { OnlineError } from './errors.js';
import { clientIdFor, signRequestObject, type ClientIdPrefix } from './jar.js';
import { generateResponseKey, jwkThumbprint, type ResponseEncryption } from './jwe.js';
import { clientMetadata, encryptionList, readResponseParameters } from './oid4vp-common.js';
import { assertOrigin } from './origin.js';
import { checkState, newStateBase, plansFor, type OnlineRequestOptions, type OnlineStateBase, type PrivateEcJwk } from './state.js';
import type { OnlineHandover } from './transcript.js';
import { presentationsOf, verifyPresentations, type FinishOptions, type OnlineResult } from './verify.js';

/** DC API protocol identifiers of OpenID4VP 1.0 (App. A.1) that uketori emits. */
export type AnnexDProtocol = 'openid4vp-v1-unsigned' | 'openid4vp-v1-signed';

/** Options of {@link createAnnexDRequest}. */
export interface CreateAnnexDRequestOptions extends OnlineRequestOptions {
  /** The serialized origin(s) of the page(s) allowed to make the call; signed requests list them as `expected_origins`. Required. */
  readonly origin: string | readonly string[];
  /** Sign the request (JAR, `openid4vp-v1-signed`); default unsigned. */
  readonly signed?: {
    readonly signer: ReaderAuthKey;
    /** Default `x509_hash` (HAIP). */
    readonly clientIdPrefix?: ClientIdPrefix;
    /** For `x509_san_dns`: a dNSName of the leaf certificate. */
    readonly dnsName?: string;
  };
  /** Default `dc_api.jwt` (HAIP mandatory); `dc_api` returns the vp_token unencrypted. */
  readonly responseMode?: 'dc_api.jwt' | 'dc_api';
  /** Content encryption offered for `dc_api.jwt`; default both A128GCM and A256GCM. */
  readonly encryption?: readonly ResponseEncryption[];
  /** Compatibility options; every one is off by default. */
  readonly compatibility?: {
    /** Also accept the OpenID4VP draft-24 DC API handover `[origin, client_id, nonce]`. */
    readonly draft24Handover?: boolean;
  };
}

/** The request for `navigator.credentials.get({ digital: { requests: [request] } })` (or Android Credential Manager). */
export interface AnnexDRequest {
  readonly protocol: AnnexDProtocol;
  /** Unsigned: the request parameters; signed: `{ request: "<JWS>" }`. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** The transaction state of an Annex D request (secret; keep it server-side). */
export interface AnnexDState extends OnlineStateBase {
  readonly flow: 'dc-api-annex-d';
  readonly protocol: AnnexDProtocol;
  /** The origins a response may come from. */
  readonly origins: readonly string[];
  /** The client_id of a signed request, `null` for unsigned ones. */
  readonly clientId: string | null;
  readonly responseMode: 'dc_api.jwt' | 'dc_api';
  /** The per-request response decryption key (`dc_api.jwt`). */
  readonly responseKey: PrivateEcJwk | null;
  readonly encryption: readonly ResponseEncryption[];
  readonly draft24Handover: boolean;
}

/**
 * Creates an Annex D request: DCQL from the purpose (`toDcqlQuery`), a fresh nonce and (for
 * `dc_api.jwt`) a fresh encryption key, signed when `signed` is given.
 *
 * @example
 * ```ts
 * const { request, state } = await createAnnexDRequest({ purpose: getPurpose('age_21_plus'), origin: 'https://shop.example', signed: { signer } });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_*` for a malformed origin or options.
 * @throws {OnlineError} `ERR_ONLINE_CONFIG` when the certificate does not fit the client id.
 * @throws {PolicyRequestError} when the purpose cannot be served.
 */
export async function createAnnexDRequest(options: CreateAnnexDRequestOptions): Promise<{ request: AnnexDRequest; state: AnnexDState }> {
  if (options === null || typeof options !== 'object') throw new UketoriTypeError('"options" must be an object');
  const origins = (typeof options.origin === 'string' ? [options.origin] : [...(options.origin ?? [])]).map((o) => assertOrigin(o));
  if (origins.length === 0) throw new UketoriTypeError('"origin" must name at least one origin');
  const responseMode = options.responseMode ?? 'dc_api.jwt';
  if (responseMode !== 'dc_api.jwt' && responseMode !== 'dc_api') throw new UketoriTypeError('"responseMode" must be "dc_api.jwt" or "dc_api"', 'ERR_INVALID_ARG_VALUE');
  const encryption = encryptionList(options.encryption);
  const plans = plansFor(options);
  const nonce = randomToken();
  const responseKey = responseMode === 'dc_api.jwt' ? generateResponseKey() : null;
  const now = options.now ?? new Date();
  // OpenID4VP 1.0 App. A.2: no client_id in unsigned requests; A.3: client_id and expected_origins in signed ones.
  const params: Record<string, unknown> = {
    response_type: 'vp_token',
    response_mode: responseMode,
    nonce,
    dcql_query: toDcqlQuery(plans),
    client_metadata: clientMetadata(responseKey, encryption),
  };
  let clientId: string | null = null;
  let data: Record<string, unknown> = params;
  const signed = options.signed;
  if (signed !== undefined) {
    clientId = clientIdFor(signed.clientIdPrefix ?? 'x509_hash', signed.signer, signed.dnsName);
    const claims = { client_id: clientId, expected_origins: origins, ...params, iat: Math.floor(now.getTime() / 1000) };
    data = { request: await signRequestObject(claims, signed.signer) };
  }
  const protocol: AnnexDProtocol = signed === undefined ? 'openid4vp-v1-unsigned' : 'openid4vp-v1-signed';
  const state: AnnexDState = {
    ...newStateBase('dc-api-annex-d', options, plans, nonce),
    flow: 'dc-api-annex-d',
    protocol,
    origins,
    clientId,
    responseMode,
    responseKey,
    encryption,
    draft24Handover: options.compatibility?.draft24Handover === true,
  };
  return { request: { protocol, data }, state };
}

/** Input of {@link finishAnnexD}. */
export interface FinishAnnexDInput extends FinishOptions {
  /** `DigitalCredential.data` as the page posted it: `{ response: "<JWE>" }` or `{ vp_token }`. */
  readonly response: unknown;
  /** The origin the response came from (the page's). Must be one of the request's origins, byte for byte. */
  readonly origin: string;
}

/**
 * Finishes an Annex D transaction: origin check, JWE decryption (`dc_api.jwt`), vp_token against
 * the DCQL query, then each DeviceResponse verified over the OpenID4VPDCAPIHandover transcript
 * and gated by purpose.
 *
 * @example
 * ```ts
 * const result = await finishAnnexD(state, { response: body.data, origin: req.get('origin'), purpose, trust });
 * ```
 * @throws {OnlineError} `ERR_ONLINE_TRANSACTION`, `ERR_ONLINE_EXPIRED`, `ERR_ONLINE_ORIGIN`,
 *   `ERR_ONLINE_RESPONSE_MODE`, `ERR_ONLINE_WALLET_ERROR`, `ERR_ONLINE_VP_TOKEN`, and the JWE codes
 *   (`ERR_ONLINE_DECRYPT`, `ERR_ONLINE_ALGORITHM`, `ERR_ONLINE_KEY`, …).
 * @throws {UketoriError} every code of `verifyDeviceResponse` (a wallet that bound another origin or
 *   nonce fails `ERR_DEVICE_AUTH`) and `gateResponse`.
 */
export async function finishAnnexD(state: AnnexDState, input: FinishAnnexDInput): Promise<OnlineResult> {
  if (input === null || typeof input !== 'object') throw new UketoriTypeError('"input" must be an object');
  const s = checkState<AnnexDState>(state, 'dc-api-annex-d', input.purpose, input.now ?? new Date());
  const origin = Array.isArray(s.origins) ? s.origins.find((o) => typeof input.origin === 'string' && sameString(input.origin, o)) : undefined;
  if (origin === undefined) throw new OnlineError('ERR_ONLINE_ORIGIN', 'the response came from an origin the request was not made for');
  const encrypted = s.responseMode === 'dc_api.jwt';
  const { params } = await readResponseParameters(input.response, { encrypted, responseKey: s.responseKey, encryption: s.encryption }, input.limits);
  const presentations = presentationsOf(params['vp_token'], s.plans, input.limits);
  const handovers: OnlineHandover[] = [
    { type: 'openid4vp-dc-api', origin, nonce: s.nonce, jwkThumbprint: encrypted && s.responseKey !== null ? await jwkThumbprint(s.responseKey) : null },
  ];
  // OpenID4VP draft 24 App. B.3.4: unsigned requests use the effective client id "web-origin:<origin>".
  if (s.draft24Handover) handovers.push({ type: 'openid4vp-dc-api-draft-24', origin, clientId: s.clientId ?? `web-origin:${origin}`, nonce: s.nonce });
  return verifyPresentations({ flow: 'dc-api-annex-d', state: s, options: input, presentations, handovers });
}
