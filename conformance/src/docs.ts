/**
 * The criteria table of docs/conformance.md and docs/ja/conformance.md, generated from the
 * catalogue (a test keeps the docs in sync; `UKETORI_UPDATE_GENERATED=1` rewrites them).
 *
 * @module
 */

import { UketoriTypeError } from '@uketori/mdoc';
import type { Catalogue, Criterion } from './catalogue.js';

/** The language of a generated document. */
export type DocsLanguage = 'ja' | 'en';

/** The markers between which the generated table sits in a doc. */
export const DOCS_MARKERS = { begin: '<!-- criteria:begin (generated from conformance/criteria; do not edit) -->', end: '<!-- criteria:end -->' } as const;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const LABELS = {
  ja: { head: '| ID | 基準 | 根拠 | 種別 | 区分 | 確認手順（プロセス内） | 確認手順（HTTP） |', severity: { mandatory: '必須', recommended: '推奨' }, overHttp: 'HTTP では', kind: { statutory: '法令', inferred: '推定' } },
  en: { head: '| ID | Requirement | Basis | Kind | Severity | Steps in process | Steps over HTTP |', severity: { mandatory: 'mandatory', recommended: 'recommended' }, overHttp: 'over HTTP', kind: { statutory: 'statutory', inferred: 'inferred' } },
} as const;

function row(c: Criterion, lang: DocsLanguage): string {
  const l = LABELS[lang];
  const basis = c.basis.map((b) => `${b.source} ${b.clause}`).join('; ');
  const steps = (list: Criterion['checks']) => list.map((s) => `\`${s.step}\``).join(', ');
  const http = c.http.severity ?? c.severity;
  const severity = http === c.severity ? l.severity[c.severity] : `${l.severity[c.severity]}; ${l.overHttp} ${l.severity[http]}`;
  return `| \`${c.id}\` | **${cell(c.title[lang])}** — ${cell(c.requirement[lang])} | ${cell(basis)} | ${l.kind[c.kind]} | ${severity} | ${steps(c.checks)} | ${steps(c.http.checks)} |`;
}

/**
 * The criteria table in Markdown, with the markers around it.
 *
 * @example
 * ```ts
 * renderCriteriaTable(loadCatalogue(), 'ja');
 * ```
 */
export function renderCriteriaTable(catalogue: Catalogue, lang: DocsLanguage): string {
  const l = LABELS[lang];
  return [DOCS_MARKERS.begin, '', l.head, '|---|---|---|---|---|---|---|', ...catalogue.criteria.map((c) => row(c, lang)), '', DOCS_MARKERS.end].join('\n');
}

/**
 * `document` with the text between the markers replaced by the current table.
 *
 * @example
 * ```ts
 * const updated = withCriteriaTable(readFileSync('docs/conformance.md', 'utf8'), loadCatalogue(), 'en');
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE` when the markers are missing.
 */
export function withCriteriaTable(document: string, catalogue: Catalogue, lang: DocsLanguage): string {
  const begin = document.indexOf(DOCS_MARKERS.begin);
  const end = document.indexOf(DOCS_MARKERS.end);
  if (begin < 0 || end < begin) throw new UketoriTypeError('the document has no criteria markers', 'ERR_INVALID_ARG_VALUE');
  return document.slice(0, begin) + renderCriteriaTable(catalogue, lang) + document.slice(end + DOCS_MARKERS.end.length);
}
