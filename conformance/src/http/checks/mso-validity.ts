/**
 * mso-validity (over HTTP) — 受信プログラムは MSO の有効期間と署名時刻を確認する。
 * validFrom ≤ now ≤ validUntil, and the MSO was signed within the DS certificate's validity.
 * Basis: 番号法 18条の2 (有効期間); ISO/IEC 18013-5 §9.3.1 step 5.
 *
 * @module
 */

import { conclude } from '../../checks/check.js';
import { documentFaults, goodAnswer, type HttpCriterionCheck } from '../steps.js';

export const check: HttpCriterionCheck = {
  id: 'mso-validity',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await documentFaults(wallet, ['expired-mso', 'not-yet-valid-mso', 'mso-signed-outside-ds-validity']);
    return conclude([good.evidence, ...faults], 'accepted the good answer and refused expired, not-yet-valid and mis-signed MSOs');
  },
};
