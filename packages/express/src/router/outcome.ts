/**
 * Finishing a transaction: run the flow's verification, then consume the transaction exactly once
 * with the outcome (accepted or refused) in one atomic store step, then the audit record and the
 * business's hook. A response that fails verification also ends the transaction (one answer per
 * nonce, fail closed); a store failure leaves it exactly as it was.
 *
 * @module
 */

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isUketoriError } from '@uketori/mdoc';
import { auditRecord, legalBasisAt, namesOf } from '@uketori/policy';
import { HttpError } from '../errors.js';
import type { FlowAdapter, FlowFinish, FlowSubmission } from '../flows/types.js';
import { toProblem } from '../http/problem.js';
import type { JsonObject, TransactionRecord } from '../store/types.js';
import type { RouterContext } from './options.js';

/** The outcome a finished transaction stores. */
export type StoredOutcome =
  | { readonly ok: true; readonly outcome: 'complete' | 'incomplete'; readonly result: JsonObject; readonly responseCodeHash?: string }
  | { readonly ok: false; readonly error: { readonly code: string; readonly status: number } };

/** What {@link finishTransaction} hands back to the route. */
export interface Finished {
  readonly record: TransactionRecord;
  readonly outcome: StoredOutcome;
  /** The refusal, when verification failed (the route answers it as a problem). */
  readonly failure: unknown;
  /** Same-device only: the `redirect_uri` for the wallet (it carries the response_code). */
  readonly redirectUri: string | undefined;
}

const hashCode = (code: string): string => createHash('sha256').update(`uketori-response-code:${code}`).digest('base64url');

/** True when `code` is the response code whose hash the outcome holds. */
export function responseCodeMatches(outcome: StoredOutcome, code: unknown): boolean {
  if (!outcome.ok || outcome.responseCodeHash === undefined) return true;
  if (typeof code !== 'string' || code.length > 128) return false;
  const a = Buffer.from(hashCode(code));
  const b = Buffer.from(outcome.responseCodeHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Verifies `submission` against the pending transaction `tx` and consumes it.
 *
 * @throws {StoreError} `ERR_TRANSACTION_CONSUMED` when another answer won, `ERR_STORE_UNAVAILABLE` (nothing changed).
 */
export async function finishTransaction(ctx: RouterContext, tx: TransactionRecord, flow: FlowAdapter, submission: FlowSubmission): Promise<Finished> {
  const purposeId = String(tx.data['purposeId']);
  const purpose = ctx.purposes.get(purposeId);
  let finish: FlowFinish | undefined;
  let failure: unknown;
  try {
    if (purpose === undefined) throw new HttpError('ERR_UNKNOWN_PURPOSE', 'the transaction names a purpose no longer configured');
    if (tx.secret === undefined) throw new HttpError('ERR_INTERNAL', 'the pending transaction has no state');
    finish = await flow.finish(tx.secret, submission, { purpose, trust: ctx.trust, now: ctx.now() });
  } catch (err) {
    failure = isUketoriError(err) ? err : new HttpError('ERR_INTERNAL', 'the flow failed unexpectedly', { cause: err });
  }

  let outcome: StoredOutcome;
  let responseCode: string | undefined;
  if (finish !== undefined) {
    if (tx.data['sameDevice'] === true) {
      // Fail closed: a same-device transaction must release its result only against a response_code.
      responseCode = finish.redirect?.responseCode ?? randomBytes(32).toString('base64url');
    }
    outcome = {
      ok: true,
      outcome: finish.policy.outcome,
      result: ctx.resultView(finish.policy),
      ...(responseCode === undefined ? {} : { responseCodeHash: hashCode(responseCode) }),
    };
  } else {
    const problem = toProblem(failure);
    outcome = { ok: false, error: { code: problem.code, status: problem.status } };
  }

  const record = await ctx.store.consume(tx.id, outcome as unknown as JsonObject, { ttlMs: ctx.resultTtlMs });
  const base = { transactionId: tx.id, flow: flow.id, purposeId };
  if (finish !== undefined) {
    ctx.log({ event: 'response.accepted', ...base, outcome: finish.policy.outcome });
    await afterAccept(ctx, finish, tx.id, flow.id);
  } else {
    const problem = toProblem(failure);
    ctx.log({ event: 'response.refused', ...base, code: problem.code, status: problem.status });
    await auditRejection(ctx, tx.id, flow.id, purposeId, problem.code);
  }
  return { record, outcome, failure, redirectUri: finish?.redirect?.uri };
}

/**
 * A refused answer is a decision too: its audit record names the purpose, the docTypes and elements
 * asked, and the refusal's code — never anything the answer held.
 */
async function auditRejection(ctx: RouterContext, id: string, flow: string, purposeId: string, code: string): Promise<void> {
  if (ctx.audit === undefined) return;
  try {
    const purpose = ctx.purposes.get(purposeId);
    const now = ctx.now();
    const documents = (purpose?.documents ?? []).map((doc) => ({ docType: doc.docType, requested: namesOf(doc.elements) }));
    await ctx.audit.write(auditRecord({ time: now, transactionId: id, purposeId, legalBasis: purpose === undefined ? [] : legalBasisAt(purpose, now) }, 'response', 'rejected', documents, { code }));
  } catch {
    ctx.log({ event: 'hook.failed', transactionId: id, flow, code: 'ERR_AUDIT' });
  }
}

async function afterAccept(ctx: RouterContext, finish: FlowFinish, id: string, flow: string): Promise<void> {
  // The transaction is already consumed and its outcome stored: a failing sink or hook is logged, not undone.
  try {
    await ctx.audit?.write(finish.policy.audit);
  } catch {
    ctx.log({ event: 'hook.failed', transactionId: id, flow, code: 'ERR_AUDIT' });
  }
  try {
    await ctx.onResult?.(finish.policy, { id, flow });
  } catch {
    ctx.log({ event: 'hook.failed', transactionId: id, flow, code: 'ERR_ON_RESULT' });
  }
}

/** The public view of a transaction for its browser: status, and the outcome once done. */
export function publicView(tx: TransactionRecord): JsonObject {
  if (tx.status === 'pending' || tx.outcome === undefined) {
    return { id: tx.id, status: 'pending', requestFetched: tx.data['requestFetched'] === true, expiresAt: new Date(tx.expiresAt).toISOString() };
  }
  const outcome = tx.outcome as unknown as StoredOutcome;
  if (outcome.ok) return { id: tx.id, status: 'done', ok: true, outcome: outcome.outcome, result: outcome.result };
  return { id: tx.id, status: 'done', ok: false, error: outcome.error };
}
