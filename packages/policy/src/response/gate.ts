/**
 * The response gate: after mdoc verification, keep only what was requested for the purpose,
 * report the rest, and say whether the purpose's requirements are met.
 *
 * @module
 */

import { randomUUID } from 'node:crypto';
import { UketoriTypeError, type ElementsByNamespace, type VerifiedDeviceResponse, type VerifiedDocument } from '@uketori/mdoc';
import { assertTransactionId, auditRecord, namesOf, type AuditDocument } from '../audit/record.js';
import { elementName, sameElement, type ElementRef } from '../catalogue.js';
import { PolicyRequestError, PolicyResponseError } from '../errors.js';
import { assertDate, requireLegalBasis } from '../purpose/legal-basis.js';
import type { Purpose, PurposeDocument } from '../purpose/types.js';
import { checkPlan } from '../request/items-request.js';
import { assertPermitted, type PlannedElement, type RequestPlan } from '../request/plan.js';
import { retentionOf } from '../retention.js';
import { SensitiveValue } from './sensitive.js';
import { toSafeJSON } from './serialize.js';
import type { DroppedElement, ElementRetention, MissingRequirement, PolicyDocument, PolicyFinding, PolicyResult } from './types.js';

/** Options of {@link gateResponse}. */
export interface GateResponseOptions {
  /** The time of the decision (retention is counted from it). Default: now. */
  readonly now?: Date;
  /** The transaction id for the audit record (1–128 of `A-Za-z0-9._:-`). Default: a random UUID. */
  readonly transactionId?: string;
}

/**
 * The purpose's requirements for a docType: each `true` element alone, each alternative group together.
 *
 * @example
 * ```ts
 * requirementsOf(getPurpose('aml_kyc_jp').documents[0]!).map((r) => r.anyOf.length); // [1, 1, 2, 1]
 * ```
 */
export function requirementsOf(doc: PurposeDocument): MissingRequirement[] {
  const out: MissingRequirement[] = [];
  const groups = new Map<string, ElementRef[]>();
  for (const e of doc.elements) {
    const ref = { namespace: e.namespace, identifier: e.identifier };
    if (e.required === true) out.push({ docType: doc.docType, anyOf: [ref] });
    else if (typeof e.required === 'string') {
      const list = groups.get(e.required);
      if (list === undefined) {
        const fresh = [ref];
        groups.set(e.required, fresh);
        out.push({ docType: doc.docType, group: e.required, anyOf: fresh });
      } else list.push(ref);
    }
  }
  return out;
}

/** `ns/id`, or alternatives joined with `|`. */
function requirementName(req: MissingRequirement): string {
  return req.anyOf.map(elementName).join('|');
}

/** Every element of a namespace map, by name. */
function refsOf(elements: ElementsByNamespace, signedBy: 'issuer' | 'device'): (ElementRef & { signedBy: 'issuer' | 'device' })[] {
  return Object.entries(elements).flatMap(([namespace, values]) => Object.keys(values).map((identifier) => ({ namespace, identifier, signedBy })));
}

function has(elements: ElementsByNamespace, ref: ElementRef): boolean {
  const ns = Object.hasOwn(elements, ref.namespace) ? elements[ref.namespace] : undefined;
  return ns !== undefined && Object.hasOwn(ns, ref.identifier);
}

interface Filtered {
  readonly kept: ElementsByNamespace;
  readonly keptRefs: PlannedElement[];
  readonly dropped: ElementRef[];
}

/** Keeps the planned elements (sensitive ones boxed) and lists the others. */
function filterElements(elements: ElementsByNamespace, plan: RequestPlan): Filtered {
  const kept = new Map<string, [string, unknown][]>();
  const keptRefs: PlannedElement[] = [];
  const dropped: ElementRef[] = [];
  for (const [namespace, values] of Object.entries(elements)) {
    for (const [identifier, value] of Object.entries(values)) {
      const planned = plan.elements.find((p) => p.namespace === namespace && p.identifier === identifier);
      if (planned === undefined) {
        dropped.push({ namespace, identifier });
        continue;
      }
      keptRefs.push(planned);
      const list = kept.get(namespace) ?? [];
      list.push([identifier, planned.sensitive ? new SensitiveValue(namespace, identifier, value) : value]);
      kept.set(namespace, list);
    }
  }
  // Object.fromEntries defines own properties: no identifier can reach a prototype.
  return { kept: Object.fromEntries([...kept].map(([ns, list]) => [ns, Object.fromEntries(list)])), keptRefs, dropped };
}

