// Apple Verify with Wallet in apps through the router, over real HTTP: the iOS app (no Origin, a
// cookie jar like URLSession's) creates the transaction, Wallet's envelope comes from
// @uketori/test-sender's answerAppleInApp, and the app posts it to its completion URL.

import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appleInAppFlow, createMemoryTransactionStore, type TransactionStore } from '../src/index.js';
import { APPLE_IDS, appWith, Browser, createFixture, listen, problemOf, routerOptions, via, type Fixture, type Server } from './helpers/http.js';
import { appComplete, appEncryptedData } from './helpers/wallet.js';

let fx: Fixture;
let server: Server;
let store: TransactionStore;
const results: { id: string; flow: string }[] = [];

beforeAll(async () => {
  fx = await createFixture();
  store = createMemoryTransactionStore();
  server = await listen(appWith(routerOptions(fx, store, { cookie: { secure: false }, onResult: (_r, tx) => void results.push(tx) })));
});
afterAll(async () => {
  await server?.close();
  await store?.close();
});

const url = (path: string) => `${server.url}/uketori${path}`;

async function create(purpose = 'aml_kyc_jp', flow = 'apple-in-app') {
  const app = new Browser(null);
  const res = await app.postJson(url('/transactions'), { purpose, flow });
  expect(res.status).toBe(201);
  return { app, tx: (await res.json()) as Record<string, any> };
}

type Doc = { docType: string; issuerSigned: Record<string, Record<string, unknown>> };

