/**
 * drop-unrequested (over HTTP) — 受信プログラムは要求していない要素を業務に渡さず、保存しない。
 * An element the program did not ask for is neither handed on nor kept. Observable at the result
 * URL; without one the criterion is not observed in a black-box run.
 * Basis: ISO/IEC 18013-5 §8.3.2.1.2.2; 個人情報保護法 20条1項.
 *
 * @module
 */

import { names } from '../../drive.js';
import { conclude } from '../../checks/check.js';
import { describeHttp, goodAnswer, notObservable, type HttpCriterionCheck } from '../steps.js';

export const check: HttpCriterionCheck = {
  id: 'drop-unrequested',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    if (good.session.resultUrl === undefined) {
      return notObservable('fault:extra-unrequested-elements', 'what the program hands on is not observable over HTTP: the start answer gives no result URL');
    }
    const session = await wallet.session();
    const requested = new Set(session.credentials.flatMap((q) => names(q.elements)));
    const o = await wallet.submit(session, await wallet.answer(session, { faults: ['extra-unrequested-elements'] }));
    const leaked = o.kind === 'accepted' ? [...new Set([...(o.elements ?? []), ...(o.retained ?? [])])].filter((n) => !requested.has(n)) : [];
    const extra = {
      step: 'fault:extra-unrequested-elements',
      sent: 'a validly signed answer disclosing one element more than was requested',
      expected: 'accepted with only the requested elements handed on (or rejected)',
      observed: `${describeHttp(o)}${leaked.length === 0 ? '' : `; unrequested elements handed on or kept: ${leaked.join(', ')}`}`,
      ...(o.kind === 'rejected' && o.code !== undefined ? { observedCode: o.code } : {}),
      passed: (o.kind === 'accepted' && o.elements !== undefined && leaked.length === 0) || o.kind === 'rejected',
    };
    return conclude([good.evidence, extra], 'an unrequested element was not handed on');
  },
};
