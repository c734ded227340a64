/**
 * issuer-signature (over HTTP) — 受信プログラムは発行者 (J-LIS) の MSO への署名を検証する。
 * The receiving program verifies the issuer's signature over the MSO: every broken signature in a direct_post.jwt answer is refused.
 * Basis: 番号法 2条8項; ISO/IEC 18013-5 §9.1.2.4, §9.3.1 step 1; ISO/IEC 18013-7 Annex B.
 *
 * @module
 */

import { conclude } from '../../checks/check.js';
import { documentFaults, goodAnswer, type HttpCriterionCheck } from '../steps.js';

export const check: HttpCriterionCheck = {
  id: 'issuer-signature',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await documentFaults(wallet, ['tampered-mso', 'tampered-issuer-signature', 'wrong-ds']);
    return conclude([good.evidence, ...faults], 'accepted the good answer and refused every broken issuer signature');
  },
};
