/**
 * The wallet side of the online flows (ISO/IEC 18013-7 Annex C and D, OpenID4VP 1.0 redirects,
 * Apple in-app), with an online fault catalogue. NEVER FOR PRODUCTION.
 *
 * @module
 */

export { ONLINE_FAULT_CATALOGUE, onlineFaultDescriptor, type OnlineFaultDescriptor, type OnlineFaultId, type OnlineFlowId } from './faults.js';
export type { WalletAnswerOptions } from './wallet-common.js';
export { answerAnnexC, answerAnnexD, RELAY_ORIGIN, type AnswerAnnexCOptions, type AnswerAnnexDOptions } from './wallet-dc-api.js';
export { answerOid4vp, parseAuthorizationLink, type AnswerOid4vpOptions, type AuthorizationLink, type Oid4vpWalletPost } from './wallet-redirect.js';
export { answerAppleInApp, type AnswerAppleInAppOptions } from './wallet-apple.js';
export {
  walletDcapiTranscript,
  walletOid4vpTranscript,
  walletDcApiTranscript,
  walletDcApiDraft24Transcript,
  walletDraft18Transcript,
  walletAppleTranscript,
} from './handover.js';
export { createTestVerifierCertificate, type CreateTestVerifierCertificateOptions, type TestVerifierCertificate } from './verifier-certificate.js';
