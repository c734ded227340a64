// Several express instances behind a load balancer sharing one real Redis: a transaction created
// on one completes on the other, results reach the browser through either, and Redis going away
// mid-flow gives a clear 503 problem, consumes nothing, and recovers when Redis is back.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTransactionStore, type TransactionStore } from '../src/index.js';
import { appWith, Browser, createFixture, listen, problemOf, routerOptions, type Fixture, type Server } from './helpers/http.js';
import { redisSkipReason, startRedis, type RedisServer } from './helpers/redis-server.js';
import { dcApiCredential, pageComplete, walletAnswer, walletPost } from './helpers/wallet.js';

const skip = redisSkipReason();
const encryptionKeys = [{ id: 'test', key: new Uint8Array(randomBytes(32)) }];

describe.skipIf(skip !== undefined)('two instances sharing one Redis', () => {
  let fx: Fixture;
  let redis: RedisServer;
  const stores: TransactionStore[] = [];
  let a: Server;
  let b: Server;

  beforeAll(async () => {
    fx = await createFixture();
    // Persistent, so that a crash loses nothing that was acknowledged (what a production Redis does with AOF).
    redis = await startRedis({ persistent: true });
    const instance = async () => {
      const store = createRedisTransactionStore({ redis: redis.url, encryptionKeys, prefix: 'lb', pollIntervalMs: 200 });
      stores.push(store);
      return listen(appWith(routerOptions(fx, store, { cookie: { secure: false } })));
    };
    a = await instance();
    b = await instance();
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all(stores.map((s) => s.close()));
    await redis?.stop();
  });

  async function createOn(server: Server, purpose: string, flow: string) {
    const browser = new Browser();
    const res = await browser.postJson(`${server.url}/uketori/transactions`, { purpose, flow });
    expect(res.status).toBe(201);
    return { browser, tx: (await res.json()) as Record<string, any> };
  }

  it('completes on B an OpenID4VP transaction created on A; A streams the result', async () => {
    const { browser, tx } = await createOn(a, 'aml_kyc_jp', 'oid4vp');
    const events = await browser.fetch(`${a.url}/uketori/transactions/${tx.id}/events`);
    const post = await walletAnswer(b, tx.link, { credentials: [fx.card] }); // request_uri served by B
    expect((await walletPost(b, post)).status).toBe(200); // response_uri on B
    const text = await events.text(); // the stream ends after the result
    expect(text).toContain('event: result');
    expect(JSON.parse(/event: result\ndata: (.*)\n/.exec(text)![1]!)).toMatchObject({ status: 'done', ok: true, outcome: 'complete' });
    // A replay to A is refused: the consumption is shared.
    expect((await problemOf(await walletPost(a, post))).code).toBe('ERR_TRANSACTION_CONSUMED');
  });

  it('completes on B a DC API transaction created on A, and A answers the poll', async () => {
    const { browser, tx } = await createOn(a, 'age_21_plus', 'dc-api-annex-d');
    const res = await pageComplete(b, browser, tx.completeUrl, await dcApiCredential(tx.request, { credentials: [fx.mdl] }));
    expect(res.status).toBe(200);
    expect(await (await browser.fetch(`${a.url}/uketori/transactions/${tx.id}/result`)).json()).toMatchObject({ status: 'done', ok: true });
  });

  it('long-polls on A and is woken by the completion on B', async () => {
    const { browser, tx } = await createOn(a, 'aml_kyc_jp', 'oid4vp');
    const t0 = Date.now();
    const waiting = browser.fetch(`${a.url}/uketori/transactions/${tx.id}/result?wait=10`);
    await walletPost(b, await walletAnswer(b, tx.link, { credentials: [fx.card] }));
    expect(await (await waiting).json()).toMatchObject({ status: 'done', ok: true });
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('answers 503 problem while Redis is down, consumes nothing, and completes once Redis is back', async () => {
    const { browser, tx } = await createOn(a, 'aml_kyc_jp', 'oid4vp');
    const post = await walletAnswer(b, tx.link, { credentials: [fx.card] });
    await redis.kill();

    const refused = await walletPost(b, post);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await problemOf(refused)).toMatchObject({ status: 503, code: 'ERR_STORE_UNAVAILABLE', contentType: 'application/problem+json; charset=utf-8' });
    expect((await problemOf(await browser.fetch(`${a.url}/uketori/transactions/${tx.id}/result`))).code).toBe('ERR_STORE_UNAVAILABLE');
    const create = await new Browser().postJson(`${a.url}/uketori/transactions`, { purpose: 'aml_kyc_jp', flow: 'oid4vp' });
    expect((await problemOf(create)).status).toBe(503);

    await redis.restart();
    let res: Response | undefined;
    for (let i = 0; i < 50; i++) {
      res = await walletPost(b, post);
      if (res.status !== 503) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // The same answer is accepted after recovery: the outage left the transaction pending, not half-consumed.
    expect(res?.status).toBe(200);
    expect(await (await browser.fetch(`${a.url}/uketori/transactions/${tx.id}/result`)).json()).toMatchObject({ status: 'done', ok: true, outcome: 'complete' });
  });
});
