/**
 * The suite acting as the person's browser and wallet against a receiving program over HTTP
 * (OpenID4VP 1.0 via redirects): the browser starts a transaction by the start contract, the
 * wallet fetches the request object from `request_uri` (GET, or POST with `wallet_nonce`, §5.10),
 * answers it with `@uketori/test-sender` (good, or broken by a document or online fault) as
 * `direct_post.jwt`, and the suite records what the program did: the wallet-facing answer of
 * `response_uri` (§8.2) and, where the start contract gives one, the decision at the result URL.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { answerOid4vp, parseAuthorizationLink, type FaultId, type FaultSpec, type OnlineFaultId } from '@uketori/test-sender';
import { ConformanceError } from '../errors.js';
import type { TargetText } from '../target.js';
import type { SuiteWorld } from '../world.js';
import { HttpClient, mediaType, parseJson, type HttpResult } from './client.js';
import { DEFAULT_START_BODY, readEvidence, readResult, readStart, withPurpose, type HttpTarget, type ResultDecision, type TargetEvidence } from './contract.js';
import { decodeRequestObject, type InspectedCredentialQuery } from './jar.js';

/** A transaction the suite started on the program. */
export interface HttpSession {
  /** The browser that started it (its cookies read the result). */
  readonly browser: HttpClient;
  readonly link: string;
  readonly linkClientId: string;
  readonly requestUri: string;
  readonly requestUriMethod: 'get' | 'post';
  /** The wallet_nonce sent with a POST to request_uri. */
  readonly walletNonce: string | undefined;
  /** The request object as fetched, and the media type it came with. */
  readonly requestObject: string;
  readonly requestContentType: string;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly credentials: readonly InspectedCredentialQuery[];
  readonly dcqlProblem: string | undefined;
  readonly transactionId: string | undefined;
  readonly resultUrl: string | undefined;
  readonly purposeText: TargetText | undefined;
}

/** What the wallet posts to `response_uri`: form fields, or a raw body for hostile inputs. */
export type WalletPost =
  | { readonly responseUri: string; readonly body: Readonly<Record<string, string>> }
  | { readonly responseUri: string; readonly raw: string | Uint8Array; readonly contentType: string };

/** What the program did with one answer. */
export type HttpObservation =
  | {
      readonly kind: 'accepted';
      /** `result`: the result URL said so; `wallet`: only the wallet-facing 2xx did. */
      readonly via: 'result' | 'wallet';
      readonly status: number;
      /** `ns/id` of what was handed on and kept, when the result URL tells. */
      readonly elements: readonly string[] | undefined;
      readonly retained: readonly string[] | undefined;
    }
  | { readonly kind: 'rejected'; readonly via: 'result' | 'wallet'; readonly status: number; readonly code: string | undefined; readonly message: string | undefined }
  /**
   * A 5xx, or the connection failed. `duringUpload`: closed while the body was still being sent,
   * with no answer (a refusal of an oversized body if the program still answers afterwards).
   */
  | { readonly kind: 'crashed'; readonly error: string; readonly duringUpload?: boolean }
  | { readonly kind: 'timeout'; readonly ms: number };

function codeOf(json: unknown): { code: string | undefined; message: string | undefined } {
  if (json === null || typeof json !== 'object') return { code: undefined, message: undefined };
  const j = json as Record<string, unknown>;
  const code = typeof j['code'] === 'string' ? j['code'] : typeof j['error'] === 'string' ? j['error'] : undefined;
  const message = typeof j['detail'] === 'string' ? j['detail'] : typeof j['error_description'] === 'string' ? j['error_description'] : typeof j['message'] === 'string' ? j['message'] : undefined;
  return { code: code?.slice(0, 128), message: message?.slice(0, 4096) };
}

/**
 * The suite as browser and wallet against one HTTP target, for one check.
 *
 * @example
 * ```ts
 * const wallet = new HttpWallet(world, { start: { url: 'https://rp.example/uketori/transactions' } }, 10_000);
 * const session = await wallet.session();
 * const observation = await wallet.submit(session, await wallet.answer(session, { faults: ['expired-mso'] }));
 * observation.kind; // 'rejected' from a conforming program
 * ```
 */
