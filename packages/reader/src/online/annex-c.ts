/**
 * ISO/IEC 18013-7 Annex C: `org-iso-mdoc` over the W3C Digital Credentials API (Apple "Verify
 * with Wallet on the Web", Chrome). The request is a DeviceRequest (with readerAuth) and an
 * EncryptionInfo; the response is an HPKE-encrypted DeviceResponse.
 *
 * ```cddl
 * EncryptionInfo = ["dcapi", { "nonce": bstr, "recipientPublicKey": COSE_Key }]
 * EncryptedResponse = ["dcapi", { "enc": bstr, "cipherText": bstr }]
 * SessionTranscript = [null, null, ["dcapi", SHA-256(CBOR([Base64EncryptionInfo, SerializedOrigin]))]]
 * ```
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { base64urlEncode, encodeCbor, publicKeyToCoseKey, UketoriTypeError } from '@uketori/mdoc';
import type { ReaderAuthKey } from '../reader-auth.js';
import { buildDeviceRequest } from '../request.js';
import { decodeBase64url, decodeHolderCbor, sameString } from './encoding.js';
import { OnlineError } from './errors.js';
import { generateP256Jwk, hpkeOpen, privateKeyOf } from './hpke.js';
import { assertOrigin } from './origin.js';
import { checkState, newStateBase, plansFor, stateText, type OnlineRequestOptions, type OnlineStateBase, type PrivateEcJwk } from './state.js';
import { buildOnlineSessionTranscript, type OnlineHandover } from './transcript.js';
import { verifyPresentations, type FinishOptions, type OnlineResult } from './verify.js';

/** The DC API protocol identifier of Annex C (W3C Digital Credentials, §Protocols). */
export const ANNEX_C_PROTOCOL = 'org-iso-mdoc';

/** Options of {@link createAnnexCRequest}. */
export interface CreateAnnexCRequestOptions extends OnlineRequestOptions {
  /** The serialized origin of the page that will call `navigator.credentials.get` (bound into the transcript). Required. */
  readonly origin: string;
  /** The business's reader key and certificate chain; Apple Wallet requires readerAuth. */
  readonly readerAuth?: ReaderAuthKey;
  /** DeviceRequest version; default `"1.1"` (as Apple's sample). */
  readonly requestVersion?: '1.0' | '1.1';
  /** Which readerAuth to sign (see `buildDeviceRequest`); default `"all"` for 1.1, `"document"` for 1.0. */
  readonly readerAuthScope?: 'document' | 'all' | 'both';
}

/** The request for `navigator.credentials.get({ digital: { requests: [request] } })`. */
export interface AnnexCRequest {
  readonly protocol: typeof ANNEX_C_PROTOCOL;
  readonly data: {
    /** base64url(CBOR DeviceRequest). */
    readonly deviceRequest: string;
    /** base64url(CBOR EncryptionInfo), bound into the transcript exactly as sent. */
    readonly encryptionInfo: string;
  };
}

/** The transaction state of an Annex C request (secret; keep it server-side). */
export interface AnnexCState extends OnlineStateBase {
  readonly flow: 'dc-api-annex-c';
  /** The origin the request was made for. */
  readonly origin: string;
  /** The EncryptionInfo string exactly as sent. */
  readonly encryptionInfo: string;
  /** The HPKE recipient private key. */
  readonly recipientKey: PrivateEcJwk;
}

/**
 * Creates an Annex C request: a fresh HPKE recipient key and nonce (EncryptionInfo), the
 * SessionTranscript for `origin`, and the DeviceRequest for the purpose, signed over that
 * transcript when `readerAuth` is given.
 *
 * @example
 * ```ts
 * const { request, state } = createAnnexCRequest({ purpose: getPurpose('aml_kyc_jp'), origin: 'https://shop.example', readerAuth });
 * await store.put(state.transactionId, state);
 * // browser: navigator.credentials.get({ mediation: 'required', digital: { requests: [request] } })
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_*` for a malformed origin or options.
 * @throws {PolicyRequestError} when the purpose cannot be served (from `@uketori/policy`).
 */
