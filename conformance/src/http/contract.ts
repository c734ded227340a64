/**
 * The start contract of a black-box run: how the suite, acting as the person's browser, makes a
 * receiving program start an OpenID4VP 1.0 transaction, where it reads the program's decision,
 * and the optional evidence endpoint. Any program that exposes the OpenID4VP 1.0 verifier
 * interface (a signed request object at `request_uri`, `direct_post(.jwt)` to `response_uri`) can
 * be reviewed once it offers a start URL.
 *
 * **Start** — `POST <url>` with a JSON body (default `{"purpose":"{purpose}","flow":"oid4vp"}`, as
 * `@uketori/express` takes it) or `GET <url>`; `{purpose}` in the URL or body is replaced by the
 * purpose id. The answer is one of:
 * - `2xx` JSON with `link` (the `openid4vp://…` authorization request), and optionally
 *   `resultUrl` (absolute, or relative to the start URL), `id`, and `purposeText` `{ja?, en?}`;
 * - `2xx` `text/plain` whose body is the link;
 * - a `3xx` redirect whose `Location` is the link.
 * Cookies the start answer sets are sent to the result URL (the browser binding).
 *
 * **Result** (optional) — `GET <resultUrl>` answers JSON `{status:'pending'}` until the program
 * decided, then `{status:'done', ok:true, result}` or `{status:'done', ok:false, error:{code}}`.
 * What was handed on is read from `result.documents[]` (`issuerSigned`, `deviceSigned`,
 * `redacted`, `retention`, as `toSafeJSON` of `@uketori/policy` writes them) or from
 * `result.elements` / `result.retained` (`{namespace: [identifier]}`).
 *
 * **Evidence** (optional) — `GET <evidenceUrl>?purpose=<id>` answers JSON
 * `{target?: {name, version, vendor?}, purposeText?: {ja?, en?}, logs?: string[]}`: what the
 * program shows the person and every log line and audit record it wrote. Without it, the criteria
 * about logs and the purpose text cannot be observed from outside: they come out `not-observed`,
 * and the program is not cleared of them.
 *
 * @module
 */

import { outcomeNames } from '../drive.js';
import type { TargetDescription, TargetEnvironment, TargetText } from '../target.js';
import { parseJson } from './client.js';

/** How the suite starts a transaction on the program under test. */
export interface HttpStart {
  /** The start URL (https, or http on loopback). `{purpose}` is replaced by the purpose id. */
  readonly url: string;
  /** Default `POST`. */
  readonly method?: 'POST' | 'GET';
  /**
   * The JSON body of a POST; string values `{purpose}` are replaced by the purpose id. Default
   * `{"purpose":"{purpose}","flow":"oid4vp"}`.
   */
  readonly body?: Readonly<Record<string, unknown>>;
  /** Extra request headers (an API key, …). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A receiving program reviewed over HTTP. */
export interface HttpTarget {
  readonly start: HttpStart;
  /** The evidence endpoint (see the module documentation), when the program offers one. */
  readonly evidenceUrl?: string;
  /** How long to wait for the result URL to show a decision, in milliseconds. Default 3000. */
  readonly resultWaitMs?: number;
  /** Who the program is, for the report; default its evidence endpoint's `target`, else the start URL's host. */
  readonly description?: TargetDescription;
}

/** A running HTTP program the suite started itself (its own reference receivers, tests, examples). */
export interface RunningHttpTarget {
  readonly target: HttpTarget;
  close(): Promise<void>;
}

/**
 * Starts an HTTP receiving program for a run, trusting what `environment` says (test IACA, CRL,
 * clock); the suite closes it after the run.
 */
export type HttpTargetServer = (environment: TargetEnvironment) => Promise<RunningHttpTarget>;

/** The default start body (the `@uketori/express` create request). */
export const DEFAULT_START_BODY: Readonly<Record<string, unknown>> = Object.freeze({ purpose: '{purpose}', flow: 'oid4vp' });

/** What a start answer told the suite. */
export interface Started {
  readonly link: string;
  readonly resultUrl?: string;
  readonly transactionId?: string;
  readonly purposeText?: TargetText;
}

/** `{purpose}` replaced in every string of a JSON value. */
export function withPurpose(value: unknown, purposeId: string): unknown {
  if (typeof value === 'string') return value.replaceAll('{purpose}', purposeId);
  if (Array.isArray(value)) return value.map((v) => withPurpose(v, purposeId));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPurpose(v, purposeId)]));
  return value;
}

function text(value: unknown): TargetText | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { ja, en } = value as Record<string, unknown>;
  const out = { ...(typeof ja === 'string' ? { ja } : {}), ...(typeof en === 'string' ? { en } : {}) };
  return Object.keys(out).length === 0 ? undefined : out;
}

const LINK = /^[a-z][a-z0-9+.-]*:\/\/?[^\s]*\?[^\s]*client_id=/i;

/**
 * Reads a start answer by the contract, or says why it does not follow it.
 *
 * @example
 * ```ts
 * readStart(201, 'application/json', '{"link":"openid4vp://?client_id=…&request_uri=…"}', null, startUrl);
 * ```
 */
