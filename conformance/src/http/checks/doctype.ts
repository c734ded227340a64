/**
 * doctype (over HTTP) — 受信プログラムは MSO の docType が文書と一致することを確認する。
 * The MSO docType equals the document's.
 * Basis: ISO/IEC 18013-5 §9.3.1 step 4; 番号法 2条8項.
 *
 * @module
 */

import { conclude } from '../../checks/check.js';
import { documentFaults, goodAnswer, type HttpCriterionCheck } from '../steps.js';

export const check: HttpCriterionCheck = {
  id: 'doctype',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await documentFaults(wallet, ['wrong-doctype']);
    return conclude([good.evidence, ...faults], 'a document whose MSO names another docType was refused');
  },
};
