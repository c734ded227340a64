/**
 * The reference receiver (built with uketori) passes every criterion, for each purpose the test
 * holder can serve, and every check reports exactly the steps its catalogue entry lists.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue, referenceReceiver, runConformance } from '../src/index.js';

const NOW = new Date('2026-10-01T00:00:00Z');

describe('the reference receiver', () => {
  it.each(['aml_kyc_jp', 'mobile_contract_jp', 'age_20_plus', 'age_18_plus'])('passes every criterion for %s', async (purpose) => {
    const report = await runConformance({ target: referenceReceiver, purpose, now: NOW });
    expect(report.criteria.map((c) => [c.id, c.verdict])).toEqual(loadCatalogue().criteria.map((c) => [c.id, 'pass']));
    expect(report.summary).toMatchObject({ total: 16, pass: 16, fail: 0, error: 0, conformant: true, mandatoryFailed: [] });
  });

  it('passes for mynumber_collection_jp, where the individual-number criterion does not apply', async () => {
    const report = await runConformance({ target: referenceReceiver, purpose: 'mynumber_collection_jp', now: NOW });
    const verdicts = Object.fromEntries(report.criteria.map((c) => [c.id, c.verdict]));
    expect(verdicts['individual-number-scope']).toBe('not-applicable');
    expect(Object.values(verdicts).filter((v) => v !== 'pass')).toEqual(['not-applicable']);
    expect(report.summary.conformant).toBe(true);
  });

  it('shows exactly the catalogue steps as evidence, each passed', async () => {
    const report = await runConformance({ target: referenceReceiver, purpose: 'aml_kyc_jp', now: NOW });
    for (const c of report.criteria) {
      expect(c.evidence.map((e) => e.step), c.id).toEqual(c.checks.map((s) => s.step));
      expect(c.evidence.every((e) => e.passed)).toBe(true);
    }
  });

  it('rejects each fault with the code uketori raises for it', async () => {
    const report = await runConformance({ target: referenceReceiver, purpose: 'aml_kyc_jp', now: NOW });
    const faults = report.criteria.flatMap((c) => c.evidence).filter((e) => e.expectedCode !== undefined);
    expect(faults.length).toBeGreaterThan(15);
    for (const e of faults) expect(e.observedCode, e.step).toBe(e.expectedCode);
  });

  it('records versions, the target, the purpose and the times', async () => {
    const report = await runConformance({ target: referenceReceiver, purpose: 'age_20_plus', now: NOW, location: 'reference' });
    expect(report.format).toBe('uketori-conformance-report/1');
    expect(report.suite.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(report.suite.components)).toEqual(['@uketori/mdoc', '@uketori/policy', '@uketori/reader', '@uketori/test-sender']);
    expect(report.target).toMatchObject({ name: 'uketori reference receiver', runner: 'in-process', location: 'reference' });
    expect(report.purpose.id).toBe('age_20_plus');
    expect(report.verificationTime).toBe(NOW.toISOString());
    expect(Date.parse(report.finishedAt)).toBeGreaterThanOrEqual(Date.parse(report.startedAt));
  });

  it('refuses a purpose that is not a legal method, or unknown, with ERR_CONFORMANCE_PURPOSE', async () => {
    await expect(runConformance({ target: referenceReceiver, purpose: 'secondhand_dealer_jp' })).rejects.toMatchObject({ code: 'ERR_CONFORMANCE_PURPOSE' });
    await expect(runConformance({ target: referenceReceiver, purpose: 'no_such_purpose' })).rejects.toMatchObject({ code: 'ERR_CONFORMANCE_PURPOSE' });
  });
});
