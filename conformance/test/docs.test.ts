/**
 * docs/conformance.md and docs/ja/conformance.md carry the criteria table generated from the
 * catalogue. `UKETORI_UPDATE_GENERATED=1` rewrites them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCS_MARKERS, loadCatalogue, renderCriteriaTable, withCriteriaTable, type DocsLanguage } from '../src/index.js';

const DOCS: readonly [DocsLanguage, URL][] = [
  ['en', new URL('../../docs/conformance.md', import.meta.url)],
  ['ja', new URL('../../docs/ja/conformance.md', import.meta.url)],
];

describe('the criteria table in the docs', () => {
  it.each(DOCS)('%s doc is in sync with the catalogue', (lang, url) => {
    const current = readFileSync(url, 'utf8');
    const expected = withCriteriaTable(current, loadCatalogue(), lang);
    if (process.env['UKETORI_UPDATE_GENERATED'] === '1' && current !== expected) writeFileSync(url, expected);
    else expect(current).toBe(expected);
  });

  it('lists every criterion with its severity, in both languages', () => {
    const { criteria } = loadCatalogue();
    const en = renderCriteriaTable(loadCatalogue(), 'en');
    const ja = renderCriteriaTable(loadCatalogue(), 'ja');
    for (const c of criteria) {
      expect(en).toContain(`| \`${c.id}\` | **${c.title.en.replace(/\|/g, '\\|')}**`);
      expect(ja).toContain(`| \`${c.id}\` | **${c.title.ja.replace(/\|/g, '\\|')}**`);
    }
    expect(en.startsWith(DOCS_MARKERS.begin)).toBe(true);
    expect(ja).toContain('必須');
  });

  it('refuses a document without markers', () => {
    expect(() => withCriteriaTable('# no table here', loadCatalogue(), 'en')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  });
});
