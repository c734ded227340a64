/**
 * intent-to-retain (over HTTP) — 受信プログラムは保存する要素にだけ intent_to_retain を true と表明する。
 * intent_to_retain in the DCQL query is true only where the purpose may retain, and what the
 * program keeps (its result) was declared.
 * Basis: ISO/IEC 18013-5 §8.3.2.1.2.1 (IntentToRetain); OpenID4VP 1.0 Appendix B.2.3; 個人情報保護法 21条1項.
 *
 * @module
 */

import { conclude } from '../../checks/check.js';
import { expectAccepted, inspection, type HttpCriterionCheck } from '../steps.js';

export const check: HttpCriterionCheck = {
  id: 'intent-to-retain',
  async run(wallet) {
    const session = await wallet.session();
    const purpose = wallet.world.purpose;
    const declared = session.credentials.flatMap((q) => q.elements.filter((e) => e.intentToRetain).map((e) => ({ ...e, docType: q.docType })));
    const overDeclared = declared.filter(
      (e) => !purpose.documents.some((d) => d.docType === e.docType && d.elements.some((p) => p.namespace === e.namespace && p.identifier === e.identifier && p.retain !== undefined)),
    );
    const declaredNames = declared.map((e) => `${e.namespace}/${e.identifier}`);
    const request = inspection(
      'inspect-dcql',
      'the DCQL query of a new transaction',
      `intent_to_retain true only where purpose "${purpose.id}" may retain`,
      `declared retained: ${declaredNames.join(', ') || 'nothing'}${overDeclared.length === 0 ? '' : `; the purpose may not retain ${overDeclared.map((e) => `${e.namespace}/${e.identifier}`).join(', ')}`}`,
      session.dcqlProblem === undefined && overDeclared.length === 0,
    );
    // The same request answered: what the program keeps must have been declared.
    const o = await wallet.submit(session, await wallet.answer(session));
    const base = expectAccepted('good-answer', 'a valid direct_post.jwt answer with exactly the requested elements', o);
    const kept = o.kind === 'accepted' ? o.retained : undefined;
    const undeclared = (kept ?? []).filter((n) => !declaredNames.includes(n));
    const answer = {
      ...base,
      expected: 'accepted, keeping only elements declared intent_to_retain true',
      observed: `${base.observed}; ${kept === undefined ? 'what is kept is not observable (no result URL)' : `keeps ${kept.join(', ') || 'nothing'}`}${undeclared.length === 0 ? '' : `; kept without declaring it: ${undeclared.join(', ')}`}`,
      passed: base.passed && undeclared.length === 0,
    };
    return conclude([request, answer], 'what the program keeps matches what it declared, within the purpose');
  },
};
