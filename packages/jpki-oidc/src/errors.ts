/**
 * The jpki-oidc error family and check catalogue. Every step of a デジタル認証アプリ login that can
 * fail has a stable check id; a failed check throws a {@link JpkiOidcError} whose `code` is `ERR_`
 * + the check id. Messages and details name the step, the claim or the OAuth error code — never a
 * token, an authorization code, a key, a PKCE verifier or a personal value.
 *
 * @module
 */

import { UketoriError } from '@uketori/mdoc';

/** The checks of a login, with the clause each implements. */
export const OIDC_CHECKS = {
  OIDC_DISCOVERY: {
    clause: 'OpenID Connect Discovery 1.0 §4 (issuer metadata; §4.3 issuer equality)',
    title: 'The provider metadata is fetched and names the configured issuer',
  },
  OIDC_STATE: {
    clause: 'RFC 6749 §10.12; OpenID Connect Core 1.0 §3.1.2.7 (state binds the response to the browser that started the login)',
    title: 'The authorization response carries the state of the login transaction',
  },
  OIDC_AUTHORIZATION_RESPONSE: {
    clause: 'OpenID Connect Core 1.0 §3.1.2.5–3.1.2.6; RFC 9207 (iss parameter)',
    title: 'The authorization response is a success with a code, from the expected issuer',
  },
  OIDC_TOKEN: {
    clause: 'OpenID Connect Core 1.0 §3.1.3.3–3.1.3.4; RFC 7636 §4.5 (code_verifier); RFC 7523 §2.2 (private_key_jwt)',
    title: 'The token endpoint exchanges the code (PKCE, private_key_jwt) for a bearer access token and an ID token',
  },
  OIDC_ID_TOKEN: {
    clause: 'OpenID Connect Core 1.0 §3.1.3.7 steps 1–8 (signature with the provider JWKS and the registered alg, iss, aud, azp)',
    title: 'The ID token is signed by the provider with the expected algorithm and is issued by it for this client',
  },
  OIDC_ID_TOKEN_VALIDITY: {
    clause: 'OpenID Connect Core 1.0 §3.1.3.7 steps 9–10 (exp, iat) at the injected clock',
    title: 'The ID token is within its validity period',
  },
  OIDC_NONCE: {
    clause: 'OpenID Connect Core 1.0 §3.1.3.7 step 11; §15.5.2 (nonce binds the ID token to the login transaction)',
    title: 'The ID token carries the nonce of the login transaction',
  },
  OIDC_ACR: {
    clause: 'OpenID Connect Core 1.0 §2 (acr), §3.1.2.1 (acr_values is a voluntary request), §3.1.3.7 step 12 (the client checks the asserted acr)',
    title: 'The ID token asserts an authentication context class the client requires (only with requiredAcr)',
  },
  OIDC_SCOPE: {
    clause: 'RFC 6749 §3.3 and §5.1 (granted scope)',
    title: 'Scopes granted beyond the request deliver nothing: their claims are dropped and reported (UNREQUESTED_SCOPE)',
  },
  OIDC_USERINFO: {
    clause: 'OpenID Connect Core 1.0 §5.3.1–5.3.2',
    title: 'The UserInfo endpoint answers the access token with a JSON claims object',
  },
  OIDC_USERINFO_SUB: {
    clause: 'OpenID Connect Core 1.0 §5.3.2 (the UserInfo sub must equal the ID token sub)',
    title: 'The UserInfo response is about the person the ID token authenticated',
  },
  OIDC_CLAIMS: {
    clause: 'OpenID Connect Core 1.0 §5.1 (standard claims); デジタル認証アプリ APIリファレンス (basic 4 items)',
    title: 'Each requested claim has the expected form and the ID token and UserInfo agree on it',
  },
} as const satisfies Record<string, { readonly clause: string; readonly title: string }>;

/** A stable check id of the OIDC channel. */
export type OidcCheckId = keyof typeof OIDC_CHECKS;

/** Stable codes of this package. */
export type JpkiOidcErrorCode =
  | `ERR_${OidcCheckId}`
  /** The provider could not be reached (connection refused, DNS, TLS, timeout). */
  | 'ERR_OIDC_PROVIDER_UNREACHABLE'
  /** The provider answered with an unexpected HTTP status or a body that is not the expected JSON. */
  | 'ERR_OIDC_PROVIDER_RESPONSE'
  /** No login transaction for this browser, or it expired or was used already (express layer). */
  | 'ERR_OIDC_LOGIN_STATE';

/** The outcome of one check, as the `onCheck` hook and the result's report see it. */
export interface OidcCheckResult {
  readonly id: OidcCheckId;
  /** The clause the check implements. */
  readonly clause: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Names only (claim, OAuth error code), never a value. */
  readonly detail?: string;
  /** The error code when `status` is `failed`. */
  readonly code?: string;
}

/** A hook that sees every check result, in order. */
export type OnOidcCheck = (result: OidcCheckResult) => void;

/** Names (never values) that locate an error. */
export interface JpkiOidcErrorDetails {
  /** The OAuth 2.0 `error` code the provider returned (RFC 6749 §4.1.2.1, §5.2), when it is a registry-shaped word. */
  readonly oauthError?: string;
  /** The claim a failed comparison or value check is about (`nonce`, `exp`, `birthdate` …). */
  readonly claim?: string;
  /** The HTTP status of a failed provider response. */
  readonly status?: number;
}

/**
 * An error of the デジタル認証アプリ channel.
 *
 * @example
 * ```ts
 * try {
 *   await client.finishLogin(callbackUrl, transaction);
 * } catch (err) {
 *   if (err instanceof JpkiOidcError && err.code === 'ERR_OIDC_NONCE') {
 *     // the ID token was not issued for this login
 *   }
 * }
 * ```
 */
export class JpkiOidcError extends UketoriError {
  declare readonly code: JpkiOidcErrorCode;
  /** The failed OIDC check, when the error comes from one. */
  readonly oidcCheck: OidcCheckId | undefined;
  /** Names locating the error; safe to log. */
  readonly details: JpkiOidcErrorDetails;

  constructor(code: JpkiOidcErrorCode, message: string, options: { readonly check?: OidcCheckId; readonly details?: JpkiOidcErrorDetails; readonly cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.oidcCheck = options.check;
    this.details = options.details ?? {};
  }
}

/**
 * The error a failed check throws: its code is `ERR_` + the check id.
 *
 * @example
 * ```ts
 * import { checkFailed } from '@uketori/jpki-oidc';
 *
 * const error = checkFailed('OIDC_NONCE', 'the ID token nonce does not match the login transaction');
 * error.code; // 'ERR_OIDC_NONCE'
 * error.oidcCheck; // 'OIDC_NONCE'
 * ```
 */
export function checkFailed(check: OidcCheckId, message: string, options: { readonly details?: JpkiOidcErrorDetails; readonly cause?: unknown } = {}): JpkiOidcError {
  return new JpkiOidcError(`ERR_${check}`, message, { check, ...options });
}

const WORD = /^[A-Za-z0-9_.:-]{1,64}$/;

/** `value` when it is a short registry-shaped word (an OAuth error code, a claim name), else undefined. */
export function safeWord(value: unknown): string | undefined {
  return typeof value === 'string' && WORD.test(value) ? value : undefined;
}
