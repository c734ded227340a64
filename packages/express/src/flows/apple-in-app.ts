/**
 * Apple Verify with Wallet in apps (PassKit `PKIdentityAuthorizationController`) through the
 * router: the iOS app creates a transaction and gets the nonce and the elements for its
 * `PKIdentityRequest`; Wallet hands the app `PKIdentityDocument.encryptedData` (an `APPLE-HPKE-v1`
 * envelope sealed to the merchant's encryption key); the app posts it to the transaction's
 * `completeUrl` and gets the verified result (Apple, "Verifying Wallet identity requests";
 * notes/online.md §7.2).
 *
 * The merchant's HPKE private key is configuration of this adapter. The transaction state holds only
 * the nonce, merchant id, team id and the request plan.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import { UketoriTypeError } from '@uketori/mdoc';
import { createAppleInAppRequest, finishAppleInApp, type AppleInAppState } from '@uketori/reader';
import { HttpError } from '../errors.js';
import type { JsonObject } from '../store/types.js';
import type { FlowAdapter } from './types.js';

/** Options of {@link appleInAppFlow}. */
export interface AppleInAppFlowOptions {
  /** The merchant identifier the app's `PKIdentityRequest` uses (Apple Developer portal). Required. */
  readonly merchantId: string;
  /** The Apple Developer team id of the app. Required. */
  readonly teamId: string;
  /**
   * The merchant's P-256 encryption private key (the key of the merchant's "identity" encryption
   * certificate). Wallet seals every envelope to it. Required; never stored in a transaction.
   */
  readonly recipientKey: KeyObject;
  /** The docType to ask for, when a purpose accepts several. Default: the purpose's only one. */
  readonly docType?: string;
  /** Flow id in create requests. Default `apple-in-app`. */
  readonly id?: string;
}

/**
 * The in-app flow. `POST /transactions` with `{ purpose, flow: 'apple-in-app' }` answers, besides
 * the usual fields, `nonce` (base64url: the bytes for `PKIdentityRequest.nonce`), `docType`,
 * `elements` (`{ namespace, identifier, intentToRetain }` for the request descriptor) and
 * `completeUrl`; the app then posts `{ encryptedData }` (base64 of `PKIdentityDocument
 * .encryptedData`) as JSON to `completeUrl`, with the binding cookie of the create answer, and gets
 * the result.
 *
 * @example
 * ```ts
 * const flows = [appleInAppFlow({ merchantId: 'merchant.jp.example.shop', teamId: 'ABCDE12345', recipientKey: merchantEncryptionKey })];
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` at construction for a missing merchant or team
 *   id, or a key that is not a P-256 private KeyObject; `start` and `finish` throw the codes of
 *   `createAppleInAppRequest` / `finishAppleInApp`.
 */
export function appleInAppFlow(options: AppleInAppFlowOptions): FlowAdapter {
  if (options === null || typeof options !== 'object') throw new UketoriTypeError('options must be an object');
  const { merchantId, teamId, recipientKey } = options;
  if (typeof merchantId !== 'string' || merchantId.length === 0) throw new UketoriTypeError('"merchantId" must be a non-empty string');
  if (typeof teamId !== 'string' || teamId.length === 0) throw new UketoriTypeError('"teamId" must be a non-empty string');
  if (recipientKey?.type !== 'private' || recipientKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new UketoriTypeError('"recipientKey" must be a P-256 private KeyObject');
  }
  return {
    id: options.id ?? 'apple-in-app',
    channel: 'app',
    async start(input) {
      const { nonce, docType, elements, state } = createAppleInAppRequest({
        purpose: input.purpose,
        merchantId,
        teamId,
        now: input.now,
        ttlSeconds: input.ttlSeconds,
        transactionId: input.transactionId,
        ...(options.docType === undefined ? {} : { docType: options.docType }),
      });
      const client: JsonObject = { nonce, docType, elements: elements.map((e) => ({ namespace: e.namespace, identifier: e.identifier, intentToRetain: e.intentToRetain })) };
      return { client, state: state as unknown as JsonObject };
    },
    async finish(state, submission, input) {
      if (submission.kind !== 'app') throw new HttpError('ERR_WRONG_FLOW', 'an in-app answer comes to the transaction\'s app completion URL');
      const result = await finishAppleInApp(state as unknown as AppleInAppState, {
        encryptedData: submission.encryptedData,
        recipientKey,
        purpose: input.purpose,
        trust: input.trust,
        now: input.now,
      });
      return { policy: result.policy };
    },
  };
}
