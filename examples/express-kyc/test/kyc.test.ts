// The onboarding site over real HTTP on loopback, on its test defaults: the test-sender wallet
// answers the OpenID4VP QR and the DC API (iPhone) request; a complete answer leaves a KYC record
// holding only what aml_kyc_jp retains, with its retention date; a broken answer is refused with
// its code and leaves nothing; no log line holds a value.
import { memoryAuditSink, retentionUntil, type AuditRecord } from '@uketori/policy';
import { defaultMyNumberCardHolder, issueMyNumberCard, testPortraitJpeg, type TestCredential } from '@uketori/test-sender';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KYC_PURPOSE, memoryKycRecordStore, startKycServer, type KycServer } from '../src/index.js';
import { Browser, createTransaction, resultOf, walletAnswersDcApi, walletScans } from './helpers.js';

const holder = defaultMyNumberCardHolder();
const records = memoryKycRecordStore();
const audit = memoryAuditSink();
const logs: unknown[] = [];
let site: KycServer;
let card: TestCredential;

beforeAll(async () => {
  site = await startKycServer({ env: {}, records, audit, logger: (event) => logs.push(event) });
  card = await issueMyNumberCard({ pki: site.config.testPki!, deviceKey: 'P-256' });
});
afterAll(() => site?.close());

const JP = 'org.iso.23220.1.jp';

function expectRecordOfHolder(id: string, channel: 'mdoc' | 'jpki-oidc'): void {
  const record = records.records.get(id);
  expect(record).toBeDefined();
  expect(record!.channel).toBe(channel);
  expect(record!.purposeId).toBe('aml_kyc_jp');
  // Only what the purpose retains: name, address, date of birth, photo — not the municipality code.
  expect(record!.elements[JP]!['full_name_unicode']).toBe(holder.fullName);
  expect(record!.elements[JP]!['resident_address_unicode']).toBe(holder.residentAddress);
  expect(record!.elements[JP]!['portrait']).toEqual(testPortraitJpeg());
  expect(record!.elements[JP]).not.toHaveProperty('local_gov_code_unicode');
  expect(record!.elements[JP]).not.toHaveProperty('individual_number_unicode');
  const kept = record!.retention.flatMap((r) => r.elements);
  expect(kept).toEqual(expect.arrayContaining([`${JP}/full_name_unicode`, `${JP}/resident_address_unicode`, `${JP}/portrait`]));
  // 犯収法 6条2項: 7 years from the end of the relationship — provisional until it ends.
  const expected = retentionUntil(KYC_PURPOSE.retention['kyc_record']!, { now: new Date(record!.verifiedAt) });
  expect(record!.retention).toEqual([expect.objectContaining({ rule: 'kyc_record', period: 'P7Y', from: 'relationship_end', provisional: true, untilDate: expected.untilDate })]);
  expect(record!.legalBasis.join()).toContain('犯罪による収益の移転防止に関する法律施行規則');
}

function expectNoValueIn(text: string): void {
  expect(text).not.toContain(holder.fullName);
  expect(text).not.toContain(holder.residentAddress);
  expect(text).not.toContain('1971');
  expect(text).not.toContain(Buffer.from(testPortraitJpeg()).toString('base64').slice(0, 40));
  expect(text).not.toContain(Buffer.from(testPortraitJpeg()).toString('base64url').slice(0, 40));
}

