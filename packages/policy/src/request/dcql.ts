/**
 * OpenID4VP 1.0 DCQL (§6) for `mso_mdoc` credentials (Appendix B.2.3), built from plans: the
 * claims are exactly the plan's elements, each path `[namespace, identifier]` with its
 * `intent_to_retain`.
 *
 * @module
 */

import { UketoriTypeError } from '@uketori/mdoc';
import type { Purpose } from '../purpose/types.js';
import { planRequests, type PlanRequestOptions, type RequestPlan } from './plan.js';

/** A DCQL claims query for an mdoc element (OpenID4VP 1.0 §6.3, B.2.3). */
export interface DcqlMdocClaimQuery {
  /** `[namespace, dataElementIdentifier]`: exactly two strings for mso_mdoc. */
  readonly path: readonly [string, string];
  /** ISO/IEC 18013-5 IntentToRetain. */
  readonly intent_to_retain: boolean;
}

/** A DCQL Credential Query for one mdoc docType (OpenID4VP 1.0 §6.1). */
export interface DcqlMdocCredentialQuery {
  /** Unique within the query; alphanumerics, `_` and `-`. */
  readonly id: string;
  readonly format: 'mso_mdoc';
  readonly meta: { readonly doctype_value: string };
  readonly claims: readonly DcqlMdocClaimQuery[];
}

/** A DCQL query (OpenID4VP 1.0 §6). */
export interface DcqlQuery {
  readonly credentials: readonly DcqlMdocCredentialQuery[];
  /** Present when several docTypes are acceptable: any one of them satisfies the request (§6.2). */
  readonly credential_sets?: readonly { readonly options: readonly (readonly string[])[]; readonly required: boolean }[];
}

/**
 * A DCQL credential id for a docType (OpenID4VP 1.0 §6.1: alphanumerics, `_`, `-`).
 *
 * @example
 * ```ts
 * dcqlCredentialId('org.iso.23220.1.jp.mnc'); // 'org_iso_23220_1_jp_mnc'
 * ```
 */
export function dcqlCredentialId(docType: string): string {
  return docType.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * The DCQL Credential Query of a plan.
 *
 * @example
 * ```ts
 * toDcqlCredentialQuery(planRequest(getPurpose('age_20_plus')));
 * // { id: 'org_iso_23220_1_jp_mnc', format: 'mso_mdoc', meta: { doctype_value: 'org.iso.23220.1.jp.mnc' },
 * //   claims: [{ path: ['org.iso.23220.1', 'age_over_20'], intent_to_retain: false }] }
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` when `options.id` is not alphanumerics, `_` and `-`.
 */
export function toDcqlCredentialQuery(plan: RequestPlan, options: { readonly id?: string } = {}): DcqlMdocCredentialQuery {
  const id = options.id ?? dcqlCredentialId(plan.docType);
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new UketoriTypeError('"options.id" must be alphanumerics, "_" and "-"');
  return {
    id,
    format: 'mso_mdoc',
    meta: { doctype_value: plan.docType },
    claims: plan.elements.map((e) => ({ path: [e.namespace, e.identifier] as const, intent_to_retain: e.intentToRetain })),
  };
}

/**
 * A DCQL query for one or more plans. With several plans (alternative docTypes) a required
 * `credential_sets` entry lets the wallet answer with any one of them.
 *
 * @example
 * ```ts
 * const dcql_query = toDcqlQuery(planRequests(getPurpose('age_18_plus')));
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for no plans or two plans for one docType.
 */
export function toDcqlQuery(plans: RequestPlan | readonly RequestPlan[]): DcqlQuery {
  const list: readonly RequestPlan[] = Array.isArray(plans) ? plans : [plans as RequestPlan];
  if (list.length === 0) throw new UketoriTypeError('"plans" must not be empty');
  const credentials = list.map((p) => toDcqlCredentialQuery(p));
  if (new Set(credentials.map((c) => c.id)).size !== credentials.length) throw new UketoriTypeError('"plans" has two plans for one docType');
  if (credentials.length === 1) return { credentials };
  return { credentials, credential_sets: [{ options: credentials.map((c) => [c.id]), required: true }] };
}

/**
 * {@link planRequests} then {@link toDcqlQuery}.
 *
 * @example
 * ```ts
 * const dcql_query = buildDcqlQuery(getPurpose('aml_kyc_jp'), { now });
 * ```
 * @throws as {@link planRequests}.
 */
export function buildDcqlQuery(purpose: Purpose, options: Omit<PlanRequestOptions, 'docType' | 'elements'> & { readonly docTypes?: readonly string[] } = {}): DcqlQuery {
  return toDcqlQuery(planRequests(purpose, options));
}
