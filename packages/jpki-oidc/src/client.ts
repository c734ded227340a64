/**
 * The stateful layer: a デジタル認証アプリ relying party on openid-client. `startLogin` lets the
 * purpose decide the scopes (through the policy's OIDC gate), creates state, nonce and a PKCE S256
 * verifier, and returns the authorization URL with the transaction to keep bound to the browser;
 * `finishLogin` validates the authorization response, exchanges the code with `private_key_jwt`,
 * validates the ID token (signature with the provider JWKS and the registered alg, iss, aud, exp,
 * iat, nonce), fetches UserInfo (its `sub` must match), and gates the claims for the purpose.
 *
 * @module
 */

import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import { UketoriTypeError } from '@uketori/mdoc';
import { PolicyError, createPurposeRegistry, type AuditSink, type Purpose, type PurposeRegistry } from '@uketori/policy';
import { failureRecord, requestRecord, writeRecord } from './audit.js';
import { environmentMetadata, httpUrl, JPKI_ID_TOKEN_ALG, type JpkiEnvironment, type ProviderMetadata } from './environments.js';
import { checkFailed, JpkiOidcError, OIDC_CHECKS, type OidcCheckId, type OidcCheckResult, type OnOidcCheck } from './errors.js';
import { gateOidcLogin } from './gate.js';
import { importClientKey, type ClientAssertionAlg, type ClientPrivateKey } from './keys.js';
import { mapOpenIdError } from './map-error.js';
import { JPKI_OIDC_CHANNEL, planOidcRequest, type OidcRequestPlan, type PlanOidcRequestOptions } from './plan.js';
import type { JpkiOidcResult, VerifiedOidcLogin } from './types.js';

/**
 * Opt-in, for tests against a provider on the loopback interface only: allows an `http:` issuer
 * whose host is `127.0.0.1`, `[::1]` or `localhost`. Any other `http:` issuer is refused.
 */
export const allowLoopbackHttp: unique symbol = Symbol.for('uketori.jpki-oidc.allowLoopbackHttp');

/** A fetch implementation (e.g. one that goes through a proxy). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Options of {@link createJpkiClient}. */
export interface JpkiClientOptions {
  /** `sandbox` or `production` (static metadata, see `environments.ts`). One of `environment` / `issuer` is required. */
  readonly environment?: JpkiEnvironment;
  /** Another issuer (e.g. a test provider). */
  readonly issuer?: string;
  /**
   * Where the endpoints come from: `static` (default for `environment`: the realm layout),
   * `discovery` (default for `issuer`: OpenID Connect Discovery 1.0), or the metadata itself.
   */
  readonly metadata?: 'static' | 'discovery' | ProviderMetadata;
  /** The client id the Digital Agency issued. */
  readonly clientId: string;
  /** The private key registered (as its public JWK) with the Digital Agency. Never logged. */
  readonly privateKey: ClientPrivateKey;
  /** The `kid` of that key in the registered JWK Set. */
  readonly kid: string;
  /** The client assertion algorithm. Default: `ES256` for a P-256 key, `RS256` for RSA. */
  readonly signingAlg?: ClientAssertionAlg;
  /** `aud` of the client assertion: the token endpoint URL (default, as the service's samples do) or the issuer. */
  readonly assertionAudience?: 'token_endpoint' | 'issuer';
  /** The registered redirect URI; the token request uses exactly this value. */
  readonly redirectUri: string;
  /**
   * `acr_values` to send (the API reference's example is `aal3 crl`). A request only: the provider
   * may answer with another `acr` or none (OpenID Connect Core 1.0 §3.1.2.1). Default: none.
   */
  readonly acrValues?: string;
  /**
   * The authentication context class(es) to accept: when set, an ID token whose `acr` is missing or
   * not one of these fails the login with `ERR_OIDC_ACR` (OpenID Connect Core 1.0 §3.1.3.7 step 12).
   * It does not change what is sent: set `acrValues` to ask for it. Default: none (any `acr`, or
   * none, is accepted and reported in `verified.acr`).
   */
  readonly requiredAcr?: string | readonly string[];
  /** The ID token signing alg to require. Default `ES256`. */
  readonly idTokenSigningAlg?: string;
  /** Purposes by id. Default: the policy presets. */
  readonly registry?: PurposeRegistry;
  /** Receives one record per decision before it is returned. Default: none. */
  readonly audit?: AuditSink;
  /** The clock for ID token times, retention and transaction age. Default: `() => new Date()`. */
  readonly clock?: () => Date;
  /** Tolerance for ID token times, in seconds. Default 30. */
  readonly clockToleranceSeconds?: number;
  /** How long a login transaction stays usable, in seconds. Default 600. */
  readonly transactionTtlSeconds?: number;
  /** HTTP timeout per request, in seconds. Default 30. */
  readonly timeoutSeconds?: number;
  /** A fetch implementation for the provider requests. Default: the global fetch. */
  readonly fetch?: FetchLike;
  /** Sees every check result. */
  readonly onCheck?: OnOidcCheck;
  /** See {@link allowLoopbackHttp}. */
  readonly [allowLoopbackHttp]?: true;
}

