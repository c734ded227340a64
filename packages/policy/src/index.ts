/**
 * @uketori/policy — a receiving program built with uketori cannot collect more than its purpose
 * needs (番号法 18条の4; notes/japan.md §1, §3, §6).
 *
 * A purpose is data (validated against `purpose.schema.json`): the elements it may request per
 * docType, those it must receive, what it may retain and for how long, and its legal basis. The
 * request gate turns a purpose into an ItemsRequest, a DCQL query or OIDC scopes and refuses
 * anything beyond it; the response gate keeps only what was requested, reports the rest, marks the
 * result incomplete when a required element is missing, and boxes sensitive values. Every decision
 * yields an audit record without personal data.
 *
 * @example
 * ```ts
 * import { getPurpose, planRequest, toItemsRequest, gateResponse } from '@uketori/policy';
 *
 * const purpose = getPurpose('aml_kyc_jp');
 * const plan = planRequest(purpose, { now });
 * const itemsRequest = toItemsRequest(plan); // the reader wraps it as #6.24
 * // … the holder answers; verifyDeviceResponse checks it …
 * const result = gateResponse(purpose, plan, verified, { now, transactionId });
 * result.outcome; // 'complete' | 'incomplete'
 * ```
 *
 * @packageDocumentation
 */

export {
  POLICY_CHECKS,
  PolicyError,
  PurposeDefinitionError,
  PolicyRequestError,
  PolicyResponseError,
  AuditError,
  PolicyValueError,
  type PolicyCheckId,
  type PolicyErrorCode,
  type PolicyErrorDetails,
} from './errors.js';
export {
  MY_NUMBER_CARD_DOCTYPE,
  JP_NAMESPACE,
  ISO_23220_NAMESPACE,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  EU_PID_DOCTYPE,
  EU_PID_NAMESPACE,
  KNOWN_ELEMENTS,
  AGE_OVER,
  isKnownDocType,
  knownElement,
  elementName,
  type ElementRef,
  type KnownElement,
} from './catalogue.js';

export type {
  LocalizedText,
  LegalCitation,
  LegalBasisEntry,
  RetentionRuleDefinition,
  PurposeElementDefinition,
  PurposeDocumentDefinition,
  PurposeDefinition,
  OidcScope,
  RetentionRule,
  PurposeElement,
  PurposeDocument,
  Purpose,
} from './purpose/types.js';
export { PURPOSE_SCHEMA, PURPOSE_SCHEMA_ID } from './purpose/schema.js';
export { definePurpose, MY_NUMBER_ACT_LAW_ID, OIDC_SCOPE_ELEMENTS, type CheckPurposeOptions } from './purpose/validate.js';
export {
  createPurposeRegistry,
  getPurpose,
  loadPurposeFile,
  presetPurposes,
  MAX_PURPOSE_FILE_BYTES,
  type PurposeRegistry,
  type CreatePurposeRegistryOptions,
} from './purpose/registry.js';
export { legalBasisAt, oidcLegalBasisAt, jstDate } from './purpose/legal-basis.js';
export { PRESET_DEFINITIONS, type PresetPurposeId } from './presets/index.js';

export { planRequest, planRequests, type PlanRequestOptions, type ElementSelection, type PlannedElement, type RequestPlan } from './request/plan.js';
export { toItemsRequest, buildItemsRequest, checkItemsRequest, checkPlan, type ItemsRequestMap } from './request/items-request.js';
export {
  toDcqlCredentialQuery,
  toDcqlQuery,
  buildDcqlQuery,
  dcqlCredentialId,
  type DcqlQuery,
  type DcqlMdocCredentialQuery,
  type DcqlMdocClaimQuery,
} from './request/dcql.js';
export { oidcScopes, type OidcScopesOptions } from './request/oidc.js';

export { gateResponse, requirementsOf, type GateResponseOptions } from './response/gate.js';
export type {
  PolicyResult,
  PolicyDocument,
  PolicyFinding,
  PolicyFindingCode,
  MissingRequirement,
  DroppedElement,
  ElementRetention,
} from './response/types.js';
export { SensitiveValue, isSensitiveValue, reveal } from './response/sensitive.js';
export { toSafeJSON, redact, type SafeJSONOptions, type JsonValue } from './response/serialize.js';
export { retentionUntil, addPeriod, type Retention, type RetentionUntilOptions } from './retention.js';

export { auditRecord, namesOf, type AuditRecord, type AuditDocument, type AuditOutcome, type ElementNames, type AuditBase } from './audit/record.js';
export { jsonLinesAuditSink, memoryAuditSink, type AuditSink, type JsonLinesAuditSink, type JsonLinesAuditSinkOptions } from './audit/sink.js';
export { createPolicyGate, DEFAULT_AUDIT_FILE, type PolicyGate, type PolicyGateOptions, type GateRequestOptions, type PolicyRequest } from './policy-gate.js';

export { splitFullName, fullNameOf, IDEOGRAPHIC_SPACE, type FullNameParts } from './jp/name.js';
export { parseJapaneseDate, birthDateOf, type BirthDate } from './jp/date.js';
export { sexFromIso5218, sexToIso5218, sexFromJapanese, sexOf, type Sex } from './jp/sex.js';
export { parseLocalGovCode, localGovCheckDigit, addressOf, PREFECTURES, type LocalGovCode, type Address } from './jp/address.js';

export { renderPurposeTable, renderPurposesDocument, type DocLanguage } from './docs/purpose-table.js';
