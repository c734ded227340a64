/**
 * Age-check presets: a single `age_over_NN` boolean (ISO/IEC 18013-5 §7.2.5), nothing retained —
 * the pattern of the 対面確認アプリ and Apple's Display Only mode (notes/japan.md §1.5, §3).
 *
 * @module
 */

import { EU_PID_DOCTYPE, EU_PID_NAMESPACE, ISO_23220_NAMESPACE, MDL_DOCTYPE, MDL_NAMESPACE, MY_NUMBER_CARD_DOCTYPE } from '../catalogue.js';
import type { PurposeDefinition } from '../purpose/types.js';
import { ALCOHOL_AGE_CHECK, TOBACCO_AGE_CHECK } from './laws.js';

/** `age_20_plus`: alcohol and tobacco sales in Japan — `age_over_20` from the My Number Card only. */
export const AGE_20_PLUS: PurposeDefinition = {
  id: 'age_20_plus',
  name: { ja: '20歳以上であることの確認 (酒類・たばこ)', en: 'Age 20 or over (alcohol, tobacco)' },
  userText: {
    ja: '20歳以上かどうかだけを確認します。氏名・生年月日などは受け取らず、何も保存しません。',
    en: 'We only check whether you are 20 or over. We receive no name or date of birth, and keep nothing.',
  },
  // Both Acts oblige sellers to take age-confirmation measures (年齢の確認その他の必要な措置);
  // neither prescribes a method (notes/japan.md §3).
  legalBasis: [ALCOHOL_AGE_CHECK, TOBACCO_AGE_CHECK],
  documents: [{ docType: MY_NUMBER_CARD_DOCTYPE, elements: [{ namespace: ISO_23220_NAMESPACE, identifier: 'age_over_20', required: true }] }],
  notes: {
    ja: 'デジタル認証アプリは年齢確認の結果ではなく生年月日を提供するため、OIDCでは利用できない (過剰取得になる)。',
    en: 'Not available over OIDC: the デジタル認証アプリ provides the birth date, not an age-over answer, which would over-collect.',
  },
};

function ageCheck(years: 18 | 21): PurposeDefinition {
  const id = `age_over_${years}`;
  return {
    id: `age_${years}_plus`,
    name: { ja: `${years}歳以上であることの確認 (mDL・EU PID)`, en: `Age ${years} or over (mDL, EU PID)` },
    userText: {
      ja: `${years}歳以上かどうかだけを確認します。氏名・生年月日などは受け取らず、何も保存しません。`,
      en: `We only check whether you are ${years} or over. We receive no name or date of birth, and keep nothing.`,
    },
    legalBasis: [],
    documents: [
      { docType: MDL_DOCTYPE, elements: [{ namespace: MDL_NAMESPACE, identifier: id, required: true }] },
      { docType: EU_PID_DOCTYPE, elements: [{ namespace: EU_PID_NAMESPACE, identifier: id, required: true }] },
    ],
    notes: {
      ja: '法令は引用しない。年齢の基準は事業者の所在地の法令による。',
      en: 'No statute is cited: the age threshold is the business’s own obligation where it operates.',
    },
  };
}

/** `age_18_plus`: `age_over_18` from an mDL or an EU PID. */
export const AGE_18_PLUS: PurposeDefinition = ageCheck(18);
/** `age_21_plus`: `age_over_21` from an mDL or an EU PID. */
export const AGE_21_PLUS: PurposeDefinition = ageCheck(21);
