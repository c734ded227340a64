/**
 * ISO/IEC 18013-5 §8.3.2.1.2.1 ItemsRequest from a plan, and the reverse check: an ItemsRequest
 * built elsewhere is accepted only when it stays inside the purpose.
 *
 * @module
 */

import { decodeCbor, EncodedCbor, UketoriTypeError } from '@uketori/mdoc';
import { PolicyRequestError, PolicyResponseError } from '../errors.js';
import { assertDate, requireLegalBasis } from '../purpose/legal-basis.js';
import type { Purpose } from '../purpose/types.js';
import { allowedElement, assertPermitted, planRequest, purposeDocument, retentionIntent, type PlanRequestOptions, type PlannedElement, type RequestPlan } from './plan.js';

/** `ItemsRequest = { "docType": DocType, "nameSpaces": NameSpaces }` as CBOR-ready Maps. */
export type ItemsRequestMap = Map<'docType' | 'nameSpaces', string | Map<string, Map<string, boolean>>>;

/**
 * The ItemsRequest of a plan: `{ docType, nameSpaces: { ns: { id: IntentToRetain } } }` as Maps in
 * plan order, ready for the reader to wrap as `ItemsRequestBytes = #6.24(bstr .cbor ItemsRequest)`
 * (e.g. with `embedCbor` from `@uketori/mdoc`).
 *
 * @example
 * ```ts
 * const items = toItemsRequest(planRequest(getPurpose('age_20_plus')));
 * // Map { 'docType' => 'org.iso.23220.1.jp.mnc', 'nameSpaces' => Map { 'org.iso.23220.1' => Map { 'age_over_20' => false } } }
 * const docRequest = new Map([['itemsRequest', embedCbor(items)]]);
 * ```
 */
export function toItemsRequest(plan: RequestPlan): ItemsRequestMap {
  const nameSpaces = new Map<string, Map<string, boolean>>();
  for (const e of plan.elements) {
    let ns = nameSpaces.get(e.namespace);
    if (ns === undefined) nameSpaces.set(e.namespace, (ns = new Map()));
    // DataElements = { + DataElementIdentifier => IntentToRetain }
    ns.set(e.identifier, e.intentToRetain);
  }
  return new Map<'docType' | 'nameSpaces', string | Map<string, Map<string, boolean>>>([
    ['docType', plan.docType],
    ['nameSpaces', nameSpaces],
  ]);
}

/**
 * {@link planRequest} then {@link toItemsRequest}.
 *
 * @example
 * ```ts
 * const items = buildItemsRequest(getPurpose('aml_kyc_jp'), { now });
 * ```
 * @throws as {@link planRequest}.
 */
export function buildItemsRequest(purpose: Purpose, options: PlanRequestOptions = {}): ItemsRequestMap {
  return toItemsRequest(planRequest(purpose, options));
}

function malformed(what: string): never {
  throw new UketoriTypeError(`"itemsRequest" is not an ItemsRequest: ${what}`);
}

function asItemsMap(input: unknown): Map<unknown, unknown> {
  let value = input;
  if (value instanceof Uint8Array) {
    try {
      value = decodeCbor(value);
    } catch (cause) {
      throw new UketoriTypeError('"itemsRequest" is not well-formed CBOR', 'ERR_INVALID_ARG_TYPE', { cause });
    }
  }
  if (value instanceof EncodedCbor) value = value.decode();
  if (!(value instanceof Map)) malformed('not a map');
  return value;
}

/**
 * Checks an ItemsRequest (Maps, CBOR bytes, or `#6.24` EncodedCbor) against a purpose and returns
 * it as a plan of exactly those elements: the docType must be accepted, every element allowed, and
 * IntentToRetain true only where the purpose may retain. A request that leaves out a required
 * element passes (it asks for less); its response will be `incomplete`.
 *
 * @example
 * ```ts
 * const plan = checkItemsRequest(getPurpose('age_20_plus'), itemsRequestFromElsewhere, { now });
 * ```
 * @throws {PolicyRequestError} `ERR_POLICY_OVER_REQUEST` naming the first element outside the
 *   purpose, `ERR_POLICY_OVER_RETENTION`,
 *   `ERR_POLICY_DOCTYPE`, `ERR_POLICY_NOT_PERMITTED`, `ERR_POLICY_NO_LEGAL_BASIS`.
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for something that is not an ItemsRequest.
 */
