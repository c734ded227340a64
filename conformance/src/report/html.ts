/**
 * The HTML report a person reads and files: one self-contained page (inline CSS, no script, no
 * external resource), labels in Japanese and English, every printed value escaped.
 *
 * @module
 */

import type { ConformanceReport, CriterionResult } from '../run.js';
import { escapeMarkup as x } from './escape.js';

const VERDICT_LABEL: Readonly<Record<CriterionResult['verdict'], string>> = {
  pass: '適合 / Pass',
  fail: '不適合 / Fail',
  'not-applicable': '対象外 / Not applicable',
  'not-observed': '未観測 / Not observed',
  error: '判定不能 / Error',
};

const STYLE = `
body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.pass{color:#0a6b2d}.fail{color:#b00020;font-weight:bold}.error{color:#8a4b00;font-weight:bold}.not-applicable{color:#555}.not-observed{color:#8a4b00;font-weight:bold}
.banner{padding:.75rem 1rem;border-radius:.3rem;margin:1rem 0;font-weight:bold}.ok{background:#e5f5ea}.ng{background:#fde7ea}
details{margin:.25rem 0 1rem}summary{cursor:pointer}code{font-size:.9em}small{color:#555}
`;

function criterionRow(c: CriterionResult): string {
  return `<tr><td><a href="#${x(c.id)}"><code>${x(c.id)}</code></a></td><td>${x(c.title.ja)}<br><small>${x(c.title.en)}</small></td><td>${c.severity === 'mandatory' ? '必須 / mandatory' : '推奨 / recommended'}</td><td>${c.kind === 'statutory' ? '法令 / statutory' : '推定 / inferred'}</td><td class="${x(c.verdict)}">${x(VERDICT_LABEL[c.verdict])}</td></tr>`;
}

function criterionSection(c: CriterionResult): string {
  const basis = c.basis.map((b) => `<li>${x(b.source)} ${x(b.clause)} — ${x(b.citation.ja)}<br><small>${x(b.citation.en)}</small></li>`).join('');
  const evidence = c.evidence
    .map(
      (e) =>
        `<tr><td><code>${x(e.step)}</code></td><td>${x(e.sent)}</td><td>${x(e.expected)}${e.expectedCode === undefined ? '' : ` <small>(${x(e.expectedCode)})</small>`}</td><td>${x(e.observed)}</td><td class="${e.passed ? 'pass' : 'fail'}">${e.passed ? '✓' : '✗'}</td></tr>`,
    )
    .join('');
  return `<section id="${x(c.id)}">
<h2><code>${x(c.id)}</code> ${x(c.title.ja)} / ${x(c.title.en)} — <span class="${x(c.verdict)}">${x(VERDICT_LABEL[c.verdict])}</span></h2>
<p>${x(c.requirement.ja)}<br><small>${x(c.requirement.en)}</small></p>
<p>${x(c.summary)} <small>(${c.durationMs} ms)</small></p>
<details><summary>根拠 / Basis</summary><ul>${basis}</ul>${c.notes === undefined ? '' : `<p><small>${x(c.notes.ja)}<br>${x(c.notes.en)}</small></p>`}</details>
${
  c.evidence.length === 0
    ? ''
    : `<table><thead><tr><th>手順 / Step</th><th>送信・確認した内容 / Sent</th><th>期待 / Expected</th><th>結果 / Observed</th><th></th></tr></thead><tbody>${evidence}</tbody></table>`
}
</section>`;
}

/**
 * Renders a report as one self-contained HTML page.
 *
 * @example
 * ```ts
 * await writeFile('conformance-report.html', renderHtml(report));
 * ```
 */
export function renderHtml(report: ConformanceReport): string {
  const s = report.summary;
  const target = `${report.target.name} ${report.target.version}${report.target.vendor === undefined ? '' : ` (${report.target.vendor})`}`;
  const banner = s.conformant
    ? `<div class="banner ok">必須基準はすべて適合 / Every mandatory criterion passed</div>`
    : [
        s.mandatoryFailed.length === 0 ? '' : `<div class="banner ng">必須基準に不適合あり / Mandatory criteria failed: ${s.mandatoryFailed.map((id) => `<code>${x(id)}</code>`).join(', ')}</div>`,
        s.mandatoryNotObserved.length === 0
          ? ''
          : `<div class="banner ng">外部から観測できなかった必須基準あり（結果 URL・証跡エンドポイントを用意して再実行） / Mandatory criteria not observed (offer a result URL and an evidence endpoint, then run again): ${s.mandatoryNotObserved.map((id) => `<code>${x(id)}</code>`).join(', ')}</div>`,
      ].join('');
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>uketori 適合性確認報告 / conformance report — ${x(target)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>受信プログラム適合性確認報告<br><small>Receiving program conformance report</small></h1>
${banner}
<table>
<tr><th>対象 / Target</th><td>${x(target)} <small>(${x(report.target.runner)}${report.target.location === undefined ? '' : `: ${x(report.target.location)}`})</small></td></tr>
<tr><th>目的 / Purpose</th><td><code>${x(report.purpose.id)}</code> ${x(report.purpose.name.ja)}<br><small>${x(report.purpose.name.en)}</small></td></tr>
<tr><th>実施日時 / Run</th><td>${x(report.startedAt)} – ${x(report.finishedAt)}</td></tr>
<tr><th>検証時刻 / Verification time</th><td>${x(report.verificationTime)}</td></tr>
<tr><th>スイート / Suite</th><td>@uketori/conformance ${x(report.suite.version)}, catalogue ${x(report.suite.catalogueVersion)}; ${Object.entries(report.suite.components)
    .map(([k, v]) => `${x(k)} ${x(v)}`)
    .join(', ')}</td></tr>
<tr><th>集計 / Summary</th><td>適合 pass ${s.pass} · 不適合 fail ${s.fail} · 対象外 n/a ${s.notApplicable} · 未観測 not observed ${s.notObserved} · 判定不能 error ${s.error} (全 ${s.total})</td></tr>
</table>
<p><small>基準の多くは推定 (inferred) である: 番号法第18条の4第2項の認定基準そのものは公開資料で確認できなかった。試験用の発行者・資格情報 (TEST) を使用しており、本番の信頼設定ではない。<br>Most criteria are inferred: the 18条の4第2項 certification criteria themselves were not found in public sources. The run uses a TEST issuer and TEST credentials, never a production trust configuration.</small></p>
<h2>基準一覧 / Criteria</h2>
<table><thead><tr><th>ID</th><th>基準 / Criterion</th><th>区分 / Severity</th><th>根拠種別 / Kind</th><th>判定 / Verdict</th></tr></thead><tbody>
${report.criteria.map(criterionRow).join('\n')}
</tbody></table>
${report.criteria.map(criterionSection).join('\n')}
</body>
</html>
`;
}
