/**
 * purpose-shown (over HTTP) — 受信プログラムは、なぜ求めるのか、保存するかを利用者に示す。
 * The program tells the person why the data is asked for and whether it is kept. Over HTTP this
 * is observable only when the start answer carries `purposeText` or the program offers the
 * evidence endpoint; otherwise the criterion is not observed in a black-box run.
 * Basis: 個人情報保護法 21条1項.
 *
 * @module
 */

import { conclude } from '../../checks/check.js';
import { judgePurposeText, PURPOSE_TEXT_MAX } from '../../purpose-text.js';
import { inspection, notObservable, type HttpCriterionCheck } from '../steps.js';

export const check: HttpCriterionCheck = {
  id: 'purpose-shown',
  async run(wallet) {
    const session = await wallet.session();
    const evidence = session.purposeText === undefined ? await wallet.evidence() : undefined;
    if (session.purposeText === undefined && evidence === undefined) {
      return notObservable('inspect-purpose-text', 'what the program shows the person is not observable over HTTP: the start answer has no purposeText and there is no evidence endpoint');
    }
    const judged = judgePurposeText(session.purposeText ?? evidence?.purposeText, wallet.world.purpose, wallet.world.personalValues);
    const step = inspection(
      'inspect-purpose-text',
      session.purposeText === undefined ? 'the purpose text the evidence endpoint reports' : 'the purpose text of the start answer',
      `a purpose text (ja or en, at most ${PURPOSE_TEXT_MAX} characters) saying whether the data is kept, with no personal value`,
      judged.observed,
      judged.passed,
    );
    return conclude([step], 'the transaction comes with a purpose text that says whether the data is kept');
  },
};
