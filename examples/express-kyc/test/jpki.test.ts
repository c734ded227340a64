// The デジタル認証アプリ fallback against a real OpenID Provider process: the jpki-oidc package's
// test provider (packages/jpki-oidc/test/provider/op-server.mjs, started by its helper, by path),
// configured like the service. The same purpose and the same KYC handler as the mdoc flows.
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientKeys, HANAKO, startProvider, userLogsIn, type RunningProvider } from '../../../packages/jpki-oidc/test/provider/provider.js';
import { createKycApp, kycConfigFromEnv, memoryKycRecordStore, type KycConfig, type KycRecordStore } from '../src/index.js';
import { Browser } from './helpers.js';

const JP = 'org.iso.23220.1.jp';
const records = memoryKycRecordStore();
const logs: unknown[] = [];
let site: JpkiSite;
let origin: string;

/** The site, the provider it is registered with, and where the RP private key was written. */
interface JpkiSite {
  readonly origin: string;
  readonly config: KycConfig;
  /** The mkdtemp directory holding the RP private key PEM. */
  readonly keyDir: string;
  /** Stops the provider and the server, closes the transaction store and removes `keyDir`. */
  close(): Promise<void>;
}

async function startJpkiSite(kycRecords: KycRecordStore, log: (event: unknown) => void): Promise<JpkiSite> {
  let provider: RunningProvider | undefined;
  let config: KycConfig | undefined;
  let keyDir: string | undefined;
  // The site listens first, so its real callback URL can be registered with the provider.
  let handler: RequestListener | undefined;
  const server: Server = createServer((req, res) => handler!(req, res));
  const close = async (): Promise<void> => {
    await provider?.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await config?.store.close();
    // The RP private key must not outlive the test.
    if (keyDir !== undefined) await rm(keyDir, { recursive: true, force: true });
  };
  try {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const siteOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const keys = clientKeys('rp-kyc-1');
    provider = await startProvider({
      clients: [{ client_id: 'RP00000042', jwks: { keys: [keys.publicJwk] }, redirect_uris: [`${siteOrigin}/jpki/callback`] }],
      accounts: { hanako: HANAKO },
    });
    keyDir = await mkdtemp(join(tmpdir(), 'uketori-kyc-'));
    await writeFile(join(keyDir, 'rp-key.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    // The Digital Agency registration, as environment variables (JPKI_ISSUER instead of JPKI_ENVIRONMENT: a local provider).
    config = await kycConfigFromEnv(
      { JPKI_ISSUER: provider.issuer, JPKI_CLIENT_ID: 'RP00000042', JPKI_CLIENT_KEY: join(keyDir, 'rp-key.pem'), JPKI_KID: 'rp-kyc-1' },
      { defaultOrigin: siteOrigin },
    );
    handler = createKycApp(config, { records: kycRecords, logger: log });
    return { origin: siteOrigin, config, keyDir, close };
  } catch (err) {
    await close();
    throw err;
  }
}

beforeAll(async () => {
  site = await startJpkiSite(records, (event) => logs.push(event));
  origin = site.origin;
}, 30_000);

afterAll(async () => {
  await site?.close();
});

describe('KYC with the plastic card through the デジタル認証アプリ', () => {
  it('asks only the scopes of aml_kyc_jp, and keeps the record of the login with the same handler', async () => {
    const browser = new Browser(origin);
    expect(await (await browser.fetch(`${origin}/kyc/config`)).json()).toMatchObject({ jpki: true });
    const login = await browser.fetch(`${origin}/jpki/login`);
    expect(login.status).toBe(303);
    const authorization = new URL(login.headers.get('location')!);
    expect(authorization.searchParams.get('scope')).toBe('openid name address birthdate');

    const callback = await userLogsIn(authorization, 'hanako', `${origin}/jpki/callback`);
    const landed = await browser.fetch(callback.href);
    expect(landed.status).toBe(303);
    expect(landed.headers.get('location')).toBe('/?kyc=complete');

    const record = [...records.records.values()].find((r) => r.channel === 'jpki-oidc');
    expect(record).toBeDefined();
    expect(record!.elements[JP]).toEqual({ full_name_unicode: HANAKO.name, resident_address_unicode: HANAKO.address });
    expect(record!.elements['org.iso.23220.1']).toEqual({ birth_date: HANAKO.birthdate });
    expect(record!.retention).toEqual([expect.objectContaining({ rule: 'kyc_record', period: 'P7Y', provisional: true })]);
    expect(logs).toContainEqual(expect.objectContaining({ event: 'kyc.recorded', channel: 'jpki-oidc', transactionId: record!.id }));
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain(HANAKO.name);
    expect(logged).not.toContain(HANAKO.address);
  });

  it('refuses a callback in a browser that did not start the login, and keeps nothing', async () => {
    const before = records.records.size;
    const login = await new Browser(origin).fetch(`${origin}/jpki/login`);
    const callback = await userLogsIn(new URL(login.headers.get('location')!), 'hanako', `${origin}/jpki/callback`);
    const res = await new Browser(origin).fetch(callback.href);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'ERR_OIDC_LOGIN_STATE' });
    expect(records.records.size).toBe(before);
  });

  it('tears down without leaving the RP private key on disk or the transaction store open', async () => {
    const other = await startJpkiSite(memoryKycRecordStore(), () => undefined);
    expect(existsSync(join(other.keyDir, 'rp-key.pem'))).toBe(true);
    await other.close();
    expect(existsSync(other.keyDir)).toBe(false);
    await expect(other.config.store.get('any-transaction')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  }, 30_000);
});
