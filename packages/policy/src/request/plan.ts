/**
 * The request gate: a purpose becomes a {@link RequestPlan} — the exact elements to ask for, each
 * with its IntentToRetain — and nothing outside the purpose can get into one. Every request format
 * (ItemsRequest, DCQL) is built from a plan.
 *
 * @module
 */

import { UketoriTypeError } from '@uketori/mdoc';
import { sameElement, type ElementRef } from '../catalogue.js';
import { PolicyRequestError, quoteElement } from '../errors.js';
import { assertDate, requireLegalBasis } from '../purpose/legal-basis.js';
import type { LegalBasisEntry, Purpose, PurposeDocument, PurposeElement } from '../purpose/types.js';

const NAME = /^[A-Za-z0-9_.:-]{1,128}$/;

/** An element to ask for, optionally lowering its retention intent. */
export interface ElementSelection extends ElementRef {
  /** `false` to declare no retention for an element the purpose may keep. `true` only where the purpose may retain. */
  readonly intentToRetain?: boolean;
}

/** Options of {@link planRequest}. */
export interface PlanRequestOptions {
  /** The docType to ask for. Required when the purpose accepts more than one. */
  readonly docType?: string;
  /**
   * Elements to ask for besides the defaults (every required element, and the first element of
   * each alternative group not otherwise chosen), or `'all'` for every element the purpose lists.
   * Each must be in the purpose for this docType.
   */
  readonly elements?: readonly ElementSelection[] | 'all';
  /** `false`: declare no retention at all. Default `true`: retain exactly where the purpose may. */
  readonly retain?: boolean;
  /** The time of the request; the legal basis in force that day is recorded. Default: now. */
  readonly now?: Date;
}

/** One element of a plan. */
export interface PlannedElement extends ElementRef {
  /** ISO/IEC 18013-5 IntentToRetain: true only where the purpose may retain the element. */
  readonly intentToRetain: boolean;
  /** As in the purpose: `true`, `false` or the alternative group's name. */
  readonly required: boolean | string;
  readonly sensitive: boolean;
}

/**
 * What will be asked of the holder for one docType. Plain JSON data, so a transaction store can
 * keep it between the request and the response; the response gate re-checks it against the purpose.
 */
export interface RequestPlan {
  readonly purposeId: string;
  readonly docType: string;
  /** ISO 8601 time the plan was made. */
  readonly at: string;
  /** The legal basis in force at `at` (empty for purposes that cite none). */
  readonly legalBasis: readonly LegalBasisEntry[];
  readonly elements: readonly PlannedElement[];
}

/**
 * Throws unless the purpose lists credential elements: a purpose without any serves only
 * authentication over the デジタル認証アプリ, and no mdoc request is built for it.
 */
function assertHasDocuments(purpose: Purpose): void {
  if (purpose.documents.length === 0) {
    throw new PolicyRequestError('ERR_POLICY_CHANNEL', 'POLICY_REQUEST', `purpose ${JSON.stringify(purpose.id)} lists no credential elements: it serves authentication over the デジタル認証アプリ (OIDC) only`, {
      purposeId: purpose.id,
    });
  }
}

/**
 * Refuses a purpose that is not a legal method for this credential.
 *
 * @throws {PolicyRequestError} `ERR_POLICY_NOT_PERMITTED`.
 */
export function assertPermitted(purpose: Purpose): void {
  if (purpose.status === 'not_permitted') {
    throw new PolicyRequestError(
      'ERR_POLICY_NOT_PERMITTED',
      'POLICY_REQUEST',
      `purpose ${JSON.stringify(purpose.id)} cannot be served with this credential: ${purpose.notPermitted?.reason.en ?? 'not a legal method'} Use instead: ${purpose.notPermitted?.alternative.en ?? 'another method'}`,
      { purposeId: purpose.id },
    );
  }
}

/**
 * The purpose's elements for `docType`.
 *
 * @throws {PolicyRequestError} `ERR_POLICY_DOCTYPE` when the purpose does not accept the docType.
 */
export function purposeDocument(purpose: Purpose, docType: string | undefined): PurposeDocument {
  if (docType === undefined) {
    const only = purpose.documents.length === 1 ? purpose.documents[0] : undefined;
    if (only === undefined) throw new UketoriTypeError(`"options.docType" is required: purpose ${JSON.stringify(purpose.id)} accepts ${purpose.documents.length} docTypes`);
    return only;
  }
  const doc = purpose.documents.find((d) => d.docType === docType);
  if (doc === undefined) {
    const shown = /^[A-Za-z0-9_.:-]{1,128}$/.test(docType) ? JSON.stringify(docType) : '(malformed docType)';
    throw new PolicyRequestError('ERR_POLICY_DOCTYPE', 'POLICY_REQUEST', `purpose ${JSON.stringify(purpose.id)} does not accept docType ${shown}`, {
      purposeId: purpose.id,
      ...(shown.startsWith('"') ? { docType } : {}),
    });
  }
  return doc;
}

/**
 * The purpose's entry for an element, or a refusal naming it.
 *
 * @throws {PolicyRequestError} `ERR_POLICY_OVER_REQUEST`.
 */
export function allowedElement(purpose: Purpose, doc: PurposeDocument, ref: ElementRef): PurposeElement {
  const found = doc.elements.find((e) => sameElement(e, ref));
  if (found === undefined) {
    // Only something shaped like an element name is echoed; anything else could be free text.
    const safe = typeof ref.namespace === 'string' && typeof ref.identifier === 'string' && NAME.test(ref.namespace) && NAME.test(ref.identifier);
    throw new PolicyRequestError(
      'ERR_POLICY_OVER_REQUEST',
      'POLICY_REQUEST',
      `purpose ${JSON.stringify(purpose.id)} does not allow ${safe ? quoteElement(ref.namespace, ref.identifier) : '(malformed element)'} for ${doc.docType}`,
      { purposeId: purpose.id, docType: doc.docType, ...(safe ? { namespace: ref.namespace, identifier: ref.identifier } : {}) },
    );
  }
  return found;
}