function gateDocument(purpose: Purpose, doc: VerifiedDocument, plan: RequestPlan, now: Date) {
  const purposeDoc = purpose.documents.find((d) => d.docType === doc.docType)!;
  const issuer = filterElements(doc.issuerSigned, plan);
  const device = filterElements(doc.deviceSigned, plan);
  // Requirements count issuer-signed elements only: device-signed data is not issuer-attested.
  const missing = requirementsOf(purposeDoc).filter((req) => !req.anyOf.some((ref) => has(issuer.kept, ref)));
  const retention: ElementRetention[] = [...issuer.keptRefs, ...device.keptRefs].map((p) => {
    const rule = purposeDoc.elements.find((e) => sameElement(e, p))?.retain;
    return { namespace: p.namespace, identifier: p.identifier, sensitive: p.sensitive, retention: p.intentToRetain ? retentionOf(rule, now) : { retain: false } };
  });
  const gated: PolicyDocument = {
    docType: doc.docType,
    issuer: doc.issuer,
    validity: doc.validity,
    deviceAuthentication: doc.deviceAuthentication,
    warnings: doc.warnings,
    issuerSigned: issuer.kept,
    deviceSigned: device.kept,
    retention,
    missing,
    complete: missing.length === 0,
  };
  const dropped: DroppedElement[] = [
    ...issuer.dropped.map((r) => ({ ...r, docType: doc.docType, signedBy: 'issuer' as const })),
    ...device.dropped.map((r) => ({ ...r, docType: doc.docType, signedBy: 'device' as const })),
  ];
  const audit: AuditDocument = {
    docType: doc.docType,
    issuer: doc.issuer.iaca.subjectKeyId,
    requested: namesOf(plan.elements),
    received: namesOf(issuer.keptRefs),
    dropped: namesOf(dropped),
    missing: missing.map(requirementName),
    retained: namesOf(retention.filter((r) => r.retention.retain)),
  };
  return { gated, dropped, audit };
}

function checkedPlans(purpose: Purpose, plans: RequestPlan | readonly RequestPlan[]): RequestPlan[] {
  const list: readonly RequestPlan[] = Array.isArray(plans) ? plans : [plans as RequestPlan];
  if (list.length === 0) throw new UketoriTypeError('"plans" must not be empty');
  const checked = list.map((p) => checkPlan(purpose, p));
  if (new Set(checked.map((p) => p.docType)).size !== checked.length) throw new UketoriTypeError('"plans" has two plans for one docType');
  return checked;
}

/**
 * Gates a verified DeviceResponse for a purpose and the plan(s) it was requested with: a document
 * of a docType the purpose does not accept rejects the whole response; elements not in the plan
 * are removed and reported (`UNREQUESTED_ELEMENT`); missing required elements make the outcome
 * `incomplete` with the list; each kept element gets its retention (from the purpose, counted from
 * `now`); sensitive values are boxed. The result carries its audit record (names only). Pure: the
 * record is not written anywhere (see `createPolicyGate` for the layer that writes it).
 *
 * @example
 * ```ts
 * const plan = planRequest(getPurpose('aml_kyc_jp'), { now });
 * // … the reader sends toItemsRequest(plan), the holder answers, mdoc verifies …
 * const verified = await verifyDeviceResponse(bytes, { trust, sessionTranscript, now });
 * const result = gateResponse(getPurpose('aml_kyc_jp'), plan, verified, { now, transactionId });
 * if (result.outcome === 'incomplete') console.log(result.missing); // names only
 * ```
 * @throws {PolicyResponseError} `ERR_POLICY_DOCTYPE` for a document the purpose does not accept;
 *   `ERR_POLICY_OVER_REQUEST` / `ERR_POLICY_OVER_RETENTION` for a stored plan the purpose does not
 *   allow; `ERR_POLICY_NOT_PERMITTED`, `ERR_POLICY_NO_LEGAL_BASIS`.
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_*` for malformed arguments.
 */
