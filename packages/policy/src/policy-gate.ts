/**
 * The thin stateful layer over the pure gates: purposes by id from a registry, a clock, and an
 * audit sink that receives one record per decision — request issued, request refused, response
 * complete, incomplete or rejected — before the decision is returned. A record that cannot be
 * written withholds the decision (`ERR_POLICY_AUDIT`): fail closed.
 *
 * @module
 */

import { randomUUID } from 'node:crypto';
import { UketoriTypeError, type VerifiedDeviceResponse } from '@uketori/mdoc';
import { assertTransactionId, auditRecord, namesOf, type AuditRecord } from './audit/record.js';
import { jsonLinesAuditSink, type AuditSink } from './audit/sink.js';
import { AuditError, PolicyError } from './errors.js';
import { legalBasisAt, oidcLegalBasisAt } from './purpose/legal-basis.js';
import { createPurposeRegistry, type PurposeRegistry } from './purpose/registry.js';
import type { OidcScope, Purpose } from './purpose/types.js';
import { oidcScopes } from './request/oidc.js';
import { planRequest, planRequests, type ElementSelection, type RequestPlan } from './request/plan.js';
import { gateResponse } from './response/gate.js';
import type { PolicyResult } from './response/types.js';

/** The default audit file, relative to the working directory. */
export const DEFAULT_AUDIT_FILE = 'uketori-audit.jsonl';

/** Options of {@link createPolicyGate}. */
export interface PolicyGateOptions {
  /** Where purposes come from. Default: the built-in presets only. */
  readonly registry?: PurposeRegistry;
  /** An audit sink, or the path of a JSON Lines file. Default: {@link DEFAULT_AUDIT_FILE}. */
  readonly audit?: AuditSink | string;
  /** The clock. Default: `() => new Date()`. */
  readonly clock?: () => Date;
}

/** Options of {@link PolicyGate.request}. */
export interface GateRequestOptions {
  /** One docType (then `elements` may add optional ones), or several alternatives. Default: every docType of the purpose. */
  readonly docType?: string;
  readonly docTypes?: readonly string[];
  readonly elements?: readonly ElementSelection[] | 'all';
  /** `false`: declare no retention. Default `true`. */
  readonly retain?: boolean;
  /** Default: a random UUID. */
  readonly transactionId?: string;
}

/** A request the gate let through: keep it (it is plain JSON) until the response arrives. */
export interface PolicyRequest {
  readonly transactionId: string;
  readonly purposeId: string;
  readonly plans: readonly RequestPlan[];
}

/** The stateful policy gate. */
export interface PolicyGate {
  readonly registry: PurposeRegistry;
  /**
   * Plans a request for a purpose and records it.
   *
   * @throws {PolicyError} any request-gate code (`ERR_POLICY_OVER_REQUEST`, …), after a `refused` record.
   * @throws {AuditError} `ERR_POLICY_AUDIT` when the record cannot be written.
   */
  request(purposeId: string, options?: GateRequestOptions): Promise<PolicyRequest>;
  /**
   * The デジタル認証アプリ scopes for a purpose, recorded like a request.
   *
   * @throws {PolicyError} `ERR_POLICY_CHANNEL`, `ERR_POLICY_OVER_REQUEST`, … after a `refused` record.
   * @throws {AuditError} `ERR_POLICY_AUDIT`.
   */
  oidcRequest(purposeId: string, options?: { readonly scopes?: readonly string[]; readonly transactionId?: string }): Promise<{ transactionId: string; scopes: OidcScope[] }>;
  /**
   * Gates a verified response for a request and records the decision.
   *
   * @throws {PolicyError} `ERR_POLICY_DOCTYPE`, … after a `rejected` record.
   * @throws {AuditError} `ERR_POLICY_AUDIT`.
   */
  response(request: PolicyRequest, verified: VerifiedDeviceResponse): Promise<PolicyResult>;
  /** Closes the audit sink. */
  close(): Promise<void>;
}

/**
 * Creates a policy gate.
 *
 * @example
 * ```ts
 * const gate = createPolicyGate({ audit: jsonLinesAuditSink('/var/log/uketori/audit.jsonl') });
 * const request = await gate.request('aml_kyc_jp');
 * const items = toItemsRequest(request.plans[0]!); // → reader
 * // … holder answers, verifyDeviceResponse …
 * const result = await gate.response(request, verified);
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for malformed options.
 */
