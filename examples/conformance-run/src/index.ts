/**
 * Example: a reviewer runs the conformance suite black-box over HTTP against a receiving program,
 * the way a certification review (番号法 18条の4) of someone else's program goes:
 *
 * 1. the reviewer creates the suite's test PKI (`initSuitePki`, or `uketori conformance --init-pki`);
 * 2. the program under review is configured to trust its `iaca.pem` and `iaca.crl` — here that
 *    program is uketori's HTTP reference receiver (`@uketori/express`) started on loopback;
 * 3. the suite starts transactions at the program's start URL, answers each OpenID4VP request as
 *    the wallet, and writes the JSON, HTML and JUnit reports.
 *
 * Everything here is TEST DATA on 127.0.0.1: never a production trust configuration.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createSuiteWorld,
  initSuitePki,
  loadSuitePki,
  runHttpConformance,
  startHttpReceiver,
  SUITE_PKI_FILES,
  writeReports,
  type ConformanceReport,
  type HttpTarget,
  type RunningHttpTarget,
  type WrittenReports,
} from '@uketori/conformance';

/** DER of a PEM certificate. */
function der(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
}

/**
 * The program under review, as its operator would set it up for the review: it trusts only the
 * IACA and CRL files the reviewer handed over, and checks at its own clock.
 */
export async function startProgramUnderReview(pkiDir: string): Promise<RunningHttpTarget> {
  const iaca = der(await readFile(join(pkiDir, SUITE_PKI_FILES.iaca), 'utf8'));
  const crl = new Uint8Array(await readFile(join(pkiDir, SUITE_PKI_FILES.crl)));
  // A request-signing certificate for the program (in production: the business's own, from its CA).
  const { environment } = await createSuiteWorld({ purpose: 'aml_kyc_jp', pki: await loadSuitePki(pkiDir) });
  return startHttpReceiver({ trustAnchors: [iaca], crls: [crl], now: () => new Date(), readerKey: environment.readerKey });
}

/** What a review run produced. */
export interface Review {
  readonly report: ConformanceReport;
  readonly paths: WrittenReports;
  /** The start URL the suite drove. */
  readonly startUrl: string;
}

/**
 * Runs the whole review: PKI, program, suite over HTTP, reports in `outDir`.
 *
 * @example
 * ```ts
 * const { report, paths } = await reviewOverHttp('./conformance-report');
 * console.log(report.summary.conformant, paths.html);
 * ```
 */
export async function reviewOverHttp(outDir: string, purpose = 'aml_kyc_jp'): Promise<Review> {
  const pkiDir = join(outDir, 'suite-pki');
  await initSuitePki(pkiDir);
  const program = await startProgramUnderReview(pkiDir);
  try {
    // Only what a reviewer knows about someone else's program: its URLs.
    const target: HttpTarget = {
      start: { url: program.target.start.url, method: 'POST', body: { purpose: '{purpose}', flow: 'oid4vp' } },
      ...(program.target.evidenceUrl === undefined ? {} : { evidenceUrl: program.target.evidenceUrl }),
    };
    const report = await runHttpConformance({ target, purpose, pki: await loadSuitePki(pkiDir), location: target.start.url });
    return { report, paths: await writeReports(report, outDir), startUrl: target.start.url };
  } finally {
    await program.close();
  }
}