export function gateResponse(purpose: Purpose, plans: RequestPlan | readonly RequestPlan[], response: VerifiedDeviceResponse, options: GateResponseOptions = {}): PolicyResult {
  if (response === null || typeof response !== 'object' || !Array.isArray(response.documents)) {
    throw new UketoriTypeError('"response" must be a VerifiedDeviceResponse (see verifyDeviceResponse)');
  }
  const now = options.now ?? new Date();
  assertDate(now, 'options.now');
  const transactionId = options.transactionId ?? randomUUID();
  assertTransactionId(transactionId);
  let legalBasis;
  try {
    assertPermitted(purpose);
    legalBasis = requireLegalBasis(purpose, now);
  } catch (err) {
    if (err instanceof PolicyRequestError) throw new PolicyResponseError(err.code, 'POLICY_RESPONSE', err.message, err.details);
    throw err;
  }
  const checked = checkedPlans(purpose, plans);

  const documents: PolicyDocument[] = [];
  const findings: PolicyFinding[] = [];
  const dropped: DroppedElement[] = [];
  const auditDocs: AuditDocument[] = [];
  for (const doc of response.documents) {
    if (!purpose.documents.some((d) => d.docType === doc.docType)) {
      const shown = /^[A-Za-z0-9_.:-]{1,128}$/.test(doc.docType) ? JSON.stringify(doc.docType) : '(malformed docType)';
      throw new PolicyResponseError('ERR_POLICY_DOCTYPE', 'POLICY_RESPONSE', `purpose ${JSON.stringify(purpose.id)} does not accept a document of docType ${shown}`, {
        purposeId: purpose.id,
        ...(shown.startsWith('"') ? { docType: doc.docType } : {}),
      });
    }
    const plan = checked.find((p) => p.docType === doc.docType);
    if (plan === undefined) {
      // An accepted docType nobody asked for: the whole document goes.
      const gone = [...refsOf(doc.issuerSigned, 'issuer'), ...refsOf(doc.deviceSigned, 'device')].map((r) => ({ ...r, docType: doc.docType }));
      dropped.push(...gone);
      findings.push({ code: 'UNREQUESTED_DOCUMENT', docType: doc.docType });
      auditDocs.push({ docType: doc.docType, issuer: doc.issuer.iaca.subjectKeyId, requested: {}, received: {}, dropped: namesOf(gone), missing: [], retained: {} });
      continue;
    }
    const one = gateDocument(purpose, doc, plan, now);
    documents.push(one.gated);
    dropped.push(...one.dropped);
    auditDocs.push(one.audit);
    for (const d of one.dropped) findings.push({ code: 'UNREQUESTED_ELEMENT', docType: d.docType, namespace: d.namespace, identifier: d.identifier, signedBy: d.signedBy });
    for (const m of one.gated.missing) findings.push({ code: 'MISSING_REQUIRED', docType: m.docType, anyOf: m.anyOf });
  }
  for (const e of response.documentErrors ?? []) {
    if (checked.some((p) => p.docType === e.docType)) findings.push({ code: 'DOCUMENT_NOT_RETURNED', docType: e.docType });
  }

  const complete = documents.some((d) => d.complete);
  let missing: MissingRequirement[] = [];
  if (!complete && documents.length > 0) missing = documents.flatMap((d) => d.missing);
  else if (!complete) {
    // Nothing came back for any plan: every requirement of every requested docType is missing.
    for (const p of checked) {
      const reqs = requirementsOf(purpose.documents.find((d) => d.docType === p.docType)!);
      missing.push(...reqs);
      auditDocs.push({ docType: p.docType, requested: namesOf(p.elements), received: {}, dropped: {}, missing: reqs.map(requirementName), retained: {} });
    }
  }
  const outcome = complete ? 'complete' : 'incomplete';
  const audit = auditRecord({ time: now, transactionId, purposeId: purpose.id, legalBasis }, 'response', outcome, auditDocs);
  const result: PolicyResult = {
    purposeId: purpose.id,
    transactionId,
    outcome,
    at: now,
    legalBasis,
    documents,
    findings,
    dropped,
    missing,
    audit,
    toJSON() {
      return toSafeJSON(result);
    },
  };
  return result;
}