export function checkItemsRequest(purpose: Purpose, itemsRequest: unknown, options: { readonly now?: Date } = {}): RequestPlan {
  const map = asItemsMap(itemsRequest);
  const docType = map.get('docType');
  const nameSpaces = map.get('nameSpaces');
  if (typeof docType !== 'string') malformed('no docType');
  if (!(nameSpaces instanceof Map)) malformed('no nameSpaces map');
  const selected: { namespace: string; identifier: string; intentToRetain: boolean }[] = [];
  for (const [ns, elements] of nameSpaces) {
    if (typeof ns !== 'string' || !(elements instanceof Map)) malformed('malformed namespace');
    for (const [id, retain] of elements) {
      if (typeof id !== 'string' || typeof retain !== 'boolean') malformed('malformed DataElements');
      selected.push({ namespace: ns, identifier: id, intentToRetain: retain });
    }
  }
  const now = options.now ?? new Date();
  assertDate(now, 'options.now');
  assertPermitted(purpose);
  const doc = purposeDocument(purpose, docType);
  const legalBasis = requireLegalBasis(purpose, now);
  const elements: PlannedElement[] = selected.map((s) => {
    const e = allowedElement(purpose, doc, s);
    return { namespace: e.namespace, identifier: e.identifier, intentToRetain: retentionIntent(purpose, doc, e, s.intentToRetain, true), required: e.required, sensitive: e.sensitive };
  });
  return { purposeId: purpose.id, docType, at: now.toISOString(), legalBasis, elements };
}

/**
 * Re-checks a stored plan against its purpose before a response is gated: a plan that was widened
 * or altered in storage cannot widen what the response gate keeps. Required and sensitive flags
 * come from the purpose, not from the plan.
 *
 * @example
 * ```ts
 * const plan = checkPlan(purpose, JSON.parse(await store.get(transactionId)));
 * ```
 * @throws {PolicyResponseError} `ERR_POLICY_OVER_REQUEST`, `ERR_POLICY_OVER_RETENTION` or
 *   `ERR_POLICY_DOCTYPE` for a plan the purpose does not allow.
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for something that is not a plan.
 */
export function checkPlan(purpose: Purpose, plan: RequestPlan): RequestPlan {
  if (plan === null || typeof plan !== 'object' || typeof plan.docType !== 'string' || !Array.isArray(plan.elements) || typeof plan.at !== 'string') {
    throw new UketoriTypeError('"plan" must be a RequestPlan (see planRequest)');
  }
  const at = new Date(plan.at);
  assertDate(at, 'plan.at');
  if (plan.purposeId !== purpose.id) throw new UketoriTypeError(`"plan" was made for another purpose than ${JSON.stringify(purpose.id)}`);
  try {
    assertPermitted(purpose);
    const doc = purposeDocument(purpose, plan.docType);
    const elements: PlannedElement[] = plan.elements.map((p) => {
      const e = allowedElement(purpose, doc, p);
      return { namespace: e.namespace, identifier: e.identifier, intentToRetain: retentionIntent(purpose, doc, e, p.intentToRetain === true, true), required: e.required, sensitive: e.sensitive };
    });
    return { purposeId: purpose.id, docType: doc.docType, at: at.toISOString(), legalBasis: plan.legalBasis ?? [], elements };
  } catch (err) {
    if (err instanceof PolicyRequestError) throw new PolicyResponseError(err.code, 'POLICY_RESPONSE', `stored plan: ${err.message}`, err.details);
    throw err;
  }
}
