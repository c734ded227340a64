/**
 * The wallet's own SessionTranscripts for the online flows, written independently of
 * `@uketori/reader` so that each side checks the other. All are `[null, null, Handover]`; hashes
 * are SHA-256 over plain CBOR (ISO/IEC 18013-7 Annex C; OpenID4VP 1.0 B.2.6.1/B.2.6.2; draft 24
 * B.3.4; TS 18013-7:2024 B.4.4; Apple PassKit AppleHandover).
 *
 * @module
 */

import { createHash } from 'node:crypto';
import { encodeCbor } from '@uketori/mdoc';

const hash = (value: unknown): Uint8Array => new Uint8Array(createHash('sha256').update(encodeCbor(value)).digest());
const transcript = (handover: unknown): Uint8Array => encodeCbor([null, null, handover]);

/**
 * Annex C: `["dcapi", SHA-256([encryptionInfo, origin])]`.
 *
 * @example
 * ```ts
 * import { walletDcapiTranscript } from '@uketori/test-sender';
 *
 * const transcript = walletDcapiTranscript(request.data.encryptionInfo, 'https://shop.example'); // the HPKE info
 * ```
 */
export function walletDcapiTranscript(encryptionInfo: string, origin: string): Uint8Array {
  return transcript(['dcapi', hash([encryptionInfo, origin])]);
}

/**
 * OpenID4VP 1.0 redirect: `["OpenID4VPHandover", SHA-256([clientId, nonce, thumbprint|null, responseUri])]`.
 *
 * @example
 * ```ts
 * import { walletOid4vpTranscript } from '@uketori/test-sender';
 *
 * const transcript = walletOid4vpTranscript('x509_san_dns:rp.example', nonce, thumbprint, 'https://rp.example/response');
 * ```
 */
export function walletOid4vpTranscript(clientId: string, nonce: string, thumbprint: Uint8Array | null, responseUri: string): Uint8Array {
  return transcript(['OpenID4VPHandover', hash([clientId, nonce, thumbprint, responseUri])]);
}

/**
 * OpenID4VP 1.0 DC API: `["OpenID4VPDCAPIHandover", SHA-256([origin, nonce, thumbprint|null])]`.
 *
 * @example
 * ```ts
 * import { walletDcApiTranscript } from '@uketori/test-sender';
 *
 * const transcript = walletDcApiTranscript('https://shop.example', nonce, null); // an unencrypted (dc_api) response
 * ```
 */
export function walletDcApiTranscript(origin: string, nonce: string, thumbprint: Uint8Array | null): Uint8Array {
  return transcript(['OpenID4VPDCAPIHandover', hash([origin, nonce, thumbprint])]);
}

/**
 * OpenID4VP draft 24 DC API: `["OpenID4VPDCAPIHandover", SHA-256([origin, clientId, nonce])]`.
 *
 * @example
 * ```ts
 * import { walletDcApiDraft24Transcript } from '@uketori/test-sender';
 *
 * const transcript = walletDcApiDraft24Transcript('https://shop.example', 'web-origin:https://shop.example', nonce);
 * ```
 */
export function walletDcApiDraft24Transcript(origin: string, clientId: string, nonce: string): Uint8Array {
  return transcript(['OpenID4VPDCAPIHandover', hash([origin, clientId, nonce])]);
}

/**
 * TS 18013-7:2024 Annex B: `[SHA-256([clientId, mdocNonce]), SHA-256([responseUri, mdocNonce]), nonce]`.
 *
 * @example
 * ```ts
 * import { walletDraft18Transcript } from '@uketori/test-sender';
 *
 * const transcript = walletDraft18Transcript('rp.example', 'https://rp.example/response', nonce, mdocGeneratedNonce);
 * ```
 */
export function walletDraft18Transcript(clientId: string, responseUri: string, nonce: string, mdocGeneratedNonce: string): Uint8Array {
  return transcript([hash([clientId, mdocGeneratedNonce]), hash([responseUri, mdocGeneratedNonce]), nonce]);
}

/**
 * Apple in-app: `["AppleIdentityPresentment_1.0", nonce, merchantId, teamId, pkRHash]`.
 *
 * @example
 * ```ts
 * import { walletAppleTranscript } from '@uketori/test-sender';
 *
 * const transcript = walletAppleTranscript(nonce, 'merchant.jp.example', 'TEAM123456', pkRHash);
 * ```
 */
export function walletAppleTranscript(nonce: Uint8Array, merchantId: string, teamId: string, pkRHash: Uint8Array): Uint8Array {
  return transcript(['AppleIdentityPresentment_1.0', nonce, merchantId, teamId, pkRHash]);
}
