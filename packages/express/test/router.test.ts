// The router over real HTTP on loopback: creating transactions, request_uri, content-type and size
// checks, browser binding, exactly-once consumption, problem+json. (Full wallet round trips are in
// flows.test.ts.)

import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryTransactionStore, createUketoriRouter, type TransactionStore, type UketoriLogEvent } from '../src/index.js';
import { appWith, BASE_URL, Browser, createFixture, listen, problemOf, routerOptions, via, type Fixture, type Server } from './helpers/http.js';

let fx: Fixture;
let server: Server;
let store: TransactionStore;
const logs: UketoriLogEvent[] = [];

beforeAll(async () => {
  fx = await createFixture();
  store = createMemoryTransactionStore();
  server = await listen(appWith(routerOptions(fx, store, { logger: (e) => logs.push(e), cookie: { secure: false } })));
});
afterAll(async () => {
  await server?.close();
  await store?.close();
});

// JWS compact parts, read without verifying (the wallet side verifies; here we look at claims).
const part = (jws: string, i: number): Record<string, unknown> => JSON.parse(Buffer.from(jws.split('.')[i]!, 'base64url').toString('utf8')) as Record<string, unknown>;
const decodeProtectedHeader = (jws: string) => part(jws, 0);
const decodeJwt = (jws: string) => part(jws, 1);

const url = (path: string) => `${server.url}/uketori${path}`;

async function createOid4vp(browser = new Browser(), flow = 'oid4vp'): Promise<{ browser: Browser; body: Record<string, string> }> {
  const res = await browser.postJson(url('/transactions'), { purpose: 'aml_kyc_jp', flow });
  expect(res.status).toBe(201);
  return { browser, body: (await res.json()) as Record<string, string> };
}

