/**
 * The three reports: JSON round-trips, the HTML page is self-contained and escapes everything a
 * target can put into it, the JUnit XML parses and has one testcase per criterion.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BROKEN_RECEIVERS,
  ReferenceReceiver,
  escapeMarkup,
  referenceReceiver,
  renderHtml,
  renderJson,
  renderJunit,
  runConformance,
  writeReports,
  type ConformanceReport,
  type TargetEnvironment,
  type TargetOutcome,
} from '../src/index.js';
import { findAll, parseXml } from './helpers/xml.js';

const NOW = new Date('2026-10-01T00:00:00Z');
const INJECTED = `<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'`;

/** A receiver whose name and codes carry markup: it rejects everything with a hostile code. */
class Hostile extends ReferenceReceiver {
  constructor(env: TargetEnvironment) {
    super(env, INJECTED);
  }
  override async receive(): Promise<TargetOutcome> {
    return { accepted: false, code: INJECTED, message: INJECTED };
  }
}

let good: ConformanceReport;
let failing: ConformanceReport;
let hostile: ConformanceReport;

beforeAll(async () => {
  good = await runConformance({ target: referenceReceiver, purpose: 'aml_kyc_jp', now: NOW });
  failing = await runConformance({ target: BROKEN_RECEIVERS.find((b) => b.id === 'skips-chain-check')!.create, purpose: 'aml_kyc_jp', now: NOW });
  hostile = await runConformance({ target: (env) => new Hostile(env), purpose: 'aml_kyc_jp', now: NOW, location: INJECTED, only: ['issuer-signature', 'individual-number-scope'] });
});

describe('JSON report', () => {
  it('round-trips through JSON and keeps every criterion with its evidence', () => {
    const parsed = JSON.parse(renderJson(failing)) as ConformanceReport;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(failing)));
    expect(parsed.criteria).toHaveLength(16);
    expect(parsed.summary.mandatoryFailed).toEqual(['issuer-chain', 'ds-revocation']);
    expect(parsed.criteria.find((c) => c.id === 'issuer-chain')!.evidence.find((e) => e.step === 'fault:expired-ds')).toMatchObject({ passed: false, expected: 'rejected with a coded error', expectedCode: 'ERR_DS_CHAIN' });
  });

  it('holds no personal value of the test holder', () => {
    const text = renderJson(good) + renderJson(failing);
    for (const value of ['番号　花子', '1971年9月1日', '123456789018', '東京都千代田区']) expect(text).not.toContain(value);
  });
});

describe('HTML report', () => {
  it('escapes everything a target can inject', () => {
    const html = renderHtml(hostile);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror=alert(1)>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;&#39;');
  });

  it('is one self-contained page: inline CSS, no script, no external resource', () => {
    for (const html of [renderHtml(good), renderHtml(failing)]) {
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|url\(|@import/i);
      expect(html).not.toMatch(/href="(?!#)/);
      expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    }
  });

  it('labels in Japanese and English and shows each verdict and the failed mandatory criteria', () => {
    const html = renderHtml(failing);
    expect(html).toContain('受信プログラム適合性確認報告');
    expect(html).toContain('Receiving program conformance report');
    expect(html).toContain('必須基準に不適合あり / Mandatory criteria failed: <code>issuer-chain</code>, <code>ds-revocation</code>');
    expect(html.match(/<section id="/g)).toHaveLength(16);
    expect(renderHtml(good)).toContain('必須基準はすべて適合 / Every mandatory criterion passed');
  });

  it('escapeMarkup drops characters XML cannot carry', () => {
    expect(escapeMarkup('a\u0000b\u001bc\ud800d\ufffe')).toBe('abcd');
    expect(escapeMarkup('😀\tok')).toBe('😀\tok');
  });
});

describe('JUnit XML report', () => {
  it('parses, with one testcase per criterion and failures for failed criteria', () => {
    const root = parseXml(renderJunit(failing));
    expect(root.name).toBe('testsuites');
    const cases = findAll(root, 'testcase');
    expect(cases).toHaveLength(16);
    expect(cases.map((c) => c.attributes['name']!.split(':')[0])).toEqual(failing.criteria.map((c) => c.id));
    const failed = cases.filter((c) => c.children.some((ch) => ch.name === 'failure'));
    expect(failed.map((c) => c.attributes['name']!.split(':')[0])).toEqual(['issuer-chain', 'ds-revocation']);
    expect(root.attributes).toMatchObject({ tests: '16', failures: '2', errors: '0', skipped: '0' });
    expect(findAll(failed[0]!, 'failure')[0]!.text).toContain('fault:untrusted-iaca');
  });

  it('parses with hostile text in the target name and codes', () => {
    const root = parseXml(renderJunit(hostile));
    const cases = findAll(root, 'testcase');
    expect(cases).toHaveLength(2);
    expect(findAll(root, 'testsuite')[0]!.attributes['name']).toContain(INJECTED);
    expect(cases[0]!.children[0]!.name).toBe('failure');
    expect(cases[1]!.children[0]!.name).toBe('failure'); // individual-number-scope: the good answer was rejected
  });

  it('marks a criterion that does not apply as skipped', async () => {
    const report = await runConformance({ target: referenceReceiver, purpose: 'mynumber_collection_jp', now: NOW, only: ['individual-number-scope'] });
    const root = parseXml(renderJunit(report));
    expect(root.attributes).toMatchObject({ tests: '1', skipped: '1', failures: '0' });
    expect(findAll(root, 'skipped')).toHaveLength(1);
  });

  it('the reader refuses malformed XML (so the parse above means something)', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow();
    expect(() => parseXml('<a x=1/>')).toThrow();
    expect(() => parseXml('<a>&</a>')).toThrow();
  });
});

describe('writeReports', () => {
  it('writes the three files into the directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'uketori-conformance-'));
    try {
      const paths = await writeReports(good, join(dir, 'nested', 'out'));
      expect(JSON.parse(await readFile(paths.json, 'utf8'))).toMatchObject({ summary: { conformant: true } });
      expect(await readFile(paths.html, 'utf8')).toContain('</html>');
      expect(findAll(parseXml(await readFile(paths.junit, 'utf8')), 'testcase')).toHaveLength(16);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
