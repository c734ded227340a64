/**
 * ISO/IEC 18013-7 Annex D: OpenID4VP 1.0 over the W3C Digital Credentials API
 * (`openid4vp-v1-unsigned` / `openid4vp-v1-signed`, `dc_api.jwt`), Google Wallet's path.
 *
 * @module
 */

import { createAnnexDRequest, finishAnnexD, type AnnexDState, type ClientIdPrefix, type ReaderAuthKey, type ResponseEncryption } from '@uketori/reader';
import { HttpError } from '../errors.js';
import type { JsonObject } from '../store/types.js';
import type { FlowAdapter } from './types.js';

/** Options of {@link annexDFlow}. */
export interface AnnexDFlowOptions {
  /** Sign the request (`openid4vp-v1-signed`, with `expected_origins`); default unsigned. */
  readonly signed?: { readonly signer: ReaderAuthKey; readonly clientIdPrefix?: ClientIdPrefix; readonly dnsName?: string };
  /** Default `dc_api.jwt` (HAIP mandatory). */
  readonly responseMode?: 'dc_api.jwt' | 'dc_api';
  /** Content encryption offered; default A128GCM and A256GCM. */
  readonly encryption?: readonly ResponseEncryption[];
  /** Also accept the OpenID4VP draft-24 DC API handover still seen in older Android wallets. Default off. */
  readonly acceptDraft24Handover?: boolean;
  /** Flow id in create requests. Default `dc-api-annex-d`. */
  readonly id?: string;
}

/**
 * The Annex D flow. The create answer carries `request` (`{ protocol, data }`) for
 * `navigator.credentials.get`; the page posts the credential's `{ protocol, data }` to `completeUrl`.
 *
 * @example
 * ```ts
 * const flows = [annexDFlow({ signed: { signer } })];
 * ```
 * @throws never at construction; `start` and `finish` throw the codes of `createAnnexDRequest` / `finishAnnexD`.
 */
export function annexDFlow(options: AnnexDFlowOptions = {}): FlowAdapter {
  return {
    id: options.id ?? 'dc-api-annex-d',
    channel: 'dc-api',
    async start(input) {
      const { request, state } = await createAnnexDRequest({
        purpose: input.purpose,
        origin: input.origin ?? '',
        now: input.now,
        ttlSeconds: input.ttlSeconds,
        transactionId: input.transactionId,
        ...(options.signed === undefined ? {} : { signed: options.signed }),
        ...(options.responseMode === undefined ? {} : { responseMode: options.responseMode }),
        ...(options.encryption === undefined ? {} : { encryption: options.encryption }),
        ...(options.acceptDraft24Handover === true ? { compatibility: { draft24Handover: true } } : {}),
      });
      return { client: { request: request as unknown as JsonObject }, state: state as unknown as JsonObject };
    },
    async finish(state, submission, input) {
      const expected = (state as unknown as AnnexDState).protocol;
      if (submission.kind !== 'dc-api' || submission.protocol !== expected) throw new HttpError('ERR_WRONG_FLOW', `the credential's protocol is not "${expected}"`);
      const result = await finishAnnexD(state as unknown as AnnexDState, {
        response: submission.data,
        origin: submission.origin,
        purpose: input.purpose,
        trust: input.trust,
        now: input.now,
      });
      return { policy: result.policy };
    },
  };
}
