/**
 * Deliberately broken HTTP receivers, reviewed black-box: each fails exactly the criteria it
 * breaks and passes the rest.
 */
import { describe, expect, it } from 'vitest';
import { criterionFor, HTTP_BROKEN_RECEIVERS, loadCatalogue, runHttpConformance } from '../src/index.js';

const NOW = new Date('2026-10-01T00:00:00Z');

/** What each broken HTTP receiver must fail, stated here independently of the source table. */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'over-asks': ['request-minimality'],
  'asks-individual-number': ['request-minimality', 'individual-number-scope'],
  'hides-retention': ['intent-to-retain'],
  'skips-chain-check': ['issuer-chain', 'ds-revocation'],
  'ignores-revocation': ['ds-revocation'],
  'accepts-replay': ['single-use-nonce'],
  'logs-values': ['no-personal-data-in-logs'],
  'no-purpose-text': ['purpose-shown'],
  'crashes-on-oversized': ['malformed-input'],
  'skips-issuer-signature': ['issuer-signature'],
  'skips-digests': ['element-digests'],
  'accepts-expired-mso': ['mso-validity'],
  'skips-device-auth': ['device-binding'],
  'ignores-doctype': ['doctype'],
  'silent-on-retention': ['purpose-shown'],
  'keeps-unrequested': ['drop-unrequested'],
  'untyped-request-object': ['reader-authentication'],
};

describe('broken HTTP receivers are caught over HTTP', () => {
  it('every criterion has a broken HTTP receiver that fails it', () => {
    const caught = new Set(Object.values(EXPECTED).flat());
    expect(loadCatalogue().criteria.map((c) => c.id).filter((id) => !caught.has(id))).toEqual([]);
  });

  it('the table covers every broken HTTP receiver', () => {
    expect(HTTP_BROKEN_RECEIVERS.map((b) => b.id).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const b of HTTP_BROKEN_RECEIVERS) expect(b.breaks, b.id).toEqual(EXPECTED[b.id]);
  });

  it.each(Object.entries(EXPECTED))('%s fails exactly %j', async (id, breaks) => {
    const broken = HTTP_BROKEN_RECEIVERS.find((b) => b.id === id)!;
    const report = await runHttpConformance({ target: broken.start, purpose: 'aml_kyc_jp', now: NOW });
    expect(report.criteria.filter((c) => c.verdict !== 'pass').map((c) => c.id).sort()).toEqual([...breaks].sort());
    expect(report.criteria.filter((c) => c.verdict === 'fail').map((c) => c.id).sort()).toEqual([...breaks].sort());
    const mandatory = breaks.filter((b) => criterionFor(loadCatalogue().criteria.find((c) => c.id === b)!, 'http').severity === 'mandatory');
    expect(report.summary.conformant).toBe(mandatory.length === 0);
    for (const c of report.criteria.filter((r) => r.verdict === 'fail')) expect(c.evidence.some((e) => !e.passed)).toBe(true);
    // The report names elements, never the values a broken program leaked.
    const text = JSON.stringify(report);
    for (const value of ['番号　花子', '1971年9月1日', '123456789018', '東京都千代田区']) expect(text).not.toContain(value);
  });
});
