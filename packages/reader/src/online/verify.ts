/**
 * How every online flow ends: rebuild the exact SessionTranscript, verify each DeviceResponse with
 * `verifyDeviceResponse` (`@uketori/mdoc`), gate the result with `gateResponse`
 * (`@uketori/policy`), and hand back one result shape for all flows.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import { UketoriError, verifyDeviceResponse, type CheckResult, type OnCheck, type TrustStore, type VerifiedDeviceResponse } from '@uketori/mdoc';
import { dcqlCredentialId, gateResponse, type PolicyResult, type Purpose, type RequestPlan } from '@uketori/policy';
import type { SessionTranscript } from '../transcript.js';
import { checkSize, decodeBase64url, type OnlineLimits } from './encoding.js';
import { OnlineError } from './errors.js';
import type { OnlineFlow, OnlineStateBase } from './state.js';
import { buildOnlineSessionTranscript, type OnlineHandover } from './transcript.js';

/** Options every `finish…` function takes. */
export interface FinishOptions {
  /** The purpose the transaction was created for (its id must match the state's). Required. */
  readonly purpose: Purpose;
  /** Trusted IACAs. Required. */
  readonly trust: TrustStore;
  /** Verification time (MSO validity, certificates, transaction expiry). Default: now. */
  readonly now?: Date;
  /** Clock skew tolerance in seconds; default that of `verifyDeviceResponse` (30). */
  readonly clockSkewSeconds?: number;
  /** Sees every mdoc check result (of the attempt that decided the outcome). */
  readonly onCheck?: OnCheck;
  /** Size limits for what the holder's side sent. */
  readonly limits?: OnlineLimits;
}

/**
 * The outcome of an online flow: the same `verified` + `policy` pair as `ReaderSession` and
 * `verifyAppleRawData`, with the flow and the transcript that verified.
 */
export interface OnlineResult {
  readonly flow: OnlineFlow;
  /** The transaction id (also the audit record's). */
  readonly transactionId: string;
  /** Every document, fully verified by `@uketori/mdoc` (presentations of a vp_token merged). */
  readonly verified: VerifiedDeviceResponse;
  /** Only what the purpose allows, with findings and the audit record. */
  readonly policy: PolicyResult;
  /** The SessionTranscript the device authentication verified over. */
  readonly sessionTranscript: SessionTranscript;
  /** Which handover it was (`openid4vp-dc-api-draft-24` only under the compatibility option). */
  readonly handover: OnlineHandover['type'];
}

/** One DeviceResponse to verify, with the DCQL credential it answers (OpenID4VP). */
export interface Presentation {
  readonly bytes: Uint8Array;
  /** The docType the DCQL credential query asked for; every document must be of it. */
  readonly docType?: string;
}

/**
 * Reads a `vp_token` (OpenID4VP 1.0 §8.1, B.2.5): a JSON object keyed by DCQL credential query id,
 * each value an array with one base64url DeviceResponse. Unknown ids, a wrong count, or no
 * credential at all are refused.
 *
 * @throws {OnlineError} `ERR_ONLINE_VP_TOKEN`, `ERR_ONLINE_ENCODING`, `ERR_ONLINE_STRUCTURE`.
 */
export function presentationsOf(vpToken: unknown, plans: readonly RequestPlan[], limits?: OnlineLimits): Presentation[] {
  let token = vpToken;
  if (typeof vpToken === 'string') {
    // direct_post sends vp_token as a form field holding JSON text (§8.2)
    checkSize(vpToken, 'vp_token', limits);
    try {
      token = JSON.parse(vpToken);
    } catch (cause) {
      throw new OnlineError('ERR_ONLINE_ENCODING', 'vp_token is not JSON', { cause });
    }
  }
  if (token === null || typeof token !== 'object' || Array.isArray(token)) throw new OnlineError('ERR_ONLINE_VP_TOKEN', 'vp_token is not an object keyed by credential query id');
  const ids = new Map(plans.map((p) => [dcqlCredentialId(p.docType), p.docType]));
  const out: Presentation[] = [];
  for (const [id, value] of Object.entries(token)) {
    const docType = ids.get(id);
    if (docType === undefined) throw new OnlineError('ERR_ONLINE_VP_TOKEN', 'vp_token holds a credential id the DCQL query did not define');
    // §6.1: `multiple` is not requested, so exactly one presentation per credential query.
    if (!Array.isArray(value) || value.length !== 1) throw new OnlineError('ERR_ONLINE_VP_TOKEN', `vp_token entry "${id}" is not an array of one presentation`);
    out.push({ bytes: decodeBase64url(value[0], `vp_token entry "${id}"`, limits), docType });
  }
  // §6.2 credential_sets: the single credential, or any one of the alternatives, is required.
  if (out.length === 0) throw new OnlineError('ERR_ONLINE_VP_TOKEN', 'vp_token holds none of the requested credentials');
  return out;
}

