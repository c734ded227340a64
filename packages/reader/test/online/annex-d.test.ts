/** ISO/IEC 18013-7 Annex D (OpenID4VP 1.0 over the DC API) end to end against the test wallet. */
import { describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { ONLINE_FAULT_CATALOGUE, answerAnnexD, type OnlineFaultId } from '@uketori/test-sender';
import { createAnnexDRequest, finishAnnexD, type CreateAnnexDRequestOptions } from '../../src/index.js';
import { NOW, ORIGIN, RP_HOST, age21, codeOf, fixtures, kyc } from './setup.js';

type Variant = 'unsigned-jwt' | 'signed-jwt' | 'unsigned-plain' | 'signed-san-dns';

async function transaction(variant: Variant, purpose = kyc, extra: Partial<CreateAnnexDRequestOptions> = {}) {
  const f = await fixtures();
  return createAnnexDRequest({
    purpose,
    origin: ORIGIN,
    now: NOW,
    ...(variant === 'unsigned-plain' ? { responseMode: 'dc_api' as const } : {}),
    ...(variant === 'signed-jwt' ? { signed: { signer: f.signer } } : {}),
    ...(variant === 'signed-san-dns' ? { signed: { signer: f.signer, clientIdPrefix: 'x509_san_dns' as const, dnsName: RP_HOST } } : {}),
    ...extra,
  });
}

describe('Annex D: happy paths', () => {
  it.each(['unsigned-jwt', 'signed-jwt', 'unsigned-plain', 'signed-san-dns'] as const)('My Number Card, %s', async (variant) => {
    const f = await fixtures();
    const { request, state } = await transaction(variant);
    const data = await answerAnnexD({ request, origin: ORIGIN, credentials: [f.card], now: NOW });
    if (variant.endsWith('plain')) expect(data['vp_token']).toBeDefined();
    else expect(typeof data['response']).toBe('string');
    const result = await finishAnnexD(JSON.parse(JSON.stringify(state)), { response: data, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW });
    expect(result.policy.outcome).toBe('complete');
    expect(result.handover).toBe('openid4vp-dc-api');
  });

  it('a signed request carries typ, x5c, client_id and expected_origins; an unsigned one no client_id', async () => {
    const signed = await transaction('signed-jwt');
    expect(signed.request.protocol).toBe('openid4vp-v1-signed');
    const jar = String(signed.request.data['request']);
    expect(decodeProtectedHeader(jar)).toMatchObject({ typ: 'oauth-authz-req+jwt', alg: 'ES256' });
    const claims = decodeJwt(jar);
    expect(claims['client_id']).toMatch(/^x509_hash:[A-Za-z0-9_-]{43}$/);
    expect(claims['expected_origins']).toEqual([ORIGIN]);
    expect(claims['response_mode']).toBe('dc_api.jwt');
    const unsigned = await transaction('unsigned-jwt');
    expect(unsigned.request.protocol).toBe('openid4vp-v1-unsigned');
    expect(unsigned.request.data['client_id']).toBeUndefined();
    expect((unsigned.request.data['client_metadata'] as { encrypted_response_enc_values_supported: string[] }).encrypted_response_enc_values_supported).toEqual(['A128GCM', 'A256GCM']);
  });

  it('every request has a fresh nonce and a fresh encryption key', async () => {
    const a = await transaction('unsigned-jwt');
    const b = await transaction('unsigned-jwt');
    expect(a.state.nonce).not.toBe(b.state.nonce);
    expect(a.state.responseKey!.x).not.toBe(b.state.responseKey!.x);
  });

  it('mDL for age_21_plus: DCQL offers mDL or EU PID, the wallet answers with its mDL', async () => {
    const f = await fixtures();
    const { request, state } = await transaction('signed-jwt', age21);
    const data = await answerAnnexD({ request, origin: ORIGIN, credentials: [f.mdl], now: NOW });
    const result = await finishAnnexD(state, { response: data, origin: ORIGIN, purpose: age21, trust: f.trust, now: NOW });
    expect(result.policy.outcome).toBe('complete');
    expect(result.verified.documents.map((d) => d.docType)).toEqual(['org.iso.18013.5.1.mDL']);
  });

  it('accepts a response from any of several expected origins, and only those', async () => {
    const f = await fixtures();
    const other = 'https://m.shop.example';
    const { request, state } = await transaction('signed-jwt', kyc, { origin: [ORIGIN, other] });
    const data = await answerAnnexD({ request, origin: other, credentials: [f.card], now: NOW });
    expect((await finishAnnexD(state, { response: data, origin: other, purpose: kyc, trust: f.trust, now: NOW })).policy.outcome).toBe('complete');
    expect(await codeOf(finishAnnexD(state, { response: data, origin: 'https://evil.example', purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_ONLINE_ORIGIN');
  });
});

describe('Annex D: draft-24 handover compatibility', () => {
  it('is refused by default and accepted only with compatibility.draft24Handover', async () => {
    const f = await fixtures();
    for (const variant of ['unsigned-jwt', 'signed-jwt'] as const) {
      const strict = await transaction(variant);
      const data = await answerAnnexD({ request: strict.request, origin: ORIGIN, credentials: [f.card], now: NOW, onlineFaults: ['draft-24-handover'] });
      expect(await codeOf(finishAnnexD(strict.state, { response: data, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_DEVICE_AUTH');
      const compat = await transaction(variant, kyc, { compatibility: { draft24Handover: true } });
      const old = await answerAnnexD({ request: compat.request, origin: ORIGIN, credentials: [f.card], now: NOW, onlineFaults: ['draft-24-handover'] });
      const seen: string[] = [];
      const result = await finishAnnexD(compat.state, { response: old, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW, onCheck: (c) => seen.push(`${c.id}:${c.status}`) });
      expect(result.handover).toBe('openid4vp-dc-api-draft-24');
      expect(seen).toContain('DEVICE_AUTH:passed');
      expect(seen).not.toContain('DEVICE_AUTH:failed'); // only the attempt that decided is reported
      // a 1.0 wallet still verifies with the 1.0 handover under the option
      const current = await answerAnnexD({ request: compat.request, origin: ORIGIN, credentials: [f.card], now: NOW });
      expect((await finishAnnexD(compat.state, { response: current, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW })).handover).toBe('openid4vp-dc-api');
    }
  });
});

describe('Annex D: online faults', () => {
  const faults = ONLINE_FAULT_CATALOGUE.filter((f) => f.kind === 'wallet' && 'dc-api-annex-d' in f.expected);
  it.each(faults.map((f) => [f.id, (f.expected as Record<string, string | null>)['dc-api-annex-d']] as const))('%s → %s', async (id, code) => {
    const f = await fixtures();
    const { request, state } = await transaction('signed-jwt');
    const data = await answerAnnexD({ request, origin: ORIGIN, credentials: [f.card], now: NOW, onlineFaults: [id as OnlineFaultId] });
    const outcome = finishAnnexD(state, { response: data, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW });
    if (code === null) expect((await outcome).policy.findings.map((x) => x.code)).toContain('UNREQUESTED_ELEMENT');
    else expect(await codeOf(outcome)).toBe(code);
  });

  it('wrong-nonce and wrong-origin over plain dc_api → ERR_DEVICE_AUTH', async () => {
    const f = await fixtures();
    for (const id of ['wrong-nonce', 'wrong-origin'] as const) {
      const { request, state } = await transaction('unsigned-plain');
      const data = await answerAnnexD({ request, origin: ORIGIN, credentials: [f.card], now: NOW, onlineFaults: [id] });
      expect(await codeOf(finishAnnexD(state, { response: data, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_DEVICE_AUTH');
    }
  });

  it('an encrypted response to a plain dc_api request → ERR_ONLINE_RESPONSE_MODE', async () => {
    const f = await fixtures();
    const plain = await transaction('unsigned-plain');
    const enc = await transaction('unsigned-jwt');
    const data = await answerAnnexD({ request: enc.request, origin: ORIGIN, credentials: [f.card], now: NOW });
    expect(await codeOf(finishAnnexD(plain.state, { response: data, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_ONLINE_RESPONSE_MODE');
  });

  it('response-for-another-transaction → ERR_ONLINE_KEY (encrypted), ERR_DEVICE_AUTH (plain)', async () => {
    const f = await fixtures();
    const a = await transaction('signed-jwt');
    const b = await transaction('signed-jwt');
    const data = await answerAnnexD({ request: a.request, origin: ORIGIN, credentials: [f.card], now: NOW });
    expect(await codeOf(finishAnnexD(b.state, { response: data, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_ONLINE_KEY');
    const c = await transaction('unsigned-plain');
    const d = await transaction('unsigned-plain');
    const plain = await answerAnnexD({ request: c.request, origin: ORIGIN, credentials: [f.card], now: NOW });
    expect(await codeOf(finishAnnexD(d.state, { response: plain, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_DEVICE_AUTH');
  });

  it('the wallet refuses a signed request whose expected_origins lack its origin', async () => {
    const f = await fixtures();
    const { request } = await transaction('signed-jwt');
    await expect(answerAnnexD({ request, origin: 'https://evil.example', credentials: [f.card], now: NOW })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });
});
