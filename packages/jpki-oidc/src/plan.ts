/**
 * The request gate of the OIDC channel: the purpose decides the scopes. A purpose with no
 * デジタル認証アプリ scopes is refused (`ERR_POLICY_CHANNEL`); one that declares only `openid` gets
 * `openid` alone (authentication, the pairwise `sub`); one that declares basic-4 scopes gets exactly
 * those, each mapped to the My Number Card element it delivers. Anything this channel cannot
 * deliver (portrait, individual number, age-over answers …) or the purpose does not allow is
 * refused with `ERR_POLICY_OVER_REQUEST` before any redirect.
 *
 * @module
 */

import { UketoriTypeError } from '@uketori/mdoc';
import {
  ISO_23220_NAMESPACE,
  MY_NUMBER_CARD_DOCTYPE,
  OIDC_SCOPE_ELEMENTS,
  PolicyRequestError,
  oidcLegalBasisAt,
  oidcScopes,
  type ElementRef,
  type LegalBasisEntry,
  type OidcScope,
  type PlannedElement,
  type Purpose,
  type PurposeElement,
} from '@uketori/policy';

/** A scope that carries personal attributes (the basic 4 items, 基本4情報). */
export type AttributeScope = Exclude<OidcScope, 'openid'>;

/** The channel name recorded in results and audit records. */
export const JPKI_OIDC_CHANNEL = 'jpki-oidc';

/** One element a login will ask for, and the scope (and claim) that carries it. */
export interface OidcPlannedElement extends PlannedElement {
  /** The scope that asks for it; the claim has the same name (デジタル認証アプリ APIリファレンス, scope list). */
  readonly scope: AttributeScope;
}

/**
 * What one login will ask the デジタル認証アプリ for. Plain JSON data: keep it with the login
 * transaction until the callback.
 */
export interface OidcRequestPlan {
  readonly purposeId: string;
  readonly channel: typeof JPKI_OIDC_CHANNEL;
  /** The My Number Card docType the elements are named in. */
  readonly docType: string;
  /** ISO 8601 time the plan was made. */
  readonly at: string;
  /** The provision a login on this channel rests on (the purpose's `oidc.legalBasis` in force); empty when it cites none. */
  readonly legalBasis: readonly LegalBasisEntry[];
  /** The `scope` values to send, `openid` first. */
  readonly scopes: readonly OidcScope[];
  /** The elements those scopes deliver (empty for authentication only). */
  readonly elements: readonly OidcPlannedElement[];
}

/** Options of {@link planOidcRequest}. */
export interface PlanOidcRequestOptions {
  /** Narrow the purpose's scopes (`openid` is always kept). Default: every scope of the purpose. */
  readonly scopes?: readonly string[];
  /** Or name the elements wanted; each must be in the purpose and deliverable over OIDC. */
  readonly elements?: readonly ElementRef[];
  /** `false`: declare no retention. Default `true`: retain exactly where the purpose may. */
  readonly retain?: boolean;
  /** The time of the request, for the legal basis. Default: now. */
  readonly now?: Date;
}

function mncElements(purpose: Purpose): readonly PurposeElement[] {
  return purpose.documents.find((d) => d.docType === MY_NUMBER_CARD_DOCTYPE)?.elements ?? [];
}

function sameRef(a: ElementRef, b: ElementRef): boolean {
  return a.namespace === b.namespace && a.identifier === b.identifier;
}

/**
 * The scope whose claim carries `ref`, if any.
 *
 * @example
 * ```ts
 * import { scopeOf } from '@uketori/jpki-oidc';
 *
 * scopeOf({ namespace: 'org.iso.23220.1.jp', identifier: 'full_name_unicode' }); // 'name'
 * scopeOf({ namespace: 'org.iso.23220.1.jp', identifier: 'portrait' }); // undefined: not on this channel
 * ```
 */
export function scopeOf(ref: ElementRef): AttributeScope | undefined {
  for (const [scope, refs] of Object.entries(OIDC_SCOPE_ELEMENTS) as [AttributeScope, readonly ElementRef[]][]) {
    if (refs.some((r) => sameRef(r, ref))) return scope;
  }
  return undefined;
}

const NAME = /^[A-Za-z0-9_.:-]{1,128}$/;

function refuseElement(purpose: Purpose, ref: ElementRef, why: string): never {
  const safe = typeof ref.namespace === 'string' && typeof ref.identifier === 'string' && NAME.test(ref.namespace) && NAME.test(ref.identifier);
  const shown = safe ? `${JSON.stringify(ref.namespace)}/${JSON.stringify(ref.identifier)}` : '(malformed element)';
  throw new PolicyRequestError('ERR_POLICY_OVER_REQUEST', 'POLICY_REQUEST', `purpose ${JSON.stringify(purpose.id)}: ${shown} ${why}`, {
    purposeId: purpose.id,
    docType: MY_NUMBER_CARD_DOCTYPE,
    ...(safe ? { namespace: ref.namespace, identifier: ref.identifier } : {}),
  });
}