describe('creating a transaction', () => {
  it('returns the OpenID4VP link and request_uri, and binds the browser with an HttpOnly SameSite cookie', async () => {
    const browser = new Browser();
    const res = await browser.postJson(url('/transactions'), { purpose: 'aml_kyc_jp', flow: 'oid4vp' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^uketori_binding=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const body = (await res.json()) as Record<string, string>;
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(body.requestUri).toBe(`${BASE_URL}/transactions/${body.id}/request`);
    const link = new URL(body.link!);
    expect(link.protocol).toBe('openid4vp:');
    expect(link.searchParams.get('request_uri')).toBe(body.requestUri);
    expect(link.searchParams.get('client_id')).toMatch(/^x509_hash:/);
    expect(body.resultUrl).toBe(`${BASE_URL}/transactions/${body.id}/result`);
    // The transaction id is public; its secret state never leaves the server.
    expect(JSON.stringify(body)).not.toMatch(/"d":/);
  });

  it('keeps one binding cookie per browser across transactions', async () => {
    const { browser } = await createOid4vp();
    const res = await browser.postJson(url('/transactions'), { purpose: 'aml_kyc_jp', flow: 'oid4vp' });
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('returns the Annex C DC API request for the page origin', async () => {
    const res = await new Browser().postJson(url('/transactions'), { purpose: 'aml_kyc_jp', flow: 'dc-api-annex-c' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { request: { protocol: string; data: { deviceRequest: string; encryptionInfo: string } }; completeUrl: string };
    expect(body.request.protocol).toBe('org-iso-mdoc');
    expect(body.request.data.encryptionInfo).toMatch(/^gmVkY2Fwa/); // CBOR ["dcapi", …]
    expect(body.completeUrl).toMatch(/\/dc-api$/);
  });

  it('returns a signed Annex D request with expected_origins', async () => {
    const res = await new Browser().postJson(url('/transactions'), { purpose: 'age_21_plus', flow: 'dc-api-annex-d' });
    const body = (await res.json()) as { request: { protocol: string; data: { request: string } } };
    expect(body.request.protocol).toBe('openid4vp-v1-signed');
    expect(decodeJwt(body.request.data.request)['expected_origins']).toEqual(['https://rp.example']);
  });

  it('refuses an unknown purpose or flow, a bad body, and a foreign origin, as problem+json', async () => {
    const unknownPurpose = await problemOf(await new Browser().postJson(url('/transactions'), { purpose: 'everything', flow: 'oid4vp' }));
    expect(unknownPurpose).toMatchObject({ status: 400, code: 'ERR_UNKNOWN_PURPOSE', type: 'urn:uketori:error:ERR_UNKNOWN_PURPOSE', contentType: 'application/problem+json; charset=utf-8' });
    expect((await problemOf(await new Browser().postJson(url('/transactions'), { purpose: 'aml_kyc_jp', flow: 'carrier-pigeon' }))).code).toBe('ERR_UNKNOWN_FLOW');
    expect((await problemOf(await new Browser().postJson(url('/transactions'), ['aml_kyc_jp']))).code).toBe('ERR_BAD_REQUEST');
    const foreign = await problemOf(await new Browser('https://evil.example').postJson(url('/transactions'), { purpose: 'aml_kyc_jp', flow: 'oid4vp' }));
    expect(foreign).toMatchObject({ status: 403, code: 'ERR_ORIGIN_NOT_ALLOWED' });
  });

  it('refuses a DC API transaction without the page origin', async () => {
    const res = await fetch(url('/transactions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ purpose: 'aml_kyc_jp', flow: 'dc-api-annex-c' }) });
    expect(await problemOf(res)).toMatchObject({ status: 403, code: 'ERR_ORIGIN_NOT_ALLOWED' });
  });

  it('refuses a create body that is not JSON with 415', async () => {
    const res = await new Browser().fetch(url('/transactions'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'purpose=aml_kyc_jp' });
    expect(await problemOf(res)).toMatchObject({ status: 415, code: 'ERR_UNSUPPORTED_MEDIA_TYPE' });
  });
});

describe('a body parser mounted before the router', () => {
  it('leaves nothing to read: the router answers 400 problem instead of waiting for the body', async () => {
    const app = express();
    app.use(express.json());
    app.use('/uketori', createUketoriRouter(routerOptions(fx, store, { cookie: { secure: false } })));
    const other = await listen(app);
    try {
      const res = await new Browser().postJson(`${other.url}/uketori/transactions`, { purpose: 'aml_kyc_jp', flow: 'oid4vp' });
      expect(await problemOf(res)).toMatchObject({ status: 400, code: 'ERR_BAD_REQUEST' });
    } finally {
      await other.close();
    }
  });
});

describe('request_uri', () => {
  it('serves the signed request object, more than once (OIDF request-uri-fetched-twice)', async () => {
    const { body } = await createOid4vp();
    const first = await fetch(via(server, body.requestUri!));
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/oauth-authz-req\+jwt/);
    const jws = await first.text();
    expect(decodeProtectedHeader(jws)).toMatchObject({ typ: 'oauth-authz-req+jwt', alg: 'ES256' });
    expect(decodeJwt(jws)['response_uri']).toBe(`${BASE_URL}/transactions/${body.id}/response`);
    const second = await fetch(via(server, body.requestUri!));
    expect(await second.text()).toBe(jws);
  });

  it('answers a POST with wallet_nonce with a request object echoing it (§5.10)', async () => {
    const { body } = await createOid4vp(new Browser(), 'oid4vp-post');
    expect(new URL(body.link!).searchParams.get('request_uri_method')).toBe('post');
    const res = await fetch(via(server, body.requestUri!), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/oauth-authz-req+jwt' },
      body: new URLSearchParams({ wallet_nonce: 'wn-123', wallet_metadata: '{}' }),
    });
    expect(res.status).toBe(200);
    expect(decodeJwt(await res.text())['wallet_nonce']).toBe('wn-123');
  });

  it('tells the page that the wallet fetched the request', async () => {
    const { browser, body } = await createOid4vp();
    expect(await (await browser.fetch(url(`/transactions/${body.id}/result`))).json()).toMatchObject({ status: 'pending', requestFetched: false });
    await fetch(via(server, body.requestUri!));
    expect(await (await browser.fetch(url(`/transactions/${body.id}/result`))).json()).toMatchObject({ status: 'pending', requestFetched: true });
  });

  it('answers 404 problem for an unknown transaction', async () => {
    const res = await fetch(url(`/transactions/${'A'.repeat(32)}/request`));
    expect(await problemOf(res)).toMatchObject({ status: 404, code: 'ERR_TRANSACTION_NOT_FOUND' });
    expect((await problemOf(await fetch(url('/transactions/..%2F..%2Fetc/request')))).code).toBe('ERR_TRANSACTION_NOT_FOUND');
  });
});

describe('response_uri checks before any verification', () => {
  it('refuses a wrong content type with 415 and leaves the transaction pending', async () => {
    const { browser, body } = await createOid4vp();
    const res = await fetch(url(`/transactions/${body.id}/response`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response: 'x' }) });
    expect(await problemOf(res)).toMatchObject({ status: 415, code: 'ERR_UNSUPPORTED_MEDIA_TYPE' });
    expect(await (await browser.fetch(url(`/transactions/${body.id}/result`))).json()).toMatchObject({ status: 'pending' });
  });

  it('refuses a body over the limit with 413 and leaves the transaction pending', async () => {
    const { browser, body } = await createOid4vp();
    const res = await fetch(url(`/transactions/${body.id}/response`), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `response=${'a'.repeat(1024 * 1024 + 1)}`,
    });
    expect(await problemOf(res)).toMatchObject({ status: 413, code: 'ERR_BODY_TOO_LARGE' });
    expect(await (await browser.fetch(url(`/transactions/${body.id}/result`))).json()).toMatchObject({ status: 'pending' });
  });

  it('refuses a form without response, vp_token or error, and duplicated parameters', async () => {
    const { body } = await createOid4vp();
    const post = (form: string) => fetch(url(`/transactions/${body.id}/response`), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(await problemOf(await post('foo=bar'))).toMatchObject({ status: 400, code: 'ERR_BAD_REQUEST' });
    expect(await problemOf(await post('response=a&response=b'))).toMatchObject({ status: 400, code: 'ERR_BAD_REQUEST' });
  });
});

describe('one answer per transaction', () => {
  it('ends the transaction on a refused response, and refuses the next one as consumed', async () => {
    const { browser, body } = await createOid4vp();
    const post = () =>
      fetch(url(`/transactions/${body.id}/response`), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'response=not-a-jwe' });
    const first = await problemOf(await post());
    expect(first.status).toBe(400);
    expect(first.code).toMatch(/^ERR_ONLINE_/);
    expect(await problemOf(await post())).toMatchObject({ status: 409, code: 'ERR_TRANSACTION_CONSUMED' });
    expect(await (await browser.fetch(url(`/transactions/${body.id}/result`))).json()).toMatchObject({ status: 'done', ok: false, error: { code: first.code } });
    // The request object is not served after the end either.
    expect((await problemOf(await fetch(via(server, body.requestUri!)))).code).toBe('ERR_TRANSACTION_CONSUMED');
  });
});

describe('result retrieval is bound to the browser that created the transaction', () => {
  it('refuses another browser (no cookie), a forged cookie, and another browser\'s cookie', async () => {
    const { body } = await createOid4vp();
    const noCookie = await fetch(url(`/transactions/${body.id}/result`));
    expect(await problemOf(noCookie)).toMatchObject({ status: 403, code: 'ERR_BROWSER_BINDING' });
    const forged = await fetch(url(`/transactions/${body.id}/result`), { headers: { cookie: `uketori_binding=${'A'.repeat(43)}.${'B'.repeat(43)}` } });
    expect((await problemOf(forged)).code).toBe('ERR_BROWSER_BINDING');
    const { browser: other } = await createOid4vp();
    expect((await problemOf(await other.fetch(url(`/transactions/${body.id}/result`)))).code).toBe('ERR_BROWSER_BINDING');
    expect((await problemOf(await fetch(url(`/transactions/${body.id}/events`)))).code).toBe('ERR_BROWSER_BINDING');
  });

  it('refuses a DC API completion from another browser', async () => {
    const res = await new Browser().postJson(url('/transactions'), { purpose: 'aml_kyc_jp', flow: 'dc-api-annex-c' });
    const { completeUrl } = (await res.json()) as { completeUrl: string };
    const other = await new Browser().postJson(via(server, completeUrl), { protocol: 'org-iso-mdoc', data: { response: 'x' } });
    expect(await problemOf(other)).toMatchObject({ status: 403, code: 'ERR_BROWSER_BINDING' });
  });
});

describe('logging', () => {
  it('logs only safe fields', () => {
    expect(logs.length).toBeGreaterThan(5);
    const allowed = new Set(['event', 'transactionId', 'flow', 'purposeId', 'outcome', 'code', 'status']);
    for (const event of logs) for (const key of Object.keys(event)) expect(allowed.has(key)).toBe(true);
  });
});

describe('audit records', () => {
  it('a refused answer is audited with its code and the elements asked, never a value', async () => {
    const { memoryAuditSink } = await import('@uketori/policy');
    const { walletAnswer, walletPost } = await import('./helpers/wallet.js');
    const audit = memoryAuditSink();
    const auditStore = createMemoryTransactionStore();
    const audited = await listen(appWith(routerOptions(fx, auditStore, { audit, cookie: { secure: false } })));
    try {
      const res = await new Browser().postJson(`${audited.url}/uketori/transactions`, { purpose: 'aml_kyc_jp', flow: 'oid4vp' });
      const body = (await res.json()) as { id: string; link: string };
      const post = await walletAnswer(audited, body.link, { credentials: [fx.card], faults: ['tampered-value'] });
      expect((await walletPost(audited, post)).status).toBe(400);
      expect(audit.records).toHaveLength(1);
      const record = audit.records[0]!;
      expect(record).toMatchObject({ transactionId: body.id, purposeId: 'aml_kyc_jp', decision: 'response', outcome: 'rejected', code: 'ERR_VALUE_DIGEST' });
      expect(record.documents[0]!.requested['org.iso.23220.1.jp']).toContain('full_name_unicode');
      expect(JSON.stringify(record)).not.toContain('番号');
    } finally {
      await audited.close();
      await auditStore.close();
    }
  });
});
