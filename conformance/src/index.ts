/**
 * @uketori/conformance — the certification review of a receiving program (番号法 18条の4
 * confirmation program) as a runnable suite: a criteria catalogue (ja/en, each with its legal or
 * ISO basis), one check per criterion driving the program with `@uketori/test-sender`'s good
 * answers and faults, and reports in JSON, HTML and JUnit XML. Two runners: in process (a
 * {@link ConformanceTarget} built with any library) and black-box over HTTP (any program exposing
 * the OpenID4VP 1.0 verifier interface behind a start URL, see {@link runHttpConformance}).
 *
 * @example
 * ```ts
 * import { runConformance, writeReports, referenceReceiver } from '@uketori/conformance';
 *
 * const report = await runConformance({ target: referenceReceiver, purpose: 'aml_kyc_jp' });
 * await writeReports(report, 'conformance-report');
 * if (!report.summary.conformant) process.exitCode = 1;
 * ```
 *
 * @packageDocumentation
 */

export { ConformanceError, type ConformanceErrorCode } from './errors.js';
export type {
  ConformanceTarget,
  TargetFactory,
  TargetEnvironment,
  TargetReaderKey,
  TargetDescription,
  TargetRequest,
  TargetText,
  StartInput,
  ReceiveInput,
  TargetOutcome,
  AcceptedOutcome,
  RejectedOutcome,
  ElementNames,
} from './target.js';
export { criterionFor, loadCatalogue, validateCriterion, CATALOGUE_DIR, CRITERION_SCHEMA_FILE, type Catalogue, type Criterion, type CriterionBasis, type CriterionHttp, type CriterionStep, type CriterionView, type Localized } from './catalogue.js';
export { Wallet, type Evidence, type Observation, type Session, type InspectedRequest, type InspectedDocRequest, type RequestedElement } from './drive.js';
export type { Verdict, CheckOutcome, CriterionCheck } from './checks/check.js';
export { CHECKS } from './checks/index.js';
export { createSuiteWorld, type SuiteWorld, type CreateSuiteWorldOptions } from './world.js';
export { runConformance, type RunConformanceOptions, type ConformanceReport, type CriterionResult, type ReportSummary } from './run.js';
export { SUITE_VERSION } from './version.js';
export { ReferenceReceiver, referenceReceiver, toElementNames, type ReceiverTransaction } from './reference/receiver.js';
export { BROKEN_RECEIVERS, type BrokenReceiver } from './reference/broken.js';
export { startHttpReceiver, httpReferenceReceiver, type HttpReceiverVariant } from './reference/http.js';
export { HTTP_BROKEN_RECEIVERS, type BrokenHttpReceiver } from './reference/http-broken.js';
export { runHttpConformance, type RunHttpConformanceOptions } from './http/run.js';
export { DEFAULT_START_BODY, type HttpTarget, type HttpStart, type HttpTargetServer, type RunningHttpTarget, type TargetEvidence } from './http/contract.js';
export { HttpWallet, type HttpSession, type HttpObservation, type WalletPost } from './http/wallet.js';
export { HTTP_CHECKS } from './http/checks/index.js';
export { initSuitePki, loadSuitePki, SUITE_PKI_FILES, SUITE_PKI_CRL_DAYS } from './http/pki.js';
export type { HttpCriterionCheck } from './http/steps.js';
export { judgeRequestObject, decodeRequestObject, type DecodedRequestObject, type InspectedCredentialQuery, type RequestObjectFindings } from './http/jar.js';
export { renderHtml } from './report/html.js';
export { renderJunit } from './report/junit.js';
export { renderJson, writeReports, REPORT_FILES, type WrittenReports } from './report/write.js';
export { escapeMarkup } from './report/escape.js';
export { runConformanceCommand, CONFORMANCE_USAGE, type ConformanceIo } from './cli.js';
export { renderCriteriaTable, withCriteriaTable, DOCS_MARKERS, type DocsLanguage } from './docs.js';
