/**
 * Retention: until when a received element may be kept. Periods are counted on the Japan Standard
 * Time calendar (statutory periods such as 犯収法 6条2項's 7 years run in calendar years).
 *
 * @module
 */

import { UketoriTypeError } from '@uketori/mdoc';
import { assertDate, jstDate } from './purpose/legal-basis.js';
import type { LegalCitation, RetentionRuleDefinition } from './purpose/types.js';

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const PERIOD = /^P(?=\d)(?:(\d{1,3})Y)?(?:(\d{1,3})M)?(?:(\d{1,4})D)?$/;

/** What the result says about keeping one element. */
export type Retention =
  | {
      /** Not retained: use the value for this transaction only, then discard it. */
      readonly retain: false;
    }
  | {
      readonly retain: true;
      /** The purpose's retention rule name (e.g. `kyc_record`). */
      readonly rule: string;
      /** ISO 8601 period, e.g. `P7Y`. */
      readonly period: string;
      readonly from: 'verification' | 'relationship_end';
      /** Keep until this instant; afterwards delete without delay (APPI 22条). */
      readonly until: Date;
      /** `until` as a JST calendar date, `YYYY-MM-DD`. */
      readonly untilDate: string;
      /**
       * True when the period runs from the end of the business relationship, which is not known
       * yet: `until` is then counted from the verification and is the earliest possible end —
       * recompute with {@link retentionUntil} and `relationshipEnd` when the relationship ends.
       */
      readonly provisional: boolean;
      readonly basis?: LegalCitation;
    };

/**
 * `period` moved forward from `start` on the JST calendar; the 29th–31st clamp to the month's end.
 *
 * @example
 * ```ts
 * addPeriod(new Date('2024-02-29T00:00:00+09:00'), 'P1Y'); // 2025-02-28 00:00 JST
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for a period that is not `PnYnMnD`.
 */
export function addPeriod(start: Date, period: string): Date {
  const m = PERIOD.exec(period);
  if (m === null) throw new UketoriTypeError('"period" must be an ISO 8601 period of years, months and days (PnYnMnD)');
  const shifted = new Date(start.getTime() + JST_OFFSET_MS);
  const year = shifted.getUTCFullYear() + Number(m[1] ?? 0);
  const monthIndex = shifted.getUTCMonth() + Number(m[2] ?? 0);
  const y = year + Math.floor(monthIndex / 12);
  const mo = monthIndex % 12;
  const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  const day = Math.min(shifted.getUTCDate(), lastDay) + Number(m[3] ?? 0);
  const timeOfDay = shifted.getTime() - Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate());
  return new Date(Date.UTC(y, mo, day) + timeOfDay - JST_OFFSET_MS);
}

/** Options of {@link retentionUntil}. */
export interface RetentionUntilOptions {
  /** The verification time. */
  readonly now: Date;
  /** The day the business relationship (contract) ended, for rules counted from it. */
  readonly relationshipEnd?: Date;
}

/**
 * Until when a rule lets an element be kept.
 *
 * @example
 * ```ts
 * const rule = getPurpose('aml_kyc_jp').retention['kyc_record']!;
 * retentionUntil(rule, { now, relationshipEnd: new Date('2030-03-31T00:00:00+09:00') }).untilDate; // '2037-03-31'
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for an invalid date or period.
 */
export function retentionUntil(rule: RetentionRuleDefinition, options: RetentionUntilOptions): { until: Date; untilDate: string; provisional: boolean } {
  assertDate(options.now, 'options.now');
  if (options.relationshipEnd !== undefined) assertDate(options.relationshipEnd, 'options.relationshipEnd');
  const fromEnd = rule.from === 'relationship_end';
  const start = fromEnd && options.relationshipEnd !== undefined ? options.relationshipEnd : options.now;
  const until = addPeriod(start, rule.period);
  return { until, untilDate: jstDate(until), provisional: fromEnd && options.relationshipEnd === undefined };
}

/** The {@link Retention} of an element kept under `rule` (or not kept when `rule` is undefined). */
export function retentionOf(rule: (RetentionRuleDefinition & { readonly name: string }) | undefined, now: Date): Retention {
  if (rule === undefined) return { retain: false };
  const { until, untilDate, provisional } = retentionUntil(rule, { now });
  return {
    retain: true,
    rule: rule.name,
    period: rule.period,
    from: rule.from,
    until,
    untilDate,
    provisional,
    ...(rule.basis === undefined ? {} : { basis: rule.basis }),
  };
}
