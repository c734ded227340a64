/**
 * The in-memory TransactionStore: the default for a single process. Bounded (it refuses new
 * transactions rather than grow past `maxEntries`, after evicting expired ones first), expiring,
 * and a faithful model of the Redis store: values are kept as JSON text, so what comes out is a
 * fresh copy and anything not JSON-serialisable fails at `create`, as it would with Redis.
 *
 * @module
 */

import { UketoriRangeError } from '@uketori/mdoc';
import { StoreError } from '../errors.js';
import type { ConsumeOptions, JsonObject, NewTransaction, TransactionRecord, TransactionStatus, TransactionStore, WaitOptions } from './types.js';
import { checkId, checkMs, checkObject } from './validate.js';
import { Waiters } from './waiters.js';

/** Options of {@link createMemoryTransactionStore}. */
export interface MemoryTransactionStoreOptions {
  /** Most live transactions kept at once; `create` beyond it throws `ERR_STORE_FULL`. Default 10 000. */
  readonly maxEntries?: number;
  /** Clock in ms since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /** How often expired entries (and their keys) are dropped in the background, in ms. Default 30 000. */
  readonly sweepIntervalMs?: number;
}

interface Entry {
  version: number;
  status: TransactionStatus;
  expiresAt: number;
  data: string;
  secret: string | undefined;
  outcome: string | undefined;
}

/** A parsed copy of a JSON text, made on first read (most callers never read `secret` or `outcome`). */
function lazyJson<T>(target: object, name: string, text: string | undefined): void {
  let value: T | undefined;
  let parsed = text === undefined;
  Object.defineProperty(target, name, {
    enumerable: true,
    get(): T | undefined {
      if (!parsed) {
        value = JSON.parse(text!) as T;
        parsed = true;
      }
      return value;
    },
  });
}

/** The record of an entry as it is now: a fresh, independent copy (the JSON texts are parsed when read). */
function snapshot(id: string, e: Entry): TransactionRecord {
  const record = { id, version: e.version, status: e.status, expiresAt: e.expiresAt };
  lazyJson<JsonObject>(record, 'data', e.data);
  lazyJson<JsonObject>(record, 'secret', e.secret);
  lazyJson<JsonObject>(record, 'outcome', e.outcome);
  return record as TransactionRecord;
}

/**
 * Creates the in-memory store. One process only: use {@link createRedisTransactionStore} when more
 * than one instance serves the same transactions.
 *
 * @example
 * ```ts
 * import { createMemoryTransactionStore } from '@uketori/express';
 *
 * const store = createMemoryTransactionStore({ maxEntries: 50_000 });
 * ```
 *
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` when an option is out of range.
 */
export function createMemoryTransactionStore(options: MemoryTransactionStoreOptions = {}): TransactionStore {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new UketoriRangeError('maxEntries must be a positive integer');
  const sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
  checkMs('sweepIntervalMs', sweepIntervalMs);
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const waiters = new Waiters();
  let closed = false;

  const sweep = (): void => {
    const t = now();
    for (const [id, entry] of entries) if (entry.expiresAt <= t) entries.delete(id);
  };
  const timer = setInterval(sweep, sweepIntervalMs);
  timer.unref?.();

  const live = (id: string): Entry | undefined => {
    const entry = entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(id);
      return undefined;
    }
    return entry;
  };
  const record = (id: string, e: Entry): TransactionRecord => snapshot(id, e);
  const open = (): void => {
    if (closed) throw new StoreError('ERR_STORE_UNAVAILABLE', 'the transaction store is closed');
  };

  const store: TransactionStore = {
    async create(tx: NewTransaction) {
      open();
      checkId(tx.id);
      checkObject('data', tx.data);
      checkObject('secret', tx.secret);
      checkMs('ttlMs', tx.ttlMs);
      if (live(tx.id) !== undefined) throw new StoreError('ERR_TRANSACTION_EXISTS', 'a transaction with this id exists');
      if (entries.size >= maxEntries) sweep();
      if (entries.size >= maxEntries) throw new StoreError('ERR_STORE_FULL', `the in-memory store holds its maximum of ${maxEntries} transactions`);
      const entry: Entry = {
        version: 1,
        status: 'pending',
        expiresAt: now() + tx.ttlMs,
        data: JSON.stringify(tx.data),
        secret: JSON.stringify(tx.secret),
        outcome: undefined,
      };
      entries.set(tx.id, entry);
      return record(tx.id, entry);
    },

    async get(id) {
      open();
      checkId(id);
      const entry = live(id);
      return entry === undefined ? undefined : record(id, entry);
    },

    async update(id, expectedVersion, data) {
      open();
      checkId(id);
      checkObject('data', data);
      const entry = live(id);
      if (entry === undefined) throw new StoreError('ERR_TRANSACTION_NOT_FOUND', 'no such transaction');
      if (entry.version !== expectedVersion) throw new StoreError('ERR_TRANSACTION_CONFLICT', 'the transaction changed since it was read');
      entry.data = JSON.stringify(data);
      entry.version += 1;
      return record(id, entry);
    },

    async consume(id, outcome, consumeOptions: ConsumeOptions = {}) {
      open();
      checkId(id);
      checkObject('outcome', outcome);
      if (consumeOptions.ttlMs !== undefined) checkMs('ttlMs', consumeOptions.ttlMs);
      const text = JSON.stringify(outcome);
      const entry = live(id);
      if (entry === undefined) throw new StoreError('ERR_TRANSACTION_NOT_FOUND', 'no such transaction');
      if (entry.status !== 'pending') throw new StoreError('ERR_TRANSACTION_CONSUMED', 'the transaction was already completed');
      entry.status = 'done';
      entry.secret = undefined;
      entry.outcome = text;
      entry.version += 1;
      if (consumeOptions.ttlMs !== undefined) entry.expiresAt = now() + consumeOptions.ttlMs;
      waiters.notify(id);
      return record(id, entry);
    },

    async waitForOutcome(id, waitOptions: WaitOptions) {
      open();
      checkId(id);
      checkMs('timeoutMs', waitOptions.timeoutMs);
      const first = live(id);
      if (first === undefined) throw new StoreError('ERR_TRANSACTION_NOT_FOUND', 'no such transaction');
      if (first.status === 'done') return record(id, first);
      await waiters.wait(id, waitOptions.timeoutMs, waitOptions.signal);
      open();
      const after = live(id);
      if (after === undefined) throw new StoreError('ERR_TRANSACTION_NOT_FOUND', 'no such transaction');
      return record(id, after);
    },

    async delete(id) {
      open();
      checkId(id);
      const existed = live(id) !== undefined;
      entries.delete(id);
      return existed;
    },

    async close() {
      closed = true;
      clearInterval(timer);
      entries.clear();
      waiters.notifyAll();
    },
  };
  return store;
}
