/**
 * A test mobile driving licence (ISO/IEC 18013-5 §7.2.1, docType `org.iso.18013.5.1.mDL`).
 * Values are fictitious and every authority name says TEST.
 *
 * @module
 */

import { FullDate } from '@uketori/mdoc';
import { issueCredential } from '../credential/issue.js';
import type { TestCredential } from '../credential/types.js';
import { issueOptions, mergeElements, type PresetOptions } from './common.js';
import { ageInYears, ageOverElements, fullDateOf, plusYears } from './dates.js';
import { testPortraitJpeg } from './portrait.js';

/** docType of the mDL. */
export const MDL_DOCTYPE = 'org.iso.18013.5.1.mDL';
/** The mDL namespace. */
export const MDL_NAMESPACE = 'org.iso.18013.5.1';

/** The holder of a test mDL. */
export interface MdlHolder {
  readonly familyName: string;
  readonly givenName: string;
  readonly birthDate: FullDate;
  /** ISO/IEC 5218. */
  readonly sex: 0 | 1 | 2 | 9;
  readonly documentNumber: string;
  readonly portrait: Uint8Array;
}

/**
 * The default test holder: Yamada Taro, male, born 1990-04-15, licence TEST00000001.
 *
 * @example
 * ```ts
 * const holder = { ...defaultMdlHolder(), givenName: 'Hanako', sex: 2 as const };
 * ```
 */
export function defaultMdlHolder(): MdlHolder {
  return {
    familyName: 'Yamada',
    givenName: 'Taro',
    birthDate: new FullDate(1990, 4, 15),
    sex: 1,
    documentNumber: 'TEST00000001',
    portrait: testPortraitJpeg(),
  };
}

/** Options of {@link issueMdl}. */
export interface IssueMdlOptions extends PresetOptions {
  /** Replaces fields of {@link defaultMdlHolder}. */
  readonly holder?: Partial<MdlHolder>;
}

/**
 * Issues a test mDL: family_name, given_name, birth_date, issue_date (the issuance day),
 * expiry_date (five years on), issuing_country `JP`, issuing_authority, document_number,
 * portrait, driving_privileges (category B), un_distinguishing_sign `J`, sex, age_in_years,
 * age_birth_year, age_over_18 and age_over_21 (as of the issuance time). NEVER FOR PRODUCTION.
 *
 * @example
 * ```ts
 * const mdl = await issueMdl({ pki, holder: { givenName: 'Hanako', sex: 2 } });
 * ```
 * @throws {UketoriTypeError} / {UketoriRangeError} as {@link issueCredential}.
 */
export function issueMdl(options: IssueMdlOptions): Promise<TestCredential> {
  const h: MdlHolder = { ...defaultMdlHolder(), ...options.holder };
  const at = options.now ?? options.pki.now;
  const issueDate = fullDateOf(at);
  const expiryDate = plusYears(issueDate, 5);
  const base = {
    [MDL_NAMESPACE]: {
      family_name: h.familyName,
      given_name: h.givenName,
      birth_date: h.birthDate,
      issue_date: issueDate,
      expiry_date: expiryDate,
      issuing_country: 'JP',
      issuing_authority: 'uketori TEST Public Safety Commission',
      document_number: h.documentNumber,
      portrait: h.portrait,
      // ISO/IEC 18013-5 §7.2.4: DrivingPrivileges = [* DrivingPrivilege]
      driving_privileges: [{ vehicle_category_code: 'B', issue_date: plusYears(issueDate, -3), expiry_date: expiryDate }],
      un_distinguishing_sign: 'J',
      sex: h.sex,
      age_in_years: ageInYears(h.birthDate, at),
      age_birth_year: h.birthDate.year,
      ...ageOverElements(h.birthDate, at, [18, 21]),
    },
  };
  return issueCredential({ ...issueOptions(options), docType: MDL_DOCTYPE, nameSpaces: mergeElements(base, options.elements) });
}
