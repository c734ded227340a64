/**
 * The transaction state of an online flow: everything the verifier must remember between the
 * request and the response, as plain JSON (strings, numbers, arrays, objects) so that a
 * transaction store (memory, Redis) can keep it. It holds secrets — the ephemeral decryption
 * key, nonce, `state`, `response_code` — and must be stored server-side only.
 *
 * @module
 */

import { randomUUID } from 'node:crypto';
import { UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import { planRequest, planRequests, type ElementSelection, type Purpose, type RequestPlan } from '@uketori/policy';
import { OnlineError } from './errors.js';

/** The online flows. */
export type OnlineFlow =
  /** ISO/IEC 18013-7 Annex C: `org-iso-mdoc` over the W3C Digital Credentials API, HPKE. */
  | 'dc-api-annex-c'
  /** ISO/IEC 18013-7 Annex D: OpenID4VP 1.0 over the DC API (`openid4vp-v1-unsigned` / `-signed`). */
  | 'dc-api-annex-d'
  /** OpenID4VP 1.0 over redirects (cross-device QR, same-device link), JAR by `request_uri`. */
  | 'oid4vp-redirect'
  /** Apple Verify with Wallet in apps (PassKit), HPKE envelope verified on the server. */
  | 'apple-in-app';

/** A P-256 private key as a JWK (RFC 7517), kept in the transaction state. */
export interface PrivateEcJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly d: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
}

/** Fields every flow's state has. */
export interface OnlineStateBase {
  /** Format version of this state object. */
  readonly v: 1;
  readonly flow: OnlineFlow;
  /** The transaction id, also the audit record's (1–128 of `A-Za-z0-9._:-`). */
  readonly transactionId: string;
  /** The purpose the request was made for; the response must be gated by the same one. */
  readonly purposeId: string;
  /** The request plans (one per docType asked for), for the response gate. */
  readonly plans: readonly RequestPlan[];
  /** The nonce of the request (base64url, 256 bits). */
  readonly nonce: string;
  /** ISO 8601 creation time. */
  readonly createdAt: string;
  /** ISO 8601 time after which a response is refused (`ERR_ONLINE_EXPIRED`). */
  readonly expiresAt: string;
}

/** Options every request builder takes. */
export interface OnlineRequestOptions {
  /** The purpose: what may be asked and what must come back. Required. */
  readonly purpose: Purpose;
  /** The docType to ask for; default every docType the purpose accepts (one only for DeviceRequest flows). */
  readonly docType?: string;
  /** Elements besides the purpose's defaults (see `planRequest`); needs `docType` when the purpose accepts several. */
  readonly elements?: readonly ElementSelection[] | 'all';
  /** The time of the request. Default: now. */
  readonly now?: Date;
  /** How long the transaction accepts a response, in seconds. Default 300. */
  readonly ttlSeconds?: number;
  /** The transaction id; default a random UUID. */
  readonly transactionId?: string;
}

const TRANSACTION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Common fields of a new state. */
export function newStateBase(flow: OnlineFlow, options: OnlineRequestOptions, plans: readonly RequestPlan[], nonce: string): OnlineStateBase {
  const now = options.now ?? new Date();
  const ttl = options.ttlSeconds ?? 300;
  if (!Number.isFinite(ttl) || ttl <= 0 || ttl > 86_400) throw new UketoriRangeError('"ttlSeconds" must be between 1 and 86400');
  const transactionId = options.transactionId ?? randomUUID();
  if (typeof transactionId !== 'string' || !TRANSACTION_ID.test(transactionId)) throw new UketoriTypeError('"transactionId" must be 1-128 of A-Za-z0-9._:-');
  return {
    v: 1,
    flow,
    transactionId,
    purposeId: options.purpose.id,
    plans,
    nonce,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttl * 1000).toISOString(),
  };
}

/** The plans of a request: one for `docType` (or with `elements`), else one per accepted docType. */
export function plansFor(options: OnlineRequestOptions, single = false): RequestPlan[] {
  if (options === null || typeof options !== 'object') throw new UketoriTypeError('"options" must be an object');
  const now = options.now ?? new Date();
  if (options.docType !== undefined || options.elements !== undefined || single) {
    return [
      planRequest(options.purpose, {
        now,
        ...(options.docType === undefined ? {} : { docType: options.docType }),
        ...(options.elements === undefined ? {} : { elements: options.elements }),
      }),
    ];
  }
  return planRequests(options.purpose, { now });
}

/**
 * Checks a stored state before a response is processed: its shape, flow, purpose and expiry.
 *
 * @throws {OnlineError} `ERR_ONLINE_TRANSACTION`, `ERR_ONLINE_EXPIRED`.
 */
export function checkState<S extends OnlineStateBase>(state: unknown, flow: OnlineFlow, purpose: Purpose, now: Date): S {
  const s = state as Partial<OnlineStateBase> | null;
  if (s === null || typeof s !== 'object' || s.v !== 1 || s.flow !== flow) throw new OnlineError('ERR_ONLINE_TRANSACTION', `the transaction state is not a version 1 "${flow}" state`);
  if (typeof s.nonce !== 'string' || !Array.isArray(s.plans) || s.plans.length === 0 || typeof s.transactionId !== 'string') {
    throw new OnlineError('ERR_ONLINE_TRANSACTION', 'the transaction state is incomplete');
  }
  if (purpose === null || typeof purpose !== 'object' || purpose.id !== s.purposeId) throw new OnlineError('ERR_ONLINE_TRANSACTION', 'the transaction was made for another purpose');
  const expires = Date.parse(String(s.expiresAt));
  if (!Number.isFinite(expires)) throw new OnlineError('ERR_ONLINE_TRANSACTION', 'the transaction state has no valid expiresAt');
  if (now.getTime() > expires) throw new OnlineError('ERR_ONLINE_EXPIRED', 'the transaction expired before the response arrived');
  return state as S;
}

/** Throws `ERR_ONLINE_TRANSACTION` unless `value` is a string. */
export function stateText(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new OnlineError('ERR_ONLINE_TRANSACTION', `the transaction state has no ${name}`);
  return value;
}
