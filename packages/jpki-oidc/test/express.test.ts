import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JP_NAMESPACE } from '@uketori/policy';
import { allowLoopbackHttp, createJpkiClient, type JpkiClient } from '../src/index.js';
import { jpkiLoginRouter } from '../src/express/index.js';
import { HANAKO, startProvider, userLogsIn, type RunningProvider } from './provider/provider.js';
import { CLIENT_ID, keys, registry } from './helpers/setup.js';

let provider: RunningProvider;
let server: Server;
let base: string;
let redirectUri: string;

/** The business: one router per purpose, one result handler. */
function app(client: JpkiClient): express.Express {
  const a = express();
  a.use(
    '/jpki',
    jpkiLoginRouter({
      client,
      purpose: 'aml_kyc_jp',
      secureCookie: false, // plain http on loopback in this test
      onResult: (result, _req, res) => {
        res.json({ outcome: result.policy.outcome, name: result.policy.documents[0]!.issuerSigned[JP_NAMESPACE]!['full_name_unicode'] });
      },
    }),
  );
  a.use('/age', jpkiLoginRouter({ client, purpose: 'age_20_plus', secureCookie: false, onResult: (_r, _q, res) => res.json({}) }));
  return a;
}

beforeAll(async () => {
  // The RP listens first, so its real callback URL can be registered with the provider.
  let handler: express.Express | undefined;
  const proxy = express();
  proxy.use((req, res, next) => handler!(req, res, next));
  server = await new Promise<Server>((resolve) => {
    const s = proxy.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  redirectUri = `${base}/jpki/callback`;
  provider = await startProvider({ clients: [{ client_id: CLIENT_ID, jwks: { keys: [keys.publicJwk] }, redirect_uris: [redirectUri] }], accounts: { hanako: HANAKO } });
  handler = app(createJpkiClient({ issuer: provider.issuer, clientId: CLIENT_ID, privateKey: keys.privateKey, kid: 'rp-key-1', redirectUri, registry: registry(), [allowLoopbackHttp]: true }));
});

afterAll(async () => {
  await provider?.stop();
  await new Promise((resolve) => server?.close(resolve));
});

async function startLogin(path = '/jpki/login'): Promise<{ location: URL; cookie: string }> {
  const res = await fetch(`${base}${path}`, { redirect: 'manual' });
  expect(res.status).toBe(303);
  const cookie = res.headers.getSetCookie()[0]!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  return { location: new URL(res.headers.get('location')!), cookie: cookie.split(';')[0]! };
}

describe('the express login and callback routes', () => {
  it('completes a login bound to the browser and hands the result to the business', async () => {
    const { location, cookie } = await startLogin();
    expect(location.searchParams.get('scope')).toBe('openid name address birthdate');
    const callback = await userLogsIn(location, 'hanako', redirectUri);
    const res = await fetch(callback, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ outcome: 'complete', name: HANAKO.name });
  });

  it('refuses a callback from a browser that did not start the login', async () => {
    const { location } = await startLogin();
    const callback = await userLogsIn(location, 'hanako', redirectUri);
    const res = await fetch(callback);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'ERR_OIDC_LOGIN_STATE' });
  });

  it('refuses a replayed callback: the transaction is used once', async () => {
    const { location, cookie } = await startLogin();
    const callback = await userLogsIn(location, 'hanako', redirectUri);
    expect((await fetch(callback, { headers: { cookie } })).status).toBe(200);
    const again = await fetch(callback, { headers: { cookie } });
    expect(await again.json()).toEqual({ error: 'ERR_OIDC_LOGIN_STATE' });
  });

  it('refuses the response of another login in this browser (state)', async () => {
    const first = await startLogin();
    const second = await startLogin();
    const callback = await userLogsIn(first.location, 'hanako', redirectUri);
    const res = await fetch(callback, { headers: { cookie: second.cookie } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'ERR_OIDC_STATE' });
  });

  it('refuses a purpose the channel cannot serve without redirecting', async () => {
    const res = await fetch(`${base}/age/login`, { redirect: 'manual' });
    expect(res.status).toBe(403);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.json()).toEqual({ error: 'ERR_POLICY_CHANNEL' });
  });
});
