/**
 * The flow adapter: how the router drives one online flow without knowing its protocol. An
 * adapter turns a purpose into what the page or wallet needs plus a secret state (plain JSON, kept
 * in the TransactionStore), serves the signed request object when the flow has a `request_uri`,
 * and turns the state plus the holder's answer into a verified, policy-gated result. The adapters
 * in this folder wrap the pure functions of `@uketori/reader`.
 *
 * @module
 */

import type { TrustStore } from '@uketori/mdoc';
import type { PolicyResult, Purpose } from '@uketori/policy';
import type { JsonObject } from '../store/types.js';

/** Who sends the holder's answer to the server. */
export type FlowChannel =
  /** The page receives it from `navigator.credentials.get` and posts it to the router (DC API). */
  | 'dc-api'
  /** The wallet posts it to `response_uri` (OpenID4VP `direct_post` / `direct_post.jwt`). */
  | 'wallet'
  /** A native app that created the transaction posts what the OS gave it (Apple Verify with Wallet in apps). */
  | 'app';

/** What {@link FlowAdapter.start} gets. */
export interface FlowStartInput {
  /** The transaction id (URL-safe, 192 random bits). */
  readonly transactionId: string;
  readonly purpose: Purpose;
  readonly now: Date;
  /** How long the transaction accepts an answer. */
  readonly ttlSeconds: number;
  /** The page's serialized origin (DC API flows; checked against `allowedOrigins`). */
  readonly origin: string | undefined;
  /** The transaction's wallet endpoints. */
  readonly requestUri: string;
  readonly responseUri: string;
  /** Same-device OpenID4VP: where the wallet sends the browser back (the flow adds the `response_code`). */
  readonly redirectUri: string | undefined;
}

/** What {@link FlowAdapter.start} returns. */
export interface FlowStart {
  /** For the page or app: the DC API request, the wallet link / QR text, or the in-app nonce and elements. Public. */
  readonly client: JsonObject;
  /** The secret state (keys, nonce). Stored encrypted where the store supports it; never sent. */
  readonly state: JsonObject;
}

/** The holder's answer, as the router received it. */
export type FlowSubmission =
  /** A DC API credential the page posted: `DigitalCredential.protocol` and `.data`, and the page's origin. */
  | { readonly kind: 'dc-api'; readonly protocol: string; readonly data: unknown; readonly origin: string }
  /** A form the wallet posted to `response_uri` (`response=<JWE>`, or `vp_token` + `state`, or `error`). */
  | { readonly kind: 'direct_post'; readonly form: Readonly<Record<string, string>> }
  /** What a native app posted: `PKIdentityDocument.encryptedData`, decoded from base64. */
  | { readonly kind: 'app'; readonly encryptedData: Uint8Array };

/** What {@link FlowAdapter.finish} gets besides the state and the answer. */
export interface FlowFinishInput {
  readonly purpose: Purpose;
  readonly trust: TrustStore;
  readonly now: Date;
}

/** A verified, policy-gated result. */
export interface FlowFinish {
  /** Only what the purpose allows (values, findings, audit record). */
  readonly policy: PolicyResult;
  /** Same-device: the `redirect_uri` to hand the wallet, and the one-time `response_code` it carries. */
  readonly redirect?: { readonly uri: string; readonly responseCode: string };
}

/** Options of a `request_uri` fetch. */
export interface RequestObjectInput {
  /** `wallet_nonce` of a `request_uri_method=post` fetch (OpenID4VP 1.0 §5.10); echoed in the object. */
  readonly walletNonce?: string;
  /** `wallet_metadata` of a POST fetch, as sent (JSON text). */
  readonly walletMetadata?: string;
  readonly now: Date;
}

/**
 * One online flow, as the router sees it.
 *
 * @example
 * ```ts
 * const router = createUketoriRouter({ flows: [annexCFlow({ readerAuth }), oid4vpFlow({ signer, clientIdPrefix: 'x509_hash' })], … });
 * ```
 */
export interface FlowAdapter {
  /** The name a create request uses (`dc-api-annex-c`, `oid4vp`, …). */
  readonly id: string;
  readonly channel: FlowChannel;
  /** Builds the request. @throws {UketoriError} when the purpose or configuration cannot serve it. */
  start(input: FlowStartInput): Promise<FlowStart>;
  /** The signed request object for `request_uri` (flows that have one). */
  requestObject?(state: JsonObject, input: RequestObjectInput): Promise<string>;
  /** Verifies the answer. @throws {UketoriError} with the failed check's code. */
  finish(state: JsonObject, submission: FlowSubmission, input: FlowFinishInput): Promise<FlowFinish>;
}
