// The demo page end to end in a real browser: pick a purpose and a flow, see what is asked, start,
// see the QR code, answer with the test wallet, and see the page update with the verified result —
// or with the refusal and its code. Screenshots go to examples/demo/screenshots/.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../src/index.js';
import { browserMissing, launchBrowser } from './helpers/browser.js';

const SHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

describe.skipIf(browserMissing !== undefined)(`demo page in chromium${browserMissing ? ` (skipped: ${browserMissing})` : ''}`, () => {
  let demo: Demo;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemo();
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function open(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready="true"]');
    expect(errors, errors.join('\n')).toEqual([]);
    return page;
  }

  it('KYC over OpenID4VP: the request shows what is asked and kept, the QR appears, the result arrives by server-sent events', async () => {
    const page = await open();
    await page.check('input[name="purpose"][value="aml_kyc_jp"]');
    await page.check('input[name="flow"][value="oid4vp"]');
    // What is asked, whether it is kept, and the legal basis, from the purpose definition.
    await expect.poll(() => page.locator('#elements tr').count()).toBeGreaterThanOrEqual(4);
    expect(await page.textContent('#elements')).toContain('full_name_unicode');
    expect(await page.textContent('#elements')).not.toContain('individual_number');
    expect(await page.textContent('#basis')).toContain('犯罪による収益の移転防止に関する法律');
    await page.screenshot({ path: `${SHOTS}1-request.png`, fullPage: true });

    await page.click('#start');
    await page.waitForSelector('#qr-box:not([hidden])');
    const qr = page.locator('#qr');
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.textContent('#link')).toMatch(/^openid4vp:\/\//);
    await page.screenshot({ path: `${SHOTS}2-qr.png`, fullPage: true });

    await page.click('#answer');
    await page.waitForSelector('#result:not([hidden])', { timeout: 20_000 });
    expect(await page.getAttribute('#outcome', 'class')).toBe('ok');
    const values = await page.textContent('#values');
    expect(values).toContain('番号　花子');
    expect(values).not.toMatch(/\d{12}/); // never an individual number
    await expect.poll(() => page.textContent('#audit')).toContain('"decision": "response"');
    const audit = await page.textContent('#audit');
    expect(audit).toContain('aml_kyc_jp');
    expect(audit).not.toContain('番号　花子'); // the audit record names elements, never values
    await page.screenshot({ path: `${SHOTS}3-result.png`, fullPage: true });
    await page.close();
  }, 60_000);

  it('age 20+ over the DC API (Annex C): only age_over_20 is asked, nothing is retained', async () => {
    const page = await open();
    await page.click('button[data-lang="en"]');
    await page.check('input[name="purpose"][value="age_20_plus"]');
    await page.check('input[name="flow"][value="dc-api-annex-c"]');
    expect(await page.locator('#elements tr').count()).toBe(1);
    expect(await page.textContent('#elements')).toContain('age_over_20');
    expect(await page.textContent('#elements')).toContain('not retained');
    await page.click('#start');
    await page.waitForSelector('#dc-box:not([hidden])');
    await page.click('#answer');
    await page.waitForSelector('#result:not([hidden])', { timeout: 20_000 });
    expect(await page.getAttribute('#outcome', 'class')).toBe('ok');
    expect(await page.textContent('#values')).toContain('true');
    await page.screenshot({ path: `${SHOTS}4-age-dc-api.png`, fullPage: true });
    await page.close();
  }, 60_000);

  it('a tampered value is refused, and the page says why in Japanese with the stable code', async () => {
    const page = await open();
    await page.check('input[name="purpose"][value="aml_kyc_jp"]');
    await page.check('input[name="flow"][value="dc-api-annex-d"]');
    await page.click('details summary');
    await page.selectOption('#fault', 'tampered-value');
    await page.click('#start');
    await page.click('#answer');
    await page.waitForSelector('#result:not([hidden])', { timeout: 20_000 });
    expect(await page.getAttribute('#outcome', 'class')).toBe('bad');
    const text = await page.textContent('#outcome');
    expect(text).toContain('改ざん');
    expect(text).toContain('ERR_VALUE_DIGEST');
    // The refusal is a decision too: its audit record carries the code, and no value.
    await expect.poll(() => page.textContent('#audit')).toContain('"outcome": "rejected"');
    expect(await page.textContent('#audit')).toContain('"code": "ERR_VALUE_DIGEST"');
    await page.screenshot({ path: `${SHOTS}5-refused.png`, fullPage: true });
    await page.close();
  }, 60_000);
});
