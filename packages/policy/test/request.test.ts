/**
 * The request gate: plans, ItemsRequest, DCQL and OIDC scopes only ever carry what the purpose
 * allows, with the legal basis in force that day (JST), and refusals name the element only.
 */
import { describe, expect, it } from 'vitest';
import { decodeCbor, embedCbor, encodeCbor } from '@uketori/mdoc';
import {
  buildDcqlQuery,
  buildItemsRequest,
  checkItemsRequest,
  definePurpose,
  getPurpose,
  legalBasisAt,
  oidcLegalBasisAt,
  oidcScopes,
  planRequest,
  planRequests,
  PolicyRequestError,
  toDcqlCredentialQuery,
  toItemsRequest,
} from '../src/index.js';
import { NOW } from './helpers/holder.js';

const JP = 'org.iso.23220.1.jp';
const ISO = 'org.iso.23220.1';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('planning a request', () => {
  it('asks for the required elements and the first of each alternative group by default', () => {
    const plan = planRequest(getPurpose('mynumber_collection_jp'), { now: NOW });
    expect(plan.elements.map((e) => `${e.identifier}:${e.intentToRetain}`)).toEqual([
      'individual_number_unicode:true',
      'full_name_unicode:true',
      'resident_address_unicode:true',
    ]);
  });

  it('adds optional elements on request, without a second member of a satisfied group', () => {
    const plan = planRequest(getPurpose('mynumber_collection_jp'), { now: NOW, elements: [{ namespace: ISO, identifier: 'birth_date' }, { namespace: JP, identifier: 'portrait' }] });
    expect(plan.elements.map((e) => e.identifier)).toEqual(['individual_number_unicode', 'full_name_unicode', 'birth_date', 'portrait']);
  });

  it('"all" asks for every element the purpose lists', () => {
    expect(planRequest(getPurpose('aml_kyc_jp'), { now: NOW, elements: 'all' }).elements).toHaveLength(6);
  });

  it('lowers intent_to_retain per element on request, never raises it', () => {
    const plan = planRequest(getPurpose('aml_kyc_jp'), { now: NOW, elements: [{ namespace: JP, identifier: 'portrait', intentToRetain: false }] });
    expect(plan.elements.find((e) => e.identifier === 'portrait')?.intentToRetain).toBe(false);
    expect(plan.elements.find((e) => e.identifier === 'full_name_unicode')?.intentToRetain).toBe(true);
  });

  it('needs a docType when the purpose accepts several', () => {
    expect(codeOf(() => planRequest(getPurpose('age_18_plus'), { now: NOW }))).toBe('ERR_INVALID_ARG_TYPE');
    expect(planRequests(getPurpose('age_18_plus'), { now: NOW }).map((p) => p.docType)).toEqual(['org.iso.18013.5.1.mDL', 'eu.europa.ec.eudi.pid.1']);
  });

  it('names the element in a refusal, and echoes nothing that is not shaped like a name', () => {
    let err: PolicyRequestError | undefined;
    try {
      planRequest(getPurpose('age_20_plus'), { now: NOW, elements: [{ namespace: JP, identifier: 'full_name_unicode' }] });
    } catch (e) {
      err = e as PolicyRequestError;
    }
    expect(err).toBeInstanceOf(PolicyRequestError);
    expect(err?.message).toBe('purpose "age_20_plus" does not allow "org.iso.23220.1.jp"/"full_name_unicode" for org.iso.23220.1.jp.mnc');
    expect(err?.details).toEqual({ purposeId: 'age_20_plus', docType: 'org.iso.23220.1.jp.mnc', namespace: JP, identifier: 'full_name_unicode' });
    expect(err?.policyCheck).toBe('POLICY_REQUEST');
    let free: PolicyRequestError | undefined;
    try {
      planRequest(getPurpose('age_20_plus'), { now: NOW, elements: [{ namespace: JP, identifier: '番号　花子' }] });
    } catch (e) {
      free = e as PolicyRequestError;
    }
    expect(free?.code).toBe('ERR_POLICY_OVER_REQUEST');
    expect(free?.message).not.toContain('花子');
    expect(free?.details.identifier).toBeUndefined();
  });
});

