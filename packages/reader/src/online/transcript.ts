/**
 * SessionTranscripts of the online flows. Every one is `[null, null, Handover]` (ISO/IEC 18013-5
 * §9.1.5.1 with no engagement and no reader key); only the handover differs.
 *
 * ```cddl
 * ; ISO/IEC 18013-7 Annex C (org-iso-mdoc over the DC API)
 * DCAPIHandover = ["dcapi", SHA-256(CBOR([Base64EncryptionInfo: tstr, SerializedOrigin: tstr]))]
 * ; OpenID4VP 1.0 App. B.2.6.1 (redirects)
 * OpenID4VPHandover = ["OpenID4VPHandover", SHA-256(CBOR([clientId, nonce, jwkThumbprint / null, responseUri]))]
 * ; OpenID4VP 1.0 App. B.2.6.2 (DC API, = ISO/IEC 18013-7 Annex D)
 * OpenID4VPDCAPIHandover = ["OpenID4VPDCAPIHandover", SHA-256(CBOR([origin, nonce, jwkThumbprint / null]))]
 * ; OpenID4VP draft 24 App. B.3 (DC API, still sent by older Android wallets)
 * OpenID4VPDCAPIHandover = ["OpenID4VPDCAPIHandover", SHA-256(CBOR([origin, clientId, nonce]))]
 * ; ISO/IEC TS 18013-7:2024 Annex B.4.4 (OpenID4VP draft 18)
 * OID4VPHandover = [SHA-256(CBOR([clientId, mdocGeneratedNonce])), SHA-256(CBOR([responseUri, mdocGeneratedNonce])), nonce]
 * ; Apple PassKit "Verifying Wallet identity requests"
 * AppleHandover = ["AppleIdentityPresentment_1.0", nonce: bstr, merchantId: tstr, teamId: tstr, pkRHash: bstr]
 * ```
 *
 * Hashes are over plain (untagged) CBOR; the thumbprint is the raw 32-byte RFC 7638 SHA-256.
 *
 * @module
 */

import { encodeCbor, sessionTranscriptBytes, UketoriTypeError } from '@uketori/mdoc';
import type { SessionTranscript } from '../transcript.js';
import { sha256 } from './encoding.js';

/** The handover of an online flow. */
export type OnlineHandover =
  /** ISO/IEC 18013-7 Annex C: the EncryptionInfo exactly as sent (base64url) and the serialized origin. */
  | { readonly type: 'dcapi'; readonly encryptionInfo: string; readonly origin: string }
  /** OpenID4VP 1.0 over redirects; `responseUri` is `response_uri` (or `redirect_uri` when that mode is used). */
  | { readonly type: 'openid4vp'; readonly clientId: string; readonly nonce: string; readonly jwkThumbprint: Uint8Array | null; readonly responseUri: string }
  /** OpenID4VP 1.0 over the DC API (ISO/IEC 18013-7 Annex D); the origin without an `origin:` prefix. */
  | { readonly type: 'openid4vp-dc-api'; readonly origin: string; readonly nonce: string; readonly jwkThumbprint: Uint8Array | null }
  /** OpenID4VP draft 24 over the DC API (compatibility); unsigned requests use `web-origin:<origin>` as client id. */
  | { readonly type: 'openid4vp-dc-api-draft-24'; readonly origin: string; readonly clientId: string; readonly nonce: string }
  /** ISO/IEC TS 18013-7:2024 Annex B (OpenID4VP draft 18, compatibility); `mdocGeneratedNonce` comes from the JWE `apu`. */
  | { readonly type: 'openid4vp-draft-18'; readonly clientId: string; readonly responseUri: string; readonly nonce: string; readonly mdocGeneratedNonce: string }
  /** Apple Verify with Wallet in apps (PassKit). */
  | { readonly type: 'apple'; readonly nonce: Uint8Array; readonly merchantId: string; readonly teamId: string; readonly recipientKeyHash: Uint8Array };

function text(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new UketoriTypeError(`"handover.${name}" must be a string`);
  return value;
}

function bytes(value: unknown, name: string, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array) || (length !== undefined && value.length !== length)) {
    throw new UketoriTypeError(`"handover.${name}" must be a Uint8Array${length === undefined ? '' : ` of ${length} bytes`}`);
  }
  return value;
}

function thumbprint(value: unknown): Uint8Array | null {
  return value === null ? null : bytes(value, 'jwkThumbprint', 32);
}

function handoverValue(h: OnlineHandover): unknown[] {
  switch (h.type) {
    case 'dcapi':
      // ISO/IEC 18013-7 Annex C: dcapiInfo = [Base64EncryptionInfo, SerializedOrigin]
      return ['dcapi', sha256(encodeCbor([text(h.encryptionInfo, 'encryptionInfo'), text(h.origin, 'origin')]))];
    case 'openid4vp':
      // OpenID4VP 1.0 App. B.2.6.1
      return ['OpenID4VPHandover', sha256(encodeCbor([text(h.clientId, 'clientId'), text(h.nonce, 'nonce'), thumbprint(h.jwkThumbprint), text(h.responseUri, 'responseUri')]))];
    case 'openid4vp-dc-api':
      // OpenID4VP 1.0 App. B.2.6.2
      return ['OpenID4VPDCAPIHandover', sha256(encodeCbor([text(h.origin, 'origin'), text(h.nonce, 'nonce'), thumbprint(h.jwkThumbprint)]))];
    case 'openid4vp-dc-api-draft-24':
      // OpenID4VP draft 24 App. B.3.4
      return ['OpenID4VPDCAPIHandover', sha256(encodeCbor([text(h.origin, 'origin'), text(h.clientId, 'clientId'), text(h.nonce, 'nonce')]))];
    case 'openid4vp-draft-18': {
      // ISO/IEC TS 18013-7:2024 B.4.4
      const mdocNonce = text(h.mdocGeneratedNonce, 'mdocGeneratedNonce');
      return [
        sha256(encodeCbor([text(h.clientId, 'clientId'), mdocNonce])),
        sha256(encodeCbor([text(h.responseUri, 'responseUri'), mdocNonce])),
        text(h.nonce, 'nonce'),
      ];
    }
    case 'apple':
      // Apple PassKit, "Verifying Wallet identity requests"
      return ['AppleIdentityPresentment_1.0', bytes(h.nonce, 'nonce'), text(h.merchantId, 'merchantId'), text(h.teamId, 'teamId'), bytes(h.recipientKeyHash, 'recipientKeyHash', 32)];
    default:
      throw new UketoriTypeError('"handover.type" is not an online handover');
  }
}

/**
 * Builds the SessionTranscript `[null, null, Handover]` of an online flow.
 *
 * @example
 * ```ts
 * const st = buildOnlineSessionTranscript({ type: 'openid4vp-dc-api', origin: 'https://shop.example', nonce, jwkThumbprint });
 * await verifyDeviceResponse(deviceResponse, { trust, sessionTranscript: st.transcript });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for a missing or mistyped handover field.
 */
export function buildOnlineSessionTranscript(handover: OnlineHandover): SessionTranscript {
  if (handover === null || typeof handover !== 'object') throw new UketoriTypeError('"handover" must be an object');
  const transcript = encodeCbor([null, null, handoverValue(handover)]);
  return { transcript, bytes: sessionTranscriptBytes(transcript) };
}
