/**
 * The provisions the presets cite (notes/japan.md §1.4). LawIds are e-Gov 法令ID; URLs point to
 * e-Gov. English names follow the Japanese Law Translation titles where one exists.
 *
 * @module
 */

import type { LegalCitation } from '../purpose/types.js';

/** 犯罪による収益の移転防止に関する法律施行規則 (e-Gov 420M60000F5A001). */
export const AML_ORDINANCE = {
  law: {
    ja: '犯罪による収益の移転防止に関する法律施行規則',
    en: 'Ordinance for Enforcement of the Act on Prevention of Transfer of Criminal Proceeds',
  },
  lawId: '420M60000F5A001',
  url: 'https://laws.e-gov.go.jp/law/420M60000F5A001',
} as const;

/** 犯罪による収益の移転防止に関する法律 6条2項: 確認記録 kept 7 years from the end of the contract. */
export const AML_RECORD_KEEPING: LegalCitation = {
  law: { ja: '犯罪による収益の移転防止に関する法律', en: 'Act on Prevention of Transfer of Criminal Proceeds' },
  lawId: '419AC0000000022',
  article: { ja: '第6条第2項', en: 'Art. 6(2)' },
  url: 'https://laws.e-gov.go.jp/law/419AC0000000022',
};

/** 携帯音声通信事業者による契約者等の本人確認等及び携帯音声通信役務の不正な利用の防止に関する法律施行規則 (e-Gov 417M60000008167). */
export const MOBILE_ORDINANCE = {
  law: {
    ja: '携帯音声通信事業者による契約者等の本人確認等及び携帯音声通信役務の不正な利用の防止に関する法律施行規則',
    en: 'Ordinance for Enforcement of the Act on Identification by Mobile Voice Communications Carriers of Their Subscribers and Prevention of Improper Use of Mobile Voice Communications Services',
  },
  lawId: '417M60000008167',
  url: 'https://laws.e-gov.go.jp/law/417M60000008167',
} as const;

/** 携帯電話不正利用防止法 4条: 本人確認記録, kept 3 years from the end of the contract. */
export const MOBILE_RECORD_KEEPING: LegalCitation = {
  law: {
    ja: '携帯音声通信事業者による契約者等の本人確認等及び携帯音声通信役務の不正な利用の防止に関する法律',
    en: 'Act on Identification by Mobile Voice Communications Carriers of Their Subscribers and Prevention of Improper Use of Mobile Voice Communications Services',
  },
  lawId: '417AC0000000031',
  article: { ja: '第4条', en: 'Art. 4' },
};

/** 番号法 (e-Gov 425AC0000000027). */
export const MY_NUMBER_ACT = {
  law: {
    ja: '行政手続における特定の個人を識別するための番号の利用等に関する法律',
    en: 'Act on the Use of Numbers to Identify a Specific Individual in Administrative Procedures',
  },
  lawId: '425AC0000000027',
  url: 'https://laws.e-gov.go.jp/law/425AC0000000027',
} as const;

/** 番号法 20条: the individual number may be collected or kept only as 19条 allows. */
export const MY_NUMBER_KEEPING: LegalCitation = { ...MY_NUMBER_ACT, article: { ja: '第20条', en: 'Art. 20' } };

/** 古物営業法施行規則 (e-Gov 407M50400000010). */
export const SECONDHAND_ORDINANCE = {
  law: { ja: '古物営業法施行規則', en: 'Ordinance for Enforcement of the Secondhand Articles Dealer Act' },
  lawId: '407M50400000010',
  url: 'https://laws.e-gov.go.jp/law/407M50400000010',
} as const;

/** 二十歳未満ノ者ノ飲酒ノ禁止ニ関スル法律 1条4項: sellers take age-confirmation measures. */
export const ALCOHOL_AGE_CHECK = {
  law: { ja: '二十歳未満ノ者ノ飲酒ノ禁止ニ関スル法律', en: 'Act on the Prohibition of Drinking by Persons under Twenty' },
  article: { ja: '第1条第4項', en: 'Art. 1(4)' },
} as const;

/** 二十歳未満ノ者ノ喫煙ノ禁止ニ関スル法律 4条: sellers take age-confirmation measures. */
export const TOBACCO_AGE_CHECK = {
  law: { ja: '二十歳未満ノ者ノ喫煙ノ禁止ニ関スル法律', en: 'Act on the Prohibition of Smoking by Persons under Twenty' },
  article: { ja: '第4条', en: 'Art. 4' },
} as const;