describe('KYC over OpenID4VP (QR code, other wallets)', () => {
  it('completes when the wallet answers, keeps the record for its retention period, and tells the browser only the outcome', async () => {
    const browser = new Browser(site.url);
    const tx = await createTransaction(browser, 'oid4vp');
    expect(tx.link).toMatch(/^openid4vp:\/\//);
    expect((await walletScans(tx.link!, [card])).status).toBe(200);
    const view = await resultOf(browser, tx);
    expect(view).toMatchObject({ ok: true, outcome: 'complete', result: { outcome: 'complete', missing: [] } });
    expectNoValueIn(JSON.stringify(view));
    expectRecordOfHolder(tx.id, 'mdoc');
    expect(logs).toContainEqual(expect.objectContaining({ event: 'kyc.recorded', transactionId: tx.id, channel: 'mdoc' }));
  });

  it('refuses a tampered value with ERR_VALUE_DIGEST and keeps no record', async () => {
    const browser = new Browser(site.url);
    const tx = await createTransaction(browser, 'oid4vp');
    const answered = await walletScans(tx.link!, [card], { faults: ['tampered-value'] });
    expect(answered.status).toBe(400);
    expect(((await answered.json()) as { code: string }).code).toBe('ERR_VALUE_DIGEST');
    expect(await resultOf(browser, tx)).toMatchObject({ ok: false, error: { code: 'ERR_VALUE_DIGEST' } });
    expect(records.records.has(tx.id)).toBe(false);
  });
});

describe('KYC over the DC API (org-iso-mdoc, Apple Wallet on iPhone)', () => {
  it('completes when the page relays the credential, and keeps the record', async () => {
    const browser = new Browser(site.url);
    const tx = await createTransaction(browser, 'dc-api-annex-c');
    expect(tx.request?.protocol).toBe('org-iso-mdoc');
    const credential = await walletAnswersDcApi(tx, site.url, [card]);
    const res = await browser.postJson(tx.completeUrl!, credential);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, outcome: 'complete' });
    expectRecordOfHolder(tx.id, 'mdoc');
  });

  it('refuses an answer bound to another origin with ERR_ONLINE_DECRYPT and keeps no record', async () => {
    const browser = new Browser(site.url);
    const tx = await createTransaction(browser, 'dc-api-annex-c');
    const credential = await walletAnswersDcApi(tx, site.url, [card], { onlineFaults: ['wrong-origin'] });
    const res = await browser.postJson(tx.completeUrl!, credential);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_ONLINE_DECRYPT');
    expect(records.records.has(tx.id)).toBe(false);
  });

  it('refuses a revoked document signer with ERR_DS_REVOCATION (the test CRL is checked)', async () => {
    const browser = new Browser(site.url);
    const tx = await createTransaction(browser, 'dc-api-annex-c');
    const credential = await walletAnswersDcApi(tx, site.url, [card], { faults: ['revoked-ds'] });
    const res = await browser.postJson(tx.completeUrl!, credential);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_DS_REVOCATION');
    expect(records.records.has(tx.id)).toBe(false);
  });
});

describe('what leaves the KYC handler', () => {
  it('logs and audits names and dates, never a value (no portrait, no name)', () => {
    expect(logs.length).toBeGreaterThan(0);
    expectNoValueIn(JSON.stringify(logs));
    const complete = audit.records.filter((r: AuditRecord) => r.outcome === 'complete');
    expect(complete.length).toBeGreaterThanOrEqual(2);
    expect(complete[0]!.documents[0]!.retained[JP]).toEqual(expect.arrayContaining(['full_name_unicode', 'portrait']));
    expectNoValueIn(JSON.stringify(audit.records));
  });
});

describe('the page', () => {
  it('is served with a strict CSP and offers no デジタル認証アプリ when none is configured', async () => {
    const page = await fetch(`${site.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="kyc.js">');
    expect(await (await fetch(`${site.url}/kyc/config`)).json()).toMatchObject({ purpose: { id: 'aml_kyc_jp' }, jpki: false, test: true });
    expect((await fetch(`${site.url}/jpki/login`, { redirect: 'manual' })).status).toBe(404);
  });

  it('draws QR codes of OpenID4VP links only', async () => {
    expect((await fetch(`${site.url}/kyc/qr.svg?link=${encodeURIComponent('https://evil.example/')}`)).status).toBe(400);
    const qr = await fetch(`${site.url}/kyc/qr.svg?link=${encodeURIComponent('openid4vp://?client_id=x')}`);
    expect(qr.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  });
});
