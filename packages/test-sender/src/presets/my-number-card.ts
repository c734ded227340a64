/**
 * A test My Number Card credential (カード代替電磁的記録) as iPhone presents it: docType
 * `org.iso.23220.1.jp.mnc` with the Japanese namespace `org.iso.23220.1.jp` and the ISO/IEC 23220-2
 * namespace `org.iso.23220.1` (notes/japan.md §2.2–2.3). Values are fictitious.
 *
 * @module
 */

import { FullDate } from '@uketori/mdoc';
import { issueCredential } from '../credential/issue.js';
import type { TestCredential } from '../credential/types.js';
import { mergeElements, issueOptions, type PresetOptions } from './common.js';
import { ageInYears, ageOverElements } from './dates.js';
import { testMyNumber } from './my-number.js';
import { testPortraitJpeg } from './portrait.js';

/** docType of the My Number Card on smartphones. */
export const MY_NUMBER_CARD_DOCTYPE = 'org.iso.23220.1.jp.mnc';
/** The Japan-specific namespace. */
export const MY_NUMBER_CARD_JP_NAMESPACE = 'org.iso.23220.1.jp';
/** The ISO/IEC 23220-2 namespace. */
export const ISO_23220_NAMESPACE = 'org.iso.23220.1';

/** The holder of a test My Number Card. */
export interface MyNumberCardHolder {
  /** 氏名, family and given name not split, full-width space between. */
  readonly fullName: string;
  /** 住所. */
  readonly residentAddress: string;
  /** 市町村コード. */
  readonly localGovCode: string;
  /** 個人番号: twelve digits with a valid check digit. */
  readonly individualNumber: string;
  /** 顔写真, JPEG. */
  readonly portrait: Uint8Array;
  /** ISO/IEC 5218: 1 male, 2 female, 0 not known, 9 not applicable. */
  readonly sex: 0 | 1 | 2 | 9;
  readonly birthDate: FullDate;
}

/**
 * The default test holder: 番号　花子, female, born 1971-09-01, with a fictitious address in
 * 千代田区 (code 13101), individual number 123456789018 and the test portrait.
 *
 * @example
 * ```ts
 * const holder = { ...defaultMyNumberCardHolder(), fullName: '試験　太郎', sex: 1 as const };
 * ```
 */
export function defaultMyNumberCardHolder(): MyNumberCardHolder {
  return {
    fullName: '番号　花子',
    residentAddress: '東京都千代田区見本町１丁目２番３号',
    localGovCode: '13101',
    individualNumber: testMyNumber('12345678901'),
    portrait: testPortraitJpeg(),
    sex: 2,
    birthDate: new FullDate(1971, 9, 1),
  };
}

const SEX_TEXT: Record<number, string | undefined> = { 1: '男', 2: '女' };

/**
 * 生年月日 as the card writes it: Gregorian year, no zero padding.
 *
 * @example
 * ```ts
 * japaneseBirthDate(new FullDate(1971, 9, 1)); // '1971年9月1日'
 * ```
 */
export function japaneseBirthDate(date: FullDate): string {
  return `${date.year}年${date.month}月${date.day}日`;
}

/** Options of {@link issueMyNumberCard}. */
export interface IssueMyNumberCardOptions extends PresetOptions {
  /** Replaces fields of {@link defaultMyNumberCardHolder}. */
  readonly holder?: Partial<MyNumberCardHolder>;
}

/**
 * Issues a test My Number Card credential with every element of notes/japan.md §2.3:
 * `org.iso.23220.1.jp` full_name_unicode, resident_address_unicode, local_gov_code_unicode,
 * individual_number_unicode, portrait, sex_unicode, birth_date_unicode; `org.iso.23220.1` sex,
 * birth_date, age_in_years, age_over_18, age_over_20 (ages as of the issuance time, UTC calendar).
 * sex_unicode is 男 or 女 and left out for sex 0 or 9. NEVER FOR PRODUCTION.
 *
 * @example
 * ```ts
 * const pki = await createTestPki({ curve: 'P-384' });
 * const card = await issueMyNumberCard({ pki, holder: { fullName: '試験　太郎', sex: 1 } });
 * ```
 * @throws {UketoriTypeError} / {UketoriRangeError} as {@link issueCredential}.
 */
export function issueMyNumberCard(options: IssueMyNumberCardOptions): Promise<TestCredential> {
  const h: MyNumberCardHolder = { ...defaultMyNumberCardHolder(), ...options.holder };
  const at = options.now ?? options.pki.now;
  const sexText = SEX_TEXT[h.sex];
  const base = {
    [MY_NUMBER_CARD_JP_NAMESPACE]: {
      full_name_unicode: h.fullName,
      resident_address_unicode: h.residentAddress,
      local_gov_code_unicode: h.localGovCode,
      individual_number_unicode: h.individualNumber,
      portrait: h.portrait,
      sex_unicode: sexText,
      birth_date_unicode: japaneseBirthDate(h.birthDate),
    },
    [ISO_23220_NAMESPACE]: {
      sex: h.sex,
      birth_date: h.birthDate,
      age_in_years: ageInYears(h.birthDate, at),
      ...ageOverElements(h.birthDate, at, [18, 20]),
    },
  };
  return issueCredential({
    ...issueOptions(options),
    docType: MY_NUMBER_CARD_DOCTYPE,
    nameSpaces: mergeElements(base, options.elements),
  });
}
