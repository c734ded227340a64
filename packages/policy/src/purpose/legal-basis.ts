/**
 * Which legal basis is in force on a given day. Japanese statutes take effect on calendar days in
 * Japan Standard Time (UTC+9, no daylight saving), so `now` is read on the JST calendar.
 *
 * @module
 */

import { UketoriTypeError } from '@uketori/mdoc';
import { PolicyRequestError } from '../errors.js';
import type { LegalBasisEntry, Purpose } from './types.js';

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** Throws unless `date` is a valid `Date`. */
export function assertDate(date: unknown, name: string): asserts date is Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new UketoriTypeError(`"${name}" must be a valid Date`);
}

/**
 * The Japan Standard Time calendar date of an instant, `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * jstDate(new Date('2027-03-31T15:00:00Z')); // '2027-04-01'
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` when `at` is not a valid Date.
 */
export function jstDate(at: Date): string {
  assertDate(at, 'at');
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** True when `entry` is in force on the JST day `day` (`YYYY-MM-DD`, bounds inclusive). */
export function inForce(entry: LegalBasisEntry, day: string): boolean {
  return (entry.effectiveFrom === undefined || entry.effectiveFrom <= day) && (entry.effectiveUntil === undefined || day <= entry.effectiveUntil);
}

/**
 * The legal basis entries of `purpose` in force at `at` (JST calendar). For `aml_kyc_jp` this is
 * 犯収法施行規則 6条1項1号ル until 2027-03-31 and ト from 2027-04-01.
 *
 * @example
 * ```ts
 * legalBasisAt(getPurpose('aml_kyc_jp'), new Date('2027-04-01T00:00:00+09:00'))[0]?.article.ja; // '第6条第1項第1号ト'
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` when `at` is not a valid Date.
 */
export function legalBasisAt(purpose: Purpose, at: Date): readonly LegalBasisEntry[] {
  const day = jstDate(at);
  return purpose.legalBasis.filter((entry) => inForce(entry, day));
}

/**
 * The legal basis of a login over the デジタル認証アプリ in force at `at` (JST calendar): the
 * purpose's `oidc.legalBasis`, never the card-substitute record's provision, which that channel
 * does not deliver. For `aml_kyc_jp` this is the JPKI method of 犯収法施行規則 6条1項1号 (カ until
 * 2027-03-31, ヌ from 2027-04-01); empty for a purpose whose OIDC use cites none.
 *
 * @example
 * ```ts
 * oidcLegalBasisAt(getPurpose('aml_kyc_jp'), new Date('2026-12-05T00:00:00+09:00'))[0]?.article.ja; // '第6条第1項第1号カ'
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` when `at` is not a valid Date.
 */
export function oidcLegalBasisAt(purpose: Purpose, at: Date): readonly LegalBasisEntry[] {
  const day = jstDate(at);
  return purpose.oidcLegalBasis.filter((entry) => inForce(entry, day));
}

/**
 * The OIDC legal basis in force at `at`; a purpose whose OIDC use cites law but has none in force
 * that day cannot be served over that channel.
 *
 * @throws {PolicyRequestError} `ERR_POLICY_NO_LEGAL_BASIS`.
 */
export function requireOidcLegalBasis(purpose: Purpose, at: Date): readonly LegalBasisEntry[] {
  const entries = oidcLegalBasisAt(purpose, at);
  if (purpose.oidcLegalBasis.length > 0 && entries.length === 0) {
    throw new PolicyRequestError('ERR_POLICY_NO_LEGAL_BASIS', 'POLICY_REQUEST', `purpose ${JSON.stringify(purpose.id)} has no OIDC legal basis in force on ${jstDate(at)} (JST)`, {
      purposeId: purpose.id,
    });
  }
  return entries;
}

/**
 * The legal basis in force at `at`; a purpose that cites law but has none in force that day
 * cannot be used.
 *
 * @throws {PolicyRequestError} `ERR_POLICY_NO_LEGAL_BASIS`.
 */
export function requireLegalBasis(purpose: Purpose, at: Date): readonly LegalBasisEntry[] {
  const entries = legalBasisAt(purpose, at);
  if (purpose.legalBasis.length > 0 && entries.length === 0) {
    throw new PolicyRequestError('ERR_POLICY_NO_LEGAL_BASIS', 'POLICY_REQUEST', `purpose ${JSON.stringify(purpose.id)} has no legal basis in force on ${jstDate(at)} (JST)`, {
      purposeId: purpose.id,
    });
  }
  return entries;
}

/** `法令名 第6条第1項第1号ル` — a one-line citation for records and reports. */
export function citeJa(entry: { readonly law: { readonly ja: string }; readonly article: { readonly ja: string } }): string {
  return `${entry.law.ja} ${entry.article.ja}`;
}

/** `Law name, Art. 6(1)(i)(ru)` — a one-line citation for records and reports. */
export function citeEn(entry: { readonly law: { readonly en: string }; readonly article: { readonly en: string } }): string {
  return `${entry.law.en}, ${entry.article.en}`;
}
