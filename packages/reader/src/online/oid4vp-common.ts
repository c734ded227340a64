/**
 * Pieces the OpenID4VP flows (redirect and DC API) share: `client_metadata` (§5.1, §11.1,
 * B.2.2), and reading the authorization response in plain or encrypted response modes (§8.2, §8.3).
 *
 * @module
 */

import { UketoriRangeError } from '@uketori/mdoc';
import { OnlineError } from './errors.js';
import { decryptResponse, publicJwk, type ResponseEncryption } from './jwe.js';
import type { OnlineLimits } from './encoding.js';
import type { PrivateEcJwk } from './state.js';

/** COSE algorithms uketori verifies for issuerAuth and deviceAuth (ES256, ES384, ES512, EdDSA). */
export const MDOC_COSE_ALGORITHMS = [-7, -35, -36, -8] as const;

/** The default content encryption list (HAIP: verifiers list both). */
export const DEFAULT_RESPONSE_ENCRYPTION: readonly ResponseEncryption[] = ['A128GCM', 'A256GCM'];

/** Checks a caller's `encryption` list. */
export function encryptionList(list: readonly ResponseEncryption[] | undefined): ResponseEncryption[] {
  const out = [...(list ?? DEFAULT_RESPONSE_ENCRYPTION)];
  if (out.length === 0 || out.some((e) => e !== 'A128GCM' && e !== 'A256GCM')) throw new UketoriRangeError('"encryption" must list A128GCM and/or A256GCM');
  return out;
}

/** `client_metadata` for an mdoc request, with the encryption key when the response is encrypted. */
export function clientMetadata(key: PrivateEcJwk | null, encryption: readonly ResponseEncryption[]): Record<string, unknown> {
  return {
    vp_formats_supported: { mso_mdoc: { issuerauth_alg_values: [...MDOC_COSE_ALGORITHMS], deviceauth_alg_values: [...MDOC_COSE_ALGORITHMS] } },
    ...(key === null ? {} : { jwks: { keys: [publicJwk(key)] }, encrypted_response_enc_values_supported: [...encryption] }),
  };
}

/** The parts of a state that say how the response comes back. */
export interface ResponseExpectation {
  /** True for `direct_post.jwt` / `dc_api.jwt`. */
  readonly encrypted: boolean;
  readonly responseKey: PrivateEcJwk | null;
  readonly encryption: readonly ResponseEncryption[];
}

/** The authorization response parameters, decrypted when encrypted. */
export interface ResponseParameters {
  readonly params: Record<string, unknown>;
  /** The JWE protected header, for encrypted responses. */
  readonly header?: Record<string, unknown>;
}

function walletError(params: Record<string, unknown>): void {
  if (params['error'] !== undefined) {
    // §8.5: the error code is a registered ASCII token, safe to name; error_description is free text and left out.
    const code = typeof params['error'] === 'string' && /^[\x20-\x7e]{1,64}$/.test(params['error']) ? params['error'] : 'malformed';
    throw new OnlineError('ERR_ONLINE_WALLET_ERROR', `the wallet answered with error "${code}"`);
  }
}

/**
 * Reads an authorization response: `{ response: JWE }` for the encrypted modes (decrypted with the
 * transaction's key), or the plain parameters. A wallet error response is refused with its code.
 *
 * @throws {OnlineError} `ERR_ONLINE_WALLET_ERROR`, `ERR_ONLINE_RESPONSE_MODE` (plain response to an
 *   encrypted request), `ERR_ONLINE_STRUCTURE`, and every code of the JWE decryption.
 */
export async function readResponseParameters(body: unknown, expect: ResponseExpectation, limits?: OnlineLimits): Promise<ResponseParameters> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new OnlineError('ERR_ONLINE_STRUCTURE', 'the authorization response is not an object');
  const params = body as Record<string, unknown>;
  walletError(params);
  if (!expect.encrypted) {
    if (params['response'] !== undefined) throw new OnlineError('ERR_ONLINE_RESPONSE_MODE', 'an encrypted response arrived for a plain response mode');
    return { params };
  }
  if (params['response'] === undefined) {
    throw new OnlineError(params['vp_token'] === undefined ? 'ERR_ONLINE_STRUCTURE' : 'ERR_ONLINE_RESPONSE_MODE', 'the encrypted response mode needs a "response" JWE');
  }
  if (expect.responseKey === null) throw new OnlineError('ERR_ONLINE_TRANSACTION', 'the transaction state has no response key');
  const { payload, header } = await decryptResponse(params['response'], expect.responseKey, expect.encryption, limits);
  walletError(payload);
  return { params: payload, header: header as Record<string, unknown> };
}