describe('the legal basis in force', () => {
  const aml = getPurpose('aml_kyc_jp');
  const article = (iso: string) => legalBasisAt(aml, new Date(iso)).map((b) => b.article.ja);
  it('switches from ル to ト at midnight JST on 2027-04-01', () => {
    expect(article('2027-03-31T14:59:59.999Z')).toEqual(['第6条第1項第1号ル']);
    expect(article('2027-03-31T15:00:00.000Z')).toEqual(['第6条第1項第1号ト']);
  });
  it('begins on 2025-06-24 JST', () => {
    expect(article('2025-06-23T14:59:59.999Z')).toEqual([]);
    expect(article('2025-06-23T15:00:00.000Z')).toEqual(['第6条第1項第1号ル']);
    expect(codeOf(() => planRequest(aml, { now: new Date('2025-06-23T14:59:59Z') }))).toBe('ERR_POLICY_NO_LEGAL_BASIS');
  });
  it('records the basis in the plan', () => {
    expect(planRequest(aml, { now: new Date('2027-04-01T00:00:00+09:00') }).legalBasis[0]?.article.en).toBe('Art. 6(1)(i)(to)');
  });
});

describe('ItemsRequest', () => {
  it('is { docType, nameSpaces: { ns: { id: intentToRetain } } } and round-trips through CBOR', () => {
    const items = buildItemsRequest(getPurpose('age_20_plus'), { now: NOW });
    const bytes = encodeCbor(items);
    expect(decodeCbor(bytes)).toEqual(items);
    expect(items).toEqual(new Map<string, unknown>([['docType', 'org.iso.23220.1.jp.mnc'], ['nameSpaces', new Map([[ISO, new Map([['age_over_20', false]])]])]]));
    // the reader wraps it as ItemsRequestBytes; the gate accepts all three forms back
    for (const form of [items, bytes, embedCbor(items)]) expect(checkItemsRequest(getPurpose('age_20_plus'), form, { now: NOW }).elements).toHaveLength(1);
  });

  it('checked from elsewhere: malformed input is a caller error', () => {
    expect(codeOf(() => checkItemsRequest(getPurpose('age_20_plus'), new Uint8Array([0xff])))).toBe('ERR_INVALID_ARG_TYPE');
    expect(codeOf(() => checkItemsRequest(getPurpose('age_20_plus'), new Map([['docType', 'x']])))).toBe('ERR_INVALID_ARG_TYPE');
  });

  it('keeps the order of the purpose', () => {
    const plan = planRequest(getPurpose('aml_kyc_jp'), { now: NOW });
    expect([...(toItemsRequest(plan).get('nameSpaces') as Map<string, Map<string, boolean>>).get(JP)!.keys()]).toEqual([
      'full_name_unicode',
      'resident_address_unicode',
      'birth_date_unicode',
      'portrait',
    ]);
  });
});

describe('DCQL', () => {
  it('has one claim per planned element, path [namespace, identifier], with intent_to_retain', () => {
    const q = toDcqlCredentialQuery(planRequest(getPurpose('aml_kyc_jp'), { now: NOW, elements: [{ namespace: ISO, identifier: 'birth_date' }] }), { id: 'mnc' });
    expect(q.id).toBe('mnc');
    expect(q.claims.every((c) => c.path.length === 2)).toBe(true);
    expect(q.claims.map((c) => c.path.join('/'))).toEqual([`${JP}/full_name_unicode`, `${JP}/resident_address_unicode`, `${ISO}/birth_date`, `${JP}/portrait`]);
    expect(q.claims.every((c) => c.intent_to_retain)).toBe(true);
  });
  it('offers alternative docTypes as one required credential set', () => {
    expect(buildDcqlQuery(getPurpose('age_21_plus'), { now: NOW }).credential_sets).toEqual([
      { options: [['org_iso_18013_5_1_mDL'], ['eu_europa_ec_eudi_pid_1']], required: true },
    ]);
    expect(buildDcqlQuery(getPurpose('age_21_plus'), { now: NOW, docTypes: ['eu.europa.ec.eudi.pid.1'] }).credential_sets).toBeUndefined();
    expect(codeOf(() => toDcqlCredentialQuery(planRequest(getPurpose('age_20_plus'), { now: NOW }), { id: 'not ok' }))).toBe('ERR_INVALID_ARG_TYPE');
  });
});

