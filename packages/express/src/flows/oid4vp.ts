/**
 * OpenID4VP 1.0 over redirects (cross-device QR and same-device link): signed request object at
 * `request_uri` (GET, or POST with `wallet_nonce`), `direct_post.jwt` / `direct_post` to
 * `response_uri`, and for same-device flows a `redirect_uri` with a one-time `response_code`.
 * With `profile: 'iso18013-7-2024-annex-b'` it is the TS 18013-7:2024 Annex B compatibility mode.
 *
 * @module
 */

import {
  createOid4vpRequest,
  finishOid4vp,
  requestObjectFor,
  type ClientIdPrefix,
  type Oid4vpProfile,
  type Oid4vpState,
  type ReaderAuthKey,
  type ResponseEncryption,
} from '@uketori/reader';
import { HttpError } from '../errors.js';
import type { JsonObject } from '../store/types.js';
import type { FlowAdapter } from './types.js';

/** Options of {@link oid4vpFlow}. */
export interface Oid4vpFlowOptions {
  /** The request signing key and chain (leaf first, no root). Required. */
  readonly signer: ReaderAuthKey;
  /** Default `x509_hash` (HAIP). */
  readonly clientIdPrefix?: ClientIdPrefix;
  /** For `x509_san_dns`: the leaf's dNSName; default the host of the response URI. */
  readonly dnsName?: string;
  /** Default `get`; `post` makes wallets send `wallet_nonce`. */
  readonly requestUriMethod?: 'get' | 'post';
  /** Default `direct_post.jwt`. */
  readonly responseMode?: 'direct_post.jwt' | 'direct_post';
  /** Content encryption offered; default A128GCM and A256GCM. */
  readonly encryption?: readonly ResponseEncryption[];
  /** Default `openid4vp-1.0`; `iso18013-7-2024-annex-b` for deployed draft-18 wallets. */
  readonly profile?: Oid4vpProfile;
  /** Link scheme; default `openid4vp://` (`mdoc-openid4vp://` for Annex B). */
  readonly scheme?: string;
  /** Flow id in create requests. Default `oid4vp`. */
  readonly id?: string;
}

/**
 * The OpenID4VP redirect flow. The create answer carries `link` (the QR payload, or the link to
 * open on the same device) and `requestUri`.
 *
 * @example
 * ```ts
 * const flows = [oid4vpFlow({ signer: { privateKey, certificateChain: [leafDer, intermediateDer] } })];
 * ```
 * @throws never at construction; `start`, `requestObject` and `finish` throw the codes of `@uketori/reader`.
 */
export function oid4vpFlow(options: Oid4vpFlowOptions): FlowAdapter {
  const signer = options.signer;
  return {
    id: options.id ?? 'oid4vp',
    channel: 'wallet',
    async start(input) {
      const { link, state } = await createOid4vpRequest({
        purpose: input.purpose,
        now: input.now,
        ttlSeconds: input.ttlSeconds,
        transactionId: input.transactionId,
        signer,
        requestUri: input.requestUri,
        responseUri: input.responseUri,
        ...(input.redirectUri === undefined ? {} : { redirectUri: input.redirectUri }),
        ...(options.clientIdPrefix === undefined ? {} : { clientIdPrefix: options.clientIdPrefix }),
        ...(options.dnsName === undefined ? {} : { dnsName: options.dnsName }),
        ...(options.requestUriMethod === undefined ? {} : { requestUriMethod: options.requestUriMethod }),
        ...(options.responseMode === undefined ? {} : { responseMode: options.responseMode }),
        ...(options.encryption === undefined ? {} : { encryption: options.encryption }),
        ...(options.profile === undefined ? {} : { profile: options.profile }),
        ...(options.scheme === undefined ? {} : { scheme: options.scheme }),
      });
      return { client: { link, requestUri: input.requestUri }, state: state as unknown as JsonObject };
    },
    async requestObject(state, input) {
      return requestObjectFor(state as unknown as Oid4vpState, { signer, ...(input.walletNonce === undefined ? {} : { walletNonce: input.walletNonce }) });
    },
    async finish(state, submission, input) {
      if (submission.kind !== 'direct_post') throw new HttpError('ERR_WRONG_FLOW', 'an OpenID4VP answer comes to response_uri');
      const s = state as unknown as Oid4vpState;
      const result = await finishOid4vp(s, { body: submission.form, purpose: input.purpose, trust: input.trust, now: input.now });
      return {
        policy: result.policy,
        ...(result.redirectUri !== null && s.responseCode !== null ? { redirect: { uri: result.redirectUri, responseCode: s.responseCode } } : {}),
      };
    },
  };
}
