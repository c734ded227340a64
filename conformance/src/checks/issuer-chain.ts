/**
 * issuer-chain — 受信プログラムは文書署名者証明書が信頼する IACA (J-LIS) に連鎖し、有効で、
 * プロファイルを満たすことを確認する。
 * The Document Signer certificate chains to a trusted IACA, is valid now and has the DS profile.
 * Basis: 番号法 2条8項; ISO/IEC 18013-5 §9.3.3, Annex B.1.
 *
 * @module
 */

import { faultEvidence, goodAnswer } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

export const check: CriterionCheck = {
  id: 'issuer-chain',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await faultEvidence(wallet, ['untrusted-iaca', 'expired-ds', 'wrong-ds-profile']);
    return conclude([good.evidence, ...faults], 'accepted the good answer and rejected untrusted, expired and mis-profiled document signers');
  },
};
