/**
 * openid-client / oauth4webapi exceptions → coded {@link JpkiOidcError}s. The original is kept as
 * `cause` only in a sanitized form (its name, code and message): openid-client attaches the
 * authorization response parameters (the code) and the ID token claims (personal data) to its
 * errors, and none of that may reach a log.
 *
 * @module
 */

import { isUketoriError } from '@uketori/mdoc';
import { checkFailed, JpkiOidcError, safeWord, type OidcCheckId } from './errors.js';

/** The step that failed, for errors that do not say it themselves. */
export type Stage = 'discovery' | 'token' | 'userinfo';

interface Shaped {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly error?: unknown;
  readonly status?: unknown;
  readonly claim?: unknown;
}

const STAGE_CHECK: Readonly<Record<Stage, OidcCheckId>> = { discovery: 'OIDC_DISCOVERY', token: 'OIDC_TOKEN', userinfo: 'OIDC_USERINFO' };

function shaped(value: unknown): Shaped {
  return value !== null && typeof value === 'object' ? (value as Shaped) : {};
}

/** Name, code and message only — the messages of these libraries are fixed texts without values. */
function sanitize(err: unknown): Error {
  const e = shaped(err);
  const inner = shaped(e.cause);
  const parts = [e.message, typeof inner.message === 'string' && inner.message !== e.message ? inner.message : undefined].filter((m): m is string => typeof m === 'string');
  const clean = new Error(parts.join(': ').slice(0, 300));
  clean.name = typeof e.name === 'string' ? e.name : 'Error';
  const code = safeWord(e.code);
  if (code !== undefined) Object.defineProperty(clean, 'code', { value: code, enumerable: true });
  return clean;
}

function isNetwork(err: unknown): boolean {
  const e = shaped(err);
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  // fetch() rejects with a TypeError ("fetch failed") whose cause is the socket error.
  return err instanceof TypeError && !(typeof e.code === 'string' && e.code.startsWith('ERR_INVALID'));
}

/**
 * Maps an exception from openid-client at `stage` to a coded error.
 *
 * @example
 * ```ts
 * try { await client.fetchUserInfo(config, token, sub); } catch (err) { throw mapOpenIdError(err, 'userinfo'); }
 * ```
 */
export function mapOpenIdError(err: unknown, stage: Stage): JpkiOidcError | Error {
  if (err instanceof JpkiOidcError || isUketoriError(err)) return err as Error;
  const cause = sanitize(err);
  if (isNetwork(err)) return new JpkiOidcError('ERR_OIDC_PROVIDER_UNREACHABLE', `the OpenID Provider could not be reached (${stage})`, { cause });
  const e = shaped(err);
  const inner = shaped(e.cause);
  const claim = safeWord(shaped(inner.cause).claim);
  const innerMessage = typeof inner.message === 'string' ? inner.message : '';
  const status = typeof e.status === 'number' ? e.status : undefined;
  switch (e.code) {
    case 'OAUTH_AUTHORIZATION_RESPONSE_ERROR':
      return checkFailed('OIDC_AUTHORIZATION_RESPONSE', 'the provider returned an error instead of a code', { details: { ...(safeWord(e.error) === undefined ? {} : { oauthError: safeWord(e.error)! }) }, cause });
    case 'OAUTH_RESPONSE_BODY_ERROR':
      return checkFailed(STAGE_CHECK[stage], `the provider answered the ${stage} request with an OAuth error`, {
        details: { ...(safeWord(e.error) === undefined ? {} : { oauthError: safeWord(e.error)! }), ...(status === undefined ? {} : { status }) },
        cause,
      });
    case 'OAUTH_WWW_AUTHENTICATE_CHALLENGE':
      return checkFailed(STAGE_CHECK[stage], `the provider refused the ${stage} request`, { ...(status === undefined ? {} : { details: { status } }), cause });
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      if (claim === 'nonce') return checkFailed('OIDC_NONCE', 'the ID token was not issued for this login (nonce)', { details: { claim }, cause });
      return checkFailed('OIDC_ID_TOKEN', `the ID token failed validation (${claim ?? 'claim'})`, { ...(claim === undefined ? {} : { details: { claim } }), cause });
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return checkFailed('OIDC_ID_TOKEN_VALIDITY', `the ID token is outside its validity period (${claim ?? 'time'})`, { ...(claim === undefined ? {} : { details: { claim } }), cause });
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
      if (stage === 'userinfo') return checkFailed('OIDC_USERINFO_SUB', 'the UserInfo response is about another subject than the ID token', { details: { claim: 'sub' }, cause });
      return checkFailed(STAGE_CHECK[stage], `the provider's ${stage} response failed validation`, { cause });
    case 'OAUTH_KEY_SELECTION_FAILED':
      return checkFailed('OIDC_ID_TOKEN', 'no key of the provider JWKS can verify the ID token', { cause });
    case 'OAUTH_INVALID_RESPONSE':
      if (/"state"/.test(innerMessage)) return checkFailed('OIDC_STATE', 'the authorization response does not carry the state of this login', { details: { claim: 'state' }, cause });
      if (/"iss"/.test(innerMessage) && !/JWT/.test(innerMessage)) return checkFailed('OIDC_AUTHORIZATION_RESPONSE', 'the authorization response comes from another issuer', { details: { claim: 'iss' }, cause });
      if (stage === 'token' && /JWT|ID Token|"alg"|signature/i.test(innerMessage)) return checkFailed('OIDC_ID_TOKEN', 'the ID token failed validation', { cause });
      return checkFailed(STAGE_CHECK[stage], `the provider's ${stage} response is not valid`, { cause });
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
    case 'OAUTH_RESPONSE_IS_NOT_JSON':
    case 'OAUTH_PARSE_ERROR': {
      const s = shaped(inner).status;
      return new JpkiOidcError('ERR_OIDC_PROVIDER_RESPONSE', `the provider's ${stage} response is not what the protocol expects`, { ...(typeof s === 'number' ? { details: { status: s } } : {}), cause });
    }
    default:
      return checkFailed(STAGE_CHECK[stage], `the ${stage} step failed`, { cause });
  }
}