describe('purposes are frozen', () => {
  it('cannot be widened at run time', () => {
    const p = getPurpose('age_20_plus');
    expect(() => (p.documents[0]!.elements as unknown[]).push({ namespace: JP, identifier: 'full_name_unicode' })).toThrow(TypeError);
    expect(() => {
      (p as { status: string }).status = 'available';
    }).toThrow(TypeError);
  });
});

describe('authentication only, and the OIDC channel\'s own legal basis', () => {
  const login = definePurpose({
    id: 'member_login',
    name: { ja: '会員ログイン', en: 'Member login' },
    userText: { ja: 'ログインのため本人であることだけを確認します。何も保存しません。', en: 'We only confirm it is you, to log you in. We keep nothing.' },
    legalBasis: [],
    documents: [],
    oidc: { scopes: ['openid'] },
  });

  it('accepts a purpose with no elements when it asks the デジタル認証アプリ for openid alone', () => {
    expect(login.documents).toEqual([]);
    expect(oidcScopes(login)).toEqual(['openid']);
    expect(login.oidcLegalBasis).toEqual([]);
  });

  it('builds no mdoc request for it: ERR_POLICY_CHANNEL, from planRequest and planRequests', () => {
    expect(codeOf(() => planRequest(login))).toBe('ERR_POLICY_CHANNEL');
    expect(codeOf(() => planRequests(login))).toBe('ERR_POLICY_CHANNEL');
  });

  it('refuses no elements without OIDC, or with attribute scopes', () => {
    const { oidc: _oidc, ...noOidc } = login.definition;
    expect(codeOf(() => definePurpose(noOidc))).toBe('ERR_POLICY_SCHEMA');
    expect(codeOf(() => definePurpose({ ...login.definition, oidc: { scopes: ['openid', 'name'] } }))).toBe('ERR_POLICY_SCHEMA');
  });

  it('aml_kyc_jp over OIDC rests on the JPKI method (カ, ヌ from 2027-04-01), never on the card-substitute record\'s ル/ト', () => {
    const aml = getPurpose('aml_kyc_jp');
    expect(oidcLegalBasisAt(aml, new Date('2026-12-05T00:00:00+09:00')).map((b) => b.article.ja)).toEqual(['第6条第1項第1号カ']);
    expect(oidcLegalBasisAt(aml, new Date('2027-04-01T00:00:00+09:00')).map((b) => b.article.ja)).toEqual(['第6条第1項第1号ヌ']);
    expect(legalBasisAt(aml, new Date('2026-12-05T00:00:00+09:00')).map((b) => b.article.ja)).toEqual(['第6条第1項第1号ル']);
    // Sex is no identification item under 犯収法: the gender scope is never asked for.
    expect(oidcScopes(aml)).not.toContain('gender');
    expect(codeOf(() => oidcScopes(aml, { scopes: ['gender'] }))).toBe('ERR_POLICY_OVER_REQUEST');
    expect(oidcLegalBasisAt(getPurpose('mobile_contract_jp'), NOW)).toEqual([]);
  });

  it('refuses an OIDC request when the purpose\'s OIDC basis is not in force', () => {
    const dated = definePurpose({
      ...login.definition,
      id: 'dated_login',
      oidc: { scopes: ['openid'], legalBasis: [{ law: { ja: '法', en: 'Act' }, article: { ja: '第1条', en: 'Art. 1' }, effectiveFrom: '2030-01-01' }] },
    });
    expect(codeOf(() => oidcScopes(dated, { now: NOW }))).toBe('ERR_POLICY_NO_LEGAL_BASIS');
    expect(oidcScopes(dated, { now: new Date('2030-01-02T00:00:00Z') })).toEqual(['openid']);
  });
});
