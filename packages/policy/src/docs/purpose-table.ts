/**
 * The purpose table (docs/purposes.md) rendered from purpose data, in English and Japanese, so the
 * documentation cannot drift from the presets. Businesses can render their own purposes the same way.
 *
 * @module
 */

import { elementName } from '../catalogue.js';
import type { LegalBasisEntry, LegalCitation, Purpose, PurposeDocument, RetentionRule } from '../purpose/types.js';

/** Output language. */
export type DocLanguage = 'en' | 'ja';

const T = {
  en: {
    head: '| id | name | legal basis | elements | retention |',
    none: 'none',
    noLaw: 'no statute cited',
    notPermitted: '**not permitted**',
    from: 'from',
    until: 'until',
    relationship: 'from the end of the business relationship',
    verification: 'from the verification',
    notRetained: 'nothing retained',
    years: (n: number) => `${n} year${n === 1 ? '' : 's'}`,
    months: (n: number) => `${n} month${n === 1 ? '' : 's'}`,
    days: (n: number) => `${n} day${n === 1 ? '' : 's'}`,
    legend:
      'Elements: **bold** = required; *one of* `a` / `b` = at least one of the alternatives is required; plain = may be requested; ' +
      '🗄 = may be retained (`intent_to_retain` true); 🔒 = sensitive (never logged, dropped by serializers).',
    oidc: 'OIDC scopes',
    oidcBasis: 'Legal basis over OIDC (デジタル認証アプリ)',
    userText: 'Shown to the holder',
    reason: 'Why not',
    alternative: 'Use instead',
    notes: 'Notes',
    oneOf: '*one of*',
  },
  ja: {
    head: '| id | 名称 | 法的根拠 | 要素 | 保存 |',
    none: 'なし',
    noLaw: '法令の引用なし',
    notPermitted: '**利用不可**',
    from: '',
    until: '',
    relationship: '取引関係の終了から',
    verification: '確認時から',
    notRetained: '保存しない',
    years: (n: number) => `${n}年`,
    months: (n: number) => `${n}か月`,
    days: (n: number) => `${n}日`,
    legend:
      '要素: **太字** = 必須、*いずれか* `a` / `b` = いずれか一つが必須、通常 = 要求してよい、' +
      '🗄 = 保存してよい (`intent_to_retain` true)、🔒 = 機微 (ログに出さず、シリアライザが除外する)。',
    oidc: 'OIDCスコープ',
    oidcBasis: 'OIDC (デジタル認証アプリ) での法的根拠',
    userText: '利用者への表示',
    reason: '理由',
    alternative: '代替手段',
    notes: '備考',
    oneOf: '*いずれか*',
  },
} as const;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function cite(c: LegalCitation, lang: DocLanguage): string {
  const text = lang === 'ja' ? `${c.law.ja} ${c.article.ja}` : `${c.law.en}, ${c.article.en}`;
  return c.url === undefined ? text : `[${text}](${c.url})`;
}

function basis(entry: LegalBasisEntry, lang: DocLanguage): string {
  const range =
    entry.effectiveFrom === undefined && entry.effectiveUntil === undefined
      ? ''
      : lang === 'ja'
        ? ` (${entry.effectiveFrom ?? ''}〜${entry.effectiveUntil ?? ''})`
        : ` (${[entry.effectiveFrom === undefined ? '' : `from ${entry.effectiveFrom}`, entry.effectiveUntil === undefined ? '' : `until ${entry.effectiveUntil}`].filter(Boolean).join(' ')})`;
  return `${cite(entry, lang)}${range}`;
}

function period(p: string, lang: DocLanguage): string {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(p);
  if (m === null) return p;
  const t = T[lang];
  return [m[1] && t.years(Number(m[1])), m[2] && t.months(Number(m[2])), m[3] && t.days(Number(m[3]))].filter(Boolean).join(lang === 'ja' ? '' : ' ');
}

function rule(r: RetentionRule, lang: DocLanguage): string {
  const t = T[lang];
  const from = r.from === 'relationship_end' ? t.relationship : t.verification;
  const len = period(r.period, lang);
  const head = lang === 'ja' ? `\`${r.name}\`: ${from}${len}` : `\`${r.name}\`: ${len} ${from}`;
  return r.basis === undefined ? head : `${head} (${cite(r.basis, lang)})`;
}

