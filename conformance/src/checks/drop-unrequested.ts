/**
 * drop-unrequested — 受信プログラムは要求していない要素を業務に渡さず、保存しない。
 * An element the program did not ask for is neither handed on nor kept.
 * Basis: ISO/IEC 18013-5 §8.3.2.1.2.2; 個人情報保護法 20条1項.
 *
 * @module
 */

import { describeObservation, goodAnswer, inspectRequest, names, outcomeNames } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

export const check: CriterionCheck = {
  id: 'drop-unrequested',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const session = await wallet.session();
    const requested = new Set(inspectRequest(session.request.deviceRequest).docRequests.flatMap((d) => names(d.elements)));
    const bytes = await wallet.answer(session, { faults: ['extra-unrequested-elements'] });
    const o = await wallet.submit(session, bytes);
    const leaked = o.kind === 'accepted' ? [...new Set([...outcomeNames(o.outcome.elements), ...outcomeNames(o.outcome.retained)])].filter((n) => !requested.has(n)) : [];
    const extra = {
      step: 'fault:extra-unrequested-elements',
      sent: 'a validly signed answer disclosing one element more than was requested',
      expected: 'accepted with only the requested elements handed on (or rejected)',
      observed: `${describeObservation(o)}${leaked.length === 0 ? '' : `; unrequested elements handed on or kept: ${leaked.join(', ')}`}`,
      ...(o.kind === 'rejected' ? { observedCode: o.code } : {}),
      passed: (o.kind === 'accepted' && leaked.length === 0) || o.kind === 'rejected',
    };
    return conclude([good.evidence, extra], 'an unrequested element was not handed on');
  },
};
