/**
 * Deliberately broken receivers, one per criterion: each fails exactly the criteria it breaks and
 * passes the rest. Together they make every criterion fail at least once, so no check can pass
 * everything.
 */
import { describe, expect, it } from 'vitest';
import { BROKEN_RECEIVERS, loadCatalogue, runConformance } from '../src/index.js';

const NOW = new Date('2026-10-01T00:00:00Z');

/** What each broken receiver must fail, stated here independently of the source table. */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'skips-issuer-signature': ['issuer-signature'],
  'skips-chain-check': ['issuer-chain', 'ds-revocation'],
  'skips-digests': ['element-digests'],
  'accepts-expired-mso': ['mso-validity'],
  'ignores-revocation': ['ds-revocation'],
  'skips-device-auth': ['device-binding'],
  'reuses-reader-key': ['single-use-nonce'],
  'accepts-replay': ['single-use-nonce'],
  'ignores-doctype': ['doctype'],
  'over-asks': ['request-minimality'],
  'asks-individual-number': ['request-minimality', 'individual-number-scope'],
  'hides-retention': ['intent-to-retain'],
  'no-purpose-text': ['purpose-shown'],
  'silent-on-retention': ['purpose-shown'],
  'keeps-unrequested': ['drop-unrequested'],
  'logs-values': ['no-personal-data-in-logs'],
  'crashes-on-oversized': ['malformed-input'],
  'no-reader-auth': ['reader-authentication'],
};

describe('broken receivers are caught', () => {
  it('the table covers every broken receiver', () => {
    expect(BROKEN_RECEIVERS.map((b) => b.id).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const b of BROKEN_RECEIVERS) expect(b.breaks, b.id).toEqual(EXPECTED[b.id]);
  });

  it.each(Object.entries(EXPECTED))('%s fails exactly %j', async (id, breaks) => {
    const broken = BROKEN_RECEIVERS.find((b) => b.id === id)!;
    const report = await runConformance({ target: broken.create, purpose: 'aml_kyc_jp', now: NOW });
    const failed = report.criteria.filter((c) => c.verdict !== 'pass').map((c) => c.id);
    expect(failed.sort()).toEqual([...breaks].sort());
    expect(report.criteria.filter((c) => c.verdict === 'fail').map((c) => c.id).sort()).toEqual([...breaks].sort());
    const mandatory = breaks.filter((b) => loadCatalogue().criteria.find((c) => c.id === b)!.severity === 'mandatory');
    expect(report.summary.conformant).toBe(mandatory.length === 0);
    expect([...report.summary.mandatoryFailed].sort()).toEqual(mandatory.sort());
    // The evidence names the failed step.
    for (const c of report.criteria.filter((r) => r.verdict === 'fail')) expect(c.evidence.some((e) => !e.passed)).toBe(true);
  });

  it('every criterion is failed by at least one broken receiver', () => {
    const broken = new Set(Object.values(EXPECTED).flat());
    expect(loadCatalogue().criteria.map((c) => c.id).filter((id) => !broken.has(id))).toEqual([]);
  });

  it('catches over-asking and value logging under another purpose too (age_20_plus)', async () => {
    for (const id of ['over-asks', 'asks-individual-number', 'logs-values'] as const) {
      const report = await runConformance({ target: BROKEN_RECEIVERS.find((b) => b.id === id)!.create, purpose: 'age_20_plus', now: NOW });
      const failed = report.criteria.filter((c) => c.verdict === 'fail').map((c) => c.id);
      // logs-values: only age_over_20 is asked for, but the extra-element answer carries a personal value it logs.
      expect(failed.sort()).toEqual([...EXPECTED[id]!].sort());
    }
  });
});
