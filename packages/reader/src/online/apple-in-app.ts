/**
 * Apple "Verify with Wallet in apps" (PassKit `PKIdentityAuthorizationController`): the app asks
 * for elements with a server-made nonce, Wallet returns `PKIdentityDocument.encryptedData`, and the
 * server decrypts and verifies it (Apple, "Verifying Wallet identity requests"; notes/online.md §7.2).
 *
 * ```cddl
 * HPKEEnvelope = { "algorithm": "APPLE-HPKE-v1", "params": HPKEParams, "data": bstr }
 * HPKEParams = { "mode": 0, "pkEm": bstr, "pkRHash": bstr, "infoHash": bstr }
 * SessionTranscript = [null, null, ["AppleIdentityPresentment_1.0", nonce, merchantId, teamId, pkRHash]]
 * ; HPKE base mode, DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM; info = SessionTranscript
 * ; plaintext = { "identity": DeviceResponse }
 * ```
 *
 * The recipient key is the merchant's long-term encryption key (from the Apple Developer portal),
 * given at finish time; it is not kept in the transaction state.
 *
 * @module
 */

import { randomBytes, type KeyObject } from 'node:crypto';
import { base64urlDecode, base64urlEncode, encodeCbor, EncodedCbor, UketoriTypeError } from '@uketori/mdoc';
import type { PlannedElement } from '@uketori/policy';
import { decodeHolderCbor, sha256 } from './encoding.js';
import { OnlineError } from './errors.js';
import { hpkeOpen, P256_POINT_BYTES } from './hpke.js';
import { checkState, newStateBase, plansFor, stateText, type OnlineRequestOptions, type OnlineStateBase } from './state.js';
import { buildOnlineSessionTranscript, type OnlineHandover } from './transcript.js';
import { verifyPresentations, type FinishOptions, type OnlineResult } from './verify.js';

/** The envelope algorithm Apple sends. */
export const APPLE_HPKE_ALGORITHM = 'APPLE-HPKE-v1';

/** Options of {@link createAppleInAppRequest}. */
export interface CreateAppleInAppRequestOptions extends OnlineRequestOptions {
  /** The merchant identifier the app's request uses. Required. */
  readonly merchantId: string;
  /** The Apple Developer team id of the app. Required. */
  readonly teamId: string;
}

/** The transaction state of an in-app request. */
export interface AppleInAppState extends OnlineStateBase {
  readonly flow: 'apple-in-app';
  readonly merchantId: string;
  readonly teamId: string;
}

/** What the app needs for its `PKIdentityRequest`, and the state to keep. */
export interface AppleInAppRequest {
  /** The nonce bytes as base64url; the app passes the decoded bytes as `PKIdentityRequest.nonce`. */
  readonly nonce: string;
  /** The docType and elements to request, with intent to retain (from the purpose). */
  readonly docType: string;
  readonly elements: readonly Pick<PlannedElement, 'namespace' | 'identifier' | 'intentToRetain'>[];
  readonly state: AppleInAppState;
}

/**
 * Creates an in-app request: a fresh nonce and the purpose's plan, for the app to put in its
 * `PKIdentityRequest`.
 *
 * @example
 * ```ts
 * const { nonce, elements, state } = createAppleInAppRequest({ purpose, merchantId: 'merchant.jp.example', teamId: 'ABCDE12345' });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for a missing merchant or team id.
 * @throws {PolicyRequestError} when the purpose cannot be served.
 */
export function createAppleInAppRequest(options: CreateAppleInAppRequestOptions): AppleInAppRequest {
  if (options === null || typeof options !== 'object') throw new UketoriTypeError('"options" must be an object');
  if (typeof options.merchantId !== 'string' || options.merchantId.length === 0) throw new UketoriTypeError('"merchantId" must be a non-empty string');
  if (typeof options.teamId !== 'string' || options.teamId.length === 0) throw new UketoriTypeError('"teamId" must be a non-empty string');
  const plans = plansFor(options, true);
  const nonce = base64urlEncode(new Uint8Array(randomBytes(32)));
  const state: AppleInAppState = { ...newStateBase('apple-in-app', options, plans, nonce), flow: 'apple-in-app', merchantId: options.merchantId, teamId: options.teamId };
  const plan = plans[0]!;
  return { nonce, docType: plan.docType, elements: plan.elements.map((e) => ({ namespace: e.namespace, identifier: e.identifier, intentToRetain: e.intentToRetain })), state };
}

/** Input of {@link finishAppleInApp}. */
export interface FinishAppleInAppInput extends FinishOptions {
  /** `PKIdentityDocument.encryptedData` as the app sent it (the CBOR HPKE envelope). */
  readonly encryptedData: Uint8Array;
  /** The merchant's P-256 encryption private key. */
  readonly recipientKey: KeyObject;
}

function field(map: Map<unknown, unknown>, name: string): unknown {
  return map.get(name);
}

