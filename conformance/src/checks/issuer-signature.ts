/**
 * issuer-signature — 受信プログラムは発行者 (J-LIS) の MSO への署名を検証する。
 * The receiving program verifies the issuer's signature over the MSO.
 * Basis: 番号法 2条8項; ISO/IEC 18013-5 §9.1.2.4, §9.3.1 step 1.
 *
 * @module
 */

import { faultEvidence, goodAnswer } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

export const check: CriterionCheck = {
  id: 'issuer-signature',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await faultEvidence(wallet, ['tampered-mso', 'tampered-issuer-signature', 'wrong-ds']);
    return conclude([good.evidence, ...faults], 'accepted the good answer and rejected every broken issuer signature');
  },
};
