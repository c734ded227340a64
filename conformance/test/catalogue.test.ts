/**
 * The catalogue: every criterion validates against criterion.schema.json, and catalogue entries,
 * check files and the check registry are the same set (a criterion without a check, or a check
 * without a criterion, fails here).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_DIR, CHECKS, HTTP_CHECKS, loadCatalogue, validateCriterion } from '../src/index.js';

const criterionFiles = readdirSync(CATALOGUE_DIR).filter((f) => f.endsWith('.json') && f !== 'index.json');
const checkFiles = readdirSync(new URL('../src/checks/', import.meta.url)).filter((f) => f.endsWith('.ts') && f !== 'check.ts' && f !== 'index.ts');
const httpCheckFiles = readdirSync(new URL('../src/http/checks/', import.meta.url)).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
const read = (file: string): unknown => JSON.parse(readFileSync(new URL(file, CATALOGUE_DIR), 'utf8'));

describe('criteria catalogue', () => {
  it.each(criterionFiles)('%s matches the criterion schema and is named by its id', (file) => {
    const criterion = validateCriterion(read(file), file);
    expect(`${criterion.id}.json`).toBe(file);
  });

  it('covers every item the issue lists', () => {
    const ids = loadCatalogue().criteria.map((c) => c.id);
    for (const id of ['issuer-signature', 'issuer-chain', 'element-digests', 'mso-validity', 'ds-revocation', 'device-binding', 'doctype', 'request-minimality', 'individual-number-scope', 'intent-to-retain', 'purpose-shown', 'drop-unrequested', 'no-personal-data-in-logs', 'single-use-nonce', 'malformed-input', 'reader-authentication']) {
      expect(ids).toContain(id);
    }
  });

  it('index.json lists every criterion file exactly once', () => {
    expect([...loadCatalogue().criteria.map((c) => `${c.id}.json`)].sort()).toEqual([...criterionFiles].sort());
  });

  it('every catalogue entry has a check file and a registered check, and every check has an entry', () => {
    const ids = loadCatalogue().criteria.map((c) => c.id).sort();
    expect(checkFiles.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(ids);
    expect([...CHECKS.keys()].sort()).toEqual(ids);
  });

  it('every check file is titled with its requirement and basis', () => {
    for (const file of checkFiles) {
      const head = readFileSync(new URL(`../src/checks/${file}`, import.meta.url), 'utf8').slice(0, 800);
      expect(head).toMatch(new RegExp(`^/\\*\\*\\n \\* ${file.replace(/\.ts$/, '')} — `));
      expect(head).toMatch(/Basis: /);
    }
  });

  it('every catalogue entry has a black-box (HTTP) check file and a registered HTTP check, and every HTTP check has an entry', () => {
    const ids = loadCatalogue().criteria.map((c) => c.id).sort();
    expect(httpCheckFiles.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(ids);
    expect([...HTTP_CHECKS.keys()].sort()).toEqual(ids);
  });

  it('every HTTP check file is titled with its requirement and basis', () => {
    for (const file of httpCheckFiles) {
      const head = readFileSync(new URL(`../src/http/checks/${file}`, import.meta.url), 'utf8').slice(0, 1000);
      expect(head).toMatch(new RegExp(`^/\\*\\*\\n \\* ${file.replace(/\.ts$/, '')} \\(over HTTP\\) — `));
      expect(head).toMatch(/Basis: /);
    }
  });

  it('rejects a criterion that breaks the schema, with ERR_CONFORMANCE_CATALOGUE', () => {
    const good = read('doctype.json') as Record<string, unknown>;
    for (const bad of [
      { ...good, severity: 'optional' },
      { ...good, kind: 'maybe' },
      { ...good, checks: [] },
      { ...good, requirement: { en: 'only English' } },
      { ...good, basis: [{ source: 'x', clause: 'y', citation: { ja: 'a', en: 'b' }, url: 'http://insecure.example' }] },
      { ...good, extra: true },
      { ...good, http: undefined },
      { ...good, http: { checks: [] } },
      { ...good, http: { severity: 'optional', checks: (good['http'] as { checks: unknown[] }).checks } },
    ]) {
      expect(() => validateCriterion(bad)).toThrow(expect.objectContaining({ code: 'ERR_CONFORMANCE_CATALOGUE' }));
    }
  });

  it('has statutory and inferred, mandatory and recommended criteria, each with a basis', () => {
    const { criteria } = loadCatalogue();
    expect(new Set(criteria.map((c) => c.kind))).toEqual(new Set(['statutory', 'inferred']));
    expect(new Set(criteria.map((c) => c.severity))).toEqual(new Set(['mandatory', 'recommended']));
    for (const c of criteria) expect(c.basis.length).toBeGreaterThan(0);
  });
});
