/**
 * Where login transactions wait between the redirect and the callback, keyed by the random id in
 * the browser's cookie. Server side: the nonce and the PKCE verifier never travel to the browser.
 * `take` is single use, so a callback cannot be replayed against the same transaction.
 *
 * @module
 */

import { UketoriTypeError } from '@uketori/mdoc';
import type { LoginTransaction } from '../client.js';

/** A store of login transactions. Implement it over Redis or a database for several instances. */
export interface LoginTransactionStore {
  /** Keeps `transaction` under `id` for `ttlSeconds`. */
  set(id: string, transaction: LoginTransaction, ttlSeconds: number): Promise<void> | void;
  /** Returns and removes the transaction under `id`; `undefined` when absent or expired. */
  take(id: string): Promise<LoginTransaction | undefined> | LoginTransaction | undefined;
}

/** Options of {@link memoryLoginStore}. */
export interface MemoryLoginStoreOptions {
  /** At most this many pending logins; the oldest is evicted first. Default 10 000. */
  readonly maxEntries?: number;
  /** The clock. Default: `() => Date.now()`. */
  readonly now?: () => number;
}

/**
 * An in-memory store for a single process (tests, one-instance deployments).
 *
 * @example
 * ```ts
 * const store = memoryLoginStore({ maxEntries: 1000 });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE` for a `maxEntries` below 1.
 */
export function memoryLoginStore(options: MemoryLoginStoreOptions = {}): LoginTransactionStore {
  const max = options.maxEntries ?? 10_000;
  if (!Number.isInteger(max) || max < 1) throw new UketoriTypeError('"options.maxEntries" must be a positive integer', 'ERR_INVALID_ARG_VALUE');
  const now = options.now ?? Date.now;
  const entries = new Map<string, { readonly transaction: LoginTransaction; readonly expires: number }>();
  return {
    set(id, transaction, ttlSeconds) {
      for (const [key, entry] of entries) if (entry.expires <= now()) entries.delete(key);
      while (entries.size >= max) entries.delete(entries.keys().next().value as string);
      entries.set(id, { transaction, expires: now() + ttlSeconds * 1000 });
    },
    take(id) {
      const entry = entries.get(id);
      entries.delete(id);
      return entry !== undefined && entry.expires > now() ? entry.transaction : undefined;
    },
  };
}