describe('Apple Verify with Wallet in apps', () => {
  it('gives the app the nonce and elements, and verifies the My Number Card envelope it posts', async () => {
    const { app, tx } = await create();
    expect(tx).toMatchObject({ flow: 'apple-in-app', docType: 'org.iso.23220.1.jp.mnc', completeUrl: `https://rp.example/uketori/transactions/${tx.id}/app` });
    expect(Buffer.from(tx.nonce, 'base64url')).toHaveLength(32);
    expect(tx.elements).toContainEqual({ namespace: 'org.iso.23220.1.jp', identifier: 'full_name_unicode', intentToRetain: expect.any(Boolean) });
    expect(tx).not.toHaveProperty('link');
    const res = await appComplete(server, app, tx.completeUrl, await appEncryptedData(tx as never, fx.merchant.publicKey, { credentials: [fx.card] }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; outcome: string; result: { documents: Doc[] } };
    expect(body).toMatchObject({ id: tx.id, status: 'done', ok: true, outcome: 'complete' });
    const doc = body.result.documents[0]!;
    expect(doc.docType).toBe('org.iso.23220.1.jp.mnc');
    expect(doc.issuerSigned['org.iso.23220.1.jp']).not.toHaveProperty('portrait');
    expect(await (await app.fetch(url(`/transactions/${tx.id}/result`))).json()).toMatchObject({ status: 'done', ok: true, outcome: 'complete' });
    expect(results).toContainEqual({ id: tx.id, flow: 'apple-in-app' });
  });

  it('keeps the merchant key out of the transaction state', async () => {
    const { tx } = await create();
    const record = await store.get(tx.id);
    expect(record?.secret).toMatchObject({ flow: 'apple-in-app', merchantId: APPLE_IDS.merchantId, teamId: APPLE_IDS.teamId, nonce: tx.nonce });
    const d = fx.merchant.privateKey.export({ format: 'jwk' }).d!;
    expect(JSON.stringify(record)).not.toContain(d);
    expect(JSON.stringify(record)).not.toMatch(/recipientKey|"d":/);
  });

  it('verifies an mDL age envelope through a second in-app flow for that docType', async () => {
    const { app, tx } = await create('age_21_plus', 'apple-in-app-mdl');
    expect(tx.docType).toBe('org.iso.18013.5.1.mDL');
    const res = await appComplete(server, app, tx.completeUrl, await appEncryptedData(tx as never, fx.merchant.publicKey, { credentials: [fx.mdl] }));
    const body = (await res.json()) as { ok: boolean; result: { documents: Doc[] } };
    expect(body.ok).toBe(true);
    expect(body.result.documents[0]!.issuerSigned['org.iso.18013.5.1']).toEqual({ age_over_21: true });
  });

  it('accepts the envelope as base64url too', async () => {
    const { app, tx } = await create();
    const b64 = await appEncryptedData(tx as never, fx.merchant.publicKey, { credentials: [fx.card] });
    const res = await appComplete(server, app, tx.completeUrl, Buffer.from(b64, 'base64').toString('base64url'));
    expect(res.status).toBe(200);
  });

  it('refuses a replayed envelope with ERR_TRANSACTION_CONSUMED', async () => {
    const { app, tx } = await create();
    const data = await appEncryptedData(tx as never, fx.merchant.publicKey, { credentials: [fx.card] });
    expect((await appComplete(server, app, tx.completeUrl, data)).status).toBe(200);
    expect(await problemOf(await appComplete(server, app, tx.completeUrl, data))).toMatchObject({ status: 409, code: 'ERR_TRANSACTION_CONSUMED' });
  });

  it('answers only the app that created the transaction, and leaves it pending otherwise', async () => {
    const { app, tx } = await create();
    const data = await appEncryptedData(tx as never, fx.merchant.publicKey, { credentials: [fx.card] });
    expect(await problemOf(await appComplete(server, new Browser(null), tx.completeUrl, data))).toMatchObject({ status: 403, code: 'ERR_BROWSER_BINDING' });
    expect(await (await app.fetch(url(`/transactions/${tx.id}/result`))).json()).toMatchObject({ status: 'pending' });
    expect((await appComplete(server, app, tx.completeUrl, data)).status).toBe(200);
  });

  it('refuses a body that is not base64 before looking at the transaction, and a page of another origin', async () => {
    const { app, tx } = await create();
    for (const encryptedData of ['', 'not base64!', 'abc=d', 'a', 42]) {
      expect(await problemOf(await app.postJson(via(server, tx.completeUrl), { encryptedData }))).toMatchObject({ status: 400, code: 'ERR_BAD_REQUEST' });
    }
    const wrongType = await app.fetch(via(server, tx.completeUrl), { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: new Uint8Array([0xa0]) });
    expect(await problemOf(wrongType)).toMatchObject({ status: 415, code: 'ERR_UNSUPPORTED_MEDIA_TYPE' });
    const evil = await app.fetch(via(server, tx.completeUrl), { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ encryptedData: 'oA==' }) });
    expect(await problemOf(evil)).toMatchObject({ status: 403, code: 'ERR_ORIGIN_NOT_ALLOWED' });
    expect(await (await app.fetch(url(`/transactions/${tx.id}/result`))).json()).toMatchObject({ status: 'pending' });
  });

  it('ends the transaction on an envelope that is not CBOR, with the reader\'s code', async () => {
    const { app, tx } = await create();
    expect(await problemOf(await appComplete(server, app, tx.completeUrl, Buffer.from([0x5f, 0x41]).toString('base64')))).toMatchObject({ status: 400, code: 'ERR_ONLINE_ENCODING' });
    expect(await (await app.fetch(url(`/transactions/${tx.id}/result`))).json()).toMatchObject({ status: 'done', ok: false, error: { code: 'ERR_ONLINE_ENCODING' } });
  });

  it('keeps each endpoint to its flow, and refuses same-device for the in-app flow', async () => {
    const { app, tx } = await create();
    expect(await problemOf(await app.postJson(url(`/transactions/${tx.id}/dc-api`), { protocol: 'org-iso-mdoc', data: {} }))).toMatchObject({ code: 'ERR_ORIGIN_NOT_ALLOWED' });
    const page = new Browser();
    const dc = await page.postJson(url('/transactions'), { purpose: 'aml_kyc_jp', flow: 'dc-api-annex-c' });
    const dcTx = (await dc.json()) as { id: string };
    expect(await problemOf(await page.postJson(url(`/transactions/${dcTx.id}/app`), { encryptedData: 'oA==' }))).toMatchObject({ status: 400, code: 'ERR_WRONG_FLOW' });
    expect(await problemOf(await new Browser(null).postJson(url('/transactions'), { purpose: 'aml_kyc_jp', flow: 'apple-in-app', sameDevice: true }))).toMatchObject({ code: 'ERR_BAD_REQUEST' });
  });

  it('refuses a configuration without a P-256 merchant key or ids', () => {
    const ed = generateKeyPairSync('ed25519').privateKey;
    expect(() => appleInAppFlow({ ...APPLE_IDS, recipientKey: ed })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
    expect(() => appleInAppFlow({ ...APPLE_IDS, recipientKey: fx.merchant.publicKey })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
    expect(() => appleInAppFlow({ ...APPLE_IDS, merchantId: '', recipientKey: fx.merchant.privateKey })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
  });
});
