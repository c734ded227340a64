/**
 * The test wallet over the W3C Digital Credentials API: ISO/IEC 18013-7 Annex C (`org-iso-mdoc`,
 * HPKE) and Annex D (OpenID4VP 1.0, `dc_api` / `dc_api.jwt`). Given the request the page passed to
 * `navigator.credentials.get` and the origin the platform reports, it returns the
 * `DigitalCredential.data` a real wallet would. NEVER FOR PRODUCTION.
 *
 * @module
 */

import { base64urlDecode, base64urlEncode, decodeCbor, encodeCbor, UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import type { JWK } from 'jose';
import { encryptJwe, flipBit, freshP256Jwk, freshP256Point, hpkeSeal, thumbprintOf, verifyRequestObject } from './crypto.js';
import { walletDcApiDraft24Transcript, walletDcApiTranscript, walletDcapiTranscript } from './handover.js';
import { deviceResponse, faultSet, vpToken, type WalletAnswerOptions } from './wallet-common.js';

/** An origin no verifier asked for: where a relaying page would be. */
export const RELAY_ORIGIN = 'https://relay.invalid';

/** Options of {@link answerAnnexC}. */
export interface AnswerAnnexCOptions extends WalletAnswerOptions {
  /** `{ protocol: 'org-iso-mdoc', data: { deviceRequest, encryptionInfo } }` as the page sent it. */
  readonly request: { readonly protocol: string; readonly data: { readonly deviceRequest: string; readonly encryptionInfo: string } };
  /** The origin the platform reports for the calling page. */
  readonly origin: string;
}

/**
 * Answers an Annex C request: DeviceResponse over `["dcapi", SHA-256([encryptionInfo, origin])]`,
 * HPKE-sealed to the recipientPublicKey with the transcript as `info`.
 *
 * @example
 * ```ts
 * const data = await answerAnnexC({ request, origin: 'https://shop.example', credentials: [card] });
 * // the page posts `data` ({ response }) to the server
 * ```
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for a request the wallet cannot read.
 */
export async function answerAnnexC(options: AnswerAnnexCOptions): Promise<{ response: string }> {
  const faults = faultSet(options);
  if (options.request?.protocol !== 'org-iso-mdoc') throw new UketoriRangeError('not an org-iso-mdoc request');
  const { deviceRequest, encryptionInfo } = options.request.data;
  const info = decodeCbor(base64urlDecode(encryptionInfo)) as [string, Map<string, unknown>];
  const key = info?.[1]?.get('recipientPublicKey');
  if (info?.[0] !== 'dcapi' || !(key instanceof Map)) throw new UketoriRangeError('EncryptionInfo is not ["dcapi", {nonce, recipientPublicKey}]');
  const point = Uint8Array.from([4, ...(key.get(-2) as Uint8Array), ...(key.get(-3) as Uint8Array)]);
  const boundInfo = faults.has('wrong-nonce')
    ? base64urlEncode(encodeCbor(['dcapi', new Map<string, unknown>([['nonce', new Uint8Array(32)], ['recipientPublicKey', key]])]))
    : encryptionInfo;
  const transcript = walletDcapiTranscript(boundInfo, faults.has('wrong-origin') ? RELAY_ORIGIN : options.origin);
  const plain = await deviceResponse(options, faults, base64urlDecode(deviceRequest), transcript);
  const sealed = await hpkeSeal(faults.has('wrong-encryption-key') ? freshP256Point() : point, transcript, plain);
  const cipherText = faults.has('tampered-ciphertext') ? flipBit(sealed.cipherText) : sealed.cipherText;
  // Annex C: EncryptedResponse = ["dcapi", {"enc", "cipherText"}]
  return { response: base64urlEncode(encodeCbor(['dcapi', new Map<string, unknown>([['enc', sealed.enc], ['cipherText', cipherText]])])) };
}

/** Options of {@link answerAnnexD}. */
export interface AnswerAnnexDOptions extends WalletAnswerOptions {
  /** `{ protocol: 'openid4vp-v1-unsigned' | 'openid4vp-v1-signed', data }` as the page sent it. */
  readonly request: { readonly protocol: string; readonly data: Readonly<Record<string, unknown>> };
  /** The origin the platform reports for the calling page. */
  readonly origin: string;
}

/** Flips one bit of a compact JWE's ciphertext. */
function tamperJwe(jwe: string): string {
  const parts = jwe.split('.');
  parts[3] = base64urlEncode(flipBit(base64urlDecode(parts[3]!)));
  return parts.join('.');
}

/** The encrypted or plain response parameters, with the encryption faults. */
export async function encodeResponse(
  payload: Record<string, unknown>,
  params: Record<string, unknown>,
  encrypted: boolean,
  faults: ReadonlySet<string>,
  extra: { readonly apu?: Uint8Array; readonly apv?: Uint8Array } = {},
): Promise<Record<string, unknown>> {
  if (!encrypted || faults.has('unencrypted-response')) return payload;
  const metadata = params['client_metadata'] as { jwks?: { keys?: JWK[] }; encrypted_response_enc_values_supported?: string[]; authorization_encrypted_response_enc?: string };
  const jwk = metadata?.jwks?.keys?.[0];
  if (jwk === undefined) throw new UketoriRangeError('client_metadata has no encryption key');
  const offered = metadata.encrypted_response_enc_values_supported?.[0] ?? metadata.authorization_encrypted_response_enc ?? 'A128GCM';
  const jwe = await encryptJwe(payload, faults.has('wrong-encryption-key') ? freshP256Jwk() : jwk, {
    enc: faults.has('disallowed-algorithm') ? 'A192GCM' : offered,
    ...(jwk.kid === undefined ? {} : { kid: faults.has('wrong-kid') ? `${jwk.kid}-other` : jwk.kid }),
    ...extra,
  });
  return { response: faults.has('tampered-ciphertext') ? tamperJwe(jwe) : jwe };
}

/**
 * Answers an Annex D request (OpenID4VP 1.0 over the DC API): verifies a signed request and its
 * `expected_origins`, builds the vp_token over the OpenID4VPDCAPIHandover transcript, and encrypts
 * it for `dc_api.jwt`.
 *
 * @example
 * ```ts
 * const data = await answerAnnexD({ request, origin: 'https://shop.example', credentials: [mdl] });
 * ```
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for a request the wallet refuses (bad signature,
 *   origin not in expected_origins, nothing it holds).
 */
export async function answerAnnexD(options: AnswerAnnexDOptions): Promise<Record<string, unknown>> {
  const faults = faultSet(options);
  const protocol = options.request?.protocol;
  if (protocol !== 'openid4vp-v1-unsigned' && protocol !== 'openid4vp-v1-signed') throw new UketoriRangeError('not an OpenID4VP 1.0 DC API request');
  if (typeof options.origin !== 'string') throw new UketoriTypeError('"origin" must be a string');
  let params: Record<string, unknown> = { ...options.request.data };
  let clientId: string | undefined;
  if (protocol === 'openid4vp-v1-signed') {
    params = await verifyRequestObject(String(options.request.data['request']));
    clientId = params['client_id'] as string;
    // OpenID4VP 1.0 A.3.2: the platform origin must be one of expected_origins.
    if (!Array.isArray(params['expected_origins']) || !params['expected_origins'].includes(options.origin)) throw new UketoriRangeError('the origin is not in expected_origins');
  }
  const encrypted = params['response_mode'] === 'dc_api.jwt';
  const nonce = String(params['nonce']);
  const jwk = (params['client_metadata'] as { jwks?: { keys?: JWK[] } } | undefined)?.jwks?.keys?.[0];
  const origin = faults.has('wrong-origin') ? RELAY_ORIGIN : options.origin;
  const boundNonce = faults.has('wrong-nonce') ? `${nonce}x` : nonce;
  const thumbprint = encrypted && jwk !== undefined && !faults.has('wrong-thumbprint') ? await thumbprintOf(jwk) : null;
  const transcript = faults.has('draft-24-handover')
    ? walletDcApiDraft24Transcript(origin, clientId ?? `web-origin:${origin}`, boundNonce)
    : walletDcApiTranscript(origin, boundNonce, thumbprint);
  const payload = faults.has('wallet-error') ? { error: 'access_denied' } : { vp_token: await vpToken(options, faults, params['dcql_query'], transcript) };
  return encodeResponse(payload, params, encrypted, faults);
}
