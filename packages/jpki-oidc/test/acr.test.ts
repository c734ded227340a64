// requiredAcr: acr_values is only a request (OpenID Connect Core 1.0 §3.1.2.1), so a client that
// needs an authentication context class checks the acr the ID token asserts (§3.1.3.7 step 12).
// Two real providers: one asserts `aal3`, the other no acr at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, keys, REDIRECT_URI, startTestProvider, testClient } from './helpers/setup.js';
import { userLogsIn, type RunningProvider } from './provider/provider.js';
import { createJpkiClient } from '../src/index.js';

let aal3: RunningProvider;
let noAcr: RunningProvider;

beforeAll(async () => {
  [aal3, noAcr] = await Promise.all([startTestProvider(false, 'aal3'), startTestProvider()]);
});

afterAll(async () => {
  await Promise.all([aal3?.stop(), noAcr?.stop()]);
});

describe('a required authentication context class (requiredAcr)', () => {
  it('accepts a login whose ID token asserts a required acr', async () => {
    const { client } = testClient(aal3, { acrValues: 'aal3', requiredAcr: ['aal2', 'aal3'] });
    const { url, transaction } = await client.startLogin('member_login_jp');
    expect(url.searchParams.get('acr_values')).toBe('aal3');
    const { verified, policy } = await client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction);
    expect(verified.acr).toBe('aal3');
    expect(verified.checks.find((c) => c.id === 'OIDC_ACR')?.status).toBe('passed');
    expect(policy.outcome).toBe('complete');
  });

  it('refuses a login whose ID token asserts another acr, and records the rejection', async () => {
    const { client, audit } = testClient(aal3, { acrValues: 'aal4', requiredAcr: 'aal4' });
    const { url, transaction } = await client.startLogin('member_login_jp');
    const err = await client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_OIDC_ACR', oidcCheck: 'OIDC_ACR', details: { claim: 'acr' } });
    expect(audit.records.at(-1)).toMatchObject({ decision: 'response', outcome: 'rejected', code: 'ERR_OIDC_ACR' });
  });

  it('refuses a login whose ID token asserts no acr although one was asked for', async () => {
    const checks: string[] = [];
    const { client } = testClient(noAcr, { acrValues: 'aal3', requiredAcr: 'aal3', onCheck: (c) => checks.push(`${c.id}:${c.status}`) });
    const { url, transaction } = await client.startLogin('member_login_jp');
    await expect(client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction)).rejects.toMatchObject({ code: 'ERR_OIDC_ACR' });
    expect(checks).toContain('OIDC_ACR:failed');
  });

  it('without requiredAcr, accepts any acr or none and skips the check', async () => {
    const { client } = testClient(noAcr, { acrValues: 'aal3' });
    const { url, transaction } = await client.startLogin('member_login_jp');
    const { verified } = await client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction);
    expect(verified.acr).toBeUndefined();
    expect(verified.checks.find((c) => c.id === 'OIDC_ACR')?.status).toBe('skipped');
  });

  it.each([[''], [[]], [['aal3 crl']], [[3]]])('refuses requiredAcr %j at construction', (requiredAcr) => {
    expect(() => createJpkiClient({ issuer: 'https://auth-and-sign.example/api/realms/main', clientId: CLIENT_ID, privateKey: keys.privateKey, kid: 'k', redirectUri: REDIRECT_URI, requiredAcr: requiredAcr as never })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
  });
});
