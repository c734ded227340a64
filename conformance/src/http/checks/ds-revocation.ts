/**
 * ds-revocation (over HTTP) — 受信プログラムは IACA の CRL を参照し、失効した文書署名者を受け付けない。
 * A Document Signer the IACA's CRL revokes is not accepted.
 * Basis: 番号法 18条の2 (失効); ISO/IEC 18013-5 §9.3.3, Annex B.1.5.
 *
 * @module
 */

import { conclude } from '../../checks/check.js';
import { documentFaults, goodAnswer, type HttpCriterionCheck } from '../steps.js';

export const check: HttpCriterionCheck = {
  id: 'ds-revocation',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await documentFaults(wallet, ['revoked-ds']);
    return conclude([good.evidence, ...faults], 'accepted the good answer and refused a revoked document signer');
  },
};
