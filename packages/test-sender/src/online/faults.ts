/**
 * Online faults: ways the test wallet breaks an ISO/IEC 18013-7 / OpenID4VP / DC API / Apple
 * in-app answer on purpose, with the code a conforming verifier raises in each flow. Document
 * faults (`FAULT_CATALOGUE`) combine with these: they break the DeviceResponse inside.
 *
 * **Verifier setup** every expectation assumes: the flows of `@uketori/reader` with their default
 * (strict) options, the trust and clock of `FAULT_CATALOGUE`, and the transaction the wallet was
 * asked by. `null` means the verifier must accept the response; `finding` then names the policy
 * finding it must report.
 *
 * @module
 */

/** The online flows, as `@uketori/reader` names them. */
export type OnlineFlowId = 'dc-api-annex-c' | 'dc-api-annex-d' | 'oid4vp-redirect' | 'apple-in-app';

/** One online fault. */
export interface OnlineFaultDescriptor {
  /** Stable id, kebab-case. */
  readonly id: string;
  readonly description: string;
  /** Per flow it applies to: the verifier's expected error code, or `null` (accepted). */
  readonly expected: Readonly<Partial<Record<OnlineFlowId, string | null>>>;
  /** For accepted responses: the policy finding the verifier must report. */
  readonly finding?: string;
  /**
   * `wallet`: the test wallet injects it when answering; `scenario`: the test moves a good answer
   * (to another transaction), the wallet does nothing special.
   */
  readonly kind: 'wallet' | 'scenario';
  /** The clause the expectation rests on. */
  readonly clause: string;
}

/**
 * Every online fault, in a stable order.
 *
 * @example
 * ```ts
 * for (const fault of ONLINE_FAULT_CATALOGUE.filter((f) => f.kind === 'wallet' && 'dc-api-annex-d' in f.expected)) {
 *   const data = await answerAnnexD({ request, origin, credentials, onlineFaults: [fault.id] });
 *   await expect(finishAnnexD(state, { response: data, origin, purpose, trust })).rejects.toMatchObject({ code: fault.expected['dc-api-annex-d'] });
 * }
 * ```
 */
