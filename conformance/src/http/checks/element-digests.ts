/**
 * element-digests (over HTTP) — 受信プログラムは開示された各要素のダイジェストを MSO と照合する。
 * Every disclosed element's digest over its bytes as received equals the MSO's value.
 * Basis: 番号法 2条8項; ISO/IEC 18013-5 §9.3.1 step 3, §9.1.2.5.
 *
 * @module
 */

import { conclude } from '../../checks/check.js';
import { documentFaults, goodAnswer, type HttpCriterionCheck } from '../steps.js';

export const check: HttpCriterionCheck = {
  id: 'element-digests',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await documentFaults(wallet, ['tampered-value', 'missing-digest', 'unsupported-digest-algorithm']);
    return conclude([good.evidence, ...faults], 'accepted the good answer and refused tampered, undigested and SHA-1 elements');
  },
};
