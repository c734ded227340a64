/**
 * intent-to-retain — 受信プログラムは保存する要素にだけ intent_to_retain を true と表明する。
 * intent_to_retain is true exactly where the program keeps the element, and only where the purpose may.
 * Basis: ISO/IEC 18013-5 §8.3.2.1.2.1 (IntentToRetain); 個人情報保護法 21条1項.
 *
 * @module
 */

import { inspection, outcomeNames, readRequest, expectAccepted } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

export const check: CriterionCheck = {
  id: 'intent-to-retain',
  async run(wallet) {
    const read = await readRequest(wallet);
    if ('failed' in read) return conclude([read.failed], '');
    const purpose = wallet.world.purpose;
    const declared = read.request.docRequests.flatMap((d) => d.elements.filter((e) => e.intentToRetain).map((e) => ({ ...e, docType: d.docType })));
    const overDeclared = declared.filter(
      (e) => !purpose.documents.some((d) => d.docType === e.docType && d.elements.some((p) => p.namespace === e.namespace && p.identifier === e.identifier && p.retain !== undefined)),
    );
    const declaredNames = declared.map((e) => `${e.namespace}/${e.identifier}`);
    const request = inspection(
      'inspect-request',
      'the DeviceRequest of a new transaction',
      `intent_to_retain true only where purpose "${purpose.id}" may retain`,
      `declared retained: ${declaredNames.join(', ') || 'nothing'}${overDeclared.length === 0 ? '' : `; the purpose may not retain ${overDeclared.map((e) => `${e.namespace}/${e.identifier}`).join(', ')}`}`,
      overDeclared.length === 0,
    );
    // The same request answered: what it keeps must have been declared.
    const bytes = await wallet.answer(read.session);
    const observation = await wallet.submit(read.session, bytes);
    const base = expectAccepted('good-answer', `a valid DeviceResponse (${bytes.length} bytes) with exactly the requested elements`, observation);
    const kept = observation.kind === 'accepted' ? outcomeNames(observation.outcome.retained) : [];
    const undeclared = kept.filter((n) => !declaredNames.includes(n));
    const answer = {
      ...base,
      expected: 'accepted, keeping only elements declared intent_to_retain true',
      observed: `${base.observed}; keeps ${kept.join(', ') || 'nothing'}${undeclared.length === 0 ? '' : `; kept without declaring it: ${undeclared.join(', ')}`}`,
      passed: base.passed && undeclared.length === 0,
    };
    return conclude([request, answer], 'what the program keeps matches what it declared, within the purpose');
  },
};