/**
 * A started login: everything `finishLogin` needs. Plain JSON. It holds the nonce and the PKCE
 * verifier: keep it server side, bound to the browser, use it once, never log it.
 */
export interface LoginTransaction {
  readonly transactionId: string;
  readonly purposeId: string;
  readonly plan: OidcRequestPlan;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** ISO 8601 time the login started. */
  readonly createdAt: string;
}

/** Options of {@link JpkiClient.startLogin}. */
export interface StartLoginOptions extends Omit<PlanOidcRequestOptions, 'now'> {
  /** The transaction id for the audit records. Default: a random UUID. */
  readonly transactionId?: string;
}

/** Options of {@link JpkiClient.finishLogin}. */
export interface FinishLoginOptions {
  /** The purpose, when it is not in the client's registry (a `Purpose` passed to `startLogin`). */
  readonly purpose?: Purpose;
}

/** A デジタル認証アプリ relying party. */
export interface JpkiClient {
  /**
   * Plans the login for a purpose and builds the authorization URL. A purpose the channel cannot
   * serve is refused here, before any redirect (after a `refused` audit record).
   *
   * @throws {PolicyError} `ERR_POLICY_CHANNEL`, `ERR_POLICY_OVER_REQUEST`, `ERR_POLICY_UNKNOWN_PURPOSE`, …
   * @throws {JpkiOidcError} `ERR_OIDC_DISCOVERY`, `ERR_OIDC_PROVIDER_UNREACHABLE` (discovery only).
   */
  startLogin(purpose: string | Purpose, options?: StartLoginOptions): Promise<{ readonly url: URL; readonly transaction: LoginTransaction }>;
  /**
   * Completes the login from the callback's query parameters (or its full URL) and the
   * transaction `startLogin` returned.
   *
   * @throws {JpkiOidcError} `ERR_OIDC_STATE`, `ERR_OIDC_AUTHORIZATION_RESPONSE`, `ERR_OIDC_TOKEN`,
   *   `ERR_OIDC_ID_TOKEN`, `ERR_OIDC_ID_TOKEN_VALIDITY`, `ERR_OIDC_NONCE`, `ERR_OIDC_ACR` (with
   *   `requiredAcr`), `ERR_OIDC_USERINFO`, `ERR_OIDC_USERINFO_SUB`, `ERR_OIDC_CLAIMS`,
   *   `ERR_OIDC_LOGIN_STATE`, `ERR_OIDC_PROVIDER_*`.
   * @throws {PolicyError} from the response gate; `AuditError` (from @uketori/policy) `ERR_POLICY_AUDIT`.
   */
  finishLogin(callback: URL | URLSearchParams, transaction: LoginTransaction, options?: FinishLoginOptions): Promise<JpkiOidcResult>;
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

function digestEquals(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** `requiredAcr` as a non-empty list of acr values (each a non-empty string without spaces), or undefined. */
function acrList(value: string | readonly string[] | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((v: unknown) => typeof v === 'string' && /^[\x21-\x7e]+$/.test(v))) {
    throw new UketoriTypeError('"options.requiredAcr" must be an acr value or a non-empty list of them (printable ASCII, no spaces)', 'ERR_INVALID_ARG_VALUE');
  }
  return [...list];
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new UketoriTypeError(`"options.${name}" must be a non-negative number`, 'ERR_INVALID_ARG_VALUE');
  return value;
}

/** Resolves the issuer and the metadata source from the options. */
function source(options: JpkiClientOptions): { issuer: string; metadata: 'discovery' | ProviderMetadata } {
  if ((options.environment === undefined) === (options.issuer === undefined)) throw new UketoriTypeError('pass exactly one of "options.environment" and "options.issuer"');
  const issuer = options.environment !== undefined ? environmentMetadata(options.environment).issuer : httpUrl(options.issuer, 'options.issuer').href.replace(/\/$/, '');
  const m = options.metadata ?? (options.environment !== undefined ? 'static' : 'discovery');
  if (m === 'discovery') return { issuer, metadata: 'discovery' };
  if (m === 'static') {
    if (options.environment === undefined) throw new UketoriTypeError('"options.metadata": "static" needs "options.environment"; pass the metadata itself for another issuer');
    return { issuer, metadata: environmentMetadata(options.environment) };
  }
  if (m === null || typeof m !== 'object' || m.issuer !== issuer) throw new UketoriTypeError('"options.metadata" must be "static", "discovery" or metadata for the same issuer');
  for (const key of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const) httpUrl(m[key], `options.metadata.${key}`);
  return { issuer, metadata: m };
}

/**
 * Creates a デジタル認証アプリ relying party.
 *
 * @example
 * ```ts
 * const client = createJpkiClient({
 *   environment: 'sandbox',
 *   clientId: process.env.JPKI_CLIENT_ID!,
 *   privateKey: JSON.parse(process.env.JPKI_CLIENT_JWK!),
 *   kid: 'rp-2025-01',
 *   redirectUri: 'https://shop.example.jp/jpki/callback',
 *   audit: jsonLinesAuditSink('/var/log/uketori/audit.jsonl'),
 * });
 * const { url, transaction } = await client.startLogin('aml_kyc_jp'); // scope=openid name address birthdate
 * // … redirect, keep `transaction` in the server-side session, then on the callback:
 * const { policy } = await client.finishLogin(new URL(req.url, 'https://shop.example.jp'), transaction);
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_*` for malformed options (including an `http:`
 *   issuer without the loopback opt-in).
 */
export function createJpkiClient(options: JpkiClientOptions): JpkiClient {
  if (options === null || typeof options !== 'object') throw new UketoriTypeError('"options" must be an object');
  if (typeof options.clientId !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(options.clientId)) throw new UketoriTypeError('"options.clientId" must be 1-255 printable ASCII characters', 'ERR_INVALID_ARG_VALUE');
  if (typeof options.kid !== 'string' || options.kid.length === 0) throw new UketoriTypeError('"options.kid" must be a non-empty string');
  const redirectUri = httpUrl(options.redirectUri, 'options.redirectUri');
  const { issuer, metadata } = source(options);
  const issuerUrl = new URL(issuer);
  const insecure = issuerUrl.protocol === 'http:';
  if (insecure && !(options[allowLoopbackHttp] === true && LOOPBACK.has(issuerUrl.hostname))) {
    throw new UketoriTypeError('an http: issuer is allowed only on the loopback interface, with the allowLoopbackHttp opt-in', 'ERR_INVALID_ARG_VALUE');
  }
  const registry = options.registry ?? createPurposeRegistry();
  const clock = options.clock ?? (() => new Date());
  const tolerance = positive(options.clockToleranceSeconds, 30, 'clockToleranceSeconds');
  const ttl = positive(options.transactionTtlSeconds, 600, 'transactionTtlSeconds');
  const timeout = positive(options.timeoutSeconds, 30, 'timeoutSeconds');
  const idTokenAlg = options.idTokenSigningAlg ?? JPKI_ID_TOKEN_ALG;
  const requiredAcr = acrList(options.requiredAcr);
  const keyPromise = importClientKey(options.privateKey, options.signingAlg);
  keyPromise.catch(() => undefined); // surfaced on first use
  let pending: Promise<oidc.Configuration> | undefined;

  async function build(): Promise<oidc.Configuration> {
    const key = await keyPromise;
    let tokenEndpoint = typeof metadata === 'object' ? metadata.token_endpoint : '';
    const auth = oidc.PrivateKeyJwt(
      { key, kid: options.kid },
      {
        [oidc.modifyAssertion]: (_header, payload) => {
          // RFC 7523 §3 item 3: the token endpoint URL identifies the authorization server.
          if ((options.assertionAudience ?? 'token_endpoint') === 'token_endpoint') payload.aud = tokenEndpoint;
        },
      },
    );
    const clientMetadata: Partial<oidc.ClientMetadata> = { id_token_signed_response_alg: idTokenAlg, [oidc.clockTolerance]: tolerance };
    let config: oidc.Configuration;
    if (metadata === 'discovery') {
      try {
        config = await oidc.discovery(issuerUrl, options.clientId, clientMetadata, auth, {
          timeout,
          ...(options.fetch === undefined ? {} : { [oidc.customFetch]: options.fetch as oidc.CustomFetch }),
          ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        });
      } catch (err) {
        throw mapOpenIdError(err, 'discovery');
      }
      const found = config.serverMetadata();
      for (const key of ['token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const) {
        if (typeof found[key] !== 'string') throw checkFailed('OIDC_DISCOVERY', `the provider metadata has no ${key}`);
      }
      tokenEndpoint = found.token_endpoint!;
    } else {
      config = new oidc.Configuration({ ...metadata } as unknown as oidc.ServerMetadata, options.clientId, clientMetadata, auth);
      if (insecure) oidc.allowInsecureRequests(config);
      config.timeout = timeout;
      if (options.fetch !== undefined) config[oidc.customFetch] = options.fetch as oidc.CustomFetch;
    }
    // OpenID Connect Core 1.0 §3.1.3.7 step 6 lets TLS stand in for the signature; uketori checks
    // the ID token signature anyway (tampering is then caught even behind a TLS-terminating proxy).
    oidc.enableNonRepudiationChecks(config);
    return config;
  }

  function configuration(): Promise<oidc.Configuration> {
    pending ??= build().catch((err: unknown) => {
      pending = undefined; // a provider that was down may be back next time
      throw err;
    });
    return pending;
  }

  function resolve(purpose: string | Purpose): Purpose {
    return typeof purpose === 'string' ? registry.get(purpose) : purpose;
  }

  return {
    async startLogin(purposeIn, opts = {}) {
      const transactionId = opts.transactionId ?? randomUUID();
      const now = clock();
      let plan: OidcRequestPlan;
      let purpose: Purpose | undefined;
      try {
        purpose = resolve(purposeIn);
        const { transactionId: _t, ...planOptions } = opts;
        plan = planOidcRequest(purpose, { ...planOptions, now });
      } catch (err) {
        if (err instanceof PolicyError) {
          const purposeId = purpose?.id ?? err.details.purposeId ?? '(unknown)';
          await writeRecord(options.audit, failureRecord('request', purposeId, [], err, transactionId, now));
        }
        throw err;
      }
      const config = await configuration();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri.href,
        scope: plan.scopes.join(' '),
        state,
        nonce,
        // RFC 7636 §4.2; the service accepts S256 only (API reference: code_challenge_method).
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        ...(options.acrValues === undefined ? {} : { acr_values: options.acrValues }),
      });
      await writeRecord(options.audit, requestRecord(plan, transactionId, now));
      return { url, transaction: { transactionId, purposeId: plan.purposeId, plan, state, nonce, codeVerifier, createdAt: now.toISOString() } };
    },

    async finishLogin(callback, tx, opts = {}) {
      if (tx === null || typeof tx !== 'object' || typeof tx.state !== 'string' || typeof tx.nonce !== 'string' || typeof tx.codeVerifier !== 'string' || typeof tx.createdAt !== 'string') {
        throw new UketoriTypeError('"transaction" must be the LoginTransaction startLogin returned');
      }
      const purpose = opts.purpose ?? registry.get(tx.purposeId);
      const now = clock();
      const checks: OidcCheckResult[] = [];
      const report = (id: OidcCheckId, status: OidcCheckResult['status'], extra: { detail?: string; code?: string } = {}): void => {
        const r: OidcCheckResult = { id, clause: OIDC_CHECKS[id].clause, status, ...extra };
        checks.push(r);
        options.onCheck?.(r);
      };
      try {
        const started = Date.parse(tx.createdAt);
        if (!Number.isFinite(started) || now.getTime() - started > ttl * 1000) {
          throw new JpkiOidcError('ERR_OIDC_LOGIN_STATE', 'the login transaction has expired; start the login again');
        }
        const params = callback instanceof URL ? callback.searchParams : callback;
        const state = params.get('state');
        // RFC 6749 §10.12: the response must come back to the browser that started this login.
        if (state === null || !digestEquals(state, tx.state)) throw checkFailed('OIDC_STATE', 'the authorization response does not carry the state of this login', { details: { claim: 'state' } });
        report('OIDC_STATE', 'passed');
        const config = await configuration();
        const currentUrl = new URL(redirectUri.href);
        currentUrl.search = params.toString();
        let tokens;
        try {
          tokens = await oidc.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: tx.codeVerifier, expectedNonce: tx.nonce, expectedState: tx.state, idTokenExpected: true });
        } catch (err) {
          throw mapOpenIdError(err, 'token');
        }
        for (const id of ['OIDC_AUTHORIZATION_RESPONSE', 'OIDC_TOKEN', 'OIDC_ID_TOKEN', 'OIDC_NONCE'] as const) report(id, 'passed');
        const claims = tokens.claims()!;
        // OpenID Connect Core 1.0 §3.1.3.7 steps 9-10, at the injected clock (openid-client checked them at the system clock).
        const t = now.getTime() / 1000;
        if (claims.exp <= t - tolerance) throw checkFailed('OIDC_ID_TOKEN_VALIDITY', 'the ID token has expired', { details: { claim: 'exp' } });
        if (claims.iat > t + tolerance) throw checkFailed('OIDC_ID_TOKEN_VALIDITY', 'the ID token was issued in the future', { details: { claim: 'iat' } });
        report('OIDC_ID_TOKEN_VALIDITY', 'passed');
        // OpenID Connect Core 1.0 §3.1.3.7 step 12: acr_values is only a request (§3.1.2.1), so the
        // asserted acr (§2) is what counts. The values are not personal data, but stay out of the message.
        if (requiredAcr === undefined) {
          report('OIDC_ACR', 'skipped', { detail: 'no requiredAcr configured' });
        } else {
          if (typeof claims.acr !== 'string') throw checkFailed('OIDC_ACR', 'the ID token asserts no authentication context class (acr), and one is required', { details: { claim: 'acr' } });
          if (!requiredAcr.includes(claims.acr)) throw checkFailed('OIDC_ACR', 'the ID token asserts an authentication context class (acr) that is not one of the required values', { details: { claim: 'acr' } });
          report('OIDC_ACR', 'passed');
        }
        const granted = typeof tokens.scope === 'string' ? tokens.scope.split(' ').filter((s) => s.length > 0) : [...tx.plan.scopes];
        const extra = granted.filter((s) => !tx.plan.scopes.includes(s as never));
        report('OIDC_SCOPE', 'passed', extra.length === 0 ? {} : { detail: `${extra.length} scope(s) granted beyond the request; their claims are dropped` });
        let userinfo: Record<string, unknown> | undefined;
        if (tx.plan.elements.length > 0) {
          try {
            userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
          } catch (err) {
            throw mapOpenIdError(err, 'userinfo');
          }
          report('OIDC_USERINFO', 'passed');
          report('OIDC_USERINFO_SUB', 'passed');
        } else {
          report('OIDC_USERINFO', 'skipped', { detail: 'authentication only: no attribute scope requested' });
          report('OIDC_USERINFO_SUB', 'skipped');
        }
        const login: VerifiedOidcLogin = {
          channel: JPKI_OIDC_CHANNEL,
          issuer: claims.iss,
          subject: claims.sub,
          issuedAt: new Date(claims.iat * 1000),
          expiresAt: new Date(claims.exp * 1000),
          ...(typeof claims.auth_time === 'number' ? { authTime: new Date(claims.auth_time * 1000) } : {}),
          ...(typeof claims.acr === 'string' ? { acr: claims.acr } : {}),
          grantedScopes: granted,
          checks,
        };
        const policy = gateOidcLogin(purpose, tx.plan, { login, idTokenClaims: claims, ...(userinfo === undefined ? {} : { userinfo }) }, { now, transactionId: tx.transactionId });
        report('OIDC_CLAIMS', 'passed');
        await writeRecord(options.audit, policy.audit);
        return { verified: login, policy };
      } catch (err) {
        if (err instanceof JpkiOidcError && err.oidcCheck !== undefined) report(err.oidcCheck, 'failed', { code: err.code });
        if (err instanceof JpkiOidcError || err instanceof PolicyError) {
          if (!(err instanceof PolicyError && err.code === 'ERR_POLICY_AUDIT')) {
            await writeRecord(options.audit, failureRecord('response', purpose.id, [], err, tx.transactionId, now));
          }
        }
        throw err;
      }
    },
  };
}