export function createPolicyGate(options: PolicyGateOptions = {}): PolicyGate {
  const registry = options.registry ?? createPurposeRegistry();
  const sink: AuditSink = typeof options.audit === 'object' && options.audit !== null ? options.audit : jsonLinesAuditSink(options.audit ?? DEFAULT_AUDIT_FILE);
  if (typeof sink.write !== 'function') throw new UketoriTypeError('"options.audit" must be an AuditSink or a file path');
  const clock = options.clock ?? (() => new Date());

  async function record(entry: AuditRecord, withheld?: PolicyError): Promise<void> {
    try {
      await sink.write(entry);
    } catch (cause) {
      const what = withheld === undefined ? `${entry.decision} decision` : `${entry.decision} decision (${withheld.code})`;
      throw new AuditError('ERR_POLICY_AUDIT', 'POLICY_AUDIT', `audit record for the ${what} could not be written; the decision is withheld`, { purposeId: entry.purposeId }, cause);
    }
  }

  /** Records a refusal or rejection by a policy error, then rethrows it. */
  async function refuse(err: unknown, purpose: Purpose | undefined, transactionId: string, time: Date, decision: AuditRecord['decision'], channel: 'mdoc' | 'oidc' = 'mdoc'): Promise<never> {
    if (err instanceof PolicyError) {
      const { docType, namespace, identifier } = err.details;
      const basis = purpose === undefined ? [] : channel === 'oidc' ? oidcLegalBasisAt(purpose, time) : legalBasisAt(purpose, time);
      const entry = auditRecord(
        { time, transactionId, purposeId: purpose?.id ?? err.details.purposeId ?? '(unknown)', legalBasis: basis },
        decision,
        decision === 'request' ? 'refused' : 'rejected',
        docType === undefined ? [] : [{ docType }],
        { code: err.code, ...(namespace !== undefined && identifier !== undefined ? { element: { namespace, identifier } } : {}) },
      );
      await record(entry, err);
    }
    throw err;
  }

  function lookup(purposeId: string): Purpose | undefined {
    return typeof purposeId === 'string' && registry.has(purposeId) ? registry.get(purposeId) : undefined;
  }

  return {
    registry,
    async request(purposeId, opts = {}) {
      const transactionId = opts.transactionId ?? randomUUID();
      assertTransactionId(transactionId);
      const now = clock();
      const purpose = lookup(purposeId);
      let plans: RequestPlan[];
      try {
        const p = registry.get(purposeId);
        const base = { now, ...(opts.retain === undefined ? {} : { retain: opts.retain }) };
        plans =
          opts.docType !== undefined || opts.elements !== undefined
            ? [planRequest(p, { ...base, ...(opts.docType === undefined ? {} : { docType: opts.docType }), ...(opts.elements === undefined ? {} : { elements: opts.elements }) })]
            : planRequests(p, { ...base, ...(opts.docTypes === undefined ? {} : { docTypes: opts.docTypes }) });
      } catch (err) {
        return refuse(err, purpose, transactionId, now, 'request');
      }
      const entry = auditRecord(
        { time: now, transactionId, purposeId, legalBasis: plans[0]?.legalBasis ?? [] },
        'request',
        'requested',
        plans.map((p) => ({ docType: p.docType, requested: namesOf(p.elements), retained: namesOf(p.elements.filter((e) => e.intentToRetain)) })),
      );
      await record(entry);
      return { transactionId, purposeId, plans };
    },
    async oidcRequest(purposeId, opts = {}) {
      const transactionId = opts.transactionId ?? randomUUID();
      assertTransactionId(transactionId);
      const now = clock();
      const purpose = lookup(purposeId);
      let scopes: OidcScope[];
      try {
        scopes = oidcScopes(registry.get(purposeId), { now, ...(opts.scopes === undefined ? {} : { scopes: opts.scopes }) });
      } catch (err) {
        return refuse(err, purpose, transactionId, now, 'request', 'oidc');
      }
      // Scopes are recorded under a pseudo-namespace: they are names too. The basis is the OIDC channel's own.
      const entry = auditRecord({ time: now, transactionId, purposeId, legalBasis: oidcLegalBasisAt(purpose!, now) }, 'request', 'requested', [
        { docType: 'oidc:auth-and-sign', requested: { scope: scopes } },
      ]);
      await record(entry);
      return { transactionId, scopes };
    },
    async response(request, verified) {
      if (request === null || typeof request !== 'object' || !Array.isArray(request.plans)) throw new UketoriTypeError('"request" must be a PolicyRequest (see gate.request)');
      assertTransactionId(request.transactionId);
      const now = clock();
      const purpose = lookup(request.purposeId);
      let result: PolicyResult;
      try {
        result = gateResponse(registry.get(request.purposeId), request.plans, verified, { now, transactionId: request.transactionId });
      } catch (err) {
        return refuse(err, purpose, request.transactionId, now, 'response');
      }
      await record(result.audit);
      return result;
    },
    async close() {
      await sink.close?.();
    },
  };
}
