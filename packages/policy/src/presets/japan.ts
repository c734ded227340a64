/**
 * Japanese sector-law presets for the My Number Card on smartphones (notes/japan.md §1.4, §3).
 * Each element list is the minimum the cited provision asks for; everything else is refused by the
 * request gate and dropped by the response gate.
 *
 * @module
 */

import { ISO_23220_NAMESPACE, JP_NAMESPACE, MY_NUMBER_CARD_DOCTYPE } from '../catalogue.js';
import type { PurposeDefinition, PurposeElementDefinition } from '../purpose/types.js';
import { AML_ORDINANCE, AML_RECORD_KEEPING, MOBILE_ORDINANCE, MOBILE_RECORD_KEEPING, MY_NUMBER_ACT, MY_NUMBER_KEEPING, SECONDHAND_ORDINANCE } from './laws.js';

const jp = (identifier: string, extra: Omit<PurposeElementDefinition, 'namespace' | 'identifier'> = {}): PurposeElementDefinition => ({
  namespace: JP_NAMESPACE,
  identifier,
  ...extra,
});
const iso = (identifier: string, extra: Omit<PurposeElementDefinition, 'namespace' | 'identifier'> = {}): PurposeElementDefinition => ({
  namespace: ISO_23220_NAMESPACE,
  identifier,
  ...extra,
});

/**
 * The 特定電磁的記録 items — 氏名、住居、生年月日及び写真 — with the birth date as text or as an
 * ISO full-date, all kept under `rule`. The municipality code may be asked for with the address
 * but is not kept.
 */
function basicFour(rule: string): PurposeElementDefinition[] {
  return [
    jp('full_name_unicode', { required: true, retain: rule }),
    jp('resident_address_unicode', { required: true, retain: rule }),
    jp('birth_date_unicode', { required: 'birth_date', retain: rule }),
    iso('birth_date', { required: 'birth_date', retain: rule }),
    jp('portrait', { required: true, retain: rule, sensitive: true }),
    jp('local_gov_code_unicode'),
  ];
}

const OIDC_NOTE_JA =
  'デジタル認証アプリ (OIDC) 経由の属性は公的個人認証の電子証明書に基づくもので、カード代替電磁的記録ではない。その経路の根拠条項は oidc.legalBasis に置き、監査記録にはそれを記録する (記載がなければ何も記録しない)。ここでのスコープは要求できる属性の上限を定めるだけである。';
const OIDC_NOTE_EN =
  'Over OIDC (デジタル認証アプリ) the attributes come from the card’s JPKI certificates, not from the card-substitute record; that path rests on a different provision, kept in oidc.legalBasis and recorded in its audit records (none is recorded where none is given). The scopes here only bound which attributes may be asked for.';

/**
 * The JPKI method of 犯収法施行規則 6条1項1号 (署名用電子証明書 and a signature with it), the
 * provision a デジタル認証アプリ login rests on for 犯収法. INFERENCE: notes/japan.md §5 names the
 * item カ, renumbered ヌ from 2027-04-01, from a secondary source; confirm against e-Gov.
 */
const AML_JPKI_METHOD: PurposeDefinition['legalBasis'] = [
  { ...AML_ORDINANCE, article: { ja: '第6条第1項第1号カ', en: 'Art. 6(1)(i)(ka)' }, effectiveFrom: '2025-06-24', effectiveUntil: '2027-03-31' },
  { ...AML_ORDINANCE, article: { ja: '第6条第1項第1号ヌ', en: 'Art. 6(1)(i)(nu)' }, effectiveFrom: '2027-04-01' },
];

