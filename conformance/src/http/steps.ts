/**
 * The steps black-box checks are made of: the good answer, each document or online fault in a
 * fresh transaction, and how an observation reads as evidence. Evidence names elements, codes
 * and HTTP statuses, never a value.
 *
 * @module
 */

import { faultDescriptor, onlineFaultDescriptor, type FaultId, type OnlineFaultId } from '@uketori/test-sender';
import type { Evidence } from '../drive.js';
import type { CheckOutcome } from '../checks/check.js';
import type { HttpObservation, HttpSession, HttpWallet, WalletPost } from './wallet.js';

/** The check of one criterion over HTTP. */
export interface HttpCriterionCheck {
  /** The criterion id it evidences. */
  readonly id: string;
  run(wallet: HttpWallet): Promise<CheckOutcome>;
}

/** How an observation reads in a report. */
export function describeHttp(o: HttpObservation): string {
  switch (o.kind) {
    case 'accepted':
      return o.via === 'result'
        ? `accepted (result URL; handed on: ${o.elements === undefined ? 'not shown' : o.elements.join(', ') || 'nothing'})`
        : `accepted (response_uri answered ${o.status}; no decision at a result URL)`;
    case 'rejected':
      return `rejected${o.code === undefined ? '' : ` with ${o.code}`} (${o.via === 'result' ? `result URL; response_uri answered ${o.status}` : `response_uri answered ${o.status}`})`;
    case 'crashed':
      return o.duringUpload === true ? o.error : `crashed: ${o.error}`;
    case 'timeout':
      return `no answer within ${o.ms} ms`;
  }
}

/** Evidence for an answer a conforming program accepts. */
export function expectAccepted(step: string, sent: string, o: HttpObservation): Evidence {
  return { step, sent, expected: 'accepted', observed: describeHttp(o), ...(o.kind === 'rejected' && o.code !== undefined ? { observedCode: o.code } : {}), passed: o.kind === 'accepted' };
}

/** Evidence for an answer a conforming program rejects (4xx, or a refusal at the result URL); a 5xx or a hang is not a rejection. */
export function expectRejected(step: string, sent: string, o: HttpObservation, expectedCode?: string | null): Evidence {
  return {
    step,
    sent,
    expected: 'rejected (4xx at response_uri or a refusal at the result URL)',
    observed: describeHttp(o),
    ...(expectedCode == null ? {} : { expectedCode }),
    ...(o.kind === 'rejected' && o.code !== undefined ? { observedCode: o.code } : {}),
    passed: o.kind === 'rejected',
  };
}

/** Evidence that needs no answer (an inspection). */
export function inspection(step: string, sent: string, expected: string, observed: string, passed: boolean): Evidence {
  return { step, sent, expected, observed, passed };
}

/** The baseline: a fresh transaction answered well. */
export async function goodAnswer(wallet: HttpWallet): Promise<{ evidence: Evidence; observation: HttpObservation; session: HttpSession; post: WalletPost }> {
  const session = await wallet.session();
  const post = await wallet.answer(session);
  const observation = await wallet.submit(session, post);
  return { evidence: expectAccepted('good-answer', 'a valid direct_post.jwt answer with exactly the requested elements', observation), observation, session, post };
}

/** Each document fault (`FAULT_CATALOGUE`) in a fresh transaction: the program must reject every one. */
export async function documentFaults(wallet: HttpWallet, faults: readonly FaultId[]): Promise<Evidence[]> {
  const out: Evidence[] = [];
  for (const fault of faults) {
    const session = await wallet.session();
    const post = await wallet.answer(session, { faults: [fault] });
    const descriptor = faultDescriptor(fault);
    out.push(expectRejected(`fault:${fault}`, `an answer with document fault "${fault}": ${descriptor?.description ?? ''}`, await wallet.submit(session, post), descriptor?.expectedCode));
  }
  return out;
}

/** Each online fault (`ONLINE_FAULT_CATALOGUE`) in a fresh transaction: the program must reject every one. */
export async function onlineFaults(wallet: HttpWallet, faults: readonly OnlineFaultId[]): Promise<Evidence[]> {
  const out: Evidence[] = [];
  for (const fault of faults) {
    const session = await wallet.session();
    const post = await wallet.answer(session, { onlineFaults: [fault] });
    const descriptor = onlineFaultDescriptor(fault);
    out.push(expectRejected(`online:${fault}`, `an answer with online fault "${fault}": ${descriptor?.description ?? ''}`, await wallet.submit(session, post), descriptor?.expected['oid4vp-redirect']));
  }
  return out;
}

/** `not-observed`: the criterion applies but its behaviour cannot be seen from outside; the reason is the only evidence. */
export function notObservable(step: string, reason: string): CheckOutcome {
  return { verdict: 'not-observed', summary: reason, evidence: [inspection(step, 'nothing', 'an observable behaviour', reason, false)] };
}
