// The demo site over plain HTTP: what the page is told about each purpose comes from the purpose
// definitions, the test wallet completes a transaction through the mounted router, and the demo's
// own endpoints refuse bad input.
import { getPurpose } from '@uketori/policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo, type PurposeView } from '../src/index.js';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo();
}, 30_000);
afterAll(() => demo?.close());

describe('demo site', () => {
  it('describes each purpose exactly as the purpose definition says (elements, required, retention, basis)', async () => {
    const config = (await (await fetch(`${demo.url}demo/config`)).json()) as { purposes: PurposeView[]; flows: { id: string }[] };
    expect(config.purposes.map((p) => p.id)).toEqual(['aml_kyc_jp', 'age_20_plus']);
    for (const view of config.purposes) {
      const purpose = getPurpose(view.id);
      const fromDefinition = purpose.documents.flatMap((d) => d.elements.map((e) => `${d.docType}/${e.identifier}/${e.retain?.period ?? 'no'}`));
      expect(view.documents.flatMap((d) => d.elements.map((e) => `${d.docType}/${e.identifier}/${e.retain?.period ?? 'no'}`))).toEqual(fromDefinition);
      expect(view.legalBasis.length).toBeGreaterThan(0);
    }
    const age = config.purposes.find((p) => p.id === 'age_20_plus')!;
    expect(age.documents.flatMap((d) => d.elements).every((e) => e.retain === null)).toBe(true);
    expect(config.flows.map((f) => f.id)).toEqual(['oid4vp', 'dc-api-annex-c', 'dc-api-annex-d']);
  });

  it('completes a cross-device OpenID4VP transaction with the test wallet and writes an audit record without values', async () => {
    const origin = demo.url.slice(0, -1);
    const created = await fetch(`${demo.url}uketori/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ purpose: 'aml_kyc_jp', flow: 'oid4vp' }),
    });
    expect(created.status).toBe(201);
    const cookie = created.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const tx = (await created.json()) as { id: string; link: string; resultUrl: string };
    const scanned = await fetch(`${demo.url}demo/wallet/scan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link: tx.link }) });
    expect(await scanned.json()).toEqual({ walletPosted: true, status: 200 });
    const view = (await (await fetch(`${tx.resultUrl}?wait=5`, { headers: { cookie } })).json()) as { ok: boolean; result: { outcome: string; documents: { redacted: string[] }[] } };
    expect(view.ok).toBe(true);
    expect(view.result.outcome).toBe('complete');
    expect(view.result.documents[0]!.redacted).toContain('org.iso.23220.1.jp/portrait');
    const records = (await (await fetch(`${demo.url}demo/audit?transaction=${tx.id}`)).json()) as { outcome: string }[];
    expect(records.map((r) => r.outcome)).toEqual(['complete']);
    const audit = JSON.stringify(records);
    expect(audit).toContain('aml_kyc_jp');
    expect(audit).not.toContain('番号');
  });

  it('the test wallet refuses an unknown fault, a missing link and any URL outside this demo, with fixed messages', async () => {
    const post = (path: string, body: unknown) => fetch(`${demo.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const origin = demo.url.slice(0, -1);
    const created = await fetch(`${demo.url}uketori/transactions`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ purpose: 'age_20_plus', flow: 'oid4vp' }) });
    const { link } = (await created.json()) as { link: string };
    // A real, answerable link: only the fault makes it fail, before anything is fetched.
    const unknownFault = await post('demo/wallet/scan', { link, fault: 'no-such-fault' });
    expect(unknownFault.status).toBe(400);
    expect(await unknownFault.json()).toEqual({ walletPosted: false, code: 'DEMO_UNKNOWN_FAULT', message: 'the test wallet refused the request' });
    expect(await (await post('demo/wallet/scan', {})).json()).toMatchObject({ code: 'DEMO_BAD_REQUEST' });
    // Not a relay: a request_uri elsewhere (here the demo's own config page) is never fetched.
    const foreign = `openid4vp://?client_id=x&request_uri=${encodeURIComponent(`${demo.url}demo/config`)}`;
    const relayed = await post('demo/wallet/scan', { link: foreign });
    expect(await relayed.json()).toEqual({ walletPosted: false, code: 'DEMO_FOREIGN_URL', message: 'the test wallet refused the request' });
    expect((await post('demo/wallet/dc-api', { request: { protocol: 'org-iso-mdoc', data: {} }, fault: 'nope' })).status).toBe(400);
    // The link still works with no fault: the refusals above were the wallet's, not the link's.
    expect(await (await post('demo/wallet/scan', { link })).json()).toEqual({ walletPosted: true, status: 200 });
  });

  it('draws QR codes of bounded size only', async () => {
    expect((await fetch(`${demo.url}demo/qr.svg?text=${'a'.repeat(2049)}`)).status).toBe(400);
    const qr = await fetch(`${demo.url}demo/qr.svg?text=openid4vp%3A%2F%2F%3Fclient_id%3Dx`);
    expect(qr.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await qr.text()).toContain('<svg');
  });

  it('serves the page with a strict content security policy', async () => {
    const page = await fetch(demo.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="app.js">');
  });
});
