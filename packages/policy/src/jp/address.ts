/**
 * The address (`resident_address_unicode`, 住所) and its municipality code
 * (`local_gov_code_unicode`): the 全国地方公共団体コード (JIS X 0402) — two digits of prefecture, three
 * of municipality, and in its six-digit form a check digit.
 *
 * @module
 */

import type { ElementsByNamespace } from '@uketori/mdoc';
import { JP_NAMESPACE } from '../catalogue.js';
import { compact, valueError, valueOf } from './values.js';

/** Prefecture names by JIS X 0401 code (01 北海道 … 47 沖縄県). */
export const PREFECTURES: readonly string[] = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県',
  '埼玉県', '千葉県', '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県',
  '岐阜県', '静岡県', '愛知県', '三重県', '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県',
  '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県', '香川県', '愛媛県', '高知県', '福岡県',
  '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
];

/** A checked municipality code. */
export interface LocalGovCode {
  /** The five-digit code (prefecture + municipality). */
  readonly code: string;
  /** The six-digit form with its check digit. */
  readonly code6: string;
  /** Two-digit prefecture code, `01`–`47`. */
  readonly prefectureCode: string;
  /** The prefecture's name, e.g. 東京都. */
  readonly prefecture: string;
}

/**
 * The check digit of a five-digit 全国地方公共団体コード: the digits weighted 6, 5, 4, 3, 2, summed,
 * and the last digit of 11 − (sum mod 11). (千代田区 13101 → 131016; 埼玉県 11000 → 110001.)
 *
 * @example
 * ```ts
 * localGovCheckDigit('13101'); // 6
 * ```
 * @throws {PolicyValueError} `ERR_POLICY_VALUE` unless `code` is five ASCII digits.
 */
export function localGovCheckDigit(code: string): number {
  if (!/^\d{5}$/.test(code)) throw valueError(JP_NAMESPACE, 'local_gov_code_unicode', 'expected five digits');
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += Number(code[i]) * (6 - i);
  return (11 - (sum % 11)) % 10;
}

/**
 * Checks a municipality code in its five-digit form, or its six-digit form whose check digit must
 * match (full-width digits allowed), and names the prefecture.
 *
 * @example
 * ```ts
 * parseLocalGovCode('131016'); // { code: '13101', code6: '131016', prefectureCode: '13', prefecture: '東京都' }
 * parseLocalGovCode('131017'); // throws ERR_POLICY_VALUE (check digit)
 * ```
 * @throws {PolicyValueError} `ERR_POLICY_VALUE` for a malformed code, a wrong check digit or an unknown prefecture.
 */
export function parseLocalGovCode(value: unknown): LocalGovCode {
  const text = typeof value === 'string' && value.length <= 16 ? compact(value) : '';
  if (!/^\d{5,6}$/.test(text)) throw valueError(JP_NAMESPACE, 'local_gov_code_unicode', 'expected five or six digits');
  const code = text.slice(0, 5);
  const check = localGovCheckDigit(code);
  if (text.length === 6 && Number(text[5]) !== check) throw valueError(JP_NAMESPACE, 'local_gov_code_unicode', 'check digit does not match');
  const prefectureCode = code.slice(0, 2);
  const prefecture = PREFECTURES[Number(prefectureCode) - 1];
  if (prefecture === undefined) throw valueError(JP_NAMESPACE, 'local_gov_code_unicode', 'no prefecture has this code');
  return { code, code6: `${code}${check}`, prefectureCode, prefecture };
}

/** The address of a document with its municipality code. */
export interface Address {
  /** `resident_address_unicode` as received. */
  readonly address: string;
  /** The checked `local_gov_code_unicode`, when received. */
  readonly localGovCode?: LocalGovCode;
  /** The prefecture the address text starts with, when it starts with one. */
  readonly prefecture?: string;
  /**
   * Whether the address's prefecture is the code's: `undefined` when there is no code or the text
   * names no prefecture.
   */
  readonly prefectureMatches?: boolean;
}

/**
 * The address of a document, with the municipality code checked against it. `undefined` when
 * `resident_address_unicode` was not received.
 *
 * @example
 * ```ts
 * addressOf(doc.issuerSigned); // { address: '東京都千代田区…', localGovCode: { …, prefecture: '東京都' }, prefecture: '東京都', prefectureMatches: true }
 * ```
 * @throws {PolicyValueError} `ERR_POLICY_VALUE` for a malformed address or code.
 */
export function addressOf(issuerSigned: ElementsByNamespace): Address | undefined {
  const address = valueOf(issuerSigned, JP_NAMESPACE, 'resident_address_unicode');
  if (address === undefined) return undefined;
  if (typeof address !== 'string' || address.trim().length === 0 || address.length > 512) {
    throw valueError(JP_NAMESPACE, 'resident_address_unicode', 'expected a non-empty text of at most 512 characters');
  }
  const codeValue = valueOf(issuerSigned, JP_NAMESPACE, 'local_gov_code_unicode');
  const localGovCode = codeValue === undefined ? undefined : parseLocalGovCode(codeValue);
  const prefecture = PREFECTURES.find((p) => address.trimStart().startsWith(p));
  return {
    address,
    ...(localGovCode === undefined ? {} : { localGovCode }),
    ...(prefecture === undefined ? {} : { prefecture }),
    ...(localGovCode === undefined || prefecture === undefined ? {} : { prefectureMatches: localGovCode.prefecture === prefecture }),
  };
}
