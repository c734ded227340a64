/**
 * デジタル認証アプリ claims → My Number Card element values, with the same value types as the mdoc
 * path: `full_name_unicode` and `resident_address_unicode` as text, ISO `birth_date` as a
 * `FullDate` (or `birth_date_unicode` as 「YYYY年M月D日」 text), ISO `sex` as an ISO/IEC 5218 code
 * (or `sex_unicode` as 男/女).
 *
 * Claim formats. The public API reference was not readable past its authorization endpoint, so the
 * accepted forms are the OpenID Connect Core 1.0 §5.1 standard ones plus the forms integrations
 * report for this provider — each an ASSUMPTION, listed so a reviewer can check it:
 * - `name`: a string (kept exactly as received; the separator between family and given name is
 *   whatever the provider sends).
 * - `address`: a string, or an OIDC address object whose `formatted` member is used (§5.1.1).
 * - `birthdate`: `YYYY-MM-DD` (§5.1) or `YYYYMMDD`.
 * - `gender`: `male` / `female` (§5.1) or the JPKI codes `1` (男) / `2` (女).
 * Anything else fails `OIDC_CLAIMS` (fail closed), naming the claim, never the value.
 *
 * @module
 */

import { FullDate, type ElementsByNamespace } from '@uketori/mdoc';
import { ISO_23220_NAMESPACE, SensitiveValue } from '@uketori/policy';
import { checkFailed, safeWord, type JpkiOidcError } from './errors.js';
import type { AttributeScope, OidcPlannedElement, OidcRequestPlan } from './plan.js';

/**
 * Claims about the token itself, not the person (OpenID Connect Core 1.0 §2, §3.1.3.6; RFC 9068;
 * the session claims Keycloak-based providers add). Everything else is a personal claim and is kept
 * only when a requested scope covers it.
 */
export const PROTOCOL_CLAIMS: ReadonlySet<string> = new Set([
  'iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'auth_time', 'nonce', 'acr', 'amr', 'azp',
  'at_hash', 'c_hash', 's_hash', 'sid', 'typ', 'session_state', 'scope',
]);

/** The attribute claims of the デジタル認証アプリ: each scope has one claim of the same name. */
export const ATTRIBUTE_CLAIMS: ReadonlySet<string> = new Set<AttributeScope>(['name', 'address', 'birthdate', 'gender']);

/** Where a claim came from. */
export type ClaimSource = 'id_token' | 'userinfo';

/** A personal claim that no requested scope covers: removed from the result. */
export interface DroppedClaim {
  /** The claim name, or `(malformed claim name)` when it is not a short word. */
  readonly claim: string;
  readonly source: ClaimSource;
}

/** The elements built from the claims, and what was left out. */
export interface ClaimsOutcome {
  readonly elements: ElementsByNamespace;
  /** Planned elements received. */
  readonly received: readonly OidcPlannedElement[];
  /** Planned elements not received. */
  readonly absent: readonly OidcPlannedElement[];
  readonly dropped: readonly DroppedClaim[];
}

function claimError(claim: string, problem: string): JpkiOidcError {
  return checkFailed('OIDC_CLAIMS', `claim "${claim}": ${problem}`, { details: { claim } });
}

function text(claim: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) throw claimError(claim, `expected a non-empty text of at most ${max} characters`);
  return value;
}

function birthdate(value: unknown): FullDate {
  const m = typeof value === 'string' ? /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value) : null;
  let date: FullDate | undefined;
  try {
    date = m === null ? undefined : new FullDate(Number(m[1]), Number(m[2]), Number(m[3]));
  } catch {
    date = undefined;
  }
  if (date === undefined) throw claimError('birthdate', 'expected a full date, YYYY-MM-DD or YYYYMMDD');
  return date;
}

function gender(value: unknown): 1 | 2 {
  if (value === 'male' || value === '1' || value === 1) return 1;
  if (value === 'female' || value === '2' || value === 2) return 2;
  throw claimError('gender', 'expected male / female (or the codes 1 / 2)');
}

