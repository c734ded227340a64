/**
 * The suite's HTTP client for black-box runs: every call has a deadline, every body read is
 * capped, redirects are never followed (a redirect is an answer to observe), and a cookie jar
 * stands in for the browser that started a transaction (the result URL may be bound to it,
 * OpenID4VP 1.0 §13.3). A target's misbehaviour comes back as a value, never as a throw.
 *
 * @module
 */

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What came back from one HTTP call. */
export type HttpResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: Headers;
      /** The body as text, cut at the cap. */
      readonly text: string;
      /** True when the body was longer than the cap. */
      readonly truncated: boolean;
    }
  /** No answer within the deadline. */
  | { readonly kind: 'timeout'; readonly ms: number }
  /**
   * The connection failed or was reset (a crash, from the outside). `duringUpload`: it was closed
   * while the request body was still being sent and no answer came — how some servers refuse an
   * oversized body; whether the program survived is for the caller to probe.
   */
  | { readonly kind: 'network'; readonly error: string; readonly duringUpload?: boolean };

/** One request. */
export interface HttpCall {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Largest body read, in bytes. Default 1 MiB. */
  readonly maxBytes?: number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Bodies above this size are sent with node:http, which reads an early answer (a 413) while still uploading. */
const STREAM_ABOVE = 256 * 1024;

/** Reads at most `max` bytes of a body, then stops reading. */
async function readCapped(res: Response, max: number): Promise<{ text: string; truncated: boolean }> {
  if (res.body === null) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = max - size;
    if (value.length > room) {
      chunks.push(value.subarray(0, room));
      size = max;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}

/**
 * An HTTP client with a cookie jar. One instance is one browser (or one wallet, without cookies).
 *
 * @example
 * ```ts
 * const browser = new HttpClient(10_000);
 * const started = await browser.call('https://rp.example/start', { method: 'POST', body: '{}' });
 * if (started.kind === 'response') console.log(started.status);
 * ```
 */
export class HttpClient {
  readonly #jar = new Map<string, Map<string, { value: string; secure: boolean }>>();

  /**
   * @param timeoutMs - deadline of every call, body included.
   * @param cookies - keep and send cookies (a browser); false for the wallet.
   */
  constructor(
    readonly timeoutMs: number,
    readonly cookies = true,
  ) {}

  /** Sends one request and reads its answer. */
  async call(url: string, init: HttpCall = {}): Promise<HttpResult> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie !== undefined) headers.set('cookie', cookie);
    const size = init.body === undefined ? 0 : typeof init.body === 'string' ? Buffer.byteLength(init.body) : init.body.byteLength;
    if (size > STREAM_ABOVE) return this.upload(target, init.method ?? 'GET', headers, init.body!, init.maxBytes ?? 1024 * 1024);
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const res = await fetch(target, {
        method: init.method ?? 'GET',
        headers,
        redirect: 'manual',
        signal,
        ...(init.body === undefined ? {} : { body: init.body }),
      });
      this.keep(target, res.headers);
      const { text, truncated } = await readCapped(res, init.maxBytes ?? 1024 * 1024);
      return { kind: 'response', status: res.status, headers: res.headers, text, truncated };
    } catch (err) {
      if (signal.aborted) return { kind: 'timeout', ms: this.timeoutMs };
      const cause = (err as { cause?: { code?: unknown } }).cause;
      return { kind: 'network', error: typeof cause?.code === 'string' ? cause.code : err instanceof Error ? err.name : 'error' };
    }
  }

  /**
   * A large upload through node:http: a server that refuses the body early (413, then closing the
   * connection) is heard even though the rest of the body cannot be written — fetch reports only
   * the broken pipe then.
   */
  private upload(target: URL, method: string, headers: Headers, body: string | Uint8Array, max: number): Promise<HttpResult> {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing: Record<string, string> = Object.fromEntries(headers);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    outgoing['content-length'] = String(bytes.length);
    return new Promise<HttpResult>((resolve) => {
      let answered = false;
      let settled = false;
      const settle = (result: HttpResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const req = send(target, { method, headers: outgoing });
      const timer = setTimeout(() => {
        req.destroy();
        settle({ kind: 'timeout', ms: this.timeoutMs });
      }, this.timeoutMs);
      req.on('response', (res) => {
        answered = true;
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) for (const v of value) answerHeaders.append(name, v);
          else if (value !== undefined) answerHeaders.set(name, value);
        }
        this.keep(target, answerHeaders);
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const done = (): void => settle({ kind: 'response', status: res.statusCode ?? 0, headers: answerHeaders, text: Buffer.concat(chunks).toString('utf8'), truncated });
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = max - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            truncated = true;
            res.destroy();
            done();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', done);
        // The server may close right after its answer: what was read of it stands.
        res.on('error', done);
        res.on('aborted', done);
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A write that fails after the answer arrived is the server closing on an unread body.
        if (answered) return;
        settle({ kind: 'network', error: typeof err.code === 'string' ? err.code : err.name, duringUpload: true });
      });
      req.end(bytes);
    });
  }

  /** The Cookie header for `url`: cookies of its host; `Secure` ones only over https or on loopback. */
  private cookieHeader(url: URL): string | undefined {
    if (!this.cookies) return undefined;
    const jar = this.#jar.get(url.host);
    if (jar === undefined || jar.size === 0) return undefined;
    const secureContext = url.protocol === 'https:' || LOOPBACK.has(url.hostname);
    const pairs = [...jar].filter(([, c]) => secureContext || !c.secure).map(([name, c]) => `${name}=${c.value}`);
    return pairs.length === 0 ? undefined : pairs.join('; ');
  }

  /** RFC 6265 §5.2, the subset a transaction binding needs: name, value, Secure; host-only. */
  private keep(url: URL, headers: Headers): void {
    if (!this.cookies) return;
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const jar = this.#jar.get(url.host) ?? new Map<string, { value: string; secure: boolean }>();
      jar.set(pair.slice(0, eq).trim(), { value: pair.slice(eq + 1).trim(), secure: attributes.some((a) => a.trim().toLowerCase() === 'secure') });
      this.#jar.set(url.host, jar);
    }
  }
}

/** True for https, or http on the loopback interface (a program under development). */
export function isSecureUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.hash === '' && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)));
}

/** The media type of a response, lower case, without parameters. */
export function mediaType(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** JSON of a text, or `undefined`. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
