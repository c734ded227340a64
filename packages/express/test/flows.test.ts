// Every flow end to end over real HTTP on loopback, with @uketori/test-sender as the wallet:
// My Number Card through Annex C and OpenID4VP, mDL through Annex D and OpenID4VP (GET and POST
// request_uri, direct_post and direct_post.jwt), same-device with response_code, SSE, replay.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryTransactionStore, type TransactionStore } from '../src/index.js';
import { appWith, Browser, createFixture, listen, problemOf, routerOptions, SAME_DEVICE_LANDING, via, type Fixture, type Server } from './helpers/http.js';
import { dcApiCredential, pageComplete, walletAnswer, walletPost } from './helpers/wallet.js';

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

async function create(purpose: string, flow: string, extra: Record<string, unknown> = {}) {
  const browser = new Browser();
  const res = await browser.postJson(url('/transactions'), { purpose, flow, ...extra });
  expect(res.status).toBe(201);
  return { browser, tx: (await res.json()) as Record<string, any> };
}

type Doc = { docType: string; issuerSigned: Record<string, Record<string, unknown>> };

describe('My Number Card (aml_kyc_jp)', () => {
  it('verifies through DC API Annex C: the page relays the HPKE response and gets the result', async () => {
    const { browser, tx } = await create('aml_kyc_jp', 'dc-api-annex-c');
    const credential = await dcApiCredential(tx.request, { credentials: [fx.card] });
    const res = await pageComplete(server, browser, tx.completeUrl, credential);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; outcome: string; result: { documents: Doc[] } };
    expect(body).toMatchObject({ ok: true, outcome: 'complete' });
    const doc = body.result.documents[0]!;
    expect(doc.docType).toBe('org.iso.23220.1.jp.mnc');
    expect(Object.keys(doc.issuerSigned['org.iso.23220.1.jp'] ?? {})).toEqual(expect.arrayContaining(['full_name_unicode', 'resident_address_unicode']));
    // The portrait is sensitive: left out of what the browser gets.
    expect(doc.issuerSigned['org.iso.23220.1.jp']).not.toHaveProperty('portrait');
    // The poll answers the same to the same browser.
    expect(await (await browser.fetch(url(`/transactions/${tx.id}/result`))).json()).toMatchObject({ status: 'done', ok: true, outcome: 'complete' });
    expect(results).toContainEqual({ id: tx.id, flow: 'dc-api-annex-c' });
  });

  it('verifies through OpenID4VP cross-device (QR link, request_uri GET, direct_post.jwt) and the page polls the result', async () => {
    const { browser, tx } = await create('aml_kyc_jp', 'oid4vp');
    const waiting = browser.fetch(url(`/transactions/${tx.id}/result?wait=10`));
    const post = await walletAnswer(server, tx.link, { credentials: [fx.card] });
    expect(Object.keys(post.body)).toEqual(['response']);
    const res = await walletPost(server, post);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const result = (await (await waiting).json()) as { status: string; outcome: string; result: { documents: Doc[] } };
    expect(result).toMatchObject({ status: 'done', ok: true, outcome: 'complete' });
    expect(result.result.documents[0]!.docType).toBe('org.iso.23220.1.jp.mnc');
  });

  it('streams the result to the page over server-sent events', async () => {
    const { browser, tx } = await create('aml_kyc_jp', 'oid4vp');
    const events = await browser.fetch(url(`/transactions/${tx.id}/events`));
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = events.body!.getReader();
    let text = '';
    const readUntil = async (marker: string) => {
      while (!text.includes(marker)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    };
    await readUntil('event: status');
    await walletPost(server, await walletAnswer(server, tx.link, { credentials: [fx.card] }));
    await readUntil('event: result');
    const data = JSON.parse(/event: result\ndata: (.*)\n/.exec(text)![1]!) as Record<string, unknown>;
    expect(data).toMatchObject({ id: tx.id, status: 'done', ok: true, outcome: 'complete' });
  });

  it('never hands the individual number or the portrait to the browser, even when over-disclosed', async () => {
    const { tx } = await create('aml_kyc_jp', 'oid4vp');
    const post = await walletAnswer(server, tx.link, { credentials: [fx.card], onlineFaults: ['over-disclosure'] });
    expect((await walletPost(server, post)).status).toBe(200);
    const record = await store.get(tx.id);
    const text = JSON.stringify(record?.outcome);
    expect(text).toContain('UNREQUESTED_ELEMENT');
    const jp = (fx.card.elements as Record<string, Record<string, unknown>>)['org.iso.23220.1.jp']!;
    const number = String(jp['individual_number_unicode'] ?? jp['individual_number']);
    expect(number).toMatch(/^\d{12}$/);
    expect(text).not.toContain(number);
    const portrait = jp['portrait'] as Uint8Array;
    expect(text).not.toContain(Buffer.from(portrait).toString('base64url').slice(0, 40));
  });
});

