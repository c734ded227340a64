/**
 * doctype — 受信プログラムは MSO の docType が文書と一致し、目的が受け付ける docType であることを確認する。
 * The MSO docType equals the document's, and is one the purpose accepts.
 * Basis: ISO/IEC 18013-5 §9.3.1 step 4; 番号法 2条8項.
 *
 * @module
 */

import { EU_PID_DOCTYPE, EU_PID_NAMESPACE, MDL_DOCTYPE, MDL_NAMESPACE, MY_NUMBER_CARD_DOCTYPE, ISO_23220_NAMESPACE, type DocumentRequest } from '@uketori/test-sender';
import { expectRejected, faultEvidence, goodAnswer, inspection, type Evidence } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

/** A small request for each docType the test holder has. */
const OTHER_DOCUMENTS: readonly DocumentRequest[] = [
  { docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: { [ISO_23220_NAMESPACE]: ['age_over_20'] } },
  { docType: MDL_DOCTYPE, nameSpaces: { [MDL_NAMESPACE]: ['age_over_18'] } },
  { docType: EU_PID_DOCTYPE, nameSpaces: { [EU_PID_NAMESPACE]: ['age_over_18'] } },
];

export const check: CriterionCheck = {
  id: 'doctype',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await faultEvidence(wallet, ['wrong-doctype']);
    const accepted = new Set(wallet.world.purpose.documents.map((d) => d.docType));
    const other = OTHER_DOCUMENTS.find((d) => !accepted.has(d.docType));
    let swap: Evidence;
    if (other === undefined) {
      swap = inspection('other-doctype', 'nothing', 'a docType the purpose does not accept', 'the purpose accepts every docType the test holder has; step skipped', true);
    } else {
      const session = await wallet.session();
      const bytes = await wallet.answer(session, { request: [other] });
      swap = expectRejected('other-doctype', `a valid ${other.docType} document instead of the requested one`, await wallet.submit(session, bytes));
    }
    return conclude([good.evidence, ...faults, swap], 'only documents of the requested docType with a matching MSO were accepted');
  },
};
