/**
 * issuer-chain (over HTTP) — 受信プログラムは文書署名者証明書が信頼する IACA (J-LIS) に連鎖し、有効で、プロファイルを満たすことを確認する。
 * The Document Signer chains to a trusted IACA, is valid now and has the DS profile.
 * Basis: 番号法 2条8項; ISO/IEC 18013-5 §9.3.3, Annex B.1.
 *
 * @module
 */

import { conclude } from '../../checks/check.js';
import { documentFaults, goodAnswer, type HttpCriterionCheck } from '../steps.js';

export const check: HttpCriterionCheck = {
  id: 'issuer-chain',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await documentFaults(wallet, ['untrusted-iaca', 'expired-ds', 'wrong-ds-profile']);
    return conclude([good.evidence, ...faults], 'accepted the good answer and refused untrusted, expired and mis-profiled document signers');
  },
};
