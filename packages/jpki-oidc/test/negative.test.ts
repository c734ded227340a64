import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowLoopbackHttp, createJpkiClient, realmMetadata } from '../src/index.js';
import { closedPort, HANAKO, userLogsIn, type RunningProvider } from './provider/provider.js';
import { CLIENT_ID, keys, REDIRECT_URI, SHORT_TTL_CLIENT_ID, startTestProvider, tamperingFetch, testClient } from './helpers/setup.js';

let provider: RunningProvider;

beforeAll(async () => {
  provider = await startTestProvider();
});

afterAll(async () => {
  await provider?.stop();
});

/** Flips one bit in the middle of a base64url segment (still valid base64url). */
function flip(segment: string): string {
  const i = Math.floor(segment.length / 2);
  const c = segment[i]!;
  return segment.slice(0, i) + (c === 'A' ? 'B' : 'A') + segment.slice(i + 1);
}

function reencode(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

describe('scope minimisation: the purpose decides, before any redirect', () => {
  it('refuses purposes the channel cannot serve and records the refusal', async () => {
    const { client, audit } = testClient(provider);
    await expect(client.startLogin('age_20_plus')).rejects.toMatchObject({ code: 'ERR_POLICY_CHANNEL' });
    await expect(client.startLogin('mynumber_collection_jp')).rejects.toMatchObject({ code: 'ERR_POLICY_CHANNEL' });
    await expect(client.startLogin('secondhand_dealer_jp')).rejects.toMatchObject({ code: 'ERR_POLICY_NOT_PERMITTED' });
    expect(audit.records.map((r) => [r.purposeId, r.outcome, r.code])).toEqual([
      ['age_20_plus', 'refused', 'ERR_POLICY_CHANNEL'],
      ['mynumber_collection_jp', 'refused', 'ERR_POLICY_CHANNEL'],
      ['secondhand_dealer_jp', 'refused', 'ERR_POLICY_NOT_PERMITTED'],
    ]);
  });

  it('refuses an element the channel cannot deliver, naming the element', async () => {
    const { client, audit } = testClient(provider);
    const portrait = client.startLogin('aml_kyc_jp', { elements: [{ namespace: 'org.iso.23220.1.jp', identifier: 'portrait' }] });
    await expect(portrait).rejects.toMatchObject({ code: 'ERR_POLICY_OVER_REQUEST', details: { identifier: 'portrait' } });
    expect(audit.records[0]).toMatchObject({ outcome: 'refused', code: 'ERR_POLICY_OVER_REQUEST', element: 'org.iso.23220.1.jp/portrait' });
  });

  it('refuses a scope beyond the purpose and narrows to the scopes asked for', async () => {
    const { client } = testClient(provider);
    await expect(client.startLogin('aml_kyc_jp', { scopes: ['gender'] })).rejects.toMatchObject({ code: 'ERR_POLICY_OVER_REQUEST' });
    await expect(client.startLogin('aml_kyc_jp', { scopes: ['sign'] })).rejects.toMatchObject({ code: 'ERR_POLICY_OVER_REQUEST' });
    const { url, transaction } = await client.startLogin('aml_kyc_jp', { elements: [{ namespace: 'org.iso.23220.1', identifier: 'birth_date' }] });
    expect(url.searchParams.get('scope')).toBe('openid birthdate');
    expect(transaction.plan.elements.map((e) => e.identifier)).toEqual(['birth_date']);
  });
});

describe('a login that must fail', () => {
  it('rejects an ID token whose signature was tampered with', async () => {
    const fetch = tamperingFetch({
      token: (body) => {
        const [h, p, s] = (body['id_token'] as string).split('.');
        return { ...body, id_token: `${h}.${p}.${flip(s!)}` };
      },
    });
    const { client, audit } = testClient(provider, { fetch });
    const { url, transaction } = await client.startLogin('aml_kyc_jp');
    const err = await client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_OIDC_ID_TOKEN', oidcCheck: 'OIDC_ID_TOKEN' });
    expect(audit.records.at(-1)).toMatchObject({ decision: 'response', outcome: 'rejected', code: 'ERR_OIDC_ID_TOKEN' });
  });

  it('rejects an ID token whose claims were changed after signing', async () => {
    const fetch = tamperingFetch({
      token: (body) => {
        const [h, p, s] = (body['id_token'] as string).split('.');
        const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
        return { ...body, id_token: `${h}.${reencode({ ...claims, sub: 'taro' })}.${s}` };
      },
    });
    const { client } = testClient(provider, { fetch });
    const { url, transaction } = await client.startLogin('member_login_jp');
    await expect(client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction)).rejects.toMatchObject({ code: 'ERR_OIDC_ID_TOKEN' });
  });

  it('rejects an ID token issued for another login (wrong nonce)', async () => {
    const { client } = testClient(provider);
    const { url, transaction } = await client.startLogin('member_login_jp');
    const callback = await userLogsIn(url, 'hanako', REDIRECT_URI);
    const err = await client.finishLogin(callback, { ...transaction, nonce: 'a-nonce-of-another-login' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_OIDC_NONCE', details: { claim: 'nonce' } });
    expect(inspect(err, { depth: 6 })).not.toContain(transaction.nonce);
  });

  it('rejects an authorization response with the state of another login, before any code exchange', async () => {
    const { client } = testClient(provider);
    const first = await client.startLogin('member_login_jp');
    const second = await client.startLogin('member_login_jp');
    const callback = await userLogsIn(first.url, 'hanako', REDIRECT_URI);
    await expect(client.finishLogin(callback, second.transaction)).rejects.toMatchObject({ code: 'ERR_OIDC_STATE' });
    // The code was not spent: the login it belongs to still completes.
    await expect(client.finishLogin(callback, first.transaction)).resolves.toMatchObject({ policy: { outcome: 'complete' } });
  });

  it('rejects a response without state', async () => {
    const { client } = testClient(provider);
    const { url, transaction } = await client.startLogin('member_login_jp');
    const callback = await userLogsIn(url, 'hanako', REDIRECT_URI);
    callback.searchParams.delete('state');
    await expect(client.finishLogin(callback, transaction)).rejects.toMatchObject({ code: 'ERR_OIDC_STATE' });
  });

  it('rejects a wrong PKCE verifier at the provider', async () => {
    const { client } = testClient(provider);
    const { url, transaction } = await client.startLogin('member_login_jp');
    const callback = await userLogsIn(url, 'hanako', REDIRECT_URI);
    const verifier = 'x'.repeat(43);
    await expect(client.finishLogin(callback, { ...transaction, codeVerifier: verifier })).rejects.toMatchObject({ code: 'ERR_OIDC_TOKEN', details: { oauthError: 'invalid_grant' } });
  });

  it('rejects an ID token that expired before it was checked (1 s lifetime, response held back)', async () => {
    const fetch = tamperingFetch({ tokenDelayMs: 2100 });
    const { client } = testClient(provider, { clientId: SHORT_TTL_CLIENT_ID, clockToleranceSeconds: 0, fetch });
    const { url, transaction } = await client.startLogin('member_login_jp');
    const err = await client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_OIDC_ID_TOKEN_VALIDITY', details: { claim: 'exp' } });
  });

  it('rejects an ID token that is expired at the injected clock', async () => {
    const later = () => new Date(Date.now() + 2 * 60 * 60 * 1000);
    const { client: starter } = testClient(provider);
    const { client } = testClient(provider, { clock: later, transactionTtlSeconds: 3 * 60 * 60 });
    const { url, transaction } = await starter.startLogin('member_login_jp');
    await expect(client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction)).rejects.toMatchObject({ code: 'ERR_OIDC_ID_TOKEN_VALIDITY', details: { claim: 'exp' } });
  });

  it('rejects a login transaction older than its lifetime', async () => {
    const { client } = testClient(provider, { transactionTtlSeconds: 0, clock: () => new Date(Date.now() + 1000) });
    const { client: starter } = testClient(provider);
    const { url, transaction } = await starter.startLogin('member_login_jp');
    await expect(client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction)).rejects.toMatchObject({ code: 'ERR_OIDC_LOGIN_STATE' });
  });

  it('rejects a UserInfo response about another person', async () => {
    const fetch = tamperingFetch({ userinfo: (body) => ({ ...body, sub: 'taro' }) });
    const { client } = testClient(provider, { fetch });
    const { url, transaction } = await client.startLogin('aml_kyc_jp');
    await expect(client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction)).rejects.toMatchObject({ code: 'ERR_OIDC_USERINFO_SUB' });
  });

  it('rejects a claim in a form it does not know, naming the claim and not the value', async () => {
    const fetch = tamperingFetch({ userinfo: (body) => ({ ...body, birthdate: '平成2年4月1日' }) });
    const { client } = testClient(provider, { fetch });
    const { url, transaction } = await client.startLogin('aml_kyc_jp');
    const err = await client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_OIDC_CLAIMS', details: { claim: 'birthdate' } });
    expect(inspect(err, { depth: 6 })).not.toContain('平成2年');
    expect(inspect(err, { depth: 6 })).not.toContain(HANAKO.name);
  });

  it('reports a user who cancelled at the provider as a coded authorization error', async () => {
    const { client } = testClient(provider);
    const { transaction } = await client.startLogin('member_login_jp');
    const callback = new URL(REDIRECT_URI);
    callback.search = new URLSearchParams({ error: 'access_denied', state: transaction.state, iss: provider.issuer }).toString();
    await expect(client.finishLogin(callback, transaction)).rejects.toMatchObject({ code: 'ERR_OIDC_AUTHORIZATION_RESPONSE', details: { oauthError: 'access_denied' } });
  });
});

