// Real HTTP on loopback: an express app on port 0, a "browser" (cookie jar + Origin header) and a
// TLS terminator stand-in that maps the public https base URL to the loopback server, as a load
// balancer in front of the app would.

import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createTrustStore } from '@uketori/mdoc';
import { getPurpose } from '@uketori/policy';
import { createTestPki, createTestReaderPki, createTestVerifierCertificate, issueMdl, issueMyNumberCard, type TestCredential, type TestPki, type TestReaderPki, type TestVerifierCertificate } from '@uketori/test-sender';
import { annexCFlow, annexDFlow, appleInAppFlow, createUketoriRouter, oid4vpFlow, type TransactionStore, type UketoriRouterOptions } from '../../src/index.js';

/** The public origin the router believes it is served from (https, as behind a TLS terminator). */
export const PUBLIC_ORIGIN = 'https://rp.example';
export const BASE_URL = `${PUBLIC_ORIGIN}/uketori`;
export const SAME_DEVICE_LANDING = `${PUBLIC_ORIGIN}/done`;

export interface Server {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1, port 0. */
export async function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

/** Rewrites the public https origin to a loopback server: what the TLS terminator does in production. */
export function via(server: Server | (() => Server), url: string): string {
  const target = typeof server === 'function' ? server() : server;
  return url.startsWith(PUBLIC_ORIGIN) ? target.url + url.slice(PUBLIC_ORIGIN.length) : url;
}

/** A browser: keeps its cookies and sends its page's Origin on POSTs (a native app: `origin` null, no Origin header). */
export class Browser {
  readonly #jar = new Map<string, string>();
  constructor(readonly origin: string | null = PUBLIC_ORIGIN) {}

  get cookieHeader(): string | undefined {
    return this.#jar.size === 0 ? undefined : [...this.#jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader;
    if (cookie !== undefined) headers.set('cookie', cookie);
    if ((init.method ?? 'GET') !== 'GET' && !headers.has('origin') && this.origin !== null) headers.set('origin', this.origin);
    const res = await fetch(url, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.#jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    return res;
  }

  postJson(url: string, body: unknown): Promise<Response> {
    return this.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
}

/** Keys and trust shared by a test file. */
export interface Fixture {
  readonly pki: TestPki;
  readonly readers: TestReaderPki;
  readonly trust: ReturnType<typeof createTrustStore>;
  readonly cookieSecret: Uint8Array;
  /** The request signer of the OpenID4VP flows (leaf with dNSName rp.example). */
  readonly verifier: TestVerifierCertificate;
  readonly card: TestCredential;
  readonly mdl: TestCredential;
  /** The merchant's encryption key pair of Apple Verify with Wallet in apps. */
  readonly merchant: { readonly privateKey: KeyObject; readonly publicKey: KeyObject };
}

/** The in-app flow's merchant and team ids in these tests. */
export const APPLE_IDS = { merchantId: 'merchant.example.rp.uketori', teamId: 'TEAM123456' } as const;

export async function createFixture(): Promise<Fixture> {
  const now = new Date();
  const pki = await createTestPki({ curve: 'P-256', now });
  const readers = await createTestReaderPki({ now });
  return {
    pki,
    readers,
    trust: createTrustStore({ anchors: [pki.iaca.pem], crl: { crls: [pki.crl.der] } }),
    cookieSecret: new Uint8Array(randomBytes(32)),
    verifier: await createTestVerifierCertificate({ dnsName: 'rp.example', now: new Date(now.getTime() - 60_000) }),
    card: await issueMyNumberCard({ pki, deviceKey: 'P-256' }),
    mdl: await issueMdl({ pki, deviceKey: 'P-256' }),
    merchant: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
  };
}

/**
 * Router options with every flow: Annex C (readerAuth), Annex D (signed and unsigned), OpenID4VP
 * (x509_hash; request_uri_method=post; plain direct_post; x509_san_dns; the 2024 Annex B profile),
 * Apple in-app (the purpose's docType, and the mDL).
 */
export function routerOptions(fx: Fixture, store: TransactionStore, extra: Partial<UketoriRouterOptions> = {}): UketoriRouterOptions {
  const readerAuth = { privateKey: fx.readers.reader.privateKey, certificateChain: [fx.readers.reader.der] };
  const signer = { privateKey: fx.verifier.privateKey, certificateChain: fx.verifier.certificateChain };
  return {
    store,
    trust: fx.trust,
    purposes: [getPurpose('aml_kyc_jp'), getPurpose('age_21_plus')],
    flows: [
      annexCFlow({ readerAuth }),
      annexDFlow({ signed: { signer } }),
      annexDFlow({ id: 'dc-api-annex-d-unsigned' }),
      oid4vpFlow({ signer }),
      oid4vpFlow({ signer, id: 'oid4vp-post', requestUriMethod: 'post' }),
      oid4vpFlow({ signer, id: 'oid4vp-plain', responseMode: 'direct_post' }),
      oid4vpFlow({ signer, id: 'oid4vp-san-dns', clientIdPrefix: 'x509_san_dns' }),
      oid4vpFlow({ signer, id: 'oid4vp-annex-b', profile: 'iso18013-7-2024-annex-b' }),
      appleInAppFlow({ ...APPLE_IDS, recipientKey: fx.merchant.privateKey }),
      appleInAppFlow({ ...APPLE_IDS, recipientKey: fx.merchant.privateKey, docType: 'org.iso.18013.5.1.mDL', id: 'apple-in-app-mdl' }),
    ],
    baseUrl: BASE_URL,
    allowedOrigins: [PUBLIC_ORIGIN],
    cookieSecret: fx.cookieSecret,
    sameDeviceRedirectUri: SAME_DEVICE_LANDING,
    ...extra,
  };
}

/** An express app with the router mounted at /uketori. */
export function appWith(options: UketoriRouterOptions): express.Express {
  const app = express();
  app.use('/uketori', createUketoriRouter(options));
  return app;
}

/** Reads a problem+json answer. */
export async function problemOf(res: Response): Promise<{ status: number; code: string; type: string; contentType: string | null; body: Record<string, unknown> }> {
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, code: String(body['code']), type: String(body['type']), contentType: res.headers.get('content-type'), body };
}
