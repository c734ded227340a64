import { describe, expect, it } from 'vitest';
import { FullDate } from '@uketori/mdoc';
import { getPurpose, ISO_23220_NAMESPACE, JP_NAMESPACE, parseJapaneseDate } from '@uketori/policy';
import { elementValue, environmentMetadata, gateOidcLogin, importClientKey, JPKI_ISSUERS, planOidcRequest } from '../src/index.js';
import { BASIC_FOUR, MEMBER_LOGIN } from './helpers/setup.js';

const at = new Date('2026-06-15T10:00:00+09:00');

describe('the purpose decides the scopes', () => {
  const cases: [string, string][] = [
    ['member_login_jp', 'openid'],
    ['aml_kyc_jp', 'openid name address birthdate'],
    ['mobile_contract_jp', 'openid name address birthdate'],
    ['basic_four_jp', 'openid name address birthdate gender'],
  ];
  for (const [id, scope] of cases) {
    it(`asks exactly "${scope}" for ${id}`, () => {
      const purpose = id === 'member_login_jp' ? MEMBER_LOGIN : id === 'basic_four_jp' ? BASIC_FOUR : getPurpose(id);
      expect(planOidcRequest(purpose, { now: at }).scopes.join(' ')).toBe(scope);
    });
  }

  it('refuses the individual number and the portrait over this channel', () => {
    for (const identifier of ['individual_number_unicode', 'portrait']) {
      expect(() => planOidcRequest(getPurpose('aml_kyc_jp'), { now: at, elements: [{ namespace: JP_NAMESPACE, identifier }] })).toThrow(expect.objectContaining({ code: 'ERR_POLICY_OVER_REQUEST' }));
    }
  });

  it('prefers the ISO birth date and keeps the purpose retention intent', () => {
    const plan = planOidcRequest(getPurpose('aml_kyc_jp'), { now: at });
    expect(plan.elements.map((e) => [e.identifier, e.scope, e.intentToRetain])).toEqual([
      ['full_name_unicode', 'name', true],
      ['resident_address_unicode', 'address', true],
      ['birth_date', 'birthdate', true],
    ]);
    expect(planOidcRequest(getPurpose('aml_kyc_jp'), { now: at, retain: false }).elements.every((e) => !e.intentToRetain)).toBe(true);
  });

  it('refuses a stored plan widened after the fact', () => {
    const plan = planOidcRequest(MEMBER_LOGIN, { now: at });
    const widened = { ...plan, scopes: [...plan.scopes, 'name' as const], elements: [{ namespace: JP_NAMESPACE, identifier: 'full_name_unicode', scope: 'name' as const, required: true, intentToRetain: false, sensitive: false }] };
    const login = { channel: 'jpki-oidc' as const, issuer: 'https://op', subject: 's', issuedAt: at, expiresAt: at, grantedScopes: ['openid', 'name'], checks: [] };
    expect(() => gateOidcLogin(MEMBER_LOGIN, widened, { login, idTokenClaims: {}, userinfo: { sub: 's', name: 'x' } }, { now: at })).toThrow(expect.objectContaining({ code: 'ERR_POLICY_OVER_REQUEST' }));
  });

  it('marks a login incomplete when the provider did not grant a required scope', () => {
    const purpose = getPurpose('aml_kyc_jp');
    const plan = planOidcRequest(purpose, { now: at });
    const login = { channel: 'jpki-oidc' as const, issuer: 'https://op', subject: 's', issuedAt: at, expiresAt: at, grantedScopes: ['openid', 'name', 'birthdate'], checks: [] };
    const result = gateOidcLogin(purpose, plan, { login, idTokenClaims: {}, userinfo: { sub: 's', name: 'デジタル　花子', address: '東京都', birthdate: '1990-04-01' } }, { now: at });
    expect(result.outcome).toBe('incomplete');
    expect(result.missing).toEqual([{ docType: plan.docType, anyOf: [{ namespace: JP_NAMESPACE, identifier: 'resident_address_unicode' }] }]);
    expect(result.audit.outcome).toBe('incomplete');
  });
});

describe('claim values become element values typed like the mdoc path', () => {
  const birth = { namespace: ISO_23220_NAMESPACE, identifier: 'birth_date', scope: 'birthdate' as const };
  const birthText = { namespace: JP_NAMESPACE, identifier: 'birth_date_unicode', scope: 'birthdate' as const };
  const sex = { namespace: ISO_23220_NAMESPACE, identifier: 'sex', scope: 'gender' as const };
  const sexText = { namespace: JP_NAMESPACE, identifier: 'sex_unicode', scope: 'gender' as const };
  const address = { namespace: JP_NAMESPACE, identifier: 'resident_address_unicode', scope: 'address' as const };

  it('reads the birth date in the standard and the compact form', () => {
    expect(elementValue(birth, '1990-04-01')).toEqual(new FullDate(1990, 4, 1));
    expect(String(elementValue(birth, '19900401'))).toBe('1990-04-01');
    expect(parseJapaneseDate(elementValue(birthText, '1990-04-01')).toString()).toBe('1990-04-01');
  });

  it('reads gender words and JPKI codes as ISO/IEC 5218 codes or 男/女', () => {
    expect([elementValue(sex, 'male'), elementValue(sex, 'female'), elementValue(sex, '1'), elementValue(sex, '2')]).toEqual([1, 2, 1, 2]);
    expect([elementValue(sexText, 'male'), elementValue(sexText, '2')]).toEqual(['男', '女']);
  });

  it('reads an address string or the formatted member of an address object', () => {
    expect(elementValue(address, '東京都千代田区')).toBe('東京都千代田区');
    expect(elementValue(address, { formatted: '東京都千代田区' })).toBe('東京都千代田区');
  });

  it('refuses unknown forms with OIDC_CLAIMS, naming the claim only', () => {
    for (const [ref, value] of [[birth, '1990-02-30'], [birth, '1990'], [sex, 'other'], [address, ''], [address, 42]] as const) {
      let err: unknown;
      try {
        elementValue(ref, value);
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'ERR_OIDC_CLAIMS', details: { claim: ref.scope } });
      expect((err as Error).message).not.toContain(String(value) || '\u0000');
    }
  });
});

describe('configuration', () => {
  it('lays out both environments as realms on the service hosts', () => {
    expect(environmentMetadata('sandbox').token_endpoint).toBe('https://sb-auth-and-sign.go.jp/api/realms/main/protocol/openid-connect/token');
    expect(environmentMetadata('production').issuer).toBe(JPKI_ISSUERS.production);
    expect(() => environmentMetadata('staging' as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  });

  it('refuses a public key or an unsupported curve as the client key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await expect(importClientKey(ec.privateKey)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expect(importClientKey(p256.publicKey)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    await expect(importClientKey(p256.privateKey.export({ format: 'jwk' }))).resolves.toMatchObject({ type: 'private' });
  });
});
