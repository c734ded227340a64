/**
 * The JUnit XML report for CI: one `testsuite`, one `testcase` per criterion. A failed criterion
 * is a `failure`; an undecided one, or one a black-box run could not observe, an `error`; a
 * criterion that does not apply is `skipped`.
 *
 * @module
 */

import type { ConformanceReport } from '../run.js';
import { escapeMarkup as x } from './escape.js';

/**
 * Renders a report as JUnit XML.
 *
 * @example
 * ```ts
 * await writeFile('conformance-junit.xml', renderJunit(report));
 * ```
 */
export function renderJunit(report: ConformanceReport): string {
  const s = report.summary;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = report.criteria.reduce((n, c) => n + c.durationMs, 0);
  // A criterion nobody could observe is not cleared: CI sees it as an error, not as skipped.
  const errors = s.error + s.notObserved;
  const cases = report.criteria.map((c) => {
    const name = `${c.id}: ${c.title.en}`;
    const failed = c.evidence.filter((e) => !e.passed).map((e) => `${e.step}: sent ${e.sent}; expected ${e.expected}; observed ${e.observed}`);
    const body =
      c.verdict === 'fail'
        ? `\n      <failure message="${x(c.summary)}" type="${x(c.severity)}">${x(failed.join('\n'))}</failure>\n    `
        : c.verdict === 'error'
          ? `\n      <error message="${x(c.summary)}" type="suite-error"/>\n    `
          : c.verdict === 'not-observed'
            ? `\n      <error message="${x(c.summary)}" type="not-observed"/>\n    `
            : c.verdict === 'not-applicable'
              ? `\n      <skipped message="${x(c.summary)}"/>\n    `
              : '';
    return `    <testcase classname="uketori.conformance.${x(c.severity)}" name="${x(name)}" time="${seconds(c.durationMs)}">${body}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="uketori conformance" tests="${s.total}" failures="${s.fail}" errors="${errors}" skipped="${s.notApplicable}" time="${seconds(total)}">`,
    `  <testsuite name="${x(`${report.target.name} ${report.target.version} — ${report.purpose.id}`)}" tests="${s.total}" failures="${s.fail}" errors="${errors}" skipped="${s.notApplicable}" timestamp="${x(report.startedAt)}" time="${seconds(total)}">`,
    '    <properties>',
    `      <property name="suite.version" value="${x(report.suite.version)}"/>`,
    `      <property name="catalogue.version" value="${x(report.suite.catalogueVersion)}"/>`,
    `      <property name="purpose" value="${x(report.purpose.id)}"/>`,
    `      <property name="conformant" value="${s.conformant}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
