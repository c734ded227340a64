/**
 * The Redis TransactionStore: for several instances behind a load balancer. Every state change is
 * one Lua script (atomic on the server); keys are namespaced `<prefix>:tx:<id>`; the secret state
 * (nonce, ephemeral private keys) and the outcome (personal data) are sealed with AES-256-GCM
 * before they reach Redis, with the Redis key and field as AAD. Outcomes are announced on the
 * pub/sub channel `<prefix>:done`, and waiters also poll, so a notification lost while Redis was
 * away only delays a waiter.
 *
 * When Redis cannot be reached every call fails fast with `ERR_STORE_UNAVAILABLE`; nothing is kept
 * locally, so nothing is half-done, and the store works again as soon as Redis is back.
 *
 * @module
 */

import { Redis, type RedisOptions } from 'ioredis';
import { UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import { StoreError } from '../errors.js';
import { CONSUME, CREATE, UPDATE, type LuaScript } from './redis-scripts.js';
import { createSealer, type SealingKey } from './seal.js';
import type { ConsumeOptions, JsonObject, NewTransaction, TransactionRecord, TransactionStore, WaitOptions } from './types.js';
import { checkId, checkMs, checkObject } from './validate.js';
import { Waiters } from './waiters.js';

/** Options of {@link createRedisTransactionStore}. */
export interface RedisTransactionStoreOptions {
  /**
   * A `redis://` URL (the store then owns the connection, with {@link REDIS_CLIENT_DEFAULTS}), or an
   * ioredis client you configured (the store then never closes it; give it a short `commandTimeout`).
   */
  readonly redis: string | Redis;
  /**
   * AES-256 keys sealing the secret state and the outcome; the first one seals, all open. Required:
   * the secret state holds private keys.
   */
  readonly encryptionKeys: readonly SealingKey[];
  /** Key namespace (`<prefix>:tx:<id>`, channel `<prefix>:done`). Default `uketori`. */
  readonly prefix?: string;
  /** While waiting for an outcome, re-read the record at least this often (ms). Default 1000. */
  readonly pollIntervalMs?: number;
  /** Extra ioredis options when `redis` is a URL (merged over {@link REDIS_CLIENT_DEFAULTS}). */
  readonly clientOptions?: RedisOptions;
}

/**
 * ioredis options the store uses for a connection it opens itself: commands give up after 1 s, a
 * lost connection fails queued commands at once, and reconnection keeps trying every ≤ 1 s.
 * Commands issued in the same event-loop turn go out in one write (auto-pipelining): under load
 * that saves a system call per command, and each command keeps its own reply and error.
 */
export const REDIS_CLIENT_DEFAULTS: Readonly<RedisOptions> = Object.freeze({
  enableAutoPipelining: true,
  commandTimeout: 1000,
  connectTimeout: 2000,
  maxRetriesPerRequest: 0,
  retryStrategy: (times: number) => Math.min(times * 100, 1000),
});

const PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Creates the Redis store.
 *
 * @example
 * ```ts
 * import { createRedisTransactionStore } from '@uketori/express';
 *
 * const store = createRedisTransactionStore({
 *   redis: process.env.REDIS_URL!,
 *   encryptionKeys: [{ id: '2026-09', key: Buffer.from(process.env.UKETORI_STORE_KEY!, 'base64') }],
 * });
 * ```
 *
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` when `redis` or the keys are missing.
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for a bad prefix, key or interval.
 */
export function createRedisTransactionStore(options: RedisTransactionStoreOptions): TransactionStore {
  const prefix = options.prefix ?? 'uketori';
  if (!PREFIX.test(prefix)) throw new UketoriRangeError('prefix must be 1-64 characters of [A-Za-z0-9_.-]');
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  checkMs('pollIntervalMs', pollIntervalMs);
  const sealer = createSealer(options.encryptionKeys);
  const owned = typeof options.redis === 'string';
  let client: Redis;
  if (typeof options.redis === 'string') {
    const clientOptions: Omit<RedisOptions, 'replyMapping'> = { ...REDIS_CLIENT_DEFAULTS, ...options.clientOptions };
    client = new Redis(options.redis, clientOptions);
    // Connection errors surface as ERR_STORE_UNAVAILABLE on the calls; the event itself is expected.
    client.on('error', () => {});
  } else if (options.redis instanceof Redis) {
    client = options.redis;
  } else {
    throw new UketoriTypeError('redis must be a redis:// URL or an ioredis client');
  }
  const channel = `${prefix}:done`;
  const keyOf = (id: string): string => `${prefix}:tx:${id}`;
  const waiters = new Waiters();
  let subscriber: Redis | undefined;
  let subscribing: Promise<void> | undefined;
  let closed = false;

  /** Runs a script by SHA, loading it once per server (NOSCRIPT after a restart included). */
  async function run(lua: LuaScript, key: string, args: readonly (string | number)[]): Promise<unknown> {
    if (closed) throw new StoreError('ERR_STORE_UNAVAILABLE', 'the transaction store is closed');
    // Fail fast while a lost connection is being re-established, instead of queueing.
    if (client.status === 'reconnecting' || client.status === 'end' || client.status === 'close') {
      throw new StoreError('ERR_STORE_UNAVAILABLE', `Redis is not connected (${client.status})`);
    }
    try {
      try {
        return await client.evalsha(lua.sha, 1, key, ...args);
      } catch (err) {
        if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
        return await client.eval(lua.text, 1, key, ...args);
      }
    } catch (cause) {
      throw new StoreError('ERR_STORE_UNAVAILABLE', 'Redis did not complete the command', { cause });
    }
  }

  /**
   * A record from a flat HGETALL reply. `eager` opens and parses the sealed fields now (reads, so
   * that a tampered value fails the read); otherwise they are opened when first read (the replies
   * of create, update and consume, which carry back what this instance just wrote and which the
   * router rarely looks at).
   */
  function toRecord(id: string, flat: unknown, eager = true): TransactionRecord {
    if (!Array.isArray(flat)) throw new StoreError('ERR_STORE_INTEGRITY', 'unexpected reply from Redis');
    const h = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) h.set(String(flat[i]), String(flat[i + 1]));
    const key = keyOf(id);
    const status = h.get('s');
    const version = Number(h.get('v'));
    const expiresAt = Number(h.get('e'));
    const data = h.get('d');
    if ((status !== 'pending' && status !== 'done') || !Number.isSafeInteger(version) || !Number.isFinite(expiresAt) || data === undefined) {
      throw new StoreError('ERR_STORE_INTEGRITY', 'stored transaction is malformed');
    }
    const record = { id, version, status, expiresAt, data: parseJson(data) };
    for (const [name, field] of [['secret', 'k'], ['outcome', 'o']] as const) {
      const sealed = h.get(field);
      const open = (): JsonObject | undefined => (sealed === undefined ? undefined : parseJson(sealer.open(sealed, `${key}#${field}`)));
      if (eager) {
        Object.defineProperty(record, name, { value: open(), enumerable: true, writable: true, configurable: true });
        continue;
      }
      let value: JsonObject | undefined;
      let opened = false;
      Object.defineProperty(record, name, {
        enumerable: true,
        get: () => {
          if (!opened) {
            value = open();
            opened = true;
          }
          return value;
        },
      });
    }
    return record as TransactionRecord;
  }

  async function read(id: string): Promise<TransactionRecord | undefined> {
    if (closed) throw new StoreError('ERR_STORE_UNAVAILABLE', 'the transaction store is closed');
    if (client.status === 'reconnecting' || client.status === 'end' || client.status === 'close') {
      throw new StoreError('ERR_STORE_UNAVAILABLE', `Redis is not connected (${client.status})`);
    }
    let flat: string[];
    try {
      flat = await client.call('HGETALL', keyOf(id)) as string[];
    } catch (cause) {
      throw new StoreError('ERR_STORE_UNAVAILABLE', 'Redis did not complete the command', { cause });
    }
    return flat.length === 0 ? undefined : toRecord(id, flat);
  }

  function subscribe(): Promise<void> {
    if (subscribing !== undefined) return subscribing;
    const sub = client.duplicate();
    sub.on('error', () => {});
    sub.on('message', (ch: string, id: string) => {
      if (ch === channel) waiters.notify(id);
    });
    subscriber = sub;
    subscribing = sub.subscribe(channel).then(
      () => undefined,
      () => {
        // Pub/sub is an accelerator only: waiters poll; ioredis resubscribes on reconnect.
      },
    );
    return subscribing;
  }

  return {
    async create(tx: NewTransaction) {
      checkId(tx.id);
      checkObject('data', tx.data);
      checkObject('secret', tx.secret);
      checkMs('ttlMs', tx.ttlMs);
      const key = keyOf(tx.id);
      const expiresAt = Date.now() + tx.ttlMs;
      const reply = (await run(CREATE, key, [expiresAt, JSON.stringify(tx.data), sealer.seal(JSON.stringify(tx.secret), `${key}#k`), tx.ttlMs])) as unknown[];
      if (reply[0] === 'exists') throw new StoreError('ERR_TRANSACTION_EXISTS', 'a transaction with this id exists');
      return toRecord(tx.id, reply[1], false);
    },

    async get(id) {
      checkId(id);
      return read(id);
    },

    async update(id, expectedVersion, data) {
      checkId(id);
      checkObject('data', data);
      const reply = (await run(UPDATE, keyOf(id), [String(expectedVersion), JSON.stringify(data)])) as unknown[];
      if (reply[0] === 'missing') throw new StoreError('ERR_TRANSACTION_NOT_FOUND', 'no such transaction');
      if (reply[0] === 'conflict') throw new StoreError('ERR_TRANSACTION_CONFLICT', 'the transaction changed since it was read');
      return toRecord(id, reply[1], false);
    },

    async consume(id, outcome, consumeOptions: ConsumeOptions = {}) {
      checkId(id);
      checkObject('outcome', outcome);
      const ttlMs = consumeOptions.ttlMs;
      if (ttlMs !== undefined) checkMs('ttlMs', ttlMs);
      const key = keyOf(id);
      const sealed = sealer.seal(JSON.stringify(outcome), `${key}#o`);
      const reply = (await run(CONSUME, key, [sealed, ttlMs ?? '', ttlMs === undefined ? '' : Date.now() + ttlMs, channel, id])) as unknown[];
      if (reply[0] === 'missing') throw new StoreError('ERR_TRANSACTION_NOT_FOUND', 'no such transaction');
      if (reply[0] === 'consumed') throw new StoreError('ERR_TRANSACTION_CONSUMED', 'the transaction was already completed');
      waiters.notify(id);
      return toRecord(id, reply[1], false);
    },

    async waitForOutcome(id, waitOptions: WaitOptions) {
      checkId(id);
      checkMs('timeoutMs', waitOptions.timeoutMs);
      await subscribe();
      const deadline = Date.now() + waitOptions.timeoutMs;
      for (;;) {
        const tx = await read(id);
        if (tx === undefined) throw new StoreError('ERR_TRANSACTION_NOT_FOUND', 'no such transaction');
        const remaining = deadline - Date.now();
        if (tx.status === 'done' || remaining <= 0 || waitOptions.signal?.aborted || closed) return tx;
        await waiters.wait(id, Math.min(remaining, pollIntervalMs), waitOptions.signal);
      }
    },

    async delete(id) {
      checkId(id);
      if (closed) throw new StoreError('ERR_STORE_UNAVAILABLE', 'the transaction store is closed');
      try {
        return (await client.del(keyOf(id))) === 1;
      } catch (cause) {
        throw new StoreError('ERR_STORE_UNAVAILABLE', 'Redis did not complete the command', { cause });
      }
    },

    async close() {
      closed = true;
      waiters.notifyAll();
      subscriber?.disconnect();
      if (owned) client.disconnect();
    },
  };
}

function parseJson(text: string): JsonObject {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
  } catch (cause) {
    throw new StoreError('ERR_STORE_INTEGRITY', 'stored value is not JSON', { cause });
  }
  throw new StoreError('ERR_STORE_INTEGRITY', 'stored value is not a JSON object');
}
