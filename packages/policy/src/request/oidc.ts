/**
 * デジタル認証アプリ (the Digital Agency's OpenID Provider for the card's JPKI) scopes for a purpose.
 * Scopes are coarse (`name`, `address`, `birthdate`, `gender`); a purpose lists the ones that cover
 * its elements, and nothing else can be asked for.
 *
 * @module
 */

import { UketoriTypeError } from '@uketori/mdoc';
import { PolicyRequestError } from '../errors.js';
import { assertDate, requireOidcLegalBasis } from '../purpose/legal-basis.js';
import type { OidcScope, Purpose } from '../purpose/types.js';
import { assertPermitted } from './plan.js';

/** Options of {@link oidcScopes}. */
export interface OidcScopesOptions {
  /** The scopes wanted (`openid` is always added). Default: every scope of the purpose. */
  readonly scopes?: readonly string[];
  /** The time of the request, for the legal basis. Default: now. */
  readonly now?: Date;
}

/**
 * The OIDC `scope` values for a purpose, `openid` first.
 *
 * @example
 * ```ts
 * oidcScopes(getPurpose('aml_kyc_jp')).join(' '); // 'openid name address birthdate'
 * oidcScopes(getPurpose('aml_kyc_jp'), { scopes: ['gender'] }); // throws ERR_POLICY_OVER_REQUEST
 * ```
 * @throws {PolicyRequestError} `ERR_POLICY_CHANNEL` when the purpose cannot be served over OIDC,
 *   `ERR_POLICY_OVER_REQUEST` naming a scope outside the purpose, `ERR_POLICY_NOT_PERMITTED`,
 *   `ERR_POLICY_NO_LEGAL_BASIS` when the purpose's OIDC legal basis (`oidc.legalBasis`) is not in force.
 */
export function oidcScopes(purpose: Purpose, options: OidcScopesOptions = {}): OidcScope[] {
  const now = options.now ?? new Date();
  assertDate(now, 'options.now');
  assertPermitted(purpose);
  const allowed = purpose.oidcScopes;
  if (allowed === undefined) {
    throw new PolicyRequestError('ERR_POLICY_CHANNEL', 'POLICY_REQUEST', `purpose ${JSON.stringify(purpose.id)} is not available over the デジタル認証アプリ (OIDC)`, { purposeId: purpose.id });
  }
  // The channel's own provision (oidc.legalBasis), not the card-substitute record's.
  requireOidcLegalBasis(purpose, now);
  if (options.scopes !== undefined && !Array.isArray(options.scopes)) throw new UketoriTypeError('"options.scopes" must be an array of strings');
  const wanted = options.scopes ?? allowed;
  for (const scope of wanted) {
    if (!allowed.includes(scope as OidcScope)) {
      const shown = typeof scope === 'string' && /^[A-Za-z0-9_:.-]{1,64}$/.test(scope) ? JSON.stringify(scope) : '(malformed scope)';
      throw new PolicyRequestError('ERR_POLICY_OVER_REQUEST', 'POLICY_REQUEST', `purpose ${JSON.stringify(purpose.id)} does not allow scope ${shown}`, { purposeId: purpose.id });
    }
  }
  return allowed.filter((s) => s === 'openid' || wanted.includes(s));
}
