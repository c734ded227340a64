// The TransactionStore contract, run against every store (in-memory and Redis).

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransactionStore } from '../../src/index.js';

export interface StoreFixture {
  readonly store: TransactionStore;
  /** A second store on the same backing data (another instance), when the backend is shared. */
  readonly peer?: TransactionStore;
  close(): Promise<void>;
}

const newId = (): string => randomBytes(16).toString('base64url');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code ?? 'no code';
  }
  return 'resolved';
}

export function describeStoreContract(name: string, open: () => Promise<StoreFixture>, skip?: string): void {
  describe.skipIf(skip !== undefined)(`TransactionStore contract: ${name}`, () => {
    let fx: StoreFixture;
    let store: TransactionStore;
    beforeAll(async () => {
      fx = await open();
      store = fx.store;
    });
    afterAll(async () => fx?.close());

    it('returns a created transaction as pending, version 1, with its data and secret', async () => {
      const id = newId();
      const created = await store.create({ id, data: { flow: 'openid4vp', n: 1 }, secret: { nonce: 'abc', keys: [1, 2] }, ttlMs: 60_000 });
      expect(created).toMatchObject({ id, version: 1, status: 'pending', data: { flow: 'openid4vp', n: 1 }, secret: { nonce: 'abc', keys: [1, 2] } });
      expect(created.outcome).toBeUndefined();
      expect(created.expiresAt).toBeGreaterThan(Date.now());
      expect(await store.get(id)).toEqual(created);
    });

    it('refuses a second transaction with the same id', async () => {
      const id = newId();
      await store.create({ id, data: {}, secret: { a: 1 }, ttlMs: 60_000 });
      expect(await codeOf(store.create({ id, data: {}, secret: { a: 2 }, ttlMs: 60_000 }))).toBe('ERR_TRANSACTION_EXISTS');
      expect((await store.get(id))?.secret).toEqual({ a: 1 });
    });

    it('answers undefined for an unknown transaction', async () => {
      expect(await store.get(newId())).toBeUndefined();
    });

    it('hands out copies: changing a returned record changes nothing stored', async () => {
      const id = newId();
      const created = await store.create({ id, data: { list: [1] }, secret: { k: 'v' }, ttlMs: 60_000 });
      (created.data['list'] as number[]).push(2);
      expect((await store.get(id))?.data).toEqual({ list: [1] });
    });

    it('updates by compare-and-set and refuses a stale version', async () => {
      const id = newId();
      await store.create({ id, data: { step: 'created' }, secret: {}, ttlMs: 60_000 });
      const updated = await store.update(id, 1, { step: 'fetched' });
      expect(updated).toMatchObject({ version: 2, data: { step: 'fetched' }, status: 'pending' });
      expect(await codeOf(store.update(id, 1, { step: 'stale' }))).toBe('ERR_TRANSACTION_CONFLICT');
      expect(await codeOf(store.update(newId(), 1, {}))).toBe('ERR_TRANSACTION_NOT_FOUND');
      expect((await store.get(id))?.data).toEqual({ step: 'fetched' });
    });

    it('consumes exactly once: the secret goes, the outcome stays, a second consume is refused', async () => {
      const id = newId();
      await store.create({ id, data: { flow: 'x' }, secret: { privateKey: 'k' }, ttlMs: 60_000 });
      const done = await store.consume(id, { outcome: 'complete' });
      expect(done).toMatchObject({ status: 'done', version: 2, outcome: { outcome: 'complete' }, data: { flow: 'x' } });
      expect(done.secret).toBeUndefined();
      expect(await codeOf(store.consume(id, { outcome: 'again' }))).toBe('ERR_TRANSACTION_CONSUMED');
      expect((await store.get(id))?.outcome).toEqual({ outcome: 'complete' });
      expect(await codeOf(store.consume(newId(), {}))).toBe('ERR_TRANSACTION_NOT_FOUND');
    });

    it('lets exactly one of many concurrent consumers win', async () => {
      const id = newId();
      await store.create({ id, data: {}, secret: { nonce: 'n' }, ttlMs: 60_000 });
      const stores = fx.peer ? [store, fx.peer] : [store];
      const codes = await Promise.all(Array.from({ length: 20 }, (_, i) => codeOf(stores[i % stores.length]!.consume(id, { winner: i }))));
      expect(codes.filter((c) => c === 'resolved')).toHaveLength(1);
      expect(codes.filter((c) => c === 'ERR_TRANSACTION_CONSUMED')).toHaveLength(19);
    });

    it('wakes a waiter when the outcome lands, and returns the pending record on timeout', async () => {
      const id = newId();
      await store.create({ id, data: {}, secret: {}, ttlMs: 60_000 });
      const timedOut = await store.waitForOutcome(id, { timeoutMs: 30 });
      expect(timedOut.status).toBe('pending');
      const waiting = store.waitForOutcome(id, { timeoutMs: 5_000 });
      await sleep(20);
      const t0 = Date.now();
      await (fx.peer ?? store).consume(id, { ok: true });
      const done = await waiting;
      expect(done).toMatchObject({ status: 'done', outcome: { ok: true } });
      expect(Date.now() - t0).toBeLessThan(500);
    });

    it('stops waiting when the signal aborts', async () => {
      const id = newId();
      await store.create({ id, data: {}, secret: {}, ttlMs: 60_000 });
      const controller = new AbortController();
      const waiting = store.waitForOutcome(id, { timeoutMs: 10_000, signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      expect((await waiting).status).toBe('pending');
    });

    it('refuses to wait on an unknown transaction', async () => {
      expect(await codeOf(store.waitForOutcome(newId(), { timeoutMs: 10 }))).toBe('ERR_TRANSACTION_NOT_FOUND');
    });

    it('forgets a transaction when its time to live passes', async () => {
      const id = newId();
      await store.create({ id, data: {}, secret: { k: 1 }, ttlMs: 40 });
      expect(await store.get(id)).toBeDefined();
      await sleep(120);
      expect(await store.get(id)).toBeUndefined();
      expect(await codeOf(store.consume(id, {}))).toBe('ERR_TRANSACTION_NOT_FOUND');
    });

    it('gives a consumed transaction the new time to live it is consumed with', async () => {
      const id = newId();
      await store.create({ id, data: {}, secret: {}, ttlMs: 60_000 });
      const done = await store.consume(id, { ok: 1 }, { ttlMs: 40 });
      expect(done.expiresAt).toBeLessThan(Date.now() + 1_000);
      await sleep(120);
      expect(await store.get(id)).toBeUndefined();
    });

    it('deletes a transaction', async () => {
      const id = newId();
      await store.create({ id, data: {}, secret: {}, ttlMs: 60_000 });
      expect(await store.delete(id)).toBe(true);
      expect(await store.delete(id)).toBe(false);
      expect(await store.get(id)).toBeUndefined();
    });

    it('refuses bad arguments with coded argument errors', async () => {
      expect(await codeOf(store.get('../etc'))).toBe('ERR_INVALID_ARG_VALUE');
      expect(await codeOf(store.get(42 as unknown as string))).toBe('ERR_INVALID_ARG_TYPE');
      expect(await codeOf(store.create({ id: newId(), data: {}, secret: {}, ttlMs: 0 }))).toBe('ERR_INVALID_ARG_VALUE');
      expect(await codeOf(store.create({ id: newId(), data: [] as unknown as object, secret: {}, ttlMs: 10 } as never))).toBe('ERR_INVALID_ARG_TYPE');
    });
  });
}
