/**
 * The two デジタル認証アプリ environments (sandbox and production) as static OpenID Provider
 * metadata, so a login needs no discovery round trip.
 *
 * Sources and assumptions (the official API reference, 「デジタル認証アプリ APIリファレンス
 * (民間事業者向け)」 at https://developers.digital.go.jp/documents/auth-and-sign/authserver/, was
 * read only as far as its authorization endpoint section):
 * - Authorization code flow only, PKCE with `S256` required, `state` and `nonce` required, scopes
 *   `openid` (required) plus `name`, `address`, `birthdate`, `gender` for the basic 4 items and
 *   `sign` for signing, optional `acr_values` (example `aal3 crl`) — from the API reference.
 * - Hosts `auth-and-sign.go.jp` (production) and `sb-auth-and-sign.go.jp` (sandbox), realm path
 *   `/api/realms/main`, endpoints under `/protocol/openid-connect/` (a Keycloak layout) — from
 *   PocketSign's integration guide (docs.p8n.app, token endpoint of the sandbox) and open-source
 *   integrations (INTER-Mediator's MyNumberCardAdapter). NOT read on an official page.
 * - `private_key_jwt` client authentication — from the implementation guideline as quoted by the
 *   AWS blog "デジタル認証アプリサービス API を AWS と連携させてみよう" and the PocketSign guide.
 * - ID tokens signed with `ES256` — from secondary sources only. NOT read on an official page.
 *
 * Everything here can be overridden: pass `issuer` with `metadata: 'discovery'`, or your own
 * {@link ProviderMetadata}.
 *
 * @module
 */

import { UketoriTypeError } from '@uketori/mdoc';

/** The two environments of the デジタル認証アプリ service. */
export type JpkiEnvironment = 'sandbox' | 'production';

/** The provider metadata a login needs (a subset of OpenID Connect Discovery 1.0 §3). */
export interface ProviderMetadata {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly userinfo_endpoint: string;
  readonly jwks_uri: string;
  /** Default `['code']`. */
  readonly response_types_supported?: readonly string[];
  /** Default `['S256']`. */
  readonly code_challenge_methods_supported?: readonly string[];
  /** Default `['private_key_jwt']`. */
  readonly token_endpoint_auth_methods_supported?: readonly string[];
  /** Default `['ES256']`. */
  readonly id_token_signing_alg_values_supported?: readonly string[];
}

/** The issuer identifiers of the two environments (assumed; see the module notes). */
export const JPKI_ISSUERS: Readonly<Record<JpkiEnvironment, string>> = {
  production: 'https://auth-and-sign.go.jp/api/realms/main',
  sandbox: 'https://sb-auth-and-sign.go.jp/api/realms/main',
};

/** The ID token signing algorithm the service is reported to use. */
export const JPKI_ID_TOKEN_ALG = 'ES256';

/**
 * The metadata of a provider laid out like the デジタル認証アプリ (a Keycloak realm): endpoints
 * under `<issuer>/protocol/openid-connect/`.
 *
 * @example
 * ```ts
 * realmMetadata('https://sb-auth-and-sign.go.jp/api/realms/main').token_endpoint;
 * // 'https://sb-auth-and-sign.go.jp/api/realms/main/protocol/openid-connect/token'
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE` when `issuer` is not an absolute http(s) URL.
 */
export function realmMetadata(issuer: string): ProviderMetadata {
  const base = httpUrl(issuer, 'issuer').href.replace(/\/$/, '');
  const endpoint = (name: string): string => `${base}/protocol/openid-connect/${name}`;
  return {
    issuer,
    authorization_endpoint: endpoint('auth'),
    token_endpoint: endpoint('token'),
    userinfo_endpoint: endpoint('userinfo'),
    jwks_uri: endpoint('certs'),
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    id_token_signing_alg_values_supported: [JPKI_ID_TOKEN_ALG],
  };
}

/**
 * The static metadata of an environment.
 *
 * @example
 * ```ts
 * environmentMetadata('sandbox').issuer; // 'https://sb-auth-and-sign.go.jp/api/realms/main'
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE` for an unknown environment.
 */
export function environmentMetadata(environment: JpkiEnvironment): ProviderMetadata {
  if (typeof environment !== 'string' || !Object.hasOwn(JPKI_ISSUERS, environment)) throw new UketoriTypeError('"environment" must be "sandbox" or "production"', 'ERR_INVALID_ARG_VALUE');
  return realmMetadata(JPKI_ISSUERS[environment]);
}

/**
 * Parses an absolute http(s) URL given as an option.
 *
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE` otherwise.
 */
export function httpUrl(value: unknown, name: string): URL {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new UketoriTypeError(`"${name}" must be an absolute http(s) URL`, 'ERR_INVALID_ARG_VALUE');
  }
  return url;
}
