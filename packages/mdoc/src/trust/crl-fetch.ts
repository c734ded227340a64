/**
 * A CRL fetcher over HTTP(S) with a timeout and a size limit, for `createTrustStore({ crl: { fetch } })`.
 *
 * @module
 */

import { UketoriTypeError } from '../errors.js';
import { MAX_CRL_BYTES } from './crl.js';
import type { CrlFetcher } from './revocation.js';

/** Options of {@link httpCrlFetcher}. */
export interface HttpCrlFetcherOptions {
  /** Abort a download after this many milliseconds. Default 10 000. */
  readonly timeoutMs?: number;
  /** Largest CRL accepted, in bytes. Default 10 MiB. */
  readonly maxBytes?: number;
  /** The `fetch` implementation. Default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * Returns a {@link CrlFetcher} that downloads CRLs with `fetch`, following redirects, rejecting
 * non-2xx answers, non-http(s) URLs, slow servers (`timeoutMs`) and oversized bodies (`maxBytes`).
 *
 * @example
 * ```ts
 * const trust = createTrustStore({
 *   anchors: [anchorSets.jpJlisMnc],
 *   crl: { fetch: httpCrlFetcher({ timeoutMs: 5000 }) },
 * });
 * ```
 * @throws {UketoriTypeError} when no `fetch` implementation is available.
 */
export function httpCrlFetcher(options: HttpCrlFetcherOptions = {}): CrlFetcher {
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') throw new UketoriTypeError('no fetch implementation is available');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? MAX_CRL_BYTES;
  return async (url) => {
    if (!/^https?:\/\//i.test(url)) throw new TypeError('CRL URL is not http(s)');
    const res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!res.ok) throw new Error(`CRL download answered HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > maxBytes) throw new RangeError('CRL is larger than maxBytes');
    if (res.body === null) return new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > maxBytes) throw new RangeError('CRL is larger than maxBytes');
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks));
  };
}
