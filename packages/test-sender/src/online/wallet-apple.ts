/**
 * The test wallet for Apple "Verify with Wallet in apps": builds the `PKIdentityDocument
 * .encryptedData` envelope Wallet hands the app (Apple PassKit, "Verifying Wallet identity
 * requests"). NEVER FOR PRODUCTION.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import { base64urlDecode, encodeCbor, UketoriTypeError } from '@uketori/mdoc';
import type { DocumentRequest } from '../respond/request.js';
import { flipBit, freshP256Point, hpkeSeal, sha256 } from './crypto.js';
import { walletAppleTranscript } from './handover.js';
import { deviceResponse, faultSet, type WalletAnswerOptions } from './wallet-common.js';

/** Options of {@link answerAppleInApp}. */
export interface AnswerAppleInAppOptions extends WalletAnswerOptions {
  /** The app's nonce (base64url of the bytes given to `PKIdentityRequest.nonce`). */
  readonly nonce: string;
  readonly merchantId: string;
  readonly teamId: string;
  /** The merchant's encryption public key (P-256). */
  readonly recipientPublicKey: KeyObject;
  /** What the app asked for. */
  readonly request: DocumentRequest;
}

/**
 * Answers an in-app identity request: DeviceResponse over the AppleHandover transcript, wrapped
 * as `{ "identity": DeviceResponse }` and HPKE-sealed into an `APPLE-HPKE-v1` envelope.
 *
 * @example
 * ```ts
 * const encryptedData = await answerAppleInApp({ nonce, merchantId, teamId, recipientPublicKey, request, credentials: [mdl] });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for a key that is not P-256.
 */
export async function answerAppleInApp(options: AnswerAppleInAppOptions): Promise<Uint8Array> {
  const faults = faultSet(options);
  const key = options.recipientPublicKey;
  if (key?.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new UketoriTypeError('"recipientPublicKey" must be a P-256 key');
  const jwk = key.export({ format: 'jwk' });
  const merchantPoint = Uint8Array.from([4, ...Buffer.from(jwk.x!, 'base64url'), ...Buffer.from(jwk.y!, 'base64url')]);
  const point = faults.has('wrong-encryption-key') ? freshP256Point() : merchantPoint;
  const pkRHash = sha256(point);
  const nonce = faults.has('wrong-nonce') ? new Uint8Array(32) : base64urlDecode(options.nonce);
  const merchantId = faults.has('wrong-client-id') ? `${options.merchantId}.other` : options.merchantId;
  const transcript = walletAppleTranscript(nonce, merchantId, options.teamId, pkRHash);
  const dr = await deviceResponse(options, faults, [options.request], transcript);
  // { "identity": DeviceResponse }, the DeviceResponse spliced in as encoded
  const plain = Uint8Array.from([0xa1, 0x68, ...new TextEncoder().encode('identity'), ...dr]);
  const sealed = await hpkeSeal(point, transcript, plain);
  const params = new Map<string, unknown>([
    ['mode', faults.has('disallowed-algorithm') ? 1 : 0],
    ['pkEm', sealed.enc],
    ['pkRHash', pkRHash],
    ['infoHash', sha256(transcript)],
  ]);
  const data = faults.has('tampered-ciphertext') ? flipBit(sealed.cipherText) : sealed.cipherText;
  return encodeCbor(new Map<string, unknown>([['algorithm', 'APPLE-HPKE-v1'], ['params', params], ['data', data]]));
}