/** `aml_kyc_jp`: 犯収法施行規則 6条1項1号ル (ト from 2027-04-01). */
export const AML_KYC_JP: PurposeDefinition = {
  id: 'aml_kyc_jp',
  name: { ja: '犯罪収益移転防止法に基づく取引時確認', en: 'Customer identification under the Act on Prevention of Transfer of Criminal Proceeds' },
  userText: {
    ja: '犯罪収益移転防止法に基づく取引時確認のため、氏名・住所・生年月日・顔写真を確認し、確認記録として取引終了後7年間保存します。',
    en: 'To identify you as the Act on Prevention of Transfer of Criminal Proceeds requires, we check your name, address, date of birth and photo, and keep them as the confirmation record for 7 years after our business relationship ends.',
  },
  legalBasis: [
    // Introduced by 令和7年内閣府等令第2号 (notes/japan.md §1.4); renumbered ト on 2027-04-01, same wording.
    { ...AML_ORDINANCE, article: { ja: '第6条第1項第1号ル', en: 'Art. 6(1)(i)(ru)' }, effectiveFrom: '2025-06-24', effectiveUntil: '2027-03-31' },
    { ...AML_ORDINANCE, article: { ja: '第6条第1項第1号ト', en: 'Art. 6(1)(i)(to)' }, effectiveFrom: '2027-04-01' },
  ],
  documents: [{ docType: MY_NUMBER_CARD_DOCTYPE, elements: basicFour('kyc_record') }],
  retention: {
    kyc_record: {
      period: 'P7Y',
      from: 'relationship_end',
      basis: AML_RECORD_KEEPING,
      note: {
        ja: '確認記録。特定取引等に係る契約が終了した日から7年間保存する (犯収法 6条2項)。その後は個人情報保護法 22条に従い遅滞なく消去する。',
        en: 'The confirmation record (確認記録), kept for 7 years from the day the contract ended (Art. 6(2)); afterwards delete it without delay (APPI Art. 22).',
      },
    },
  },
  // Sex (the gender scope) is not an identification item under 犯収法: never asked for.
  oidc: { scopes: ['openid', 'name', 'address', 'birthdate'], legalBasis: AML_JPKI_METHOD },
  notes: {
    ja: `個人番号と性別は本人特定事項ではないため要求できない。${OIDC_NOTE_JA}`,
    en: `Neither the individual number nor sex is an identification item here, so neither can be requested. ${OIDC_NOTE_EN}`,
  },
};

/** `mobile_contract_jp`: 携帯電話不正利用防止法施行規則 3条1項1号チ. */
export const MOBILE_CONTRACT_JP: PurposeDefinition = {
  id: 'mobile_contract_jp',
  name: { ja: '携帯電話不正利用防止法に基づく契約時の本人確認', en: 'Subscriber identification for a mobile phone contract' },
  userText: {
    ja: '携帯電話の契約時の本人確認のため、氏名・住所・生年月日・顔写真を確認し、本人確認記録として契約終了後3年間保存します。',
    en: 'To identify you for a mobile phone contract, we check your name, address, date of birth and photo, and keep them as the identification record for 3 years after the contract ends.',
  },
  legalBasis: [{ ...MOBILE_ORDINANCE, article: { ja: '第3条第1項第1号チ', en: 'Art. 3(1)(i)(chi)' }, effectiveFrom: '2026-04-01' }],
  documents: [{ docType: MY_NUMBER_CARD_DOCTYPE, elements: basicFour('identification_record') }],
  retention: {
    identification_record: {
      period: 'P3Y',
      from: 'relationship_end',
      basis: MOBILE_RECORD_KEEPING,
      note: {
        ja: '本人確認記録。役務提供契約の終了日から3年間保存する (総務省の貸与業者向け案内が示す期間。貸与業者には第10条により第4条が準用される。e-Govの条文で要確認)。',
        en: 'The identification record, kept for 3 years after the contract ended (the period the Ministry’s guidance states for rental carriers, to whom Art. 4 applies mutatis mutandis through Art. 10; confirm against the e-Gov text).',
      },
    },
  },
  oidc: { scopes: ['openid', 'name', 'address', 'birthdate'] },
  notes: {
    ja: `特定電磁的記録の項目は犯収法と同じ4情報。個人番号は要求できない。${OIDC_NOTE_JA}`,
    en: `The same four items as for 犯収法 (the 特定電磁的記録). The individual number cannot be requested. ${OIDC_NOTE_EN}`,
  },
};

