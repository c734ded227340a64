/**
 * purpose-shown — 受信プログラムは、なぜ求めるのか、保存するかを利用者に示す。
 * The program tells the person why the data is asked for and whether it is kept.
 * Basis: 個人情報保護法 21条1項.
 *
 * @module
 */

import { inspection } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

const MAX = 2000;

export const check: CriterionCheck = {
  id: 'purpose-shown',
  async run(wallet) {
    const session = await wallet.session();
    const text = session.request.purposeText;
    const shown = [text?.ja, text?.en].filter((t): t is string => typeof t === 'string' && t.trim().length > 0 && t.length <= MAX);
    const leaked = wallet.world.personalValues.filter((v) => shown.some((t) => t.includes(v.text))).map((v) => v.element);
    const languages = [typeof text?.ja === 'string' && text.ja.trim() ? 'ja' : '', typeof text?.en === 'string' && text.en.trim() ? 'en' : ''].filter(Boolean);
    const evidence = inspection(
      'inspect-request',
      'the purpose text of a new transaction',
      `a non-empty purpose text (ja or en, at most ${MAX} characters) with no personal value`,
      shown.length === 0 ? 'no purpose text' : `purpose text in ${languages.join(' and ')}${leaked.length === 0 ? '' : `; it contains the value of ${[...new Set(leaked)].join(', ')}`}`,
      shown.length > 0 && leaked.length === 0,
    );
    return conclude([evidence], 'the request comes with a purpose text');
  },
};
