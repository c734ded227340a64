// The test sender's fault catalogues over real HTTP: every online fault of the three web flows and
// of Apple in-app, and every document fault, each refused with its stable code as
// application/problem+json (or, for over-disclosure, accepted with the unrequested element dropped
// and reported).

import { FAULT_CATALOGUE, ONLINE_FAULT_CATALOGUE, type OnlineFaultDescriptor, type OnlineFaultId, type TestCredential } from '@uketori/test-sender';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryTransactionStore, type TransactionStore } from '../src/index.js';
import { appWith, Browser, createFixture, listen, problemOf, routerOptions, type Fixture, type Server } from './helpers/http.js';
import { appComplete, appEncryptedData, dcApiCredential, pageComplete, walletAnswer, walletPost, type WalletOptions } from './helpers/wallet.js';

let fx: Fixture;
let server: Server;
let store: TransactionStore;

beforeAll(async () => {
  fx = await createFixture();
  store = createMemoryTransactionStore();
  server = await listen(appWith(routerOptions(fx, store, { cookie: { secure: false } })));
});
afterAll(async () => {
  await server?.close();
  await store?.close();
});

type WebFlow = 'dc-api-annex-c' | 'dc-api-annex-d' | 'oid4vp-redirect' | 'apple-in-app';
const SETUP: Record<WebFlow, { purpose: string; credential: () => TestCredential }> = {
  'dc-api-annex-c': { purpose: 'aml_kyc_jp', credential: () => fx.card },
  'dc-api-annex-d': { purpose: 'age_21_plus', credential: () => fx.mdl },
  'oid4vp-redirect': { purpose: 'aml_kyc_jp', credential: () => fx.card },
  'apple-in-app': { purpose: 'aml_kyc_jp', credential: () => fx.card },
};
/** The router flow for a catalogue flow; the apv fault exists only in the 2024 Annex B profile. */
const routerFlow = (flow: WebFlow, fault?: string): string => (flow === 'oid4vp-redirect' ? (fault === 'wrong-apv' ? 'oid4vp-annex-b' : 'oid4vp') : flow);

interface Started {
  browser: Browser;
  tx: Record<string, any>;
}

async function start(flow: WebFlow, fault?: string): Promise<Started> {
  // The in-app flow is driven by a native app: no Origin header, but it keeps the binding cookie.
  const browser = flow === 'apple-in-app' ? new Browser(null) : new Browser();
  const res = await browser.postJson(`${server.url}/uketori/transactions`, { purpose: SETUP[flow].purpose, flow: routerFlow(flow, fault) });
  expect(res.status).toBe(201);
  return { browser, tx: (await res.json()) as Record<string, any> };
}

/** The holder's answer to `from`, delivered to `to` (the same transaction unless testing misrouting). */
async function answer(flow: WebFlow, from: Started, to: Started, options: Omit<WalletOptions, 'credentials'>): Promise<Response> {
  const wallet = { credentials: [SETUP[flow].credential()], ...options };
  if (flow === 'oid4vp-redirect') {
    const post = await walletAnswer(server, from.tx.link, wallet);
    return walletPost(server, { ...post, responseUri: post.responseUri.replace(from.tx.id, to.tx.id) });
  }
  if (flow === 'apple-in-app') return appComplete(server, to.browser, to.tx.completeUrl, await appEncryptedData(from.tx as never, fx.merchant.publicKey, wallet));
  return pageComplete(server, to.browser, to.tx.completeUrl, await dcApiCredential(from.tx.request, wallet));
}

async function resultOf(s: Started): Promise<Record<string, any>> {
  return (await (await s.browser.fetch(`${server.url}/uketori/transactions/${s.tx.id}/result`)).json()) as Record<string, any>;
}

describe('online fault catalogue over HTTP', () => {
  for (const fault of ONLINE_FAULT_CATALOGUE as readonly OnlineFaultDescriptor[]) {
    for (const [flow, expected] of Object.entries(fault.expected) as [string, string | null][]) {
      if (!(flow in SETUP)) continue;
      const web = flow as WebFlow;
      it(`${web}: ${fault.id} → ${expected ?? `accepted, ${fault.finding}`}`, async () => {
        const target = await start(web, fault.id);
        const source = fault.kind === 'scenario' ? await start(web, fault.id) : target;
        const onlineFaults = fault.kind === 'wallet' ? [fault.id as OnlineFaultId] : [];
        const res = await answer(web, source, target, { onlineFaults });
        if (expected === null) {
          expect(res.status).toBe(200);
          const result = await resultOf(target);
          expect(result).toMatchObject({ status: 'done', ok: true });
          expect(result.result.findings).toContainEqual(expect.objectContaining({ code: fault.finding }));
          return;
        }
        const problem = await problemOf(res);
        expect(problem).toMatchObject({ status: 400, code: expected, contentType: 'application/problem+json; charset=utf-8' });
        // The refused answer ends the transaction; the page learns the code, never a value.
        expect(await resultOf(target)).toMatchObject({ status: 'done', ok: false, error: { code: expected } });
      });
    }
  }
});

for (const flow of ['oid4vp-redirect', 'apple-in-app'] as const) {
  describe(`document fault catalogue over HTTP (${flow})`, () => {
    for (const fault of FAULT_CATALOGUE) {
      it(`${fault.id} → ${fault.expectedCode ?? 'accepted'}`, async () => {
        const s = await start(flow);
        const res = await answer(flow, s, s, { faults: [fault.id] });
        if (fault.expectedCode === null) {
          expect(res.status).toBe(200);
          return;
        }
        expect(await problemOf(res)).toMatchObject({ status: 400, code: fault.expectedCode });
      });
    }
  });
}