/** `mynumber_collection_jp`: 番号法 16条 — the only preset that may ask for the individual number. */
export const MYNUMBER_COLLECTION_JP: PurposeDefinition = {
  id: 'mynumber_collection_jp',
  name: { ja: '個人番号の提供を受ける際の本人確認 (番号法)', en: 'Identity verification when receiving an individual number (My Number Act)' },
  userText: {
    ja: '税・社会保障の手続に必要な個人番号の提供を受けるため、個人番号と氏名、住所または生年月日を確認します。法令で定められた事務に必要な期間だけ保管し、その後は速やかに廃棄します。',
    en: 'To receive your individual number for tax and social security procedures, we check the number with your name and your address or date of birth. We keep them only as long as the statutory work needs them and then delete them promptly.',
  },
  legalBasis: [{ ...MY_NUMBER_ACT, article: { ja: '第16条', en: 'Art. 16' } }],
  documents: [
    {
      docType: MY_NUMBER_CARD_DOCTYPE,
      elements: [
        jp('individual_number_unicode', { required: true, retain: 'statutory_work', sensitive: true }),
        jp('full_name_unicode', { required: true, retain: 'statutory_work' }),
        // 個人識別事項: 氏名 and 住所 or 生年月日 (as for the physical card; INFERENCE for the record).
        jp('resident_address_unicode', { required: 'identity_detail', retain: 'statutory_work' }),
        jp('birth_date_unicode', { required: 'identity_detail', retain: 'statutory_work' }),
        iso('birth_date', { required: 'identity_detail', retain: 'statutory_work' }),
        jp('portrait', { sensitive: true }),
      ],
    },
  ],
  retention: {
    statutory_work: {
      period: 'P7Y',
      from: 'relationship_end',
      basis: MY_NUMBER_KEEPING,
      note: {
        ja: '推定: 個人番号関係事務に必要な間、およびその番号を記載した書類の法定保存期間 (税関係書類の多くは7年) に限り保管し、その後は速やかに削除する (個人情報保護委員会ガイドライン)。',
        en: 'INFERENCE: keep only while a statutory My Number task needs it and the documents carrying the number must be kept (7 years for many tax documents); delete promptly afterwards (PPC guidelines).',
      },
    },
  },
  notes: {
    ja: '身元確認に必要な項目の正確な範囲は未確認 (notes/japan.md §3)。デジタル認証アプリは個人番号を提供しないため OIDC では利用できない。',
    en: 'The exact identity items the record must cover were not found (notes/japan.md §3). Not available over OIDC: the デジタル認証アプリ does not provide the individual number.',
  },
};

/** `secondhand_dealer_jp`: exists to explain that the card-substitute record is not a 古物営業法 method. */
export const SECONDHAND_DEALER_JP: PurposeDefinition = {
  id: 'secondhand_dealer_jp',
  name: { ja: '古物営業法に基づく相手方の確認', en: 'Seller identification under the Secondhand Articles Dealer Act' },
  userText: {
    ja: 'スマートフォンのマイナンバーカードは古物営業法の確認方法として定められていないため、この目的には利用できません。',
    en: 'The My Number Card on a smartphone is not a method the Secondhand Articles Dealer Act recognizes, so it cannot be used for this purpose.',
  },
  status: 'not_permitted',
  notPermitted: {
    reason: {
      ja: '古物営業法施行規則第15条第3項にカード代替電磁的記録 (特定電磁的記録) による方法はない (2026-10-05 確認)。',
      en: 'Art. 15(3) of the Ordinance lists no method based on the card-substitute record (特定電磁的記録) (checked 2026-10-05).',
    },
    alternative: {
      ja: 'スマートフォン用署名用電子証明書 (公的個人認証) による電子署名を用いる方法 (同項第11号)。確認事項は住所・氏名・職業・年齢。',
      en: 'A JPKI electronic signature with the smartphone signature certificate (item 11 of the same paragraph); the items are address, name, occupation and age.',
    },
  },
  legalBasis: [{ ...SECONDHAND_ORDINANCE, article: { ja: '第15条第3項', en: 'Art. 15(3)' }, checked: '2026-10-05' }],
  documents: [],
  notes: {
    ja: '取引の記録 (帳簿) は古物営業法第16条・第18条により3年間保存する。',
    en: 'The transaction ledger is kept for 3 years under Arts. 16 and 18 of the Act.',
  },
};
