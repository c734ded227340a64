/**
 * mso-validity — 受信プログラムは MSO の有効期間と署名時刻を確認する。
 * validFrom ≤ now ≤ validUntil, and the MSO was signed within the DS certificate's validity.
 * Basis: 番号法 18条の2 (有効期間); ISO/IEC 18013-5 §9.3.1 step 5.
 *
 * @module
 */

import { faultEvidence, goodAnswer } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

export const check: CriterionCheck = {
  id: 'mso-validity',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await faultEvidence(wallet, ['expired-mso', 'not-yet-valid-mso', 'mso-signed-outside-ds-validity']);
    return conclude([good.evidence, ...faults], 'accepted the good answer and rejected expired, not-yet-valid and mis-signed MSOs');
  },
};
