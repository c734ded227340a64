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
