/**
 * The audit record: one per policy decision, with names only — purpose, docType, element names,
 * outcome, issuer (IACA subject key id), transaction id and time. No element value can enter a
 * record: the builders take names, never a result's values.
 *
 * @module
 */

import { UketoriTypeError } from '@uketori/mdoc';
import type { ElementRef } from '../catalogue.js';
import { citeJa } from '../purpose/legal-basis.js';
import type { LegalBasisEntry } from '../purpose/types.js';

/** Element identifiers per namespace, as in an ItemsRequest. */
export type ElementNames = Readonly<Record<string, readonly string[]>>;

/** What happened to one document. */
export interface AuditDocument {
  readonly docType: string;
  /** Subject key identifier (lowercase hex) of the IACA the document chained to; absent for requests. */
  readonly issuer?: string;
  readonly requested: ElementNames;
  /** Issuer-signed elements kept (requested and received). */
  readonly received: ElementNames;
  /** Elements received but not requested, removed from the result. */
  readonly dropped: ElementNames;
  /** Unsatisfied requirements, each `ns/id` or alternatives joined with `|`. */
  readonly missing: readonly string[];
  /** Elements the result says may be retained. */
  readonly retained: ElementNames;
}

/** The decision outcomes. */
export type AuditOutcome = 'requested' | 'refused' | 'complete' | 'incomplete' | 'rejected';

/** One line of the audit log. */
export interface AuditRecord {
  /** Record format version. */
  readonly v: 1;
  /** ISO 8601 time of the decision. */
  readonly time: string;
  readonly transactionId: string;
  readonly purposeId: string;
  readonly decision: 'request' | 'response';
  readonly outcome: AuditOutcome;
  /** The error code of a refusal or rejection. */
  readonly code?: string;
  /** The element a refusal names, `ns/id`. */
  readonly element?: string;
  /** The legal basis in force, as one-line Japanese citations. */
  readonly legalBasis: readonly string[];
  readonly documents: readonly AuditDocument[];
}

const TRANSACTION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Throws unless `id` is a safe transaction id (1–128 of `A-Z a-z 0-9 . _ : -`): the audit log
 * must not become a place for free text.
 *
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE`.
 */
export function assertTransactionId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !TRANSACTION_ID.test(id)) {
    throw new UketoriTypeError('"transactionId" must be 1-128 characters of A-Z a-z 0-9 . _ : -', 'ERR_INVALID_ARG_VALUE');
  }
}

/**
 * Groups element refs by namespace, in order, without duplicates: the `ElementNames` of a record.
 *
 * @example
 * ```ts
 * namesOf(plan.elements); // { 'org.iso.23220.1.jp': ['full_name_unicode', 'portrait'] }
 * ```
 */
export function namesOf(refs: Iterable<ElementRef>): ElementNames {
  const byNs = new Map<string, string[]>();
  for (const { namespace, identifier } of refs) {
    const list = byNs.get(namespace) ?? [];
    if (!list.includes(identifier)) list.push(identifier);
    byNs.set(namespace, list);
  }
  // Object.fromEntries defines own properties, so no identifier can reach a prototype.
  return Object.fromEntries(byNs);
}

/** Fields every record shares. */
export interface AuditBase {
  readonly time: Date;
  readonly transactionId: string;
  readonly purposeId: string;
  readonly legalBasis: readonly LegalBasisEntry[];
}

/**
 * Builds a record. `documents` and `element` carry names only.
 *
 * @example
 * ```ts
 * const record = auditRecord({ time: now, transactionId, purposeId: 'age_20_plus', legalBasis: [] }, 'request', 'requested', [
 *   { docType: 'org.iso.23220.1.jp.mnc', requested: { 'org.iso.23220.1': ['age_over_20'] } },
 * ]);
 * ```
 * @throws {UketoriTypeError} for an unsafe transaction id.
 */
export function auditRecord(
  base: AuditBase,
  decision: AuditRecord['decision'],
  outcome: AuditOutcome,
  documents: readonly (Partial<AuditDocument> & { readonly docType: string })[],
  failure?: { readonly code: string; readonly element?: ElementRef },
): AuditRecord {
  assertTransactionId(base.transactionId);
  return {
    v: 1,
    time: base.time.toISOString(),
    transactionId: base.transactionId,
    purposeId: base.purposeId,
    decision,
    outcome,
    ...(failure === undefined ? {} : { code: failure.code }),
    ...(failure?.element === undefined ? {} : { element: `${failure.element.namespace}/${failure.element.identifier}` }),
    legalBasis: base.legalBasis.map(citeJa),
    documents: documents.map((d) => ({
      docType: d.docType,
      ...(d.issuer === undefined ? {} : { issuer: d.issuer }),
      requested: d.requested ?? {},
      received: d.received ?? {},
      dropped: d.dropped ?? {},
      missing: d.missing ?? [],
      retained: d.retained ?? {},
    })),
  };
}
