/**
 * purpose-shown (over HTTP) — 受信プログラムは、なぜ求めるのか、保存するかを利用者に示す。
 * The program tells the person why the data is asked for and whether it is kept. Over HTTP this
 * is observable only when the start answer carries `purposeText` or the program offers the
 * evidence endpoint; otherwise the criterion is not applicable to a black-box run.
 * Basis: 個人情報保護法 21条1項.
 *
 * @module
 */

import { conclude } from '../../checks/check.js';
import { inspection, notObservable, type HttpCriterionCheck } from '../steps.js';

const MAX = 2000;

export const check: HttpCriterionCheck = {
  id: 'purpose-shown',
  async run(wallet) {
    const session = await wallet.session();
    const evidence = session.purposeText === undefined ? await wallet.evidence() : undefined;
    if (session.purposeText === undefined && evidence === undefined) {
      return notObservable('inspect-purpose-text', 'what the program shows the person is not observable over HTTP: the start answer has no purposeText and there is no evidence endpoint');
    }
    const text = session.purposeText ?? evidence?.purposeText;
    const shown = [text?.ja, text?.en].filter((t): t is string => typeof t === 'string' && t.trim().length > 0 && t.length <= MAX);
    const leaked = wallet.world.personalValues.filter((v) => shown.some((t) => t.includes(v.text))).map((v) => v.element);
    const languages = [typeof text?.ja === 'string' && text.ja.trim() ? 'ja' : '', typeof text?.en === 'string' && text.en.trim() ? 'en' : ''].filter(Boolean);
    const step = inspection(
      'inspect-purpose-text',
      session.purposeText === undefined ? 'the purpose text the evidence endpoint reports' : 'the purpose text of the start answer',
      `a non-empty purpose text (ja or en, at most ${MAX} characters) with no personal value`,
      shown.length === 0 ? 'no purpose text' : `purpose text in ${languages.join(' and ')}${leaked.length === 0 ? '' : `; it contains the value of ${[...new Set(leaked)].join(', ')}`}`,
      shown.length > 0 && leaked.length === 0,
    );
    return conclude([step], 'the transaction comes with a purpose text');
  },
};