function elements(doc: PurposeDocument, lang: DocLanguage): string {
  // One line per element; the members of an alternative group share one "one of" line.
  const lines: { readonly group: boolean; readonly names: string[] }[] = [];
  const groups = new Map<string, string[]>();
  for (const e of doc.elements) {
    const name = `\`${elementName(e)}\`${e.retain === undefined ? '' : ' 🗄'}${e.sensitive ? ' 🔒' : ''}`;
    if (typeof e.required === 'string') {
      const names = groups.get(e.required);
      if (names !== undefined) names.push(name);
      else {
        const fresh = [name];
        groups.set(e.required, fresh);
        lines.push({ group: true, names: fresh });
      }
    } else lines.push({ group: false, names: [e.required ? `**${name}**` : name] });
  }
  const text = lines.map((l) => (l.group ? `${T[lang].oneOf} ${l.names.join(' / ')}` : l.names.join('')));
  return `${doc.docType}:<br>${text.join('<br>')}`;
}

function row(p: Purpose, lang: DocLanguage): string {
  const t = T[lang];
  const law = p.legalBasis.length === 0 ? t.noLaw : p.legalBasis.map((b) => basis(b, lang)).join('<br>');
  const els = p.status === 'not_permitted' ? t.notPermitted : p.documents.map((d) => elements(d, lang)).join('<br><br>');
  const rules = Object.values(p.retention);
  const keep = p.status === 'not_permitted' ? '—' : rules.length === 0 ? t.notRetained : rules.map((r) => rule(r, lang)).join('<br>');
  return `| \`${p.id}\` | ${cell(p.name[lang])} | ${cell(law)} | ${cell(els)} | ${cell(keep)} |`;
}

function details(p: Purpose, lang: DocLanguage): string {
  const t = T[lang];
  const lines = [`### \`${p.id}\``, '', `- ${t.userText}: ${p.userText[lang]}`];
  if (p.notPermitted !== undefined) {
    lines.push(`- ${t.reason}: ${p.notPermitted.reason[lang]}`, `- ${t.alternative}: ${p.notPermitted.alternative[lang]}`);
  }
  lines.push(`- ${t.oidc}: ${p.oidcScopes === undefined ? t.none : p.oidcScopes.map((s) => `\`${s}\``).join(' ')}`);
  if (p.oidcScopes !== undefined) lines.push(`- ${t.oidcBasis}: ${p.oidcLegalBasis.length === 0 ? t.none : p.oidcLegalBasis.map((b) => basis(b, lang)).join('; ')}`);
  for (const r of Object.values(p.retention)) if (r.note !== undefined) lines.push(`- \`${r.name}\`: ${r.note[lang]}`);
  if (p.notes !== undefined) lines.push(`- ${t.notes}: ${p.notes[lang]}`);
  return lines.join('\n');
}

/**
 * The purpose table in one language, with a legend and a section per purpose.
 *
 * @example
 * ```ts
 * const md = renderPurposeTable(createPurposeRegistry({ custom }).list(), 'ja');
 * ```
 */
export function renderPurposeTable(purposes: readonly Purpose[], lang: DocLanguage): string {
  const t = T[lang];
  return [t.head, '| --- | --- | --- | --- | --- |', ...purposes.map((p) => row(p, lang)), '', t.legend, '', ...purposes.flatMap((p) => [details(p, lang), ''])].join('\n');
}

/**
 * The whole docs/purposes.md: English, then Japanese.
 *
 * @example
 * ```ts
 * await writeFile('docs/purposes.md', renderPurposesDocument(presetPurposes()));
 * ```
 */
export function renderPurposesDocument(purposes: readonly Purpose[]): string {
  return [
    '<!-- Generated from the @uketori/policy presets (renderPurposesDocument): run `pnpm --filter @uketori/policy generate` after a build, or the policy tests with UKETORI_UPDATE_GENERATED=1. Do not edit. -->',
    '',
    '# Purposes / 利用目的',
    '',
    'Each purpose lists, per credential type (docType), the elements a relying party may request, those it',
    'must receive, what it may retain and for how long, and the law it rests on. The request gate refuses',
    'anything outside the purpose (`ERR_POLICY_OVER_REQUEST`); the response gate drops and reports elements',
    'that were not requested. Custom purposes use the same JSON Schema (`@uketori/policy/purpose.schema.json`).',
    '',
    '## English',
    '',
    renderPurposeTable(purposes, 'en'),
    '## 日本語',
    '',
    '利用目的ごとに、資格情報の種類 (docType) 別に要求してよい要素、受け取る必要のある要素、保存してよい要素と期間、',
    '根拠法令を示す。リクエストゲートは目的外の要求を拒否し (`ERR_POLICY_OVER_REQUEST`)、レスポンスゲートは要求していない',
    '要素を除外して報告する。独自の利用目的も同じ JSON Schema で定義する。',
    '',
    renderPurposeTable(purposes, 'ja'),
  ].join('\n');
}
