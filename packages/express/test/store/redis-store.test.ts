import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTransactionStore, type TransactionStore } from '../../src/index.js';
import { redisSkipReason, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { describeStoreContract } from './contract.js';

const skip = redisSkipReason();
const KEY = { id: 'k1', key: new Uint8Array(randomBytes(32)) };
const newId = (): string => randomBytes(16).toString('base64url');

let shared: RedisServer | undefined;
async function sharedRedis(): Promise<RedisServer> {
  shared ??= await startRedis();
  return shared;
}
afterAll(async () => shared?.stop());

describeStoreContract(
  'Redis (two instances sharing one server)',
  async () => {
    const server = await sharedRedis();
    const prefix = `c${randomBytes(4).toString('hex')}`;
    // A long poll interval: a waiter woken in time proves pub/sub delivered across instances.
    const store = createRedisTransactionStore({ redis: server.url, encryptionKeys: [KEY], prefix, pollIntervalMs: 10_000 });
    const peer = createRedisTransactionStore({ redis: server.url, encryptionKeys: [KEY], prefix, pollIntervalMs: 10_000 });
    return { store, peer, close: async () => void (await Promise.all([store.close(), peer.close()])) };
  },
  skip,
);

describe.skipIf(skip !== undefined)('Redis TransactionStore at rest', () => {
  let server: RedisServer;
  let raw: Redis;
  beforeAll(async () => {
    server = await sharedRedis();
    raw = new Redis(server.url);
  });
  afterAll(() => raw?.disconnect());

  it('keeps keys namespaced and seals secret state and outcome (no plaintext in Redis)', async () => {
    const store = createRedisTransactionStore({ redis: server.url, encryptionKeys: [KEY], prefix: 'ns1' });
    const id = newId();
    await store.create({ id, data: { flow: 'openid4vp' }, secret: { nonce: 'NONCE-PLAINTEXT-MARKER' }, ttlMs: 60_000 });
    const hash = await raw.hgetall(`ns1:tx:${id}`);
    expect(hash['d']).toBe('{"flow":"openid4vp"}');
    expect(hash['k']).toMatch(/^v1\.k1\./);
    expect(JSON.stringify(hash)).not.toContain('NONCE-PLAINTEXT-MARKER');
    const ttl = await raw.pttl(`ns1:tx:${id}`);
    expect(ttl).toBeGreaterThan(50_000);
    await store.consume(id, { family_name: 'OUTCOME-PLAINTEXT-MARKER' });
    const after = await raw.hgetall(`ns1:tx:${id}`);
    expect(after['k']).toBeUndefined();
    expect(after['o']).toMatch(/^v1\.k1\./);
    expect(JSON.stringify(after)).not.toContain('OUTCOME-PLAINTEXT-MARKER');
    await store.close();
  });

  it('detects a sealed secret moved to another transaction', async () => {
    const store = createRedisTransactionStore({ redis: server.url, encryptionKeys: [KEY], prefix: 'ns2' });
    const a = newId();
    const b = newId();
    await store.create({ id: a, data: {}, secret: { key: 'a' }, ttlMs: 60_000 });
    await store.create({ id: b, data: {}, secret: { key: 'b' }, ttlMs: 60_000 });
    await raw.hset(`ns2:tx:${b}`, 'k', (await raw.hget(`ns2:tx:${a}`, 'k'))!);
    await expect(store.get(b)).rejects.toMatchObject({ code: 'ERR_STORE_INTEGRITY' });
    await store.close();
  });

  it('opens values sealed with an older key after rotation, and refuses an unknown key', async () => {
    const prefix = 'ns3';
    const old = createRedisTransactionStore({ redis: server.url, encryptionKeys: [KEY], prefix });
    const id = newId();
    await old.create({ id, data: {}, secret: { nonce: 'n' }, ttlMs: 60_000 });
    const rotated = createRedisTransactionStore({ redis: server.url, encryptionKeys: [{ id: 'k2', key: new Uint8Array(randomBytes(32)) }, KEY], prefix });
    expect((await rotated.get(id))?.secret).toEqual({ nonce: 'n' });
    const id2 = newId();
    await rotated.create({ id: id2, data: {}, secret: { nonce: 'm' }, ttlMs: 60_000 });
    expect(await raw.hget(`${prefix}:tx:${id2}`, 'k')).toMatch(/^v1\.k2\./);
    await expect(old.get(id2)).rejects.toMatchObject({ code: 'ERR_STORE_INTEGRITY' });
    await Promise.all([old.close(), rotated.close()]);
  });

  it('requires encryption keys of 32 bytes', () => {
    expect(() => createRedisTransactionStore({ redis: server.url, encryptionKeys: [] })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
    expect(() => createRedisTransactionStore({ redis: server.url, encryptionKeys: [{ id: 'x', key: new Uint8Array(16) }] })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
  });
});

describe.skipIf(skip !== undefined)('Redis TransactionStore when Redis goes away', () => {
  let server: RedisServer;
  let store: TransactionStore;
  beforeAll(async () => {
    // Persistent (AOF, fsync always) so that what was written before the crash is there after it.
    server = await startRedis({ persistent: true });
    store = createRedisTransactionStore({ redis: server.url, encryptionKeys: [KEY], prefix: 'crash', pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('fails fast with ERR_STORE_UNAVAILABLE, changes nothing, and works again once Redis is back', async () => {
    const id = newId();
    await store.create({ id, data: {}, secret: { nonce: 'n' }, ttlMs: 60_000 });
    await server.kill();

    const t0 = Date.now();
    await expect(store.consume(id, { ok: true })).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await expect(store.get(id)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await expect(store.create({ id: newId(), data: {}, secret: {}, ttlMs: 1000 })).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    expect(Date.now() - t0).toBeLessThan(3_000);

    await server.restart();
    // The client reconnects on its own (retry every ≤ 1 s).
    let tx;
    for (let i = 0; i < 60 && tx === undefined; i++) {
      tx = await store.get(id).catch(() => undefined);
      if (tx === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(tx).toMatchObject({ status: 'pending', secret: { nonce: 'n' } });
    expect(tx?.outcome).toBeUndefined();
    await expect(store.consume(id, { ok: true })).resolves.toMatchObject({ status: 'done' });
  });
});
