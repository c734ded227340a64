/**
 * purpose-shown — 受信プログラムは、なぜ求めるのか、保存するかを利用者に示す。
 * The program tells the person why the data is asked for and whether it is kept.
 * Basis: 個人情報保護法 21条1項.
 *
 * @module
 */

import { inspection } from '../drive.js';
import { judgePurposeText, PURPOSE_TEXT_MAX } from '../purpose-text.js';
import { conclude, type CriterionCheck } from './check.js';

export const check: CriterionCheck = {
  id: 'purpose-shown',
  async run(wallet) {
    const session = await wallet.session();
    const judged = judgePurposeText(session.request.purposeText, wallet.world.purpose, wallet.world.personalValues);
    const evidence = inspection(
      'inspect-request',
      'the purpose text of a new transaction',
      `a purpose text (ja or en, at most ${PURPOSE_TEXT_MAX} characters) saying whether the data is kept, with no personal value`,
      judged.observed,
      judged.passed,
    );
    return conclude([evidence], 'the request comes with a purpose text that says whether the data is kept');
  },
};
