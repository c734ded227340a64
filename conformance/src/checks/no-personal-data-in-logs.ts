/**
 * no-personal-data-in-logs — 受信プログラムはログ、監査記録、エラーメッセージに個人情報の値を書かない。
 * No personal value in logs, audit records or error messages: element names only.
 * Basis: 個人情報保護法 23条 (安全管理措置); the 対面確認アプリ practice (notes/japan.md §1.5).
 *
 * @module
 */

import type { FaultSpec } from '@uketori/test-sender';
import { describeObservation, goodAnswer, inspection, inspectRequest, names, type Evidence, type InspectedRequest, type Observation, type Wallet } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

/** Each text, and its JSON-escaped form (`\uXXXX` for non-ASCII), as a logger might write it. */
function forms(text: string): string[] {
  const escaped = text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped === text ? [text] : [text, escaped];
}

/** The extra element to disclose: a personal one the request did not ask for, so that the drop path sees a value worth leaking. */
function personalExtra(wallet: Wallet, request: InspectedRequest): FaultSpec | undefined {
  const doc = request.docRequests[0];
  const credential = wallet.world.credentials.find((c) => c.docType === doc?.docType);
  if (doc === undefined || credential === undefined) return undefined;
  const asked = new Set(names(doc.elements));
  const personal = new Set(wallet.world.personalValues.map((v) => v.element));
  for (const [namespace, values] of Object.entries(credential.elements)) {
    for (const identifier of Object.keys(values)) {
      const name = `${namespace}/${identifier}`;
      if (personal.has(name) && !asked.has(name)) return { id: 'extra-unrequested-elements', docType: doc.docType, element: { namespace, identifier } };
    }
  }
  return undefined;
}

export const check: CriterionCheck = {
  id: 'no-personal-data-in-logs',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const observations: Observation[] = [good.observation];
    const exercised: Evidence[] = [];
    for (const fault of ['tampered-value', 'extra-unrequested-elements'] as const) {
      const session = await wallet.session();
      const spec = fault === 'extra-unrequested-elements' ? personalExtra(wallet, inspectRequest(session.request.deviceRequest)) : undefined;
      const o = await wallet.submit(session, await wallet.answer(session, { faults: [spec ?? fault] }));
      observations.push(o);
      // These steps only exercise the error and drop paths; their verdicts belong to other criteria.
      exercised.push(inspection(`fault:${fault}`, `DeviceResponse with test-sender fault "${fault}"`, 'any outcome (exercises the error or drop path)', describeObservation(o), true));
    }
    const rejectionMessages = observations.flatMap((o) => (o.kind === 'rejected' && typeof o.message === 'string' ? [o.message] : []));
    const logs = wallet.target.logs();
    const haystacks = [...(Array.isArray(logs) ? logs.map(String) : []), ...rejectionMessages];
    const found = new Set(wallet.world.personalValues.filter((v) => forms(v.text).some((f) => haystacks.some((h) => h.includes(f)))).map((v) => v.element));
    const size = haystacks.reduce((n, h) => n + h.length, 0);
    const inspect = inspection(
      'inspect-logs',
      `${haystacks.length} log lines and error messages (${size} characters)`,
      'no value of the holder’s personal elements',
      found.size === 0 ? 'none found' : `values found of ${[...found].join(', ')}`,
      found.size === 0,
    );
    return conclude([good.evidence, ...exercised, inspect], 'logs and errors name elements, never their values');
  },
};