describe('a provider that is down', () => {
  it('fails discovery with a clear coded error', async () => {
    const port = await closedPort();
    const client = createJpkiClient({
      issuer: `http://127.0.0.1:${port}/api/realms/main`,
      clientId: CLIENT_ID,
      privateKey: keys.privateKey,
      kid: 'rp-key-1',
      redirectUri: REDIRECT_URI,
      [allowLoopbackHttp]: true,
    });
    await expect(client.startLogin('aml_kyc_jp')).rejects.toMatchObject({ code: 'ERR_OIDC_PROVIDER_UNREACHABLE' });
  });

  it('fails the code exchange with a clear coded error when the provider went away after the redirect', async () => {
    const port = await closedPort();
    const issuer = `http://127.0.0.1:${port}/api/realms/main`;
    const client = createJpkiClient({ issuer, metadata: realmMetadata(issuer), clientId: CLIENT_ID, privateKey: keys.privateKey, kid: 'rp-key-1', redirectUri: REDIRECT_URI, [allowLoopbackHttp]: true });
    const { transaction } = await client.startLogin('aml_kyc_jp');
    const callback = new URL(REDIRECT_URI);
    callback.search = new URLSearchParams({ code: 'some-code', state: transaction.state, iss: issuer }).toString();
    const err = await client.finishLogin(callback, transaction).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_OIDC_PROVIDER_UNREACHABLE' });
    expect(inspect(err, { depth: 6 })).not.toContain('some-code');
  });

  it('refuses an http issuer that is not on the loopback interface', () => {
    expect(() => createJpkiClient({ issuer: 'http://auth-and-sign.example/api/realms/main', clientId: CLIENT_ID, privateKey: keys.privateKey, kid: 'k', redirectUri: REDIRECT_URI, [allowLoopbackHttp]: true })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
    expect(() => createJpkiClient({ issuer: provider.issuer, clientId: CLIENT_ID, privateKey: keys.privateKey, kid: 'k', redirectUri: REDIRECT_URI })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  });
});