export const ONLINE_FAULT_CATALOGUE = [
  {
    id: 'wrong-origin',
    description: 'The wallet binds another origin (a relaying page) into the SessionTranscript.',
    expected: { 'dc-api-annex-c': 'ERR_ONLINE_DECRYPT', 'dc-api-annex-d': 'ERR_DEVICE_AUTH' },
    kind: 'wallet',
    clause: 'ISO/IEC 18013-7 Annex C (HPKE info = SessionTranscript); OpenID4VP 1.0 B.2.6.2',
  },
  {
    id: 'wrong-nonce',
    description: 'The wallet binds another nonce: Annex C hashes an EncryptionInfo with another nonce; OpenID4VP another nonce; Apple another app nonce.',
    expected: { 'dc-api-annex-c': 'ERR_ONLINE_DECRYPT', 'dc-api-annex-d': 'ERR_DEVICE_AUTH', 'oid4vp-redirect': 'ERR_DEVICE_AUTH', 'apple-in-app': 'ERR_ONLINE_TRANSCRIPT' },
    kind: 'wallet',
    clause: 'OpenID4VP 1.0 B.2.6; ISO/IEC 18013-7 Annex C; Apple PassKit AppleHandover',
  },
  {
    id: 'wrong-client-id',
    description: 'The wallet binds another client_id (Apple: another merchant id) into the handover.',
    expected: { 'oid4vp-redirect': 'ERR_DEVICE_AUTH', 'apple-in-app': 'ERR_ONLINE_TRANSCRIPT' },
    kind: 'wallet',
    clause: 'OpenID4VP 1.0 B.2.6.1; Apple PassKit AppleHandover',
  },
  {
    id: 'wrong-response-uri',
    description: 'The wallet binds another response_uri into the OpenID4VPHandover.',
    expected: { 'oid4vp-redirect': 'ERR_DEVICE_AUTH' },
    kind: 'wallet',
    clause: 'OpenID4VP 1.0 B.2.6.1',
  },
  {
    id: 'wrong-thumbprint',
    description: 'The wallet encrypts the response but binds jwkThumbprint = null into the handover.',
    expected: { 'dc-api-annex-d': 'ERR_DEVICE_AUTH', 'oid4vp-redirect': 'ERR_DEVICE_AUTH' },
    kind: 'wallet',
    clause: 'OpenID4VP 1.0 B.2.6.1, B.2.6.2',
  },
  {
    id: 'draft-24-handover',
    description: 'The wallet uses the OpenID4VP draft-24 DC API handover [origin, client_id, nonce]. Accepted only with the verifier\'s draft24Handover compatibility option.',
    expected: { 'dc-api-annex-d': 'ERR_DEVICE_AUTH' },
    kind: 'wallet',
    clause: 'OpenID4VP draft 24 App. B.3.4 vs 1.0 B.2.6.2',
  },
  {
    id: 'tampered-ciphertext',
    description: 'One bit of the HPKE ciphertext or the JWE ciphertext is flipped.',
    expected: { 'dc-api-annex-c': 'ERR_ONLINE_DECRYPT', 'dc-api-annex-d': 'ERR_ONLINE_DECRYPT', 'oid4vp-redirect': 'ERR_ONLINE_DECRYPT', 'apple-in-app': 'ERR_ONLINE_DECRYPT' },
    kind: 'wallet',
    clause: 'RFC 9180 §5.2; RFC 7516 §5.2',
  },
  {
    id: 'wrong-encryption-key',
    description: 'The wallet encrypts to a fresh key instead of the verifier\'s (JWE: keeping the verifier\'s kid; Apple: with pkRHash of that key).',
    expected: { 'dc-api-annex-c': 'ERR_ONLINE_DECRYPT', 'dc-api-annex-d': 'ERR_ONLINE_DECRYPT', 'oid4vp-redirect': 'ERR_ONLINE_DECRYPT', 'apple-in-app': 'ERR_ONLINE_KEY' },
    kind: 'wallet',
    clause: 'RFC 9180 §5.2; RFC 7518 §4.6; Apple PassKit HPKEParams.pkRHash',
  },
  {
    id: 'wrong-kid',
    description: 'The JWE header names another kid than the verifier\'s encryption key.',
    expected: { 'dc-api-annex-d': 'ERR_ONLINE_KEY', 'oid4vp-redirect': 'ERR_ONLINE_KEY' },
    kind: 'wallet',
    clause: 'OpenID4VP 1.0 §8.3',
  },
  {
    id: 'disallowed-algorithm',
    description: 'JWE enc A192GCM (not offered); Apple envelope in HPKE mode 1.',
    expected: { 'dc-api-annex-d': 'ERR_ONLINE_ALGORITHM', 'oid4vp-redirect': 'ERR_ONLINE_ALGORITHM', 'apple-in-app': 'ERR_ONLINE_ALGORITHM' },
    kind: 'wallet',
    clause: 'OpenID4VP 1.0 §8.3 (encrypted_response_enc_values_supported); Apple PassKit HPKEParams.mode',
  },
  {
    id: 'unencrypted-response',
    description: 'The wallet answers an encrypted response mode (dc_api.jwt / direct_post.jwt) with a plain vp_token.',
    expected: { 'dc-api-annex-d': 'ERR_ONLINE_RESPONSE_MODE', 'oid4vp-redirect': 'ERR_ONLINE_RESPONSE_MODE' },
    kind: 'wallet',
    clause: 'OpenID4VP 1.0 §8.3, HAIP',
  },
  {
    id: 'wrong-state',
    description: 'The response carries another OAuth state.',
    expected: { 'oid4vp-redirect': 'ERR_ONLINE_STATE' },
    kind: 'wallet',
    clause: 'OpenID4VP 1.0 §5.2, §8.2',
  },
  {
    id: 'wrong-apv',
    description: 'TS 18013-7:2024 Annex B profile only: the JWE apv is not the request nonce.',
    expected: { 'oid4vp-redirect': 'ERR_ONLINE_NONCE' },
    kind: 'wallet',
    clause: 'ISO/IEC TS 18013-7:2024 B.4.3.3.2',
  },
  {
    id: 'missing-vp-token-entry',
    description: 'vp_token is an empty object: the required credential is missing.',
    expected: { 'dc-api-annex-d': 'ERR_ONLINE_VP_TOKEN', 'oid4vp-redirect': 'ERR_ONLINE_VP_TOKEN' },
    kind: 'wallet',
    clause: 'OpenID4VP 1.0 §6.2, §8.1',
  },
  {
    id: 'unexpected-credential-id',
    description: 'vp_token keys the presentation by a credential id the DCQL query did not define.',
    expected: { 'dc-api-annex-d': 'ERR_ONLINE_VP_TOKEN', 'oid4vp-redirect': 'ERR_ONLINE_VP_TOKEN' },
    kind: 'wallet',
    clause: 'OpenID4VP 1.0 §8.1',
  },
  {
    id: 'wallet-error',
    description: 'The wallet answers with the OAuth error access_denied.',
    expected: { 'dc-api-annex-d': 'ERR_ONLINE_WALLET_ERROR', 'oid4vp-redirect': 'ERR_ONLINE_WALLET_ERROR' },
    kind: 'wallet',
    clause: 'OpenID4VP 1.0 §8.5',
  },
  {
    id: 'over-disclosure',
    description: 'The wallet discloses one validly signed element that was not requested (document fault extra-unrequested-elements). Accepted; the policy drops and reports it.',
    expected: { 'dc-api-annex-c': null, 'dc-api-annex-d': null, 'oid4vp-redirect': null, 'apple-in-app': null },
    finding: 'UNREQUESTED_ELEMENT',
    kind: 'wallet',
    clause: 'ISO/IEC 18013-5 §8.3.2.1.2.2; uketori policy response gate',
  },
  {
    id: 'response-for-another-transaction',
    description: 'A good answer to transaction A (same purpose, same verifier) is delivered to transaction B — a replayed or misrouted response.',
    expected: { 'dc-api-annex-c': 'ERR_ONLINE_DECRYPT', 'dc-api-annex-d': 'ERR_ONLINE_KEY', 'oid4vp-redirect': 'ERR_ONLINE_KEY', 'apple-in-app': 'ERR_ONLINE_TRANSCRIPT' },
    kind: 'scenario',
    clause: 'OpenID4VP 1.0 §14.1 (replay), B.2.6; ISO/IEC 18013-7 Annex C',
  },
] as const satisfies readonly OnlineFaultDescriptor[];

/** The id of an online fault. */
export type OnlineFaultId = (typeof ONLINE_FAULT_CATALOGUE)[number]['id'];

const BY_ID = new Map<string, OnlineFaultDescriptor>(ONLINE_FAULT_CATALOGUE.map((f) => [f.id, f]));

/**
 * The catalogue entry for `id`, or `undefined`.
 *
 * @example
 * ```ts
 * onlineFaultDescriptor('wrong-state')?.expected['oid4vp-redirect']; // 'ERR_ONLINE_STATE'
 * ```
 */
export function onlineFaultDescriptor(id: string): OnlineFaultDescriptor | undefined {
  return BY_ID.get(id);
}
