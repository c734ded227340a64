/**
 * The KYC record (確認記録, 犯収法 6条): what the business keeps after a completed verification —
 * only the elements the purpose says may be retained, each with the rule and the date until which
 * it may be kept. One function builds it from either channel's result (an mdoc `PolicyResult` or a
 * デジタル認証アプリ `JpkiOidcPolicyResult`), so one handler serves every flow.
 *
 * @module
 */

import { FullDate } from '@uketori/mdoc';
import { channelOf, type VerificationResultView } from '@uketori/jpki-oidc';
import { reveal } from '@uketori/policy';

/** One retention rule of a record: which elements it covers and until when they may be kept. */
export interface KycRetention {
  /** The purpose's rule name, e.g. `kyc_record`. */
  readonly rule: string;
  /** ISO 8601 period, e.g. `P7Y`. */
  readonly period: string;
  readonly from: 'verification' | 'relationship_end';
  /** JST calendar date (`YYYY-MM-DD`) after which the elements must be deleted without delay. */
  readonly untilDate: string;
  /**
   * True when the period runs from the end of the business relationship: `untilDate` is then the
   * earliest possible end, counted from the verification. Recompute it with `retentionUntil` of
   * `@uketori/policy` when the relationship ends (犯収法 6条2項: 7 years from that day).
   */
  readonly provisional: boolean;
  /** The elements kept under this rule, `namespace/identifier`. */
  readonly elements: readonly string[];
}

/** What the business keeps. Values are plain: text, `YYYY-MM-DD` dates, numbers, bytes (the portrait). */
export interface KycRecord {
  /** The transaction id of the verification (also the audit record's). */
  readonly id: string;
  readonly purposeId: string;
  /** `mdoc` (DC API or OpenID4VP) or `jpki-oidc` (the デジタル認証アプリ). */
  readonly channel: 'mdoc' | 'jpki-oidc';
  readonly docType: string;
  /** ISO 8601 time of the verification. */
  readonly verifiedAt: string;
  /** The legal basis in force, as one-line Japanese citations. */
  readonly legalBasis: readonly string[];
  /** The retained values, by namespace then identifier. Never log them. */
  readonly elements: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly retention: readonly KycRetention[];
}

/** Where KYC records are kept. Implement it over your database (the portrait is bytes). */
export interface KycRecordStore {
  save(record: KycRecord): Promise<void> | void;
  get(id: string): Promise<KycRecord | undefined> | KycRecord | undefined;
}

/**
 * A store in process memory, for tests and a first run. Production keeps records in a database
 * for the retention period, encrypted at rest, and deletes them after `untilDate`.
 *
 * @example
 * ```ts
 * const records = memoryKycRecordStore();
 * await records.save(record);
 * ```
 * @throws never.
 */
export function memoryKycRecordStore(): KycRecordStore & { readonly records: ReadonlyMap<string, KycRecord> } {
  const records = new Map<string, KycRecord>();
  return {
    records,
    save(record) {
      records.set(record.id, record);
    },
    get(id) {
      return records.get(id);
    },
  };
}

/** A value as the record keeps it: a `FullDate` or `Date` as text, the rest unchanged. */
function plain(value: unknown): unknown {
  if (value instanceof FullDate) return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value;
}

/**
 * The KYC record of a complete result, or `undefined` when the result is incomplete (no record:
 * the identification did not happen). Only elements whose retention says `retain: true` are kept;
 * sensitive ones (the portrait) are unboxed here, for the record only.
 *
 * @example
 * ```ts
 * const record = kycRecordOf(result); // result: PolicyResult or JpkiOidcPolicyResult
 * if (record !== undefined) await records.save(record);
 * ```
 * @throws never.
 */
export function kycRecordOf(result: VerificationResultView): KycRecord | undefined {
  if (result.outcome !== 'complete') return undefined;
  const doc = result.documents.find((d) => d.complete);
  if (doc === undefined) return undefined;
  const elements: Record<string, Record<string, unknown>> = {};
  const rules = new Map<string, { rule: string; period: string; from: 'verification' | 'relationship_end'; untilDate: string; provisional: boolean; elements: string[] }>();
  for (const { namespace, identifier, retention } of doc.retention) {
    if (!retention.retain) continue;
    const value = doc.issuerSigned[namespace]?.[identifier];
    if (value === undefined) continue;
    (elements[namespace] ??= {})[identifier] = plain(reveal(value));
    const entry = rules.get(retention.rule) ?? {
      rule: retention.rule,
      period: retention.period,
      from: retention.from,
      untilDate: retention.untilDate,
      provisional: retention.provisional,
      elements: [],
    };
    entry.elements.push(`${namespace}/${identifier}`);
    rules.set(retention.rule, entry);
  }
  return {
    id: result.transactionId,
    purposeId: result.purposeId,
    channel: channelOf(result),
    docType: doc.docType,
    verifiedAt: result.at.toISOString(),
    legalBasis: result.audit.legalBasis,
    elements,
    retention: [...rules.values()],
  };
}
