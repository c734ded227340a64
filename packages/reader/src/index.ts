/**
 * @uketori/reader — talking to an mdoc holder in person (ISO/IEC 18013-5): engagement (§8.2.1.1),
 * SessionTranscript (§9.1.5.1), session encryption (§9.1.1), DeviceRequest with readerAuth
 * (§8.3.2.1.2.1, §9.1.4), and {@link ReaderSession}, which runs it all and hands back a verified,
 * policy-checked result.
 *
 * @example
 * ```ts
 * import { parseDeviceEngagementUri, ReaderSession } from '@uketori/reader';
 *
 * const session = ReaderSession.create({ engagement: parseDeviceEngagementUri(qrText), purpose: getPurpose('aml_kyc_jp'), trust });
 * const { policy } = await session.run(transport);
 * ```
 *
 * @packageDocumentation
 */

export { ReaderError, type ReaderErrorCode } from './errors.js';
export {
  parseDeviceEngagement,
  parseDeviceEngagementUri,
  encodeDeviceEngagement,
  deviceEngagementUri,
  type DeviceEngagement,
  type RetrievalMethod,
  type BleRetrieval,
  type NfcRetrieval,
  type WifiAwareRetrieval,
  type OtherRetrieval,
  type OriginInfo,
  type EngagementCapabilities,
  type EncodeDeviceEngagementInput,
} from './engagement.js';
export { buildSessionTranscript, type Handover, type SessionTranscript, type SessionTranscriptInput } from './transcript.js';
export { parseNdefMessage, encodeNdefMessage, deviceEngagementFromHandoverSelect, Tnf, type NdefRecord } from './nfc.js';
export type { Carrier, BleCarrier, NfcCarrier, OtherCarrier, CarrierPowerState, HandoverSender, AlternativeCarrier } from './carriers.js';
export {
  buildHandoverRequest,
  parseHandoverRequest,
  parseHandoverSelect,
  encodeHandoverSelect,
  type BuildHandoverRequestOptions,
  type EncodeHandoverSelectInput,
  type HandoverCarrier,
  type HandoverRequest,
  type HandoverSelect,
} from './handover.js';
export {
  generateEphemeralKey,
  deriveSessionKeys,
  SessionCipher,
  type EphemeralKey,
  type SessionCurve,
  type SessionKeys,
  type SessionRole,
} from './keys.js';
export {
  SessionStatus,
  encodeSessionEstablishment,
  parseSessionEstablishment,
  encodeSessionData,
  parseSessionData,
  type SessionStatusCode,
  type SessionEstablishment,
  type SessionData,
} from './messages.js';
export {
  readerAuthenticationBytes,
  readerAuthenticationAllBytes,
  signReaderAuth,
  verifyReaderAuth,
  skipReaderTrust,
  type ReaderAuthKey,
  type VerifiedReaderAuth,
  type VerifyReaderAuthOptions,
} from './reader-auth.js';
export {
  createReaderTrustList,
  READER_AUTH_EKU,
  READER_CHECKS,
  type ReaderTrustList,
  type ReaderTrustListOptions,
  type TrustedReader,
  type ValidateReaderCertificateOptions,
} from './reader-trust.js';
export { verifyDeviceRequest, type VerifiedDeviceRequest, type VerifyDeviceRequestOptions } from './request-auth.js';
export {
  buildDeviceRequest,
  parseDeviceRequest,
  type BuildDeviceRequestOptions,
  type BuiltDeviceRequest,
  type ParsedDocRequest,
  type ParsedDeviceRequest,
} from './request.js';
export type { DeviceRequestInfo, DocRequestInfo, UseCase } from './request-info.js';
export { ReaderSession, type ReaderSessionOptions, type ReaderSessionResult, type ReaderSessionState } from './session.js';
export { createLoopbackTransport, type Transport, type MessageHandler } from './transport.js';
export { verifyAppleRawData, AppleRawDataError, type AppleRawDataInput, type AppleRawDataPolicy, type AppleRawDataResult } from './apple-raw-data.js';

// ISO/IEC 18013-7 online flows (OpenID4VP 1.0, DC API Annex C and D).
export * from './online/index.js';
