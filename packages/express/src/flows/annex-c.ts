/**
 * ISO/IEC 18013-7 Annex C (`org-iso-mdoc` over the W3C Digital Credentials API, HPKE): the flow
 * Apple Wallet supports on the web, and how an iPhone My Number Card reaches a website.
 *
 * @module
 */

import { ANNEX_C_PROTOCOL, createAnnexCRequest, finishAnnexC, type AnnexCState, type ReaderAuthKey } from '@uketori/reader';
import { HttpError } from '../errors.js';
import type { JsonObject } from '../store/types.js';
import type { FlowAdapter } from './types.js';

/** Options of {@link annexCFlow}. */
export interface AnnexCFlowOptions {
  /** The business's reader key and certificate chain (readerAuth); Apple Wallet requires it. */
  readonly readerAuth?: ReaderAuthKey;
  /** DeviceRequest version. Default `"1.1"`. */
  readonly requestVersion?: '1.0' | '1.1';
  /** Flow id in create requests. Default `dc-api-annex-c`. */
  readonly id?: string;
}

/**
 * The Annex C flow. The create answer carries `request`, ready for
 * `navigator.credentials.get({ mediation: 'required', digital: { requests: [request] } })`; the
 * page posts the credential's `{ protocol, data }` to `completeUrl`.
 *
 * @example
 * ```ts
 * const flows = [annexCFlow({ readerAuth: { privateKey, certificateChain: [readerCertDer] } })];
 * ```
 * @throws never at construction; `start` and `finish` throw the codes of `createAnnexCRequest` / `finishAnnexC`.
 */
export function annexCFlow(options: AnnexCFlowOptions = {}): FlowAdapter {
  return {
    id: options.id ?? 'dc-api-annex-c',
    channel: 'dc-api',
    async start(input) {
      const { request, state } = createAnnexCRequest({
        purpose: input.purpose,
        origin: input.origin ?? '',
        now: input.now,
        ttlSeconds: input.ttlSeconds,
        transactionId: input.transactionId,
        ...(options.readerAuth === undefined ? {} : { readerAuth: options.readerAuth }),
        ...(options.requestVersion === undefined ? {} : { requestVersion: options.requestVersion }),
      });
      return { client: { request: request as unknown as JsonObject }, state: state as unknown as JsonObject };
    },
    async finish(state, submission, input) {
      if (submission.kind !== 'dc-api' || submission.protocol !== ANNEX_C_PROTOCOL) throw new HttpError('ERR_WRONG_FLOW', `the credential's protocol is not "${ANNEX_C_PROTOCOL}"`);
      const result = await finishAnnexC(state as unknown as AnnexCState, {
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
