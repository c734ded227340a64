/**
 * ISO/IEC TS 18013-7:2024 Annex B (OpenID4VP draft 18 with DIF Presentation Exchange) — a
 * compatibility profile of the redirect flow for wallets deployed against the first edition.
 * The request carries a `presentation_definition` and `client_id_scheme: x509_san_dns`; the
 * response is a JWE whose `apu` carries the mdocGeneratedNonce bound into the handover (B.4.4)
 * and whose `apv` echoes the nonce (B.4.3.3.2).
 *
 * @module
 */

import type { RequestPlan } from '@uketori/policy';
import { base64urlDecode } from '@uketori/mdoc';
import { OnlineError } from './errors.js';
import { publicJwk } from './jwe.js';
import { MDOC_COSE_ALGORITHMS } from './oid4vp-common.js';
import type { PrivateEcJwk } from './state.js';

const JOSE_ALGS = ['ES256', 'ES384', 'ES512', 'EdDSA'];

/** The Presentation Exchange definition of a set of plans: one input descriptor per docType (B.4.2). */
export function presentationDefinition(id: string, plans: readonly RequestPlan[]): Record<string, unknown> {
  return {
    id,
    input_descriptors: plans.map((p) => ({
      id: p.docType,
      format: { mso_mdoc: { alg: JOSE_ALGS } },
      constraints: {
        limit_disclosure: 'required',
        fields: p.elements.map((e) => ({ path: [`$['${e.namespace}']['${e.identifier}']`], intent_to_retain: e.intentToRetain })),
      },
    })),
  };
}

/** Draft-18 `client_metadata`: the encryption key and the fixed ECDH-ES / A256GCM pair (B.4.3.3). */
export function annexBClientMetadata(key: PrivateEcJwk): Record<string, unknown> {
  return {
    jwks: { keys: [publicJwk(key)] },
    authorization_encrypted_response_alg: 'ECDH-ES',
    authorization_encrypted_response_enc: 'A256GCM',
    vp_formats: { mso_mdoc: { alg: JOSE_ALGS, issuerauth_alg_values: [...MDOC_COSE_ALGORITHMS] } },
  };
}

/**
 * The mdocGeneratedNonce from the JWE `apu`, after checking that `apv` is the request nonce.
 *
 * @throws {OnlineError} `ERR_ONLINE_STRUCTURE` (no apu/apv), `ERR_ONLINE_NONCE` (apv of another nonce).
 */
export function mdocGeneratedNonceOf(header: Record<string, unknown> | undefined, nonce: string): string {
  const apu = header?.['apu'];
  const apv = header?.['apv'];
  if (typeof apu !== 'string' || typeof apv !== 'string' || !/^[A-Za-z0-9_-]*$/.test(apu) || !/^[A-Za-z0-9_-]*$/.test(apv)) {
    throw new OnlineError('ERR_ONLINE_STRUCTURE', 'the Annex B JWE lacks apu/apv');
  }
  if (Buffer.from(base64urlDecode(apv)).toString('utf8') !== nonce) throw new OnlineError('ERR_ONLINE_NONCE', 'the JWE apv is not the request nonce');
  const mdocNonce = Buffer.from(base64urlDecode(apu));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(mdocNonce);
  } catch (cause) {
    throw new OnlineError('ERR_ONLINE_ENCODING', 'the JWE apu is not a UTF-8 mdocGeneratedNonce', { cause });
  }
}