export function createAnnexCRequest(options: CreateAnnexCRequestOptions): { request: AnnexCRequest; state: AnnexCState } {
  if (options === null || typeof options !== 'object') throw new UketoriTypeError('"options" must be an object');
  const origin = assertOrigin(options.origin);
  const [plan] = plansFor(options, true);
  const { jwk, publicKey } = generateP256Jwk();
  // Annex C EncryptionParameters: nonce ≥ 16 bytes, recipientPublicKey a COSE_Key {1:2, -1:1, -2:x, -3:y}.
  const nonce = new Uint8Array(randomBytes(32));
  const encryptionInfo = base64urlEncode(encodeCbor(['dcapi', new Map<string, unknown>([['nonce', nonce], ['recipientPublicKey', publicKeyToCoseKey(publicKey)]])]));
  const st = buildOnlineSessionTranscript({ type: 'dcapi', encryptionInfo, origin });
  const version = options.requestVersion ?? '1.1';
  const built = buildDeviceRequest({
    purpose: options.purpose,
    docType: plan!.docType,
    sessionTranscript: st.transcript,
    version,
    ...(options.elements === undefined ? {} : { elements: options.elements }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.readerAuth === undefined ? {} : { readerAuth: options.readerAuth, readerAuthScope: options.readerAuthScope ?? (version === '1.1' ? 'all' : 'document') }),
  });
  const state: AnnexCState = {
    ...newStateBase('dc-api-annex-c', options, [built.plan], base64urlEncode(nonce)),
    flow: 'dc-api-annex-c',
    origin,
    encryptionInfo,
    recipientKey: jwk,
  };
  return { request: { protocol: ANNEX_C_PROTOCOL, data: { deviceRequest: base64urlEncode(built.bytes), encryptionInfo } }, state };
}

/** Input of {@link finishAnnexC}. */
export interface FinishAnnexCInput extends FinishOptions {
  /** `DigitalCredential.data` as the page posted it (`{ response }`), or the `response` string itself. */
  readonly response: unknown;
  /** The origin the response came from (the page's, e.g. the HTTP `Origin` header). Compared byte for byte. */
  readonly origin: string;
}

function encryptedResponseOf(value: unknown): { enc: Uint8Array; cipherText: Uint8Array } {
  // Annex C: EncryptedResponse = ["dcapi", {"enc": bstr, "cipherText": bstr}]
  if (!Array.isArray(value) || value.length !== 2 || value[0] !== 'dcapi' || !(value[1] instanceof Map)) {
    throw new OnlineError('ERR_ONLINE_STRUCTURE', 'EncryptedResponse is not ["dcapi", {enc, cipherText}]');
  }
  const data = value[1] as Map<unknown, unknown>;
  const enc = data.get('enc');
  const cipherText = data.get('cipherText');
  if (!(enc instanceof Uint8Array) || !(cipherText instanceof Uint8Array)) throw new OnlineError('ERR_ONLINE_STRUCTURE', 'EncryptedResponseData lacks enc or cipherText byte strings');
  return { enc, cipherText };
}

/**
 * Finishes an Annex C transaction: origin check, HPKE open with the SessionTranscript as `info`,
 * then `verifyDeviceResponse` over the same transcript and the purpose's response gate.
 *
 * @example
 * ```ts
 * const result = await finishAnnexC(state, { response: body.data, origin: req.get('origin'), purpose, trust });
 * result.policy.outcome; // 'complete'
 * ```
 * @throws {OnlineError} `ERR_ONLINE_TRANSACTION`, `ERR_ONLINE_EXPIRED`, `ERR_ONLINE_ORIGIN`,
 *   `ERR_ONLINE_TOO_LARGE`, `ERR_ONLINE_ENCODING`, `ERR_ONLINE_STRUCTURE`, `ERR_ONLINE_DECRYPT`
 *   (wrong key, another origin or EncryptionInfo in the wallet's transcript, tampering).
 * @throws {UketoriError} every code of `verifyDeviceResponse` and `gateResponse`.
 */
export async function finishAnnexC(state: AnnexCState, input: FinishAnnexCInput): Promise<OnlineResult> {
  if (input === null || typeof input !== 'object') throw new UketoriTypeError('"input" must be an object');
  const s = checkState<AnnexCState>(state, 'dc-api-annex-c', input.purpose, input.now ?? new Date());
  const origin = stateText(s.origin, 'origin');
  if (typeof input.origin !== 'string' || !sameString(input.origin, origin)) throw new OnlineError('ERR_ONLINE_ORIGIN', 'the response came from another origin than the request was made for');
  const data = input.response;
  const text = typeof data === 'string' ? data : data !== null && typeof data === 'object' ? (data as Record<string, unknown>)['response'] : undefined;
  const { enc, cipherText } = encryptedResponseOf(decodeHolderCbor(decodeBase64url(text, 'response', input.limits), 'EncryptedResponse', input.limits));
  const handover: OnlineHandover = { type: 'dcapi', encryptionInfo: stateText(s.encryptionInfo, 'encryptionInfo'), origin };
  const recipient = privateKeyOf(s.recipientKey);
  // Annex C: HPKE info = CBOR(SessionTranscript), aad empty.
  const deviceResponse = await hpkeOpen(recipient, enc, cipherText, buildOnlineSessionTranscript(handover).transcript);
  return verifyPresentations({ flow: 'dc-api-annex-c', state: s, options: input, presentations: [{ bytes: deviceResponse }], handovers: [handover], readerKey: recipient });
}
