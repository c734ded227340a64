/**
 * ISO/IEC 18013-7 online flows: DC API Annex C (`org-iso-mdoc`, HPKE), Annex D (OpenID4VP 1.0 over
 * the DC API), OpenID4VP 1.0 over redirects (with the TS 18013-7:2024 Annex B profile as an opt-in
 * compatibility mode), and Apple Verify with Wallet in apps. Each flow is two pure functions:
 * `create…` returns the request and a JSON transaction state; `finish…` takes the state and the
 * wallet's response and returns an {@link OnlineResult}.
 *
 * @module
 */

export { OnlineError, type OnlineErrorCode } from './errors.js';
export { DEFAULT_MAX_RESPONSE_BYTES, type OnlineLimits } from './encoding.js';
export { buildOnlineSessionTranscript, type OnlineHandover } from './transcript.js';
export type { OnlineFlow, OnlineStateBase, OnlineRequestOptions, PrivateEcJwk } from './state.js';
export type { FinishOptions, OnlineResult } from './verify.js';
export { jwkThumbprint, RESPONSE_KEY_ALGORITHM, type ResponseEncryption } from './jwe.js';
export { clientIdFor, signRequestObject, REQUEST_OBJECT_TYPE, SELF_ISSUED_AUDIENCE, type ClientIdPrefix } from './jar.js';
export { ANNEX_C_PROTOCOL, createAnnexCRequest, finishAnnexC, type AnnexCRequest, type AnnexCState, type CreateAnnexCRequestOptions, type FinishAnnexCInput } from './annex-c.js';
export { createAnnexDRequest, finishAnnexD, type AnnexDProtocol, type AnnexDRequest, type AnnexDState, type CreateAnnexDRequestOptions, type FinishAnnexDInput } from './annex-d.js';
export {
  createOid4vpRequest,
  requestObjectFor,
  finishOid4vp,
  checkResponseCode,
  type CreateOid4vpRequestOptions,
  type FinishOid4vpInput,
  type Oid4vpProfile,
  type Oid4vpRequest,
  type Oid4vpResult,
  type Oid4vpState,
} from './redirect.js';
export {
  APPLE_HPKE_ALGORITHM,
  createAppleInAppRequest,
  finishAppleInApp,
  type AppleInAppRequest,
  type AppleInAppState,
  type CreateAppleInAppRequestOptions,
  type FinishAppleInAppInput,
} from './apple-in-app.js';
