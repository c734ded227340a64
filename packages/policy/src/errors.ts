/**
 * The policy error family. Every refusal of the policy layer is a {@link PolicyError} (a
 * `UketoriError`) with a stable `code`; its message and {@link PolicyError.details} name the
 * purpose, docType and element, never an element value.
 *
 * @module
 */

import { UketoriError } from '@uketori/mdoc';

/** The policy checks, with the basis each implements (the gate's counterpart of mdoc check ids). */
export const POLICY_CHECKS = {
  POLICY_PURPOSE: {
    clause: 'uketori purpose schema; 番号法 20条 (individual number only for My Number work)',
    title: 'A purpose definition is valid against the published schema and the catalogue rules',
  },
  POLICY_REQUEST: {
    clause: 'ISO/IEC 18013-5 §8.3.2.1.2.1 (ItemsRequest, IntentToRetain); 番号法 18条の4; APPI 17条 (purpose specification)',
    title: 'A request asks only for elements the purpose allows, and declares retention only where the purpose may retain',
  },
  POLICY_RESPONSE: {
    clause: 'ISO/IEC 18013-5 §8.3.2.1.2.2 (the mdoc returns what was requested)',
    title: 'A response is for an accepted docType; unrequested elements are dropped and reported; missing required elements make it incomplete',
  },
  POLICY_AUDIT: {
    clause: 'uketori audit record (no personal data)',
    title: 'Every policy decision is written to the audit sink before its result is returned',
  },
} as const satisfies Record<string, { readonly clause: string; readonly title: string }>;

/** A stable policy check id. */
export type PolicyCheckId = keyof typeof POLICY_CHECKS;

/** Stable codes of the policy layer. */
export type PolicyErrorCode =
  | 'ERR_POLICY_SCHEMA'
  | 'ERR_POLICY_MYNUMBER_BASIS'
  | 'ERR_POLICY_DUPLICATE_ID'
  | 'ERR_POLICY_UNKNOWN_PURPOSE'
  | 'ERR_POLICY_OVER_REQUEST'
  | 'ERR_POLICY_OVER_RETENTION'
  | 'ERR_POLICY_DOCTYPE'
  | 'ERR_POLICY_NOT_PERMITTED'
  | 'ERR_POLICY_NO_LEGAL_BASIS'
  | 'ERR_POLICY_CHANNEL'
  | 'ERR_POLICY_AUDIT'
  | 'ERR_POLICY_VALUE';

/** Names (never values) that locate a policy error. */
export interface PolicyErrorDetails {
  readonly purposeId?: string;
  readonly docType?: string;
  readonly namespace?: string;
  readonly identifier?: string;
  /** For schema errors: each failed rule with its JSON pointer into the definition. */
  readonly problems?: readonly { readonly path: string; readonly message: string }[];
}

/**
 * Base class of the policy errors.
 *
 * @example
 * ```ts
 * try {
 *   planRequest(getPurpose('age_20_plus'), { elements: [{ namespace: 'org.iso.23220.1.jp', identifier: 'full_name_unicode' }] });
 * } catch (err) {
 *   if (err instanceof PolicyError && err.code === 'ERR_POLICY_OVER_REQUEST') {
 *     err.details.identifier; // 'full_name_unicode'
 *   }
 * }
 * ```
 */
export class PolicyError extends UketoriError {
  declare readonly code: PolicyErrorCode;
  /** The policy check that failed. */
  readonly policyCheck: PolicyCheckId;
  /** Names locating the error; safe to log. */
  readonly details: PolicyErrorDetails;

  constructor(code: PolicyErrorCode, policyCheck: PolicyCheckId, message: string, details: PolicyErrorDetails = {}, cause?: unknown) {
    super(code, message, cause === undefined ? {} : { cause });
    this.policyCheck = policyCheck;
    this.details = details;
  }
}

/**
 * A purpose definition that is not valid (`ERR_POLICY_SCHEMA`, `ERR_POLICY_MYNUMBER_BASIS`, `ERR_POLICY_DUPLICATE_ID`).
 *
 * @example
 * ```ts
 * if (err instanceof PurposeDefinitionError) console.warn(err.code, err.details); // names only
 * ```
 */
export class PurposeDefinitionError extends PolicyError {}

/**
 * A request the purpose does not allow (`ERR_POLICY_OVER_REQUEST`, `ERR_POLICY_DOCTYPE`, `ERR_POLICY_NOT_PERMITTED`, …).
 *
 * @example
 * ```ts
 * if (err instanceof PolicyRequestError) console.warn(err.code, err.details); // names only
 * ```
 */
export class PolicyRequestError extends PolicyError {}

/**
 * A response the purpose cannot accept (`ERR_POLICY_DOCTYPE`, `ERR_POLICY_OVER_REQUEST` for a widened plan).
 *
 * @example
 * ```ts
 * if (err instanceof PolicyResponseError) console.warn(err.code, err.details); // names only
 * ```
 */
export class PolicyResponseError extends PolicyError {}

/**
 * The audit record could not be written; the decision is withheld (`ERR_POLICY_AUDIT`).
 *
 * @example
 * ```ts
 * if (err instanceof AuditError) console.warn(err.code, err.details); // names only
 * ```
 */
export class AuditError extends PolicyError {}

/**
 * An element value that does not have the expected form, or two elements that disagree (`ERR_POLICY_VALUE`).
 *
 * @example
 * ```ts
 * if (err instanceof PolicyValueError) console.warn(err.code, err.details); // names only
 * ```
 */
export class PolicyValueError extends PolicyError {}

/** `"namespace"/"identifier"`, the way messages name an element. */
export function quoteElement(namespace: string, identifier: string): string {
  return `${JSON.stringify(namespace)}/${JSON.stringify(identifier)}`;
}
