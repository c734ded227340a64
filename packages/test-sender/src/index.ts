/**
 * @uketori/test-sender — a reference mdoc *sending* program for tests, demos and conformance.
 *
 * ┌──────────────────────────────────────────────────────────────────────────────────────────┐
 * │ NEVER FOR PRODUCTION. Every key is generated in memory, every certificate says TEST, and │
 * │ the sender answers any reader. A verifier must never be configured to trust this PKI      │
 * │ outside tests and demos.                                                                  │
 * └──────────────────────────────────────────────────────────────────────────────────────────┘
 *
 * Three steps: {@link createTestPki} makes a test IACA, Document Signers and a CRL;
 * {@link issueMyNumberCard}, {@link issueMdl}, {@link issueEuPid} or {@link issueCredential}
 * issue credentials to test holders; {@link respond} answers a request with a DeviceResponse, and
 * can break it in any way listed in {@link FAULT_CATALOGUE}.
 *
 * @example
 * ```ts
 * import { createTestPki, issueMyNumberCard, respond, MY_NUMBER_CARD_DOCTYPE } from '@uketori/test-sender';
 *
 * const pki = await createTestPki({ curve: 'P-384', now });
 * const card = await issueMyNumberCard({ pki });
 * const deviceResponse = await respond({
 *   credentials: [card],
 *   request: [{ docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: { 'org.iso.23220.1': ['age_over_20'] } }],
 *   sessionTranscript,
 * });
 * // verify with trust anchor pki.iaca.der and CRL pki.crl.der at `now`
 * ```
 *
 * @packageDocumentation
 */

/** A marker the CLI and demos print next to anything this package produced. */
export const NEVER_FOR_PRODUCTION = 'uketori test-sender output: TEST DATA, NEVER FOR PRODUCTION' as const;

export { createTestPki, type CreateTestPkiOptions, type TestPki, type ValidityWindow } from './pki/test-pki.js';
export {
  createTestIaca,
  createTestDocumentSigner,
  MDL_DS_EKU,
  TEST_IACA_SUBJECT,
  TEST_DS_SUBJECT,
  TEST_CRL_URL,
  type TestCertificate,
  type CreateTestIacaOptions,
  type CreateTestDocumentSignerOptions,
  type DocumentSignerProfile,
} from './pki/certificate.js';
export { createTestCrl, type TestCrl, type CreateTestCrlOptions } from './pki/crl.js';
export {
  createTestReaderPki,
  READER_AUTH_EKU,
  TEST_READER_ROOT_SUBJECT,
  TEST_READER_SUBJECT,
  type CreateTestReaderPkiOptions,
  type TestReaderPki,
} from './pki/reader-certificate.js';
export type { PkiCurve, KeyPair } from './pki/keys.js';

export { issueCredential, ITEM_RANDOM_BYTES, type IssueCredentialOptions, type ElementValues } from './credential/issue.js';
export { generateDeviceKey, type DeviceKey, type DeviceKeyCurve } from './credential/device-key.js';
export type { DigestAlgorithm } from './credential/digest.js';
export type { TestCredential, IssuerSignedItem, ValidityInfo, KeyAuthorizations, MsoParameters } from './credential/types.js';

export {
  issueMyNumberCard,
  defaultMyNumberCardHolder,
  japaneseBirthDate,
  MY_NUMBER_CARD_DOCTYPE,
  MY_NUMBER_CARD_JP_NAMESPACE,
  ISO_23220_NAMESPACE,
  type MyNumberCardHolder,
  type IssueMyNumberCardOptions,
} from './presets/my-number-card.js';
export { issueMdl, defaultMdlHolder, MDL_DOCTYPE, MDL_NAMESPACE, type MdlHolder, type IssueMdlOptions } from './presets/mdl.js';
export { issueEuPid, defaultEuPidHolder, EU_PID_DOCTYPE, EU_PID_NAMESPACE, type EuPidHolder, type IssueEuPidOptions } from './presets/eu-pid.js';
export type { PresetOptions } from './presets/common.js';
export { myNumberCheckDigit, isValidMyNumber, testMyNumber } from './presets/my-number.js';
export { testPortraitJpeg } from './presets/portrait.js';
export { ageInYears } from './presets/dates.js';

export { respond, type RespondOptions } from './respond/respond.js';
export { createTestDeviceRequest, type DocumentRequest } from './respond/request.js';
export type { DeviceAuthMode } from './respond/device-auth.js';
export { ERROR_DATA_NOT_RETURNED } from './respond/document.js';

export { FAULT_CATALOGUE, faultDescriptor, type FaultId, type FaultSpec, type FaultDescriptor, type FaultLayer } from './faults/catalogue.js';

// The wallet side of the online flows (OpenID4VP 1.0, DC API Annex C and D).
export * from './online/index.js';