/**
 * The element a scope delivers for this purpose: the one the caller named, else the purpose's
 * element for the scope, preferring the ISO/IEC 23220 form (a `FullDate` birth date, an ISO/IEC
 * 5218 sex code) over the Japanese text form.
 */
function elementFor(scope: AttributeScope, listed: readonly PurposeElement[], named: readonly ElementRef[]): PurposeElement | undefined {
  const candidates = listed.filter((e) => OIDC_SCOPE_ELEMENTS[scope].some((r) => sameRef(r, e)));
  return candidates.find((e) => named.some((n) => sameRef(n, e))) ?? candidates.find((e) => e.namespace === ISO_23220_NAMESPACE) ?? candidates[0];
}

/**
 * Plans a デジタル認証アプリ login for a purpose: the scopes to send and the My Number Card elements
 * they deliver, each with its IntentToRetain, required flag and sensitivity from the purpose.
 *
 * @example
 * ```ts
 * planOidcRequest(getPurpose('aml_kyc_jp')).scopes.join(' '); // 'openid name address birthdate'
 * planOidcRequest(getPurpose('age_20_plus')); // throws ERR_POLICY_CHANNEL
 * planOidcRequest(getPurpose('aml_kyc_jp'), { elements: [{ namespace: 'org.iso.23220.1.jp', identifier: 'portrait' }] });
 * // throws ERR_POLICY_OVER_REQUEST: the portrait is not deliverable over OIDC
 * ```
 * @throws {PolicyRequestError} `ERR_POLICY_CHANNEL` when the purpose declares no デジタル認証アプリ
 *   scopes; `ERR_POLICY_OVER_REQUEST` naming a scope or element beyond the purpose or the channel;
 *   `ERR_POLICY_NOT_PERMITTED`; `ERR_POLICY_NO_LEGAL_BASIS`.
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for malformed options.
 */
export function planOidcRequest(purpose: Purpose, options: PlanOidcRequestOptions = {}): OidcRequestPlan {
  if (purpose === null || typeof purpose !== 'object' || !Array.isArray(purpose.documents)) throw new UketoriTypeError('"purpose" must be a Purpose (see getPurpose)');
  if (options.elements !== undefined && !Array.isArray(options.elements)) throw new UketoriTypeError('"options.elements" must be an array of { namespace, identifier }');
  if (options.elements !== undefined && options.scopes !== undefined) throw new UketoriTypeError('pass "options.scopes" or "options.elements", not both');
  const now = options.now ?? new Date();
  const listed = mncElements(purpose);
  const named = options.elements ?? [];
  let wanted: string[] | undefined = options.scopes === undefined ? undefined : [...options.scopes];
  if (options.elements !== undefined) {
    wanted = [];
    for (const ref of named) {
      if (ref === null || typeof ref !== 'object') throw new UketoriTypeError('"options.elements" entries must be { namespace, identifier }');
      const scope = scopeOf(ref);
      if (scope === undefined) refuseElement(purpose, ref, 'cannot be delivered by the デジタル認証アプリ (OIDC)');
      if (!listed.some((e) => sameRef(e, ref))) refuseElement(purpose, ref, `is not allowed for ${MY_NUMBER_CARD_DOCTYPE}`);
      if (!wanted.includes(scope)) wanted.push(scope);
    }
  }
  // The policy's OIDC gate: channel, permission, legal basis, scopes within the purpose.
  const scopes = oidcScopes(purpose, { now, ...(wanted === undefined ? {} : { scopes: wanted }) });
  const retain = options.retain ?? true;
  const elements: OidcPlannedElement[] = [];
  for (const scope of scopes) {
    if (scope === 'openid') continue;
    const element = elementFor(scope, listed, named);
    // definePurpose guarantees every declared scope is backed by an element; fail closed anyway.
    if (element === undefined) refuseElement(purpose, OIDC_SCOPE_ELEMENTS[scope][0]!, 'backs no element of the purpose');
    elements.push({
      namespace: element.namespace,
      identifier: element.identifier,
      scope,
      // One element stands for its scope, so an alternative group it belongs to is met by it alone.
      required: element.required !== false,
      intentToRetain: retain && element.retain !== undefined,
      sensitive: element.sensitive,
    });
  }
  // The channel's own provision (the purpose's oidc.legalBasis), never the card-substitute record's.
  return { purposeId: purpose.id, channel: JPKI_OIDC_CHANNEL, docType: MY_NUMBER_CARD_DOCTYPE, at: now.toISOString(), legalBasis: oidcLegalBasisAt(purpose, now), scopes, elements };
}

