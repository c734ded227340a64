/** Malformed, oversized and hostile input from the holder's side: a coded error, never a crash. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64urlEncode, encodeCbor } from '@uketori/mdoc';
import { answerAnnexD } from '@uketori/test-sender';
import { createAnnexCRequest, createAnnexDRequest, createAppleInAppRequest, createOid4vpRequest, finishAnnexC, finishAnnexD, finishAppleInApp, finishOid4vp, OnlineError } from '../../src/index.js';
import { NOW, ORIGIN, RP_HOST, codeOf, fixtures, kyc } from './setup.js';

const huge = 'A'.repeat(3 * 1024 * 1024);

describe('Annex C: malformed responses', () => {
  it.each([
    ['bad base64url', { response: 'not base64url!' }, 'ERR_ONLINE_ENCODING'],
    ['padding', { response: 'gmVkY2Fwaa==' }, 'ERR_ONLINE_ENCODING'],
    ['not CBOR', { response: base64urlEncode(Uint8Array.of(0x5f, 0x41)) }, 'ERR_ONLINE_ENCODING'],
    ['CBOR of another shape', { response: base64urlEncode(encodeCbor(['dcapi', 'x'])) }, 'ERR_ONLINE_STRUCTURE'],
    ['wrong tag string', { response: base64urlEncode(encodeCbor(['other', new Map([['enc', new Uint8Array(65)], ['cipherText', new Uint8Array(32)]])])) }, 'ERR_ONLINE_STRUCTURE'],
    ['enc not a point', { response: base64urlEncode(encodeCbor(['dcapi', new Map([['enc', new Uint8Array(10)], ['cipherText', new Uint8Array(32)]])])) }, 'ERR_ONLINE_STRUCTURE'],
    ['enc off the curve', { response: base64urlEncode(encodeCbor(['dcapi', new Map([['enc', Uint8Array.from([4, ...new Uint8Array(64).fill(1)])], ['cipherText', new Uint8Array(32)]])])) }, 'ERR_ONLINE_DECRYPT'],
    ['huge', { response: huge }, 'ERR_ONLINE_TOO_LARGE'],
    ['not a string', { response: 42 }, 'ERR_ONLINE_STRUCTURE'],
    ['null', null, 'ERR_ONLINE_STRUCTURE'],
  ])('%s → %s', async (_name, response, code) => {
    const f = await fixtures();
    const { state } = createAnnexCRequest({ purpose: kyc, origin: ORIGIN, now: NOW });
    const err = await finishAnnexC(state, { response, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OnlineError);
    expect((err as OnlineError).code).toBe(code);
  });

  it('a tampered transaction state → ERR_ONLINE_TRANSACTION', async () => {
    const f = await fixtures();
    const { state } = createAnnexCRequest({ purpose: kyc, origin: ORIGIN, now: NOW });
    for (const bad of [{ ...state, v: 2 }, { ...state, flow: 'dc-api-annex-d' }, { ...state, recipientKey: { ...state.recipientKey, x: 'AA' } }, null]) {
      expect(await codeOf(finishAnnexC(bad as typeof state, { response: { response: 'gmVkY2Fwaa' }, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW }))).toMatch(/^ERR_ONLINE_(TRANSACTION|ENCODING|STRUCTURE)$/);
    }
    expect(await codeOf(finishAnnexC({ ...state, v: 2 } as unknown as typeof state, { response: {}, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_ONLINE_TRANSACTION');
  });

  it('a request for a non-serialized origin is a caller error', () => {
    for (const origin of ['https://shop.example/', 'https://shop.example/path', 'http://shop.example', 'shop.example']) {
      expect(() => createAnnexCRequest({ purpose: kyc, origin, now: NOW })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
    }
  });
});

describe('OpenID4VP: malformed responses', () => {
  it.each([
    ['huge JWE', { response: `${huge}.a.b.c.d` }, 'ERR_ONLINE_TOO_LARGE'],
    ['not a compact JWE', { response: 'a.b.c' }, 'ERR_ONLINE_ENCODING'],
    ['header not JSON', { response: 'bm90IGpzb24.x.aaaa.bbbb.cccc' }, 'ERR_ONLINE_ENCODING'],
    ['alg outside the allow-list', { response: `${base64urlEncode(new TextEncoder().encode('{"alg":"RSA-OAEP","enc":"A128GCM"}'))}.x.aaaa.bbbb.cccc` }, 'ERR_ONLINE_ALGORITHM'],
    ['right header, garbage body', { response: `${base64urlEncode(new TextEncoder().encode('{"alg":"ECDH-ES","enc":"A128GCM"}'))}..aaaa.bbbb.cccc` }, 'ERR_ONLINE_DECRYPT'],
    ['vp_token without encryption', { vp_token: '{}' }, 'ERR_ONLINE_RESPONSE_MODE'],
    ['empty body', {}, 'ERR_ONLINE_STRUCTURE'],
    ['body not an object', 'response=x', 'ERR_ONLINE_STRUCTURE'],
    ['wallet error with free text', { error: 'access_denied', error_description: 'Taro Yamada said no' }, 'ERR_ONLINE_WALLET_ERROR'],
  ])('direct_post.jwt: %s → %s', async (_name, body, code) => {
    const f = await fixtures();
    const { state } = await createOid4vpRequest({ purpose: kyc, signer: f.signer, requestUri: `https://${RP_HOST}/q`, responseUri: `https://${RP_HOST}/r`, now: NOW });
    const err = await finishOid4vp(state, { body, purpose: kyc, trust: f.trust, now: NOW }).catch((e: unknown) => e);
    expect((err as OnlineError).code).toBe(code);
    expect((err as Error).message).not.toContain('Taro');
  });

  it.each([
    ['vp_token not JSON', 'not json', 'ERR_ONLINE_ENCODING'],
    ['vp_token an array', '[]', 'ERR_ONLINE_VP_TOKEN'],
    ['entry not an array', '{"org_iso_23220_1_jp_mnc":"abc"}', 'ERR_ONLINE_VP_TOKEN'],
    ['two presentations', '{"org_iso_23220_1_jp_mnc":["abc","abc"]}', 'ERR_ONLINE_VP_TOKEN'],
    ['entry not base64url', '{"org_iso_23220_1_jp_mnc":["***"]}', 'ERR_ONLINE_ENCODING'],
    ['entry not a DeviceResponse', `{"org_iso_23220_1_jp_mnc":["${base64urlEncode(Uint8Array.of(0xff, 0x00))}"]}`, 'ERR_CBOR_'],
  ])('direct_post: %s → %s', async (_name, vpToken, code) => {
    const f = await fixtures();
    const { state } = await createOid4vpRequest({ purpose: kyc, signer: f.signer, requestUri: `https://${RP_HOST}/q`, responseUri: `https://${RP_HOST}/r`, responseMode: 'direct_post', now: NOW });
    const err = await finishOid4vp(state, { body: { vp_token: vpToken, state: state.state }, purpose: kyc, trust: f.trust, now: NOW }).catch((e: unknown) => e);
    expect(String((err as { code?: string }).code)).toMatch(new RegExp(`^${code}`));
  });

  it('a lower maxResponseBytes limit applies', async () => {
    const f = await fixtures();
    const { request, state } = await createAnnexDRequest({ purpose: kyc, origin: ORIGIN, now: NOW });
    const data = await answerAnnexD({ request, origin: ORIGIN, credentials: [f.card], now: NOW });
    expect(await codeOf(finishAnnexD(state, { response: data, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW, limits: { maxResponseBytes: 1000 } }))).toBe('ERR_ONLINE_TOO_LARGE');
  });
});

describe('Apple in-app: malformed envelopes', () => {
  const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  it.each([
    ['not CBOR', Uint8Array.of(0xff), 'ERR_ONLINE_ENCODING'],
    ['not a map', encodeCbor([1, 2]), 'ERR_ONLINE_STRUCTURE'],
    ['another algorithm', encodeCbor(new Map<string, unknown>([['algorithm', 'X'], ['params', new Map([['mode', 0]])], ['data', new Uint8Array(20)]])), 'ERR_ONLINE_ALGORITHM'],
    ['params incomplete', encodeCbor(new Map<string, unknown>([['algorithm', 'APPLE-HPKE-v1'], ['params', new Map([['mode', 0]])], ['data', new Uint8Array(20)]])), 'ERR_ONLINE_STRUCTURE'],
  ])('%s → %s', async (_name, encryptedData, code) => {
    const f = await fixtures();
    const { state } = createAppleInAppRequest({ purpose: kyc, merchantId: 'm', teamId: 't', now: NOW });
    expect(await codeOf(finishAppleInApp(state, { encryptedData, recipientKey: key.privateKey, purpose: kyc, trust: f.trust, now: NOW }))).toBe(code);
  });
});