/**
 * The IntentToRetain for an element: the caller's wish, which may only lower the purpose's.
 *
 * @throws {PolicyRequestError} `ERR_POLICY_OVER_RETENTION`.
 */
export function retentionIntent(purpose: Purpose, doc: PurposeDocument, element: PurposeElement, wish: boolean | undefined, retain: boolean): boolean {
  const allowed = element.retain !== undefined && retain;
  if (wish === true && element.retain === undefined) {
    throw new PolicyRequestError(
      'ERR_POLICY_OVER_RETENTION',
      'POLICY_REQUEST',
      `purpose ${JSON.stringify(purpose.id)} may not retain ${quoteElement(element.namespace, element.identifier)}`,
      { purposeId: purpose.id, docType: doc.docType, namespace: element.namespace, identifier: element.identifier },
    );
  }
  return wish === undefined ? allowed : wish && allowed;
}

function selectElements(purpose: Purpose, doc: PurposeDocument, options: PlanRequestOptions): Map<PurposeElement, boolean | undefined> {
  const chosen = new Map<PurposeElement, boolean | undefined>();
  if (options.elements === 'all') {
    for (const e of doc.elements) chosen.set(e, undefined);
    return chosen;
  }
  if (options.elements !== undefined && !Array.isArray(options.elements)) throw new UketoriTypeError('"options.elements" must be an array or "all"');
  for (const sel of options.elements ?? []) {
    if (sel === null || typeof sel !== 'object') throw new UketoriTypeError('"options.elements" entries must be { namespace, identifier }');
    const element = allowedElement(purpose, doc, sel);
    chosen.set(element, sel.intentToRetain);
  }
  const groupsCovered = new Set([...chosen.keys()].map((e) => e.required).filter((r): r is string => typeof r === 'string'));
  for (const e of doc.elements) {
    if (e.required === true && !chosen.has(e)) chosen.set(e, undefined);
    if (typeof e.required === 'string' && !groupsCovered.has(e.required)) {
      chosen.set(e, undefined);
      groupsCovered.add(e.required);
    }
  }
  return chosen;
}

/**
 * Plans a request for `purpose`: the required elements, the first of each alternative group, and
 * any further elements the caller selects — all from the purpose; IntentToRetain true exactly where
 * the purpose may retain (ISO/IEC 18013-5 §8.3.2.1.2.1) unless the caller lowers it.
 *
 * @example
 * ```ts
 * const plan = planRequest(getPurpose('aml_kyc_jp'), { now: new Date() });
 * plan.elements.map((e) => e.identifier); // full_name_unicode, resident_address_unicode, birth_date_unicode, portrait
 * ```
 * @throws {PolicyRequestError} `ERR_POLICY_NOT_PERMITTED` (e.g. `secondhand_dealer_jp`),
 *   `ERR_POLICY_CHANNEL` for an authentication-only purpose (no elements), `ERR_POLICY_DOCTYPE`, `ERR_POLICY_OVER_REQUEST` naming the element, `ERR_POLICY_OVER_RETENTION`,
 *   `ERR_POLICY_NO_LEGAL_BASIS` when the cited provision is not in force at `now`.
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for malformed options.
 */
export function planRequest(purpose: Purpose, options: PlanRequestOptions = {}): RequestPlan {
  if (purpose === null || typeof purpose !== 'object' || !Array.isArray(purpose.documents)) throw new UketoriTypeError('"purpose" must be a Purpose (see getPurpose)');
  const now = options.now ?? new Date();
  assertDate(now, 'options.now');
  assertPermitted(purpose);
  assertHasDocuments(purpose);
  const doc = purposeDocument(purpose, options.docType);
  const legalBasis = requireLegalBasis(purpose, now);
  const chosen = selectElements(purpose, doc, options);
  const retain = options.retain ?? true;
  const elements: PlannedElement[] = doc.elements
    .filter((e) => chosen.has(e))
    .map((e) => ({
      namespace: e.namespace,
      identifier: e.identifier,
      intentToRetain: retentionIntent(purpose, doc, e, chosen.get(e), retain),
      required: e.required,
      sensitive: e.sensitive,
    }));
  return { purposeId: purpose.id, docType: doc.docType, at: now.toISOString(), legalBasis, elements };
}

/**
 * One plan per accepted docType (default: every docType the purpose accepts, each with the
 * default elements) — for a request the holder may answer with any one of them.
 *
 * @example
 * ```ts
 * const plans = planRequests(getPurpose('age_18_plus')); // mDL and EU PID
 * ```
 * @throws as {@link planRequest}.
 */
export function planRequests(purpose: Purpose, options: Omit<PlanRequestOptions, 'docType' | 'elements'> & { readonly docTypes?: readonly string[] } = {}): RequestPlan[] {
  if (purpose === null || typeof purpose !== 'object' || !Array.isArray(purpose.documents)) throw new UketoriTypeError('"purpose" must be a Purpose (see getPurpose)');
  assertPermitted(purpose);
  assertHasDocuments(purpose);
  const { docTypes, ...rest } = options;
  return (docTypes ?? purpose.documents.map((d) => d.docType)).map((docType) => planRequest(purpose, { ...rest, docType }));
}
