/**
 * `birth_date_unicode` (生年月日 as text, e.g. 「1971年9月1日」) to an ISO full-date, Japanese era
 * dates (和暦, e.g. 「昭和46年9月1日」) included, and its agreement with the ISO `birth_date`.
 *
 * @module
 */

import { FullDate, type ElementsByNamespace } from '@uketori/mdoc';
import { ISO_23220_NAMESPACE, JP_NAMESPACE } from '../catalogue.js';
import { compact, valueError, valueOf } from './values.js';

/** A Japanese era: the Gregorian year of its first year and its first and last days (inclusive). */
interface Era {
  readonly base: number;
  readonly first: string;
  readonly last?: string;
}

// Each era starts on the day of accession (改元), the previous one ends the day before.
// Meiji dates before 明治6年1月1日 (1873-01-01) are in the lunisolar calendar (天保暦), which has
// no day-for-day Gregorian equivalent by offset, so they are refused rather than guessed.
const ERAS: Readonly<Record<string, Era>> = {
  明治: { base: 1868, first: '1873-01-01', last: '1912-07-29' },
  大正: { base: 1912, first: '1912-07-30', last: '1926-12-24' },
  昭和: { base: 1926, first: '1926-12-25', last: '1989-01-07' },
  平成: { base: 1989, first: '1989-01-08', last: '2019-04-30' },
  令和: { base: 2019, first: '2019-05-01' },
};

const DATE = /^(明治|大正|昭和|平成|令和)?(元|\d{1,4})年(\d{1,2})月(\d{1,2})日$/u;

function invalid(problem: string): never {
  throw valueError(JP_NAMESPACE, 'birth_date_unicode', problem);
}

/**
 * Parses a Japanese date — Gregorian 「1971年9月1日」 or era 「昭和46年9月1日」 / 「令和元年5月1日」,
 * full-width digits allowed — into a `FullDate`. An era date must fall inside its era.
 *
 * @example
 * ```ts
 * String(parseJapaneseDate('1971年9月1日')); // '1971-09-01'
 * String(parseJapaneseDate('昭和46年9月1日')); // '1971-09-01'
 * parseJapaneseDate('昭和64年1月8日'); // throws: 昭和 ended on 1989-01-07
 * ```
 * @throws {PolicyValueError} `ERR_POLICY_VALUE` for text that is not such a date.
 */
export function parseJapaneseDate(text: unknown): FullDate {
  if (typeof text !== 'string' || text.length > 64) invalid('expected a text date such as 1971年9月1日');
  const m = DATE.exec(compact(text));
  if (m === null) invalid('expected a text date such as 1971年9月1日');
  const [, eraName, yearText, monthText, dayText] = m as unknown as [string, string | undefined, string, string, string];
  const era = eraName === undefined ? undefined : ERAS[eraName];
  if (era === undefined && (yearText === '元' || yearText.length !== 4)) invalid('a Gregorian year has four digits');
  const n = yearText === '元' ? 1 : Number(yearText);
  const year = era === undefined ? n : era.base + n - 1;
  let date: FullDate;
  try {
    date = new FullDate(year, Number(monthText), Number(dayText));
  } catch {
    invalid('not a calendar date');
  }
  if (era !== undefined) {
    const iso = date.toString();
    if (n < 1 || iso < era.first || (era.last !== undefined && iso > era.last)) invalid('the date is outside its era');
  }
  return date;
}

/** The birth date of a document and the elements it was read from. */
export interface BirthDate {
  readonly date: FullDate;
  readonly from: readonly ('birth_date' | 'birth_date_unicode')[];
}

function isoBirthDate(value: unknown): FullDate {
  if (value instanceof FullDate) return value;
  // mdoc types a birth_date sent as text (DATE_AS_TEXT); accept the text form too.
  const parsed = typeof value === 'string' ? FullDate.parse(value) : undefined;
  if (parsed === undefined) throw valueError(ISO_23220_NAMESPACE, 'birth_date', 'expected a full-date');
  return parsed;
}

/**
 * The birth date from ISO `birth_date` and/or `birth_date_unicode`; when both were received they
 * must agree. `undefined` when neither was received.
 *
 * @example
 * ```ts
 * birthDateOf(result.documents[0]!.issuerSigned)?.date.toString(); // '1971-09-01'
 * ```
 * @throws {PolicyValueError} `ERR_POLICY_VALUE` for a malformed value or two that disagree.
 */
export function birthDateOf(issuerSigned: ElementsByNamespace): BirthDate | undefined {
  const iso = valueOf(issuerSigned, ISO_23220_NAMESPACE, 'birth_date');
  const text = valueOf(issuerSigned, JP_NAMESPACE, 'birth_date_unicode');
  const a = iso === undefined ? undefined : isoBirthDate(iso);
  const b = text === undefined ? undefined : parseJapaneseDate(text);
  if (a !== undefined && b !== undefined) {
    if (a.toString() !== b.toString()) throw valueError(JP_NAMESPACE, 'birth_date_unicode', `disagrees with ${JSON.stringify(ISO_23220_NAMESPACE)}/"birth_date"`);
    return { date: a, from: ['birth_date', 'birth_date_unicode'] };
  }
  if (a !== undefined) return { date: a, from: ['birth_date'] };
  if (b !== undefined) return { date: b, from: ['birth_date_unicode'] };
  return undefined;
}
