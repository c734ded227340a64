/**
 * Audit records of the OIDC channel: the policy's `AuditRecord` (names only) plus `channel:
 * 'jpki-oidc'` and the scopes, written to the policy's `AuditSink` before a decision is returned.
 * A record that cannot be written withholds the decision (`ERR_POLICY_AUDIT`), as the policy gate does.
 *
 * @module
 */

import { AuditError, PolicyError, auditRecord, namesOf, type AuditSink, type LegalBasisEntry } from '@uketori/policy';
import { JPKI_OIDC_CHANNEL, type OidcRequestPlan } from './plan.js';
import type { JpkiOidcAuditRecord } from './types.js';

/**
 * The record of a login request the gate let through.
 *
 * @example
 * ```ts
 * await sink.write(requestRecord(plan, transactionId, now));
 * ```
 */
export function requestRecord(plan: OidcRequestPlan, transactionId: string, now: Date): JpkiOidcAuditRecord {
  const base = auditRecord({ time: now, transactionId, purposeId: plan.purposeId, legalBasis: plan.legalBasis }, 'request', 'requested', [
    { docType: plan.docType, requested: namesOf(plan.elements), retained: namesOf(plan.elements.filter((e) => e.intentToRetain)) },
  ]);
  return { ...base, channel: JPKI_OIDC_CHANNEL, scopes: [...plan.scopes] };
}

/**
 * The record of a refused request or a rejected response (a policy error, or a failed OIDC check).
 *
 * @example
 * ```ts
 * await sink.write(failureRecord('request', 'age_20_plus', [], err, transactionId, now));
 * ```
 */
export function failureRecord(decision: 'request' | 'response', purposeId: string, legalBasis: readonly LegalBasisEntry[], err: { readonly code: string }, transactionId: string, now: Date): JpkiOidcAuditRecord {
  const details = err instanceof PolicyError ? err.details : {};
  const element = details.namespace !== undefined && details.identifier !== undefined ? { namespace: details.namespace, identifier: details.identifier } : undefined;
  const base = auditRecord(
    { time: now, transactionId, purposeId, legalBasis },
    decision,
    decision === 'request' ? 'refused' : 'rejected',
    details.docType === undefined ? [] : [{ docType: details.docType }],
    { code: err.code, ...(element === undefined ? {} : { element }) },
  );
  return { ...base, channel: JPKI_OIDC_CHANNEL, scopes: [] };
}

/**
 * Writes a record, withholding the decision when it cannot be written.
 *
 * @throws {AuditError} `ERR_POLICY_AUDIT`.
 */
export async function writeRecord(sink: AuditSink | undefined, record: JpkiOidcAuditRecord): Promise<void> {
  if (sink === undefined) return;
  try {
    await sink.write(record);
  } catch (cause) {
    throw new AuditError('ERR_POLICY_AUDIT', 'POLICY_AUDIT', `audit record for the ${record.decision} decision could not be written; the decision is withheld`, { purposeId: record.purposeId }, cause);
  }
}
