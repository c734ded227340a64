/**
 * @uketori/mdoc — ISO/IEC 18013-5 mdoc verification: bytes in, verified document out.
 *
 * @packageDocumentation
 */

export * from './errors.js';
export * from './checks.js';
export * from './cbor/index.js';
export * from './cose/index.js';
export { deviceAuthenticationBytes, sessionTranscriptBytes, deriveEMacKey } from './mdoc/device-authentication.js';
export type { TrustStore, DocumentSignerInfo, ValidateDocumentSignerOptions } from './trust/types.js';
export { base64urlDecode, base64urlEncode, toHex, fromHex } from './util/base64url.js';
export { verifyDeviceResponse } from './mdoc/verify.js';
export type { ElementWarning } from './mdoc/element-types.js';
export type {
  VerifyDeviceResponseOptions,
  VerifiedDeviceResponse,
  VerifiedDocument,
  DocumentError,
  ElementsByNamespace,
} from './mdoc/types.js';
export { createTrustStore, type CreateTrustStoreOptions, type UketoriTrustStore } from './trust/store.js';
export { loadCertificates, type CertificateInput } from './trust/load.js';
export { ANCHOR_SETS, anchorSets, loadAnchorSet, type AnchorSet } from './trust/anchor-set.js';
export type { AnchorInput, AnchorResolver, DocumentSignerHint, TrustAnchorDescriptor } from './trust/anchors.js';
export type { CrlOptions, CrlFetcher } from './trust/revocation.js';
export { httpCrlFetcher, type HttpCrlFetcherOptions } from './trust/crl-fetch.js';
export { loadVical, type LoadVicalOptions } from './trust/vical.js';
export type { Vical, VicalIaca } from './trust/vical-payload.js';
export { MDL_DS_EKU, VICAL_SIGNER_EKU } from './trust/profile.js';
