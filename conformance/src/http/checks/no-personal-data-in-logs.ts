/**
 * no-personal-data-in-logs (over HTTP) — 受信プログラムはログ、監査記録、エラー応答に個人情報の値を書かない。
 * No personal value in the error answers the program sends, nor — when it offers the evidence
 * endpoint — in its logs and audit records. Without the endpoint, logs are not observable from
 * outside: clean error answers then leave the criterion not observed, a value in one fails it.
 * Basis: 個人情報保護法 23条 (安全管理措置); the 対面確認アプリ practice (notes/japan.md §1.5).
 *
 * @module
 */

import type { FaultSpec } from '@uketori/test-sender';
import { names } from '../../drive.js';
import { conclude } from '../../checks/check.js';
import { describeHttp, goodAnswer, inspection, type HttpCriterionCheck } from '../steps.js';
import type { HttpSession, HttpWallet } from '../wallet.js';

/** Each text, and its JSON-escaped form (`\uXXXX` for non-ASCII), as a logger might write it. */
function forms(text: string): string[] {
  const escaped = text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped === text ? [text] : [text, escaped];
}

/** A personal element the request did not ask for, so that the drop path sees a value worth leaking. */
function personalExtra(wallet: HttpWallet, session: HttpSession): FaultSpec | undefined {
  const query = session.credentials[0];
  const credential = wallet.world.credentials.find((c) => c.docType === query?.docType);
  if (query === undefined || credential === undefined) return undefined;
  const asked = new Set(names(query.elements));
  const personal = new Set(wallet.world.personalValues.map((v) => v.element));
  for (const [namespace, values] of Object.entries(credential.elements)) {
    for (const identifier of Object.keys(values)) {
      const name = `${namespace}/${identifier}`;
      if (personal.has(name) && !asked.has(name)) return { id: 'extra-unrequested-elements', docType: query.docType, element: { namespace, identifier } };
    }
  }
  return undefined;
}

export const check: HttpCriterionCheck = {
  id: 'no-personal-data-in-logs',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const exercised = [];
    for (const fault of ['tampered-value', 'extra-unrequested-elements'] as const) {
      const session = await wallet.session();
      const spec = fault === 'extra-unrequested-elements' ? personalExtra(wallet, session) : undefined;
      const o = await wallet.submit(session, await wallet.answer(session, { faults: [spec ?? fault] }));
      // These steps only exercise the error and drop paths; their verdicts belong to other criteria.
      exercised.push(inspection(`fault:${fault}`, `an answer with document fault "${fault}"`, 'any outcome (exercises the error or drop path)', describeHttp(o), true));
    }
    const evidence = await wallet.evidence();
    const logs = evidence?.logs ?? [];
    const haystacks = [...wallet.errorTexts, ...logs];
    const found = new Set(wallet.world.personalValues.filter((v) => forms(v.text).some((f) => haystacks.some((h) => h.includes(f)))).map((v) => v.element));
    const size = haystacks.reduce((n, h) => n + h.length, 0);
    const looked = `${wallet.errorTexts.length} error answers${evidence?.logs === undefined ? '' : ` and ${logs.length} log lines from the evidence endpoint`} (${size} characters)`;
    const inspect = inspection('inspect-logs', looked, 'no value of the holder’s personal elements', found.size === 0 ? 'none found' : `values found of ${[...found].join(', ')}`, found.size === 0);
    if (found.size === 0 && evidence?.logs === undefined) {
      return {
        verdict: 'not-observed',
        summary: 'error answers hold no personal value; the program\'s logs are not observable over HTTP (no evidence endpoint with logs)',
        evidence: [good.evidence, ...exercised, inspect],
      };
    }
    return conclude([good.evidence, ...exercised, inspect], 'logs and errors name elements, never their values');
  },
};
