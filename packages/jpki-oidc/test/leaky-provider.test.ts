import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISO_23220_NAMESPACE, JP_NAMESPACE } from '@uketori/policy';
import { HANAKO, userLogsIn, type RunningProvider } from './provider/provider.js';
import { REDIRECT_URI, startTestProvider, testClient } from './helpers/setup.js';

// A provider that returns claims beyond the granted scopes: a name and a made-up individual-number
// claim with `openid` alone, a gender with `name`, in the ID token and in UserInfo.
let provider: RunningProvider;

beforeAll(async () => {
  provider = await startTestProvider(true);
});

afterAll(async () => {
  await provider?.stop();
});

describe('claims beyond the granted scopes', () => {
  it('drops and reports what an authentication-only login did not ask for', async () => {
    const { client, audit } = testClient(provider);
    const { url, transaction } = await client.startLogin('member_login_jp');
    const { policy } = await client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction);
    expect(policy.outcome).toBe('complete');
    expect(policy.documents[0]!.issuerSigned).toEqual({});
    expect(policy.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'UNREQUESTED_CLAIM', claim: 'x_individual_number', source: 'id_token' }),
        expect.objectContaining({ code: 'UNREQUESTED_ELEMENT', claim: 'name', namespace: JP_NAMESPACE, identifier: 'full_name_unicode' }),
      ]),
    );
    expect(audit.records.at(-1)!.documents[0]!.dropped).toEqual({ [JP_NAMESPACE]: ['full_name_unicode'], 'oidc:claims': ['x_individual_number'] });
    expect(JSON.stringify(policy)).not.toContain(HANAKO.name);
  });

  it('keeps the AML items and drops the gender the provider slipped in', async () => {
    const { client } = testClient(provider);
    const { url, transaction } = await client.startLogin('aml_kyc_jp');
    const { policy } = await client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction);
    expect(policy.outcome).toBe('complete');
    const values = policy.documents[0]!.issuerSigned;
    expect(values[JP_NAMESPACE]!['full_name_unicode']).toBe(HANAKO.name);
    expect(values[ISO_23220_NAMESPACE]).not.toHaveProperty('sex');
    expect(policy.findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'UNREQUESTED_ELEMENT', claim: 'gender', identifier: 'sex_unicode' })]));
  });
});
