/**
 * The policy cases (test/cases/*.json), each `{ purpose, request, response, expected }`, run
 * against real test-sender answers verified by uketori. Every preset has cases; so do
 * over-requests, unrequested elements, missing required ones, retention, custom purposes and
 * schema errors.
 */
import { describe, expect, it } from 'vitest';
import { elementName, presetPurposes } from '../src/index.js';
import { loadCases, pick, runCase, type Expected } from './helpers/cases.js';

const cases = await loadCases();

function normalized(expected: Expected): Expected {
  const sortLists = (r: Record<string, readonly string[]>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, [...v].sort()]));
  return {
    ...expected,
    ...(expected.received === undefined ? {} : { received: sortLists(expected.received) }),
    ...(expected.dropped === undefined ? {} : { dropped: [...expected.dropped].sort() }),
    ...(expected.sensitive === undefined ? {} : { sensitive: [...expected.sensitive].sort() }),
    ...(expected.findings === undefined ? {} : { findings: [...expected.findings].sort() }),
  };
}

describe('policy cases', () => {
  it.each(cases.map((c) => [c.file, c.case] as const))('%s', async (_file, c) => {
    const { outcome, result, plans } = await runCase(c);
    if (c.expected.error === undefined) expect(outcome.error, `unexpected ${outcome.error} at ${outcome.stage}`).toBeUndefined();
    expect(pick(outcome, c.expected)).toEqual(normalized(c.expected));
    if (result !== undefined && plans !== undefined) {
      // Whatever the case, nothing outside the plans (and so the purpose) is in the result.
      const planned = new Set(plans.flatMap((p) => p.elements.map((e) => `${p.docType} ${elementName(e)}`)));
      for (const doc of result.documents) {
        for (const [ns, values] of Object.entries({ ...doc.issuerSigned, ...doc.deviceSigned })) {
          for (const id of Object.keys(values)) expect(planned.has(`${doc.docType} ${ns}/${id}`)).toBe(true);
        }
      }
    }
  });

  it('cover every preset, and each kind of case', () => {
    const named = (s: string) => cases.some((c) => c.file.startsWith(s));
    for (const p of presetPurposes()) expect(cases.some((c) => c.case.purpose === p.id), p.id).toBe(true);
    const codes = new Set(cases.map((c) => c.case.expected.error));
    for (const code of ['ERR_POLICY_OVER_REQUEST', 'ERR_POLICY_OVER_RETENTION', 'ERR_POLICY_DOCTYPE', 'ERR_POLICY_SCHEMA', 'ERR_POLICY_MYNUMBER_BASIS', 'ERR_POLICY_NOT_PERMITTED', 'ERR_POLICY_NO_LEGAL_BASIS']) {
      expect(codes.has(code), code).toBe(true);
    }
    expect(cases.some((c) => (c.case.expected.dropped?.length ?? 0) > 0)).toBe(true);
    expect(cases.some((c) => c.case.expected.outcome === 'incomplete')).toBe(true);
    expect(cases.some((c) => c.case.expected.retention !== undefined)).toBe(true);
    expect(named('custom-') && named('schema-')).toBe(true);
  });
});
