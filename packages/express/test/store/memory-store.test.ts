import { describe, expect, it } from 'vitest';
import { createMemoryTransactionStore } from '../../src/index.js';
import { describeStoreContract } from './contract.js';

describeStoreContract('in-memory', async () => {
  const store = createMemoryTransactionStore();
  return { store, close: () => store.close() };
});

describe('in-memory TransactionStore bounds', () => {
  it('refuses rather than grows past maxEntries, after evicting expired entries first', async () => {
    let t = 1_000_000;
    const store = createMemoryTransactionStore({ maxEntries: 3, now: () => t });
    await store.create({ id: 'a', data: {}, secret: {}, ttlMs: 100 });
    await store.create({ id: 'b', data: {}, secret: {}, ttlMs: 10_000 });
    await store.create({ id: 'c', data: {}, secret: {}, ttlMs: 10_000 });
    await expect(store.create({ id: 'd', data: {}, secret: {}, ttlMs: 10_000 })).rejects.toMatchObject({ code: 'ERR_STORE_FULL' });
    t += 200; // 'a' expires
    await store.create({ id: 'd', data: {}, secret: {}, ttlMs: 10_000 });
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('d')).toBeDefined();
    await expect(store.create({ id: 'e', data: {}, secret: {}, ttlMs: 10_000 })).rejects.toMatchObject({ code: 'ERR_STORE_FULL' });
    await store.close();
  });

  it('refuses values that are not JSON-serialisable, as the Redis store would', async () => {
    const store = createMemoryTransactionStore();
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    await expect(store.create({ id: 'x', data: {}, secret: cyclic as never, ttlMs: 1000 })).rejects.toThrow(TypeError);
    await store.close();
  });

  it('hands out records as they were when read, even when their fields are read later', async () => {
    const store = createMemoryTransactionStore();
    await store.create({ id: 'r', data: { n: 1 }, secret: { nonce: 'n' }, ttlMs: 10_000 });
    const before = await store.get('r');
    await store.update('r', 1, { n: 2 });
    await store.consume('r', { ok: true });
    // Fields are parsed on first read, from the text the store held when the record was read.
    expect(before).toMatchObject({ version: 1, status: 'pending', data: { n: 1 }, secret: { nonce: 'n' } });
    expect(before?.outcome).toBeUndefined();
    expect(await store.get('r')).toMatchObject({ version: 3, status: 'done', data: { n: 2 }, secret: undefined, outcome: { ok: true } });
    expect(before?.data).not.toBe((await store.get('r'))?.data);
    await store.close();
  });

  it('is unusable after close, with a coded error', async () => {
    const store = createMemoryTransactionStore();
    await store.close();
    await expect(store.get('a')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });

  it('refuses a non-positive maxEntries', () => {
    expect(() => createMemoryTransactionStore({ maxEntries: 0 })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  });
});