describe('mDL (age_21_plus)', () => {
  it('verifies through DC API Annex D, signed request, dc_api.jwt', async () => {
    const { browser, tx } = await create('age_21_plus', 'dc-api-annex-d');
    const res = await pageComplete(server, browser, tx.completeUrl, await dcApiCredential(tx.request, { credentials: [fx.mdl] }));
    const body = (await res.json()) as { ok: boolean; outcome: string; result: { documents: Doc[] } };
    expect(body).toMatchObject({ ok: true, outcome: 'complete' });
    expect(body.result.documents[0]!.issuerSigned['org.iso.18013.5.1']).toEqual({ age_over_21: true });
  });

  it('verifies through DC API Annex D, unsigned request', async () => {
    const { browser, tx } = await create('age_21_plus', 'dc-api-annex-d-unsigned');
    expect(tx.request.protocol).toBe('openid4vp-v1-unsigned');
    const res = await pageComplete(server, browser, tx.completeUrl, await dcApiCredential(tx.request, { credentials: [fx.mdl] }));
    expect(await res.json()).toMatchObject({ ok: true, outcome: 'complete' });
  });

  for (const flow of ['oid4vp', 'oid4vp-post', 'oid4vp-plain', 'oid4vp-san-dns', 'oid4vp-annex-b']) {
    it(`verifies through OpenID4VP (${flow})`, async () => {
      const { browser, tx } = await create('age_21_plus', flow);
      const res = await walletPost(server, await walletAnswer(server, tx.link, { credentials: [fx.mdl] }));
      expect(res.status).toBe(200);
      expect(await (await browser.fetch(url(`/transactions/${tx.id}/result`))).json()).toMatchObject({ status: 'done', ok: true, outcome: 'complete' });
    });
  }
});

describe('same-device OpenID4VP', () => {
  it('redirects the wallet back with a response_code, and releases the result only with it', async () => {
    const { browser, tx } = await create('aml_kyc_jp', 'oid4vp', { sameDevice: true });
    const res = await walletPost(server, await walletAnswer(server, tx.link, { credentials: [fx.card] }));
    const { redirect_uri } = (await res.json()) as { redirect_uri: string };
    const landing = new URL(redirect_uri);
    expect(landing.origin + landing.pathname).toBe(SAME_DEVICE_LANDING);
    expect(landing.searchParams.get('transaction_id')).toBe(tx.id);
    const code = new URLSearchParams(landing.hash.slice(1)).get('response_code')!;
    expect(code.length).toBeGreaterThanOrEqual(32);
    expect(await problemOf(await browser.fetch(url(`/transactions/${tx.id}/result`)))).toMatchObject({ status: 403, code: 'ERR_RESPONSE_CODE' });
    expect((await problemOf(await browser.fetch(url(`/transactions/${tx.id}/result?response_code=wrong`)))).code).toBe('ERR_RESPONSE_CODE');
    const ok = await browser.fetch(url(`/transactions/${tx.id}/result?response_code=${encodeURIComponent(code)}`));
    expect(await ok.json()).toMatchObject({ status: 'done', ok: true, outcome: 'complete' });
    // Another browser holding the code is still refused: the cookie binds the session.
    expect((await problemOf(await fetch(url(`/transactions/${tx.id}/result?response_code=${encodeURIComponent(code)}`)))).code).toBe('ERR_BROWSER_BINDING');
  });

  it('refuses sameDevice for a DC API flow', async () => {
    const res = await new Browser().postJson(url('/transactions'), { purpose: 'aml_kyc_jp', flow: 'dc-api-annex-c', sameDevice: true });
    expect((await problemOf(res)).code).toBe('ERR_BAD_REQUEST');
  });
});

describe('nonce and keys consumed exactly once', () => {
  it('refuses a replayed response with ERR_TRANSACTION_CONSUMED', async () => {
    const { tx } = await create('aml_kyc_jp', 'oid4vp');
    const post = await walletAnswer(server, tx.link, { credentials: [fx.card] });
    expect((await walletPost(server, post)).status).toBe(200);
    expect(await problemOf(await walletPost(server, post))).toMatchObject({ status: 409, code: 'ERR_TRANSACTION_CONSUMED' });
  });

  it('accepts exactly one of two simultaneous submissions (double submit)', async () => {
    const { tx } = await create('aml_kyc_jp', 'oid4vp');
    const post = await walletAnswer(server, tx.link, { credentials: [fx.card] });
    const answers = await Promise.all([walletPost(server, post), walletPost(server, post), walletPost(server, post)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it('refuses a replayed DC API credential', async () => {
    const { browser, tx } = await create('aml_kyc_jp', 'dc-api-annex-c');
    const credential = await dcApiCredential(tx.request, { credentials: [fx.card] });
    expect((await pageComplete(server, browser, tx.completeUrl, credential)).status).toBe(200);
    expect((await problemOf(await pageComplete(server, browser, tx.completeUrl, credential))).code).toBe('ERR_TRANSACTION_CONSUMED');
  });
});

describe('DC API completion checks', () => {
  it('refuses a wrong content type (415) and an oversize body (413) before verifying', async () => {
    const { browser, tx } = await create('aml_kyc_jp', 'dc-api-annex-c');
    const wrongType = await browser.fetch(via(server, tx.completeUrl), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(await problemOf(wrongType)).toMatchObject({ status: 415, code: 'ERR_UNSUPPORTED_MEDIA_TYPE' });
    const big = await browser.postJson(via(server, tx.completeUrl), { protocol: 'org-iso-mdoc', data: { response: 'a'.repeat(1024 * 1024) } });
    expect(await problemOf(big)).toMatchObject({ status: 413, code: 'ERR_BODY_TOO_LARGE' });
    expect(await (await browser.fetch(url(`/transactions/${tx.id}/result`))).json()).toMatchObject({ status: 'pending' });
  });

  it('refuses a credential of another protocol', async () => {
    const { browser, tx } = await create('aml_kyc_jp', 'dc-api-annex-c');
    const res = await pageComplete(server, browser, tx.completeUrl, { protocol: 'openid4vp-v1-unsigned', data: {} });
    expect((await problemOf(res)).code).toBe('ERR_WRONG_FLOW');
  });
});
