/** OpenID4VP 1.0 over redirects (cross-device and same-device), and the TS 18013-7:2024 Annex B profile. */
import { describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { ONLINE_FAULT_CATALOGUE, answerOid4vp, parseAuthorizationLink, type OnlineFaultId } from '@uketori/test-sender';
import { checkResponseCode, createOid4vpRequest, finishOid4vp, requestObjectFor, type CreateOid4vpRequestOptions } from '../../src/index.js';
import { NOW, RP_HOST, age21, codeOf, fixtures, kyc } from './setup.js';

async function transaction(extra: Partial<CreateOid4vpRequestOptions> = {}, purpose = kyc) {
  const f = await fixtures();
  return createOid4vpRequest({
    purpose,
    signer: f.signer,
    requestUri: `https://${RP_HOST}/oid4vp/request/t1`,
    responseUri: `https://${RP_HOST}/oid4vp/response/t1`,
    now: NOW,
    ...extra,
  });
}

describe('OpenID4VP 1.0 redirect: requests', () => {
  it('builds an openid4vp:// link and a JAR with x509_hash, DCQL with intent_to_retain, state and nonce', async () => {
    const { link, requestObject, state } = await transaction();
    expect(link.startsWith('openid4vp://?')).toBe(true);
    const parsed = parseAuthorizationLink(link);
    expect(parsed).toEqual({ clientId: state.clientId, requestUri: `https://${RP_HOST}/oid4vp/request/t1`, requestUriMethod: 'get' });
    expect(decodeProtectedHeader(requestObject)).toMatchObject({ typ: 'oauth-authz-req+jwt', alg: 'ES256' });
    expect(decodeProtectedHeader(requestObject).x5c).toHaveLength(1);
    const claims = decodeJwt(requestObject) as Record<string, unknown>;
    expect(claims).toMatchObject({ response_type: 'vp_token', response_mode: 'direct_post.jwt', aud: 'https://self-issued.me/v2', nonce: state.nonce, state: state.state });
    expect(String(claims['client_id'])).toMatch(/^x509_hash:/);
    const dcql = claims['dcql_query'] as { credentials: { claims: { path: string[]; intent_to_retain: boolean }[] }[] };
    expect(dcql.credentials[0]!.claims.map((c) => c.path[1])).toContain('full_name_unicode');
    expect(dcql.credentials[0]!.claims.every((c) => typeof c.intent_to_retain === 'boolean')).toBe(true);
    expect(await requestObjectFor(state)).toBe(requestObject); // fetchable more than once
  });

  it('x509_san_dns needs the DNS name in the certificate', async () => {
    const { state } = await transaction({ clientIdPrefix: 'x509_san_dns' });
    expect(state.clientId).toBe(`x509_san_dns:${RP_HOST}`);
    expect(await codeOf(transaction({ clientIdPrefix: 'x509_san_dns', dnsName: 'other.example' }))).toBe('ERR_ONLINE_CONFIG');
  });
  it('wallet endpoints must be https, or http on the loopback interface only', async () => {
    await expect(transaction({ requestUri: 'http://127.0.0.1:3000/r', responseUri: 'http://127.0.0.1:3000/p' })).resolves.toBeDefined();
    await expect(transaction({ requestUri: 'http://localhost:3000/r', responseUri: 'http://localhost:3000/p' })).resolves.toBeDefined();
    expect(await codeOf(transaction({ responseUri: `http://${RP_HOST}/oid4vp/response/t1` }))).toBe('ERR_INVALID_ARG_VALUE');
    expect(await codeOf(transaction({ requestUri: 'http://127.0.0.1.example/r' }))).toBe('ERR_INVALID_ARG_VALUE');
    expect(await codeOf(transaction({ responseUri: `https://${RP_HOST}/oid4vp/response/t1#frag` }))).toBe('ERR_INVALID_ARG_VALUE');
  });
});

describe('OpenID4VP 1.0 redirect: end to end', () => {
  it.each([
    ['cross-device, direct_post.jwt, x509_hash', {}],
    ['cross-device, direct_post, x509_san_dns', { responseMode: 'direct_post' as const, clientIdPrefix: 'x509_san_dns' as const }],
  ])('My Number Card: %s', async (_name, extra) => {
    const f = await fixtures();
    const { link, requestObject, state } = await transaction(extra);
    const { responseUri, body } = await answerOid4vp({ requestObject, link, credentials: [f.card], now: NOW });
    expect(responseUri).toBe(state.responseUri);
    const result = await finishOid4vp(JSON.parse(JSON.stringify(state)), { body, purpose: kyc, trust: f.trust, now: NOW });
    expect(result.policy.outcome).toBe('complete');
    expect(result.handover).toBe('openid4vp');
    expect(result.redirectUri).toBeNull();
  });

  it('same-device: redirect_uri with a one-time response_code, checked before the result is released', async () => {
    const f = await fixtures();
    const { requestObject, state } = await transaction({ redirectUri: `https://${RP_HOST}/done` });
    const { body } = await answerOid4vp({ requestObject, credentials: [f.card], now: NOW });
    const result = await finishOid4vp(state, { body, purpose: kyc, trust: f.trust, now: NOW });
    expect(result.redirectUri).toBe(`https://${RP_HOST}/done#response_code=${state.responseCode}`);
    const code = new URLSearchParams(new URL(result.redirectUri!).hash.slice(1)).get('response_code');
    expect(() => checkResponseCode(state, code)).not.toThrow();
    expect(() => checkResponseCode(state, 'guess')).toThrow(expect.objectContaining({ code: 'ERR_ONLINE_RESPONSE_CODE' }));
  });

  it('request_uri_method=post: the request object echoes wallet_nonce', async () => {
    const f = await fixtures();
    const { link, state } = await transaction({ requestUriMethod: 'post' });
    expect(parseAuthorizationLink(link).requestUriMethod).toBe('post');
    const requestObject = await requestObjectFor(state, { signer: f.signer, walletNonce: 'wn-123' });
    expect(decodeJwt(requestObject)['wallet_nonce']).toBe('wn-123');
    const { body } = await answerOid4vp({ requestObject, link, walletNonce: 'wn-123', credentials: [f.card], now: NOW });
    expect((await finishOid4vp(state, { body, purpose: kyc, trust: f.trust, now: NOW })).policy.outcome).toBe('complete');
    await expect(answerOid4vp({ requestObject: state.requestObject, walletNonce: 'wn-123', credentials: [f.card] })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });

  it('mDL for age_21_plus', async () => {
    const f = await fixtures();
    const { requestObject, state } = await transaction({}, age21);
    const { body } = await answerOid4vp({ requestObject, credentials: [f.mdl], now: NOW });
    const result = await finishOid4vp(state, { body, purpose: age21, trust: f.trust, now: NOW });
    expect(result.policy.outcome).toBe('complete');
  });
});

describe('OpenID4VP 1.0 redirect: online faults', () => {
  const faults = ONLINE_FAULT_CATALOGUE.filter((f) => f.kind === 'wallet' && 'oid4vp-redirect' in f.expected && f.id !== 'wrong-apv');
  it.each(faults.map((f) => [f.id, (f.expected as Record<string, string | null>)['oid4vp-redirect']] as const))('%s → %s', async (id, code) => {
    const f = await fixtures();
    const { requestObject, state } = await transaction();
    const { body } = await answerOid4vp({ requestObject, credentials: [f.card], now: NOW, onlineFaults: [id as OnlineFaultId] });
    const outcome = finishOid4vp(state, { body, purpose: kyc, trust: f.trust, now: NOW });
    if (code === null) expect((await outcome).policy.findings.map((x) => x.code)).toContain('UNREQUESTED_ELEMENT');
    else expect(await codeOf(outcome)).toBe(code);
  });

  it('wrong-state over plain direct_post → ERR_ONLINE_STATE; a response for another transaction too', async () => {
    const f = await fixtures();
    const a = await transaction({ responseMode: 'direct_post' });
    const b = await transaction({ responseMode: 'direct_post' });
    const bad = await answerOid4vp({ requestObject: a.requestObject, credentials: [f.card], now: NOW, onlineFaults: ['wrong-state'] });
    expect(await codeOf(finishOid4vp(a.state, { body: bad.body, purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_ONLINE_STATE');
    const good = await answerOid4vp({ requestObject: a.requestObject, credentials: [f.card], now: NOW });
    expect(await codeOf(finishOid4vp(b.state, { body: good.body, purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_ONLINE_STATE');
  });

  it('response-for-another-transaction (direct_post.jwt) → ERR_ONLINE_KEY', async () => {
    const f = await fixtures();
    const a = await transaction();
    const b = await transaction();
    const { body } = await answerOid4vp({ requestObject: a.requestObject, credentials: [f.card], now: NOW });
    expect(await codeOf(finishOid4vp(b.state, { body, purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_ONLINE_KEY');
  });
});

describe('TS 18013-7:2024 Annex B profile (opt-in compatibility)', () => {
  it('builds a draft-18 request and verifies over the mdocGeneratedNonce handover', async () => {
    const f = await fixtures();
    const { link, requestObject, state } = await transaction({ profile: 'iso18013-7-2024-annex-b' });
    expect(link.startsWith('mdoc-openid4vp://?client_id=rp.example&')).toBe(true);
    const claims = decodeJwt(requestObject) as Record<string, unknown>;
    expect(claims).toMatchObject({ client_id: RP_HOST, client_id_scheme: 'x509_san_dns', response_mode: 'direct_post.jwt' });
    expect(claims['presentation_definition']).toBeDefined();
    expect(claims['dcql_query']).toBeUndefined();
    const { body } = await answerOid4vp({ requestObject, credentials: [f.card], now: NOW });
    expect(decodeProtectedHeader(body['response']!)).toMatchObject({ alg: 'ECDH-ES', enc: 'A256GCM' });
    const result = await finishOid4vp(state, { body, purpose: kyc, trust: f.trust, now: NOW });
    expect(result.handover).toBe('openid4vp-draft-18');
    expect(result.policy.outcome).toBe('complete');
  });

  it.each([
    ['wrong-apv', 'ERR_ONLINE_NONCE'],
    ['wrong-client-id', 'ERR_DEVICE_AUTH'],
    ['wrong-response-uri', 'ERR_DEVICE_AUTH'],
    ['tampered-ciphertext', 'ERR_ONLINE_DECRYPT'],
  ] as const)('%s → %s', async (id, code) => {
    const f = await fixtures();
    const { requestObject, state } = await transaction({ profile: 'iso18013-7-2024-annex-b' });
    const { body } = await answerOid4vp({ requestObject, credentials: [f.card], now: NOW, onlineFaults: [id] });
    expect(await codeOf(finishOid4vp(state, { body, purpose: kyc, trust: f.trust, now: NOW }))).toBe(code);
  });
});