export class HttpWallet {
  /** Every text the program sent back in an error answer or a refused result (checked for personal data). */
  readonly errorTexts: string[] = [];
  readonly #wallet: HttpClient;

  constructor(
    readonly world: SuiteWorld,
    readonly target: HttpTarget,
    readonly timeoutMs: number,
  ) {
    this.#wallet = new HttpClient(timeoutMs, false);
  }

  /** How long the result URL may take to decide. */
  get resultWaitMs(): number {
    return this.target.resultWaitMs ?? 3000;
  }

  /**
   * Starts a transaction and fetches its request object.
   *
   * @throws {ConformanceError} `ERR_CONFORMANCE_TARGET` when the program does not follow the start
   *   contract or does not serve its request object: the check cannot go on.
   */
  async session(): Promise<HttpSession> {
    const purposeId = this.world.purpose.id;
    const start = this.target.start;
    const url = start.url.replaceAll('{purpose}', encodeURIComponent(purposeId));
    const browser = new HttpClient(this.timeoutMs);
    const method = start.method ?? 'POST';
    const res = await browser.call(url, {
      method,
      headers: { accept: 'application/json, text/plain;q=0.9', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...start.headers },
      ...(method === 'POST' ? { body: JSON.stringify(withPurpose(start.body ?? DEFAULT_START_BODY, purposeId)) } : {}),
      maxBytes: 64 * 1024,
    });
    if (res.kind !== 'response') throw new ConformanceError('ERR_CONFORMANCE_TARGET', `the start URL did not answer (${res.kind === 'timeout' ? 'timeout' : res.error})`);
    const started = readStart(res.status, mediaType(res.headers), res.text, res.headers.get('location'), url);
    if ('problem' in started) throw new ConformanceError('ERR_CONFORMANCE_TARGET', `the start answer does not follow the start contract: ${started.problem}`);
    let link;
    try {
      link = parseAuthorizationLink(started.link);
    } catch (cause) {
      throw new ConformanceError('ERR_CONFORMANCE_TARGET', 'the authorization request link has no client_id or request_uri', { cause });
    }
    // OpenID4VP 1.0 §5.10: request_uri_method=post — the wallet POSTs wallet_nonce, the object must echo it.
    const walletNonce = link.requestUriMethod === 'post' ? randomBytes(16).toString('base64url') : undefined;
    const fetched = await this.#wallet.call(link.requestUri, {
      method: walletNonce === undefined ? 'GET' : 'POST',
      headers: { accept: 'application/oauth-authz-req+jwt', ...(walletNonce === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(walletNonce === undefined ? {} : { body: new URLSearchParams({ wallet_nonce: walletNonce }).toString() }),
      maxBytes: 256 * 1024,
    });
    if (fetched.kind !== 'response' || fetched.status !== 200) {
      throw new ConformanceError('ERR_CONFORMANCE_TARGET', `request_uri did not serve the request object (${fetched.kind === 'response' ? `HTTP ${fetched.status}` : fetched.kind})`);
    }
    let decoded;
    try {
      decoded = decodeRequestObject(fetched.text);
    } catch (cause) {
      throw new ConformanceError('ERR_CONFORMANCE_TARGET', 'request_uri did not serve a JWS request object', { cause });
    }
    return {
      browser,
      link: started.link,
      linkClientId: link.clientId,
      requestUri: link.requestUri,
      requestUriMethod: link.requestUriMethod,
      walletNonce,
      requestObject: fetched.text.trim(),
      requestContentType: mediaType(fetched.headers),
      claims: decoded.claims,
      credentials: decoded.credentials,
      dcqlProblem: decoded.dcqlProblem,
      transactionId: started.transactionId,
      resultUrl: started.resultUrl,
      purposeText: started.purposeText,
    };
  }

