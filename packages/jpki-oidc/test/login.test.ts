import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FullDate } from '@uketori/mdoc';
import { birthDateOf, definePurpose, isSensitiveValue, ISO_23220_NAMESPACE, JP_NAMESPACE, MY_NUMBER_CARD_DOCTYPE, sexOf } from '@uketori/policy';
import { channelOf, gateOidcLogin, planOidcRequest, type VerifiedOidcLogin } from '../src/index.js';
import { HANAKO, TARO, userLogsIn, type RunningProvider } from './provider/provider.js';
import { REDIRECT_URI, startTestProvider, testClient } from './helpers/setup.js';

let provider: RunningProvider;

beforeAll(async () => {
  provider = await startTestProvider();
});

afterAll(async () => {
  await provider?.stop();
});

describe('a full login against a real OpenID Provider', () => {
  it('authenticates an authentication-only purpose with openid alone and returns no attribute', async () => {
    const { client, audit } = testClient(provider);
    const { url, transaction } = await client.startLogin('member_login_jp');
    expect(url.searchParams.get('scope')).toBe('openid');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const callback = await userLogsIn(url, 'hanako', REDIRECT_URI);
    const { verified, policy } = await client.finishLogin(callback, transaction);

    expect(verified.subject).toBe('hanako');
    expect(verified.issuer).toBe(provider.issuer);
    expect(channelOf(policy)).toBe('jpki-oidc');
    expect(policy.outcome).toBe('complete');
    expect(policy.documents[0]!.docType).toBe(MY_NUMBER_CARD_DOCTYPE);
    expect(policy.documents[0]!.issuerSigned).toEqual({});
    expect(policy.findings).toEqual([]);
    // a purpose with no elements: nothing retained, no legal basis cited on this channel
    expect(policy.documents[0]!.retention).toEqual([]);
    expect(policy.legalBasis).toEqual([]);
    expect(verified.checks.find((c) => c.id === 'OIDC_USERINFO')?.status).toBe('skipped');
    expect(verified.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(audit.records.map((r) => [r.decision, r.outcome, (r as { channel?: string }).channel])).toEqual([
      ['request', 'requested', 'jpki-oidc'],
      ['response', 'complete', 'jpki-oidc'],
    ]);
  });

  it('delivers exactly the basic items an AML purpose needs, as My Number Card elements typed like the mdoc path', async () => {
    const { client, audit } = testClient(provider);
    const { url, transaction } = await client.startLogin('aml_kyc_jp');
    expect(url.searchParams.get('scope')).toBe('openid name address birthdate');
    const callback = await userLogsIn(url, 'hanako', REDIRECT_URI);
    const { policy } = await client.finishLogin(callback, transaction);

    expect(policy.outcome).toBe('complete');
    const doc = policy.documents[0]!;
    expect(doc.issuerSigned[JP_NAMESPACE]).toEqual({ full_name_unicode: HANAKO.name, resident_address_unicode: HANAKO.address });
    expect(doc.issuerSigned[ISO_23220_NAMESPACE]!['birth_date']).toBeInstanceOf(FullDate);
    expect(birthDateOf(doc.issuerSigned)?.date.toString()).toBe('1990-04-01');
    // gender was not asked for, so nothing about sex exists in the result
    expect(sexOf(doc.issuerSigned)).toBeUndefined();
    expect(doc.retention.every((r) => r.retention.retain && r.retention.rule === 'kyc_record')).toBe(true);
    expect(policy.audit.documents[0]!.received).toEqual({ [JP_NAMESPACE]: ['full_name_unicode', 'resident_address_unicode'], [ISO_23220_NAMESPACE]: ['birth_date'] });
    // The basis recorded is this channel's — the JPKI method of 施行規則 6条1項1号 — never ル (the card-substitute record).
    const cited = (entries: readonly { article: { ja: string } }[]) => entries.map((b) => b.article.ja);
    const jpki = new Date() < new Date('2027-03-31T15:00:00Z') ? ['第6条第1項第1号カ'] : ['第6条第1項第1号ヌ'];
    expect(cited(policy.legalBasis)).toEqual(jpki);
    for (const record of audit.records) expect(JSON.stringify(record)).not.toContain('第6条第1項第1号ル');
    expect(audit.records.every((r) => JSON.stringify(r.legalBasis).includes(jpki[0]!))).toBe(true);
    // names only: no value of the person reaches an audit record or the verified report
    const logged = JSON.stringify(audit.records);
    for (const value of Object.values(HANAKO)) expect(logged).not.toContain(value);
  });

  it('maps all four items, including JPKI-style codes and compact dates, for a purpose that asks for gender', async () => {
    const { client } = testClient(provider);
    const { url, transaction } = await client.startLogin('basic_four_jp');
    expect(url.searchParams.get('scope')).toBe('openid name address birthdate gender');
    const { policy } = await client.finishLogin(await userLogsIn(url, 'taro', REDIRECT_URI), transaction);
    const values = policy.documents[0]!.issuerSigned;
    expect(values[JP_NAMESPACE]!['full_name_unicode']).toBe(TARO.name);
    expect(String(values[ISO_23220_NAMESPACE]!['birth_date'])).toBe('1985-11-20');
    expect(values[ISO_23220_NAMESPACE]!['sex']).toBe(1);
    expect(sexOf(values)).toBe('male');
    expect(policy.outcome).toBe('complete');
  });

  it('serializes the result as JSON with ISO dates and names the channel', async () => {
    const { client } = testClient(provider);
    const { url, transaction } = await client.startLogin('aml_kyc_jp');
    const { policy } = await client.finishLogin(await userLogsIn(url, 'hanako', REDIRECT_URI), transaction);
    const json = policy.toJSON() as { channel: string; documents: { issuerSigned: Record<string, Record<string, unknown>> }[] };
    expect(json.channel).toBe('jpki-oidc');
    expect(json.documents[0]!.issuerSigned[ISO_23220_NAMESPACE]!['birth_date']).toBe('1990-04-01');
  });

  it('leaves a sensitive element out of the safe JSON and lists its name in redacted', () => {
    // aml_kyc_jp marks nothing it gets over OIDC sensitive; this purpose marks the address so.
    const purpose = definePurpose({
      id: 'sensitive_address_jp',
      name: { ja: '住所を機微情報として扱う確認', en: 'A check that treats the address as sensitive' },
      userText: { ja: '氏名と住所を確認します。', en: 'We check your name and address.' },
      legalBasis: [],
      documents: [
        {
          docType: MY_NUMBER_CARD_DOCTYPE,
          elements: [
            { namespace: JP_NAMESPACE, identifier: 'full_name_unicode', required: true },
            { namespace: JP_NAMESPACE, identifier: 'resident_address_unicode', required: true, sensitive: true },
          ],
        },
      ],
      oidc: { scopes: ['openid', 'name', 'address'] },
    });
    const plan = planOidcRequest(purpose);
    expect(plan.elements.map((e) => [e.identifier, e.sensitive])).toEqual([
      ['full_name_unicode', false],
      ['resident_address_unicode', true],
    ]);
    const now = new Date();
    const iat = Math.floor(now.getTime() / 1000);
    const login: VerifiedOidcLogin = {
      channel: 'jpki-oidc',
      issuer: provider.issuer,
      subject: 'hanako',
      issuedAt: new Date(iat * 1000),
      expiresAt: new Date((iat + 300) * 1000),
      grantedScopes: ['openid', 'name', 'address'],
      checks: [],
    };
    const idTokenClaims = { iss: provider.issuer, sub: 'hanako', aud: 'RP00000001', iat, exp: iat + 300 };
    const userinfo = { sub: 'hanako', name: HANAKO.name, address: HANAKO.address };
    const policy = gateOidcLogin(purpose, plan, { login, idTokenClaims, userinfo }, { now, transactionId: 'tx-sensitive-1' });

    expect(policy.outcome).toBe('complete');
    // in memory the value is there, boxed as on the mdoc path
    expect(isSensitiveValue(policy.documents[0]!.issuerSigned[JP_NAMESPACE]!['resident_address_unicode'])).toBe(true);
    const json = policy.toJSON() as { documents: { issuerSigned: Record<string, Record<string, unknown>>; redacted: string[] }[] };
    expect(json.documents[0]!.issuerSigned[JP_NAMESPACE]).toEqual({ full_name_unicode: HANAKO.name });
    expect(json.documents[0]!.redacted).toEqual([`${JP_NAMESPACE}/resident_address_unicode`]);
    expect(JSON.stringify(policy)).not.toContain(HANAKO.address);
    expect(JSON.stringify(json)).not.toContain(HANAKO.address);
  });

  it('refuses a second use of the same authorization code', async () => {
    const { client } = testClient(provider);
    const { url, transaction } = await client.startLogin('member_login_jp');
    const callback = await userLogsIn(url, 'hanako', REDIRECT_URI);
    await client.finishLogin(callback, transaction);
    const err = await client.finishLogin(callback, transaction).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_OIDC_TOKEN', details: { oauthError: 'invalid_grant' } });
    // the code, the verifier and the nonce never appear in the error
    const shown = inspect(err, { depth: 5 });
    for (const secret of [callback.searchParams.get('code')!, transaction.codeVerifier, transaction.nonce]) expect(shown).not.toContain(secret);
  });
});
