/**
 * Shared fixtures: the test purposes, a running provider with two registered clients, and a
 * client factory with a tampering fetch for the negative cases.
 */

import { createPurposeRegistry, definePurpose, memoryAuditSink, MY_NUMBER_CARD_DOCTYPE, JP_NAMESPACE, ISO_23220_NAMESPACE, type PurposeRegistry } from '@uketori/policy';
import { allowLoopbackHttp, createJpkiClient, type FetchLike, type JpkiClient, type JpkiClientOptions } from '../../src/index.js';
import { clientKeys, HANAKO, startProvider, TARO, type ProviderConfig, type RunningProvider } from '../provider/provider.js';

export const REDIRECT_URI = 'http://127.0.0.1:9/jpki/callback';
export const CLIENT_ID = 'RP00000001';
export const SHORT_TTL_CLIENT_ID = 'RP00000002';

/** Authentication only: the member's login, no attribute. */
export const MEMBER_LOGIN = definePurpose({
  id: 'member_login_jp',
  name: { ja: 'マイナンバーカードによる会員ログイン', en: 'Member login with the My Number Card' },
  userText: { ja: '本人であることだけを確認します。氏名などは受け取らず、何も保存しません。', en: 'We only check that it is you. We receive no name or other attribute, and keep nothing.' },
  legalBasis: [],
  // No credential elements: a login, nothing more (no mdoc request can be built for it).
  documents: [],
  oidc: { scopes: ['openid'] },
});

/** All four items, the ISO forms for birth date and sex. */
export const BASIC_FOUR = definePurpose({
  id: 'basic_four_jp',
  name: { ja: '基本4情報の確認', en: 'The basic four items' },
  userText: { ja: '氏名・住所・生年月日・性別を確認し、保存しません。', en: 'We check your name, address, date of birth and sex, and keep nothing.' },
  legalBasis: [],
  documents: [
    {
      docType: MY_NUMBER_CARD_DOCTYPE,
      elements: [
        { namespace: JP_NAMESPACE, identifier: 'full_name_unicode', required: true },
        { namespace: JP_NAMESPACE, identifier: 'resident_address_unicode', required: true },
        { namespace: ISO_23220_NAMESPACE, identifier: 'birth_date', required: true },
        { namespace: ISO_23220_NAMESPACE, identifier: 'sex', required: true },
      ],
    },
  ],
  oidc: { scopes: ['openid', 'name', 'address', 'birthdate', 'gender'] },
});

export function registry(): PurposeRegistry {
  return createPurposeRegistry({ custom: [MEMBER_LOGIN, BASIC_FOUR] });
}

export const keys = clientKeys('rp-key-1');

/** The test provider's configuration: the two registered clients and the two accounts. */
export function testProviderConfig(extra: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    clients: [
      { client_id: CLIENT_ID, jwks: { keys: [keys.publicJwk] }, redirect_uris: [REDIRECT_URI] },
      { client_id: SHORT_TTL_CLIENT_ID, jwks: { keys: [keys.publicJwk] }, redirect_uris: [REDIRECT_URI], id_token_ttl: 1 },
    ],
    accounts: { hanako: HANAKO, taro: TARO },
    ...extra,
  };
}

/** Starts the test provider; `acr`: the authentication context class it asserts (default none). */
export async function startTestProvider(leaky = false, acr?: string): Promise<RunningProvider> {
  return startProvider(testProviderConfig({ leaky, ...(acr === undefined ? {} : { acr }) }));
}

/** What a tampering fetch may do to the provider's answers. */
export interface Tamper {
  /** Rewrite the token endpoint's JSON body. */
  token?: (body: Record<string, unknown>) => Record<string, unknown>;
  /** Rewrite the UserInfo JSON body. */
  userinfo?: (body: Record<string, unknown>) => Record<string, unknown>;
  /** Hold the token response back this long (ms). */
  tokenDelayMs?: number;
}

/** A fetch that passes everything through, rewriting what `tamper` says. */
export function tamperingFetch(tamper: Tamper): FetchLike {
  return async (url, init) => {
    const res = await fetch(url, init);
    const path = new URL(url).pathname;
    const hook = path.endsWith('/token') ? tamper.token : path.endsWith('/userinfo') ? tamper.userinfo : undefined;
    if (path.endsWith('/token') && tamper.tokenDelayMs !== undefined) await new Promise((r) => setTimeout(r, tamper.tokenDelayMs));
    if (hook === undefined || !res.ok) return res;
    const body = hook((await res.json()) as Record<string, unknown>);
    return new Response(JSON.stringify(body), { status: res.status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  };
}

export function testClient(provider: RunningProvider, extra: Partial<JpkiClientOptions> = {}): { client: JpkiClient; audit: ReturnType<typeof memoryAuditSink> } {
  const audit = memoryAuditSink();
  const client = createJpkiClient({
    issuer: provider.issuer,
    clientId: CLIENT_ID,
    privateKey: keys.privateKey,
    kid: 'rp-key-1',
    redirectUri: REDIRECT_URI,
    registry: registry(),
    audit,
    [allowLoopbackHttp]: true,
    ...extra,
  });
  return { client, audit };
}