  /**
   * The wallet's answer to a session's request (the test wallet verifies the request object
   * first), broken by document `faults` and `onlineFaults` on purpose.
   *
   * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` when the test wallet refuses the request.
   */
  async answer(session: HttpSession, options: { readonly faults?: readonly (FaultId | FaultSpec)[]; readonly onlineFaults?: readonly OnlineFaultId[] } = {}): Promise<WalletPost> {
    return answerOid4vp({
      requestObject: session.requestObject,
      link: session.link,
      credentials: this.world.credentials,
      now: this.world.now,
      ...(session.walletNonce === undefined ? {} : { walletNonce: session.walletNonce }),
      ...(options.faults === undefined ? {} : { faults: options.faults }),
      ...(options.onlineFaults === undefined ? {} : { onlineFaults: options.onlineFaults }),
    });
  }

  /**
   * Posts to `response_uri` as the wallet and records what the program did. With `result` (the
   * default) and a result URL, the program's decision there is authoritative; when it shows none
   * within the wait, the wallet-facing status decides (2xx accepted, 4xx rejected). A 5xx or a
   * broken connection is a crash.
   */
  async submit(session: HttpSession, post: WalletPost, options: { readonly result?: boolean } = {}): Promise<HttpObservation> {
    const res = await this.#wallet.call(post.responseUri, {
      method: 'POST',
      headers: { 'content-type': 'body' in post ? 'application/x-www-form-urlencoded' : post.contentType, accept: 'application/json' },
      body: 'body' in post ? new URLSearchParams(post.body as Record<string, string>).toString() : post.raw,
      maxBytes: 64 * 1024,
    });
    const wallet = this.walletFacing(res);
    if (wallet.kind === 'crashed' || wallet.kind === 'timeout' || options.result === false || session.resultUrl === undefined) return wallet;
    const decision = await this.decision(session);
    if (!decision.decided) return wallet;
    if (decision.ok) return { kind: 'accepted', via: 'result', status: wallet.status, elements: decision.elements, retained: decision.retained };
    if (decision.message !== undefined) this.errorTexts.push(decision.message);
    return { kind: 'rejected', via: 'result', status: wallet.status, code: decision.code ?? (wallet.kind === 'rejected' ? wallet.code : undefined), message: decision.message };
  }

  private walletFacing(res: HttpResult): HttpObservation {
    if (res.kind === 'timeout') return { kind: 'timeout', ms: res.ms };
    if (res.kind === 'network') {
      return res.duringUpload === true
        ? { kind: 'crashed', error: `connection closed during the upload, without an answer (${res.error})`, duringUpload: true }
        : { kind: 'crashed', error: `connection failed (${res.error})` };
    }
    if (res.status >= 500) {
      this.errorTexts.push(res.text);
      return { kind: 'crashed', error: `HTTP ${res.status}` };
    }
    if (res.status >= 200 && res.status < 300) return { kind: 'accepted', via: 'wallet', status: res.status, elements: undefined, retained: undefined };
    this.errorTexts.push(res.text);
    const { code, message } = codeOf(parseJson(res.text));
    return { kind: 'rejected', via: 'wallet', status: res.status, code, message };
  }

  /** Polls the result URL (with the starting browser's cookies) until it shows a decision or the wait ends. */
  async decision(session: HttpSession): Promise<ResultDecision> {
    if (session.resultUrl === undefined) return { decided: false };
    const deadline = Date.now() + this.resultWaitMs;
    let pause = 25;
    for (;;) {
      const res = await session.browser.call(session.resultUrl, { headers: { accept: 'application/json' }, maxBytes: 4 * 1024 * 1024 });
      if (res.kind !== 'response' || res.status !== 200) return { decided: false };
      const decision = readResult(parseJson(res.text));
      if (decision.decided || Date.now() + pause > deadline) return decision;
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 400);
    }
  }

  /** The evidence endpoint's answer now, or `undefined` when the target has none or it fails. */
  async evidence(): Promise<TargetEvidence | undefined> {
    if (this.target.evidenceUrl === undefined) return undefined;
    const url = new URL(this.target.evidenceUrl);
    url.searchParams.set('purpose', this.world.purpose.id);
    const res = await new HttpClient(this.timeoutMs, false).call(url.href, { headers: { accept: 'application/json' }, maxBytes: 16 * 1024 * 1024 });
    if (res.kind !== 'response' || res.status !== 200) return undefined;
    return readEvidence(parseJson(res.text));
  }
}