function merge(list: readonly VerifiedDeviceResponse[]): VerifiedDeviceResponse {
  if (list.length === 1) return list[0]!;
  return {
    version: list[0]!.version,
    status: 0,
    documents: list.flatMap((r) => r.documents),
    documentErrors: list.flatMap((r) => r.documentErrors),
    checks: list.flatMap((r) => r.checks),
  };
}

/** Inputs of {@link verifyPresentations}. */
export interface VerifyPresentationsInput {
  readonly flow: OnlineFlow;
  readonly state: OnlineStateBase;
  readonly options: FinishOptions;
  readonly presentations: readonly Presentation[];
  /** Candidate handovers in order of preference; a later one is tried only when an earlier fails device authentication. */
  readonly handovers: readonly OnlineHandover[];
  /** The reader's private key for a DeviceMac (Annex C: the HPKE recipient key). */
  readonly readerKey?: KeyObject;
}

async function verifyAll(input: VerifyPresentationsInput, transcript: Uint8Array, seen: CheckResult[]): Promise<VerifiedDeviceResponse[]> {
  const o = input.options;
  const out: VerifiedDeviceResponse[] = [];
  for (const p of input.presentations) {
    const verified = await verifyDeviceResponse(p.bytes, {
      trust: o.trust,
      sessionTranscript: transcript,
      onCheck: (r) => seen.push(r),
      ...(input.readerKey === undefined ? {} : { readerKey: input.readerKey }),
      ...(o.now === undefined ? {} : { now: o.now }),
      ...(o.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: o.clockSkewSeconds }),
      ...(o.limits?.cbor === undefined ? {} : { limits: o.limits.cbor }),
    });
    if (p.docType !== undefined && verified.documents.some((d) => d.docType !== p.docType)) {
      throw new OnlineError('ERR_ONLINE_VP_TOKEN', 'a presentation holds a document of another docType than its credential query');
    }
    out.push(verified);
  }
  return out;
}

/**
 * Verifies the presentations over the flow's SessionTranscript, then gates them by purpose.
 *
 * @throws {UketoriError} every code of `verifyDeviceResponse` and `gateResponse`; {@link OnlineError} `ERR_ONLINE_VP_TOKEN`.
 */
export async function verifyPresentations(input: VerifyPresentationsInput): Promise<OnlineResult> {
  let lastError: unknown;
  for (const [i, handover] of input.handovers.entries()) {
    const st = buildOnlineSessionTranscript(handover);
    const seen: CheckResult[] = [];
    let verified: VerifiedDeviceResponse[];
    try {
      verified = await verifyAll(input, st.transcript, seen);
    } catch (err) {
      const retry = i + 1 < input.handovers.length && err instanceof UketoriError && err.code === 'ERR_DEVICE_AUTH';
      if (!retry) {
        for (const r of seen) input.options.onCheck?.(r);
        throw err;
      }
      lastError = err;
      continue;
    }
    for (const r of seen) input.options.onCheck?.(r);
    const o = input.options;
    const all = merge(verified);
    const policy = gateResponse(o.purpose, input.state.plans, all, {
      transactionId: input.state.transactionId,
      ...(o.now === undefined ? {} : { now: o.now }),
    });
    return { flow: input.flow, transactionId: input.state.transactionId, verified: all, policy, sessionTranscript: st, handover: handover.type };
  }
  throw lastError;
}
