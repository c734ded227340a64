/**
 * Express integration: a login route that starts a デジタル認証アプリ login for one purpose and
 * redirects, and a callback route that completes it and hands the result to the business. The
 * login transaction is kept server side ({@link LoginTransactionStore}); the browser carries only
 * a random id in an HttpOnly, SameSite=Lax cookie (Lax: the callback is a top-level GET navigation
 * coming from the provider), which binds the callback to the browser that started the login
 * (RFC 6749 §10.12, with `state`).
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { UketoriTypeError } from '@uketori/mdoc';
import { PolicyError, type Purpose } from '@uketori/policy';
import type { JpkiClient, StartLoginOptions } from '../client.js';
import { JpkiOidcError } from '../errors.js';
import type { JpkiOidcResult } from '../types.js';
import { memoryLoginStore, type LoginTransactionStore } from './store.js';

/** Options of {@link jpkiLoginRouter}. */
export interface JpkiLoginRouterOptions {
  readonly client: JpkiClient;
  /** The one purpose this router serves (its id in the client's registry, or the purpose). */
  readonly purpose: string | Purpose;
  /** Receives the finished login; respond or call `next`. */
  readonly onResult: (result: JpkiOidcResult, req: Request, res: Response, next: NextFunction) => unknown;
  /**
   * Receives every failure. Default: HTTP 400 (state, authorization response, expired login), 403
   * (policy refusal), 502 (provider unreachable or malformed), 401 (token checks), 500 otherwise,
   * with body `{ "error": <code> }` — the code only.
   */
  readonly onError?: (err: unknown, req: Request, res: Response, next: NextFunction) => unknown;
  /** Default: {@link memoryLoginStore}. */
  readonly store?: LoginTransactionStore;
  /** Default `uketori_jpki`. */
  readonly cookieName?: string;
  /** Send the cookie with `Secure`. Default `true`; `false` only for plain-http local development. */
  readonly secureCookie?: boolean;
  /** Default `/login`. */
  readonly loginPath?: string;
  /** Default `/callback` (the path of the registered redirect URI, relative to the mount point). */
  readonly callbackPath?: string;
  /** How long a started login waits for its callback, in seconds. Default 600. */
  readonly transactionTtlSeconds?: number;
  /** Options for every login (e.g. narrower `scopes`). */
  readonly startOptions?: Omit<StartLoginOptions, 'transactionId'>;
}

function statusOf(err: unknown): number {
  if (err instanceof PolicyError) return err.code === 'ERR_POLICY_AUDIT' ? 500 : 403;
  if (!(err instanceof JpkiOidcError)) return 500;
  switch (err.code) {
    case 'ERR_OIDC_LOGIN_STATE':
    case 'ERR_OIDC_STATE':
    case 'ERR_OIDC_AUTHORIZATION_RESPONSE':
      return 400;
    case 'ERR_OIDC_PROVIDER_UNREACHABLE':
    case 'ERR_OIDC_PROVIDER_RESPONSE':
    case 'ERR_OIDC_DISCOVERY':
      return 502;
    default:
      return 401;
  }
}

function defaultOnError(err: unknown, _req: Request, res: Response): void {
  const code = err instanceof JpkiOidcError || err instanceof PolicyError ? err.code : 'ERR_INTERNAL';
  res.status(statusOf(err)).set('cache-control', 'no-store').json({ error: code });
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The login and callback routes for one purpose.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { jpkiLoginRouter } from '@uketori/jpki-oidc/express';
 *
 * const app = express();
 * app.use('/jpki', jpkiLoginRouter({
 *   client,
 *   purpose: 'aml_kyc_jp',
 *   onResult: (result, req, res) => {
 *     if (result.policy.outcome !== 'complete') return res.status(422).json({ missing: result.policy.missing });
 *     return res.redirect('/onboarding/confirm');
 *   },
 * }));
 * // redirect URI registered with the Digital Agency: https://shop.example.jp/jpki/callback
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_*` for malformed options.
 */
export function jpkiLoginRouter(options: JpkiLoginRouterOptions): Router {
  if (options === null || typeof options !== 'object' || typeof options.client?.startLogin !== 'function') throw new UketoriTypeError('"options.client" must be a JpkiClient (see createJpkiClient)');
  if (typeof options.onResult !== 'function') throw new UketoriTypeError('"options.onResult" must be a function');
  const cookieName = options.cookieName ?? 'uketori_jpki';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cookieName)) throw new UketoriTypeError('"options.cookieName" must be 1-64 of A-Z a-z 0-9 _ -', 'ERR_INVALID_ARG_VALUE');
  const store = options.store ?? memoryLoginStore();
  const ttl = options.transactionTtlSeconds ?? 600;
  const secure = options.secureCookie ?? true;
  const onError = options.onError ?? defaultOnError;
  const purposeOption = typeof options.purpose === 'string' ? {} : { purpose: options.purpose };
  const cookie = (value: string, maxAge: number): string => `${cookieName}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;

  const router = Router();
  router.get(options.loginPath ?? '/login', async (req, res, next) => {
    try {
      const { url, transaction } = await options.client.startLogin(options.purpose, options.startOptions ?? {});
      const id = randomBytes(32).toString('base64url');
      await store.set(id, transaction, ttl);
      res.set('cache-control', 'no-store').append('set-cookie', cookie(id, ttl)).redirect(303, url.href);
    } catch (err) {
      await onError(err, req, res, next);
    }
  });
  router.get(options.callbackPath ?? '/callback', async (req, res, next) => {
    try {
      const id = readCookie(req, cookieName);
      res.append('set-cookie', cookie('', 0));
      const transaction = id === undefined || !/^[A-Za-z0-9_-]{43}$/.test(id) ? undefined : await store.take(id);
      if (transaction === undefined) throw new JpkiOidcError('ERR_OIDC_LOGIN_STATE', 'no login was started in this browser, or it expired or was completed; start the login again');
      // The raw query string, not a parsed object: every parameter reaches the checks as sent.
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
      const result = await options.client.finishLogin(new URLSearchParams(query), transaction, purposeOption);
      res.set('cache-control', 'no-store');
      await options.onResult(result, req, res, next);
    } catch (err) {
      await onError(err, req, res, next);
    }
  });
  return router;
}
