// Configuration from the environment: test defaults with nothing set, every production setting
// required under NODE_ENV=production (the public origin included), half-given settings refused by
// name, a public origin off loopback refused unless https, and a site configured from files (trust
// anchors with the J-LIS set, CRL, reader and signer certificates) that verifies.
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestPki, createTestReaderPki, createTestVerifierCertificate, issueMyNumberCard, type TestPki } from '@uketori/test-sender';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKycApp, kycConfigFromEnv, memoryKycRecordStore } from '../src/index.js';
import { Browser, createTransaction, resultOf, walletScans } from './helpers.js';

const ORIGIN = { defaultOrigin: 'http://127.0.0.1:3000' };
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uketori-kyc-config-'));
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Every production setting but the public origin, as files in `dir`, and the test IACA they trust. */
async function productionSettings(): Promise<{ env: Record<string, string>; pki: TestPki }> {
  const now = new Date();
  const pki = await createTestPki({ curve: 'P-256', now });
  const readers = await createTestReaderPki({ now });
  const verifier = await createTestVerifierCertificate({ dnsName: '127.0.0.1', now: new Date(now.getTime() - 60_000) });
  const file = async (name: string, content: string | Uint8Array): Promise<string> => {
    await writeFile(join(dir, name), content);
    return join(dir, name);
  };
  const pem = (key: { export(o: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) => String(key.export({ type: 'pkcs8', format: 'pem' }));
  const der2pem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n`;
  const env = {
    NODE_ENV: 'production',
    // The J-LIS IACA (pinned, mnc docType only) and, for this test, the test IACA a wallet can answer with.
    UKETORI_TRUST: `jp-jlis-mnc,${await file('iaca.pem', pki.iaca.pem)}`,
    UKETORI_CRL: await file('iaca.crl', pki.crl.der),
    UKETORI_READER_KEY: await file('reader-key.pem', pem(readers.reader.privateKey)),
    UKETORI_READER_CERTS: await file('reader.pem', readers.reader.pem),
    UKETORI_SIGNER_KEY: await file('signer-key.pem', pem(verifier.privateKey)),
    UKETORI_SIGNER_CERTS: await file('signer.pem', verifier.certificateChain.map(der2pem).join('')),
    UKETORI_COOKIE_SECRET: randomBytes(32).toString('base64'),
  };
  return { env, pki };
}

describe('configuration from the environment', () => {
  it('runs on the test PKI and the in-memory store when nothing is set', async () => {
    const config = await kycConfigFromEnv({}, ORIGIN);
    expect(config.testPki).toBeDefined();
    expect(config.publicOrigin).toBe('http://127.0.0.1:3000');
    expect(config.cookieSecret.length).toBe(32);
    expect(config.jpki).toBeUndefined();
    await config.store.close();
  });

  it('refuses the test PKI under NODE_ENV=production and names every missing variable', async () => {
    const refused = kycConfigFromEnv({ NODE_ENV: 'production' }, ORIGIN);
    await expect(refused).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    await expect(refused).rejects.toThrow(/needs UKETORI_PUBLIC_ORIGIN, UKETORI_TRUST, UKETORI_READER_KEY, UKETORI_READER_CERTS, UKETORI_SIGNER_KEY, UKETORI_SIGNER_CERTS, UKETORI_COOKIE_SECRET \(/);
  });

  it('refuses NODE_ENV=production without UKETORI_PUBLIC_ORIGIN even when everything else is set, naming it', async () => {
    const { env } = await productionSettings();
    // The server address must not stand in for the public origin (no Secure cookies, an http redirect URI).
    await expect(kycConfigFromEnv(env, { defaultOrigin: 'http://0.0.0.0:3000' })).rejects.toThrow(/NODE_ENV=production needs UKETORI_PUBLIC_ORIGIN \(/);
    await expect(kycConfigFromEnv(env, ORIGIN)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });

  it.each([
    ['production', 'http://shop.example.jp'],
    ['production', 'http://192.168.1.10:3000'],
    ['development', 'http://shop.example.jp'],
    ['development', 'http://127.0.0.2:3000'],
    ['development', 'ftp://localhost'],
  ])('refuses a public origin that is not https off loopback (%s, %s)', async (mode, origin) => {
    const env = mode === 'production' ? { ...(await productionSettings()).env, UKETORI_PUBLIC_ORIGIN: origin } : { UKETORI_PUBLIC_ORIGIN: origin };
    await expect(kycConfigFromEnv(env, ORIGIN)).rejects.toThrow(/UKETORI_PUBLIC_ORIGIN must be https: \(http: only on loopback/);
  });

  it('refuses a default origin (the server address) that is not loopback, outside production too', async () => {
    await expect(kycConfigFromEnv({}, { defaultOrigin: 'http://0.0.0.0:3000' })).rejects.toThrow(/set UKETORI_PUBLIC_ORIGIN\) must be https:/);
  });

  it.each(['https://shop.example.jp', 'https://shop.example.jp:8443', 'http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000'])('accepts the public origin %s', async (origin) => {
    const config = await kycConfigFromEnv({ UKETORI_PUBLIC_ORIGIN: origin }, { defaultOrigin: 'http://0.0.0.0:3000' });
    expect(config.publicOrigin).toBe(origin);
    await config.store.close();
  });

  it('accepts https and loopback http under NODE_ENV=production', async () => {
    const { env } = await productionSettings();
    for (const origin of ['https://shop.example.jp', 'http://127.0.0.1:3000']) {
      const config = await kycConfigFromEnv({ ...env, UKETORI_PUBLIC_ORIGIN: origin }, ORIGIN);
      expect(config.publicOrigin).toBe(origin);
      await config.store.close();
    }
  });

  it('refuses a hand-built configuration whose public origin is http off loopback', async () => {
    const config = await kycConfigFromEnv({}, ORIGIN);
    try {
      const build = () => createKycApp({ ...config, publicOrigin: 'http://shop.example.jp' });
      expect(build).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
      expect(build).toThrow(/config\.publicOrigin must be https:/);
    } finally {
      await config.store.close();
    }
  });

  it.each([
    [{ UKETORI_READER_KEY: '/nonexistent.pem' }, /UKETORI_READER_KEY and UKETORI_READER_CERTS go together/],
    [{ UKETORI_REDIS_URL: 'redis://127.0.0.1:1' }, /UKETORI_STORE_KEY/],
    [{ UKETORI_COOKIE_SECRET: 'c2hvcnQ=' }, /UKETORI_COOKIE_SECRET/],
    [{ UKETORI_CRL: 'fetch' }, /UKETORI_CRL needs UKETORI_TRUST/],
    [{ UKETORI_TRUST: '/nonexistent/iaca.pem' }, /UKETORI_TRUST: cannot read the file/],
    [{ UKETORI_PUBLIC_ORIGIN: 'https://shop.example.jp/onboarding' }, /UKETORI_PUBLIC_ORIGIN must be an origin/],
    [{ JPKI_CLIENT_ID: 'RP00000001' }, /JPKI_CLIENT_KEY, JPKI_KID/],
    [{ JPKI_CLIENT_ID: 'RP1', JPKI_CLIENT_KEY: '/k.pem', JPKI_KID: 'k', JPKI_ENVIRONMENT: 'staging' }, /JPKI_ENVIRONMENT must be sandbox or production/],
  ] as const)('refuses %j by name', async (env, message) => {
    await expect(kycConfigFromEnv(env, ORIGIN)).rejects.toThrow(message);
  });

  it('runs from production settings given as files: J-LIS anchor set plus an IACA, its CRL, reader and signer certificates', async () => {
    const { env, pki } = await productionSettings();
    // The site listens first, so UKETORI_PUBLIC_ORIGIN can name its real (loopback) address.
    let handler: RequestListener | undefined;
    const server = createServer((req, res) => handler!(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const records = memoryKycRecordStore();
    const config = await kycConfigFromEnv({ ...env, UKETORI_PUBLIC_ORIGIN: origin }, { defaultOrigin: 'http://0.0.0.0:1' });
    try {
      expect(config.testPki).toBeUndefined();
      expect(config.publicOrigin).toBe(origin);
      handler = createKycApp(config, { records, logger: () => undefined });
      const browser = new Browser(origin);
      const tx = await createTransaction(browser, 'oid4vp');
      expect((await walletScans(tx.link!, [await issueMyNumberCard({ pki, deviceKey: 'P-256' })])).status).toBe(200);
      expect(await resultOf(browser, tx)).toMatchObject({ ok: true, outcome: 'complete' });
      expect(records.records.has(tx.id)).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await config.store.close();
    }
  });
});
