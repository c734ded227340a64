/**
 * Writing the three reports to a directory.
 *
 * @module
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConformanceReport } from '../run.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';

/** File names of the reports in the output directory. */
export const REPORT_FILES = {
  json: 'conformance-report.json',
  html: 'conformance-report.html',
  junit: 'conformance-junit.xml',
} as const;

/** The paths written by {@link writeReports}. */
export interface WrittenReports {
  readonly json: string;
  readonly html: string;
  readonly junit: string;
}

/**
 * The JSON report: the report object, two-space indented.
 *
 * @example
 * ```ts
 * JSON.parse(renderJson(report)).summary.conformant;
 * ```
 */
export function renderJson(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Writes `conformance-report.json`, `conformance-report.html` and `conformance-junit.xml` into
 * `outDir` (created when missing).
 *
 * @example
 * ```ts
 * const paths = await writeReports(report, 'conformance-report');
 * console.log(paths.html);
 * ```
 * @throws {Error} from `node:fs` when the directory or a file cannot be written.
 */
export async function writeReports(report: ConformanceReport, outDir: string): Promise<WrittenReports> {
  await mkdir(outDir, { recursive: true });
  const paths = { json: join(outDir, REPORT_FILES.json), html: join(outDir, REPORT_FILES.html), junit: join(outDir, REPORT_FILES.junit) };
  await Promise.all([writeFile(paths.json, renderJson(report)), writeFile(paths.html, renderHtml(report)), writeFile(paths.junit, renderJunit(report))]);
  return paths;
}
