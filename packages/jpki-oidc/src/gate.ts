/**
 * The response gate of the OIDC channel: the verified login's claims become My Number Card
 * elements for exactly what was planned; everything else is dropped and reported; missing
 * required elements make the outcome `incomplete`; each kept element gets its retention from the
 * purpose; the audit record carries names only and the channel. Pure: nothing is written.
 *
 * @module
 */

import { randomUUID } from 'node:crypto';
import { FullDate, UketoriTypeError } from '@uketori/mdoc';
import {
  OIDC_SCOPE_ELEMENTS,
  PolicyResponseError,
  auditRecord,
  oidcLegalBasisAt,
  namesOf,
  isSensitiveValue,
  retentionUntil,
  type ElementRef,
  type ElementRetention,
  type MissingRequirement,
  type Purpose,
  type Retention,
} from '@uketori/policy';
import { collectClaims } from './claims.js';
import { safeWord } from './errors.js';
import { JPKI_OIDC_CHANNEL, planOidcRequest, type AttributeScope, type OidcRequestPlan } from './plan.js';
import type { DroppedOidcClaim, JpkiOidcAuditRecord, JpkiOidcDocument, JpkiOidcFinding, JpkiOidcPolicyResult, VerifiedOidcLogin } from './types.js';

/** What the gate takes from a verified login. */
export interface OidcGateInput {
  readonly login: VerifiedOidcLogin;
  /** The ID token claims (validated). */
  readonly idTokenClaims: Readonly<Record<string, unknown>>;
  /** The UserInfo response (its `sub` checked), absent for authentication only. */
  readonly userinfo?: Readonly<Record<string, unknown>>;
}

/** Options of {@link gateOidcLogin}. */
export interface GateOidcLoginOptions {
  /** The time of the decision (retention is counted from it). Default: now. */
  readonly now?: Date;
  /** The transaction id for the audit record (1–128 of `A-Za-z0-9._:-`). Default: a random UUID. */
  readonly transactionId?: string;
}

function reject(purpose: Purpose, message: string): never {
  throw new PolicyResponseError('ERR_POLICY_OVER_REQUEST', 'POLICY_RESPONSE', `purpose ${JSON.stringify(purpose.id)}: ${message}`, { purposeId: purpose.id });
}

/** Re-checks a stored plan against the purpose: a plan the purpose would not make now is refused. */
function checkStoredPlan(purpose: Purpose, plan: OidcRequestPlan, now: Date): void {
  if (plan === null || typeof plan !== 'object' || !Array.isArray(plan.elements) || !Array.isArray(plan.scopes)) throw new UketoriTypeError('"plan" must be an OidcRequestPlan (see planOidcRequest)');
  if (plan.purposeId !== purpose.id) reject(purpose, 'the plan was made for another purpose');
  let allowed;
  try {
    allowed = planOidcRequest(purpose, { scopes: plan.scopes, now });
  } catch (err) {
    if (err instanceof PolicyResponseError || !(err instanceof Error && 'policyCheck' in err)) throw err;
    const e = err as PolicyResponseError;
    throw new PolicyResponseError(e.code, 'POLICY_RESPONSE', e.message, e.details);
  }
  for (const e of plan.elements) {
    const same = allowed.elements.find((a) => a.namespace === e.namespace && a.identifier === e.identifier && a.scope === e.scope);
    if (same === undefined) reject(purpose, 'the plan asks for an element the purpose does not allow over OIDC');
    if (e.intentToRetain && !same.intentToRetain) {
      throw new PolicyResponseError('ERR_POLICY_OVER_RETENTION', 'POLICY_RESPONSE', `purpose ${JSON.stringify(purpose.id)} may not retain ${e.identifier}`, { purposeId: purpose.id });
    }
  }
}

function retentionFor(purpose: Purpose, ref: ElementRef, intent: boolean, now: Date): Retention {
  const rule = purpose.documents.flatMap((d) => d.elements).find((e) => e.namespace === ref.namespace && e.identifier === ref.identifier)?.retain;
  if (!intent || rule === undefined) return { retain: false };
  const { until, untilDate, provisional } = retentionUntil(rule, { now });
  return { retain: true, rule: rule.name, period: rule.period, from: rule.from, until, untilDate, provisional, ...(rule.basis === undefined ? {} : { basis: rule.basis }) };
}

/** The element a dropped attribute claim would have been, for reports by element name. */
function claimElement(claim: string): ElementRef | undefined {
  return Object.hasOwn(OIDC_SCOPE_ELEMENTS, claim) ? OIDC_SCOPE_ELEMENTS[claim as AttributeScope][0] : undefined;
}

/**
 * Gates a verified login for a purpose and the plan it was started with.
 *
 * @example
 * ```ts
 * const plan = planOidcRequest(getPurpose('aml_kyc_jp'));
 * // … the browser comes back, the tokens are verified …
 * const result = gateOidcLogin(getPurpose('aml_kyc_jp'), plan, { login, idTokenClaims, userinfo }, { transactionId });
 * result.documents[0]!.issuerSigned['org.iso.23220.1.jp']!['full_name_unicode']; // as on the mdoc path
 * ```
 * @throws {PolicyResponseError} `ERR_POLICY_OVER_REQUEST` / `ERR_POLICY_OVER_RETENTION` for a
 *   stored plan the purpose does not allow; `ERR_POLICY_CHANNEL`, `ERR_POLICY_NOT_PERMITTED`,
 *   `ERR_POLICY_NO_LEGAL_BASIS`.
 * @throws {JpkiOidcError} `ERR_OIDC_CLAIMS` for a malformed claim value.
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_*` for malformed arguments.
 */