export function readStart(status: number, type: string, body: string, location: string | null, startUrl: string): Started | { readonly problem: string } {
  if (status >= 300 && status < 400) {
    if (location !== null && LINK.test(location)) return { link: location };
    return { problem: `a ${status} redirect without an authorization request link in Location` };
  }
  if (status < 200 || status >= 300) return { problem: `the start URL answered ${status}` };
  if (type === 'text/plain') {
    const link = body.trim();
    return LINK.test(link) ? { link } : { problem: 'the text/plain answer is not an authorization request link' };
  }
  const json = parseJson(body);
  if (json === null || typeof json !== 'object' || typeof (json as { link?: unknown }).link !== 'string') return { problem: 'the answer is neither JSON with a "link" nor a text/plain link' };
  const j = json as Record<string, unknown>;
  const link = j['link'] as string;
  if (!LINK.test(link)) return { problem: '"link" is not an authorization request link with client_id' };
  let resultUrl: string | undefined;
  if (typeof j['resultUrl'] === 'string') {
    try {
      resultUrl = new URL(j['resultUrl'], startUrl).href;
    } catch {
      return { problem: '"resultUrl" is not a URL' };
    }
  }
  const purposeText = text(j['purposeText']);
  return {
    link,
    ...(resultUrl === undefined ? {} : { resultUrl }),
    ...(typeof j['id'] === 'string' ? { transactionId: j['id'].slice(0, 128) } : {}),
    ...(purposeText === undefined ? {} : { purposeText }),
  };
}

/** The decision a result URL shows. */
export type ResultDecision =
  | { readonly decided: false }
  | { readonly decided: true; readonly ok: true; readonly elements: readonly string[] | undefined; readonly retained: readonly string[] | undefined }
  | { readonly decided: true; readonly ok: false; readonly code: string | undefined; readonly message: string | undefined };

/** `ns/id` names of an `{ns: {id: value}}` map. */
function keysOf(map: unknown): string[] {
  if (map === null || typeof map !== 'object') return [];
  return Object.entries(map).flatMap(([ns, values]) => (values !== null && typeof values === 'object' ? Object.keys(values).map((id) => `${ns}/${id}`) : []));
}

/** What was handed on and kept, read from a result object (see the module documentation). */
function handedOn(result: unknown): { elements: string[] | undefined; retained: string[] | undefined } {
  if (result === null || typeof result !== 'object') return { elements: undefined, retained: undefined };
  const r = result as Record<string, unknown>;
  if (Array.isArray(r['documents'])) {
    const elements = new Set<string>();
    const retained = new Set<string>();
    for (const doc of r['documents'] as unknown[]) {
      if (doc === null || typeof doc !== 'object') continue;
      const d = doc as Record<string, unknown>;
      for (const name of [...keysOf(d['issuerSigned']), ...keysOf(d['deviceSigned'])]) elements.add(name);
      if (Array.isArray(d['redacted'])) for (const name of d['redacted']) if (typeof name === 'string') elements.add(name);
      if (Array.isArray(d['retention'])) {
        for (const entry of d['retention'] as { namespace?: unknown; identifier?: unknown; retention?: { retain?: unknown } }[]) {
          if (entry?.retention?.retain === true && typeof entry.namespace === 'string' && typeof entry.identifier === 'string') retained.add(`${entry.namespace}/${entry.identifier}`);
        }
      }
    }
    return { elements: [...elements], retained: [...retained] };
  }
  const elements = r['elements'] === undefined ? undefined : outcomeNames(r['elements'] as Record<string, string[]>);
  const retained = r['retained'] === undefined ? undefined : outcomeNames(r['retained'] as Record<string, string[]>);
  return { elements, retained };
}

/** Reads a result answer by the contract. */
export function readResult(body: unknown): ResultDecision {
  if (body === null || typeof body !== 'object') return { decided: false };
  const b = body as Record<string, unknown>;
  if (b['status'] !== 'done' || typeof b['ok'] !== 'boolean') return { decided: false };
  if (b['ok']) return { decided: true, ok: true, ...handedOn(b['result']) };
  const error = (b['error'] ?? {}) as Record<string, unknown>;
  return {
    decided: true,
    ok: false,
    code: typeof error['code'] === 'string' ? error['code'].slice(0, 128) : undefined,
    message: typeof error['message'] === 'string' ? error['message'].slice(0, 4096) : undefined,
  };
}

/** What an evidence endpoint gave. */
export interface TargetEvidence {
  readonly target?: TargetDescription;
  readonly purposeText?: TargetText;
  readonly logs?: readonly string[];
}

/** Reads an evidence answer by the contract (unknown fields ignored, wrong types dropped). */
export function readEvidence(body: unknown): TargetEvidence {
  if (body === null || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  const t = b['target'] as Record<string, unknown> | undefined;
  const target =
    t !== null && typeof t === 'object' && typeof t['name'] === 'string'
      ? { name: t['name'].slice(0, 200), version: typeof t['version'] === 'string' ? t['version'].slice(0, 100) : 'unknown', ...(typeof t['vendor'] === 'string' ? { vendor: t['vendor'].slice(0, 200) } : {}) }
      : undefined;
  const purposeText = text(b['purposeText']);
  const logs = Array.isArray(b['logs']) ? b['logs'].map((l) => (typeof l === 'string' ? l : JSON.stringify(l))) : undefined;
  return { ...(target === undefined ? {} : { target }), ...(purposeText === undefined ? {} : { purposeText }), ...(logs === undefined ? {} : { logs }) };
}