/** The DeviceResponse bytes of `{ "identity": DeviceResponse }`, as received where possible. */
function identityBytes(plain: Uint8Array, limits: FinishAppleInAppInput['limits']): Uint8Array {
  // A one-entry map {"identity": …} starts with a1 68 "identity": the rest is the DeviceResponse as
  // sent, and verifyDeviceResponse reports its own defects.
  const prefix = Uint8Array.of(0xa1, 0x68, ...new TextEncoder().encode('identity'));
  if (plain.length > prefix.length && prefix.every((b, i) => plain[i] === b)) return plain.subarray(prefix.length);
  const decoded = decodeHolderCbor(plain, 'the decrypted data', limits);
  const identity = decoded instanceof Map ? decoded.get('identity') : undefined;
  if (identity === undefined) throw new OnlineError('ERR_ONLINE_STRUCTURE', 'the decrypted data has no "identity" DeviceResponse');
  // Otherwise re-encode: digests and signatures cover tag-24 contents, which the decoder keeps as received.
  return identity instanceof EncodedCbor ? identity.bytes : encodeCbor(identity);
}

/**
 * Finishes an in-app transaction: envelope checks (`algorithm`, `mode`, `pkRHash` of the merchant
 * key, `infoHash` of the rebuilt transcript), HPKE open, then the common verification and gate.
 *
 * @example
 * ```ts
 * const result = await finishAppleInApp(state, { encryptedData, recipientKey: merchantKey, purpose, trust });
 * ```
 * @throws {OnlineError} `ERR_ONLINE_TRANSACTION`, `ERR_ONLINE_EXPIRED`, `ERR_ONLINE_ENCODING`,
 *   `ERR_ONLINE_STRUCTURE`, `ERR_ONLINE_ALGORITHM` (not APPLE-HPKE-v1 / mode 0), `ERR_ONLINE_KEY`
 *   (pkRHash of another key), `ERR_ONLINE_TRANSCRIPT` (infoHash of another nonce, merchant or team),
 *   `ERR_ONLINE_DECRYPT`.
 * @throws {UketoriError} every code of `verifyDeviceResponse` and `gateResponse`.
 */
export async function finishAppleInApp(state: AppleInAppState, input: FinishAppleInAppInput): Promise<OnlineResult> {
  if (input === null || typeof input !== 'object') throw new UketoriTypeError('"input" must be an object');
  const s = checkState<AppleInAppState>(state, 'apple-in-app', input.purpose, input.now ?? new Date());
  if (!(input.encryptedData instanceof Uint8Array)) throw new UketoriTypeError('"encryptedData" must be a Uint8Array');
  const recipient = input.recipientKey;
  if (recipient?.type !== 'private' || recipient.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new UketoriTypeError('"recipientKey" must be a P-256 private KeyObject');
  const envelope = decodeHolderCbor(input.encryptedData, 'the HPKE envelope', input.limits);
  if (!(envelope instanceof Map) || !(field(envelope, 'params') instanceof Map) || !(field(envelope, 'data') instanceof Uint8Array)) {
    throw new OnlineError('ERR_ONLINE_STRUCTURE', 'the HPKE envelope is not {algorithm, params, data}');
  }
  const params = field(envelope, 'params') as Map<unknown, unknown>;
  if (field(envelope, 'algorithm') !== APPLE_HPKE_ALGORITHM || field(params, 'mode') !== 0) throw new OnlineError('ERR_ONLINE_ALGORITHM', 'the envelope is not APPLE-HPKE-v1 in base mode');
  const pkEm = field(params, 'pkEm');
  const pkRHash = field(params, 'pkRHash');
  const infoHash = field(params, 'infoHash');
  if (!(pkEm instanceof Uint8Array) || pkEm.length !== P256_POINT_BYTES || !(pkRHash instanceof Uint8Array) || !(infoHash instanceof Uint8Array)) {
    throw new OnlineError('ERR_ONLINE_STRUCTURE', 'the HPKE params lack pkEm, pkRHash or infoHash');
  }
  const jwk = recipient.export({ format: 'jwk' });
  const point = Buffer.concat([Uint8Array.of(4), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
  // pkRHash = SHA-256 of the recipient public key (uncompressed point).
  const keyHash = sha256(point);
  if (!Buffer.from(keyHash).equals(pkRHash)) throw new OnlineError('ERR_ONLINE_KEY', 'the envelope was encrypted to another merchant key');
  const handover: OnlineHandover = {
    type: 'apple',
    nonce: base64urlDecode(stateText(s.nonce, 'nonce')),
    merchantId: stateText(s.merchantId, 'merchantId'),
    teamId: stateText(s.teamId, 'teamId'),
    recipientKeyHash: keyHash,
  };
  const st = buildOnlineSessionTranscript(handover);
  if (!Buffer.from(sha256(st.transcript)).equals(infoHash)) throw new OnlineError('ERR_ONLINE_TRANSCRIPT', 'infoHash is not the hash of this transaction\'s SessionTranscript');
  const plain = await hpkeOpen(recipient, pkEm, field(envelope, 'data') as Uint8Array, st.transcript);
  const deviceResponse = identityBytes(plain, input.limits);
  return verifyPresentations({ flow: 'apple-in-app', state: s, options: input, presentations: [{ bytes: deviceResponse }], handovers: [handover] });
}