export function gateOidcLogin(purpose: Purpose, plan: OidcRequestPlan, input: OidcGateInput, options: GateOidcLoginOptions = {}): JpkiOidcPolicyResult {
  const now = options.now ?? new Date();
  const transactionId = options.transactionId ?? randomUUID();
  checkStoredPlan(purpose, plan, now);
  const { login } = input;
  const requested = new Set<string>(plan.scopes);
  const extraScopes = login.grantedScopes.filter((s) => !requested.has(s));
  const outcome = collectClaims(plan, input.idTokenClaims, input.userinfo, login.grantedScopes.filter((s) => requested.has(s)));

  const missing: MissingRequirement[] = outcome.absent.filter((e) => e.required !== false).map((e) => ({ docType: plan.docType, anyOf: [{ namespace: e.namespace, identifier: e.identifier }] }));
  const retention: ElementRetention[] = outcome.received.map((e) => ({
    namespace: e.namespace,
    identifier: e.identifier,
    sensitive: e.sensitive,
    retention: retentionFor(purpose, e, e.intentToRetain, now),
  }));
  const document: JpkiOidcDocument = {
    docType: plan.docType,
    channel: JPKI_OIDC_CHANNEL,
    issuer: { issuer: login.issuer, subject: login.subject },
    validity: { issuedAt: login.issuedAt, expiresAt: login.expiresAt },
    issuerSigned: outcome.elements,
    deviceSigned: {},
    retention,
    missing,
    complete: missing.length === 0,
  };
  const dropped: DroppedOidcClaim[] = outcome.dropped.map((d) => {
    const ref = claimElement(d.claim);
    return ref === undefined ? d : { ...d, namespace: ref.namespace, identifier: ref.identifier };
  });
  const droppedElements = dropped.flatMap((d) => (d.namespace === undefined || d.identifier === undefined ? [] : [{ namespace: d.namespace, identifier: d.identifier }]));
  const findings: JpkiOidcFinding[] = [
    ...extraScopes.map((s): JpkiOidcFinding => ({ code: 'UNREQUESTED_SCOPE', docType: plan.docType, scope: safeWord(s) ?? '(malformed scope)' })),
    ...dropped.map((d): JpkiOidcFinding => ({ code: d.namespace === undefined ? 'UNREQUESTED_CLAIM' : 'UNREQUESTED_ELEMENT', docType: plan.docType, ...d })),
    ...missing.map((m): JpkiOidcFinding => ({ code: 'MISSING_REQUIRED', docType: m.docType, anyOf: m.anyOf })),
  ];
  // Over this channel the card-substitute record's provision does not apply: the purpose's OIDC basis does.
  const legalBasis = oidcLegalBasisAt(purpose, now);
  const result = document.complete ? 'complete' : 'incomplete';
  const base = auditRecord({ time: now, transactionId, purposeId: purpose.id, legalBasis }, 'response', result, [
    {
      docType: plan.docType,
      requested: namesOf(plan.elements),
      received: namesOf(outcome.received),
      dropped: { ...namesOf(droppedElements), ...claimNames(dropped.filter((d) => d.namespace === undefined).map((d) => d.claim)) },
      missing: missing.map((m) => m.anyOf.map((r) => `${r.namespace}/${r.identifier}`).join('|')),
      retained: namesOf(retention.filter((r) => r.retention.retain)),
    },
  ]);
  const audit: JpkiOidcAuditRecord = { ...base, channel: JPKI_OIDC_CHANNEL, scopes: login.grantedScopes.map((s) => safeWord(s) ?? '(malformed scope)') };
  const gated: JpkiOidcPolicyResult = {
    channel: JPKI_OIDC_CHANNEL,
    purposeId: purpose.id,
    transactionId: base.transactionId,
    outcome: result,
    at: now,
    legalBasis,
    documents: [document],
    findings,
    dropped,
    missing,
    audit,
    toJSON() {
      return safeJSON(gated);
    },
  };
  return gated;
}

function claimNames(claims: readonly string[]): Record<string, readonly string[]> {
  return claims.length === 0 ? {} : { 'oidc:claims': [...new Set(claims)] };
}

/** An element value as JSON: `FullDate` as `YYYY-MM-DD`, `Date` as ISO 8601. */
function valueJSON(value: unknown): unknown {
  if (value instanceof FullDate) return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value;
}

/**
 * The result as JSON with sensitive elements left out (their names listed in `redacted`), like the
 * policy's `toSafeJSON` for an mdoc result.
 */
function safeJSON(result: JpkiOidcPolicyResult): unknown {
  const documents = result.documents.map((doc) => {
    const redacted: string[] = [];
    const issuerSigned = Object.fromEntries(
      Object.entries(doc.issuerSigned).map(([ns, values]) => [
        ns,
        Object.fromEntries(
          Object.entries(values).flatMap(([id, v]) => {
            if (isSensitiveValue(v)) {
              redacted.push(`${ns}/${id}`);
              return [];
            }
            return [[id, valueJSON(v)]];
          }),
        ),
      ]),
    );
    return { ...doc, issuerSigned, redacted };
  });
  const { toJSON: _omit, ...rest } = result;
  return JSON.parse(JSON.stringify({ ...rest, documents }));
}
