// Configuration from the environment: test defaults with nothing set, every production setting
// required under NODE_ENV=production, half-given settings refused by name, and a site configured
// from files (trust anchors with the J-LIS set, CRL, reader and signer certificates) that verifies.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestPki, createTestReaderPki, createTestVerifierCertificate, issueMyNumberCard } from '@uketori/test-sender';
import { beforeAll, describe, expect, it } from 'vitest';
import { kycConfigFromEnv, memoryKycRecordStore, startKycServer } from '../src/index.js';
import { Browser, createTransaction, resultOf, walletScans } from './helpers.js';

const ORIGIN = { defaultOrigin: 'http://127.0.0.1:3000' };
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uketori-kyc-config-'));
});

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
    await expect(refused).rejects.toThrow(/UKETORI_TRUST, UKETORI_READER_KEY, UKETORI_READER_CERTS, UKETORI_SIGNER_KEY, UKETORI_SIGNER_CERTS, UKETORI_COOKIE_SECRET/);
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
    const records = memoryKycRecordStore();
    const site = await startKycServer({ env, records, logger: () => undefined });
    try {
      expect(site.config.testPki).toBeUndefined();
      const browser = new Browser(site.url);
      const tx = await createTransaction(browser, 'oid4vp');
      expect((await walletScans(tx.link!, [await issueMyNumberCard({ pki, deviceKey: 'P-256' })])).status).toBe(200);
      expect(await resultOf(browser, tx)).toMatchObject({ ok: true, outcome: 'complete' });
      expect(records.records.has(tx.id)).toBe(true);
    } finally {
      await site.close();
    }
  });
});