/**
 * The element value a claim carries, typed like the mdoc element.
 *
 * @example
 * ```ts
 * String(elementValue({ namespace: 'org.iso.23220.1', identifier: 'birth_date', scope: 'birthdate' }, '1990-04-01')); // '1990-04-01'
 * elementValue({ namespace: 'org.iso.23220.1', identifier: 'sex', scope: 'gender' }, 'female'); // 2
 * ```
 * @throws {JpkiOidcError} `ERR_OIDC_CLAIMS` naming the claim when the value has another form.
 */
export function elementValue(element: Pick<OidcPlannedElement, 'namespace' | 'identifier' | 'scope'>, value: unknown): unknown {
  const iso = element.namespace === ISO_23220_NAMESPACE;
  switch (element.scope) {
    case 'name':
      return text('name', value, 256);
    case 'address': {
      const formatted = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { formatted?: unknown }).formatted : value;
      return text('address', formatted, 512);
    }
    case 'birthdate': {
      const date = birthdate(value);
      if (iso) return date;
      const [y, m, d] = date.toString().split('-').map(Number) as [number, number, number];
      return `${y}年${m}月${d}日`;
    }
    case 'gender': {
      const code = gender(value);
      return iso ? code : code === 1 ? '男' : '女';
    }
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Builds the planned elements from the ID token claims and the UserInfo response (the UserInfo
 * value first, OpenID Connect Core 1.0 §5.3; when both carry a claim they must agree), boxes
 * sensitive ones, and lists every personal claim no requested scope covers as dropped.
 *
 * @example
 * ```ts
 * const { elements, dropped } = collectClaims(plan, tokens.claims(), userinfo);
 * ```
 * @throws {JpkiOidcError} `ERR_OIDC_CLAIMS` for a malformed value or two sources that disagree.
 */
export function collectClaims(plan: OidcRequestPlan, idToken: Readonly<Record<string, unknown>>, userinfo: Readonly<Record<string, unknown>> | undefined, grantedScopes: readonly string[]): ClaimsOutcome {
  const kept = new Map<string, [string, unknown][]>();
  const received: OidcPlannedElement[] = [];
  const absent: OidcPlannedElement[] = [];
  for (const element of plan.elements) {
    const fromUserinfo = userinfo !== undefined && Object.hasOwn(userinfo, element.scope) ? userinfo[element.scope] : undefined;
    const fromIdToken = Object.hasOwn(idToken, element.scope) ? idToken[element.scope] : undefined;
    if (fromUserinfo !== undefined && fromIdToken !== undefined && !sameJson(fromUserinfo, fromIdToken)) {
      throw claimError(element.scope, 'the ID token and the UserInfo response disagree');
    }
    const raw = fromUserinfo ?? fromIdToken;
    // A scope the provider did not grant delivers nothing, whatever a response carries.
    if (raw === undefined || raw === null || !grantedScopes.includes(element.scope)) {
      absent.push(element);
      continue;
    }
    const value = elementValue(element, raw);
    const list = kept.get(element.namespace) ?? [];
    list.push([element.identifier, element.sensitive ? new SensitiveValue(element.namespace, element.identifier, value) : value]);
    kept.set(element.namespace, list);
    received.push(element);
  }
  const wanted = new Set(received.map((e) => e.scope));
  const dropped: DroppedClaim[] = [];
  for (const [source, claims] of [['id_token', idToken], ['userinfo', userinfo ?? {}]] as const) {
    for (const claim of Object.keys(claims)) {
      if (PROTOCOL_CLAIMS.has(claim) || wanted.has(claim as AttributeScope)) continue;
      dropped.push({ claim: safeWord(claim) ?? '(malformed claim name)', source });
    }
  }
  // Object.fromEntries defines own properties: no claim name can reach a prototype.
  return { elements: Object.fromEntries([...kept].map(([ns, list]) => [ns, Object.fromEntries(list)])), received, absent, dropped };
}
