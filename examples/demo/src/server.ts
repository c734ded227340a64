/**
 * The demo relying-party site on embedded defaults: the in-memory TransactionStore, test trust
 * anchors, and the test sender as the wallet. It mounts `@uketori/express` exactly as a business
 * would, plus a page and the test wallet's buttons.
 *
 * @module
 */

import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import QRCode from 'qrcode';
import { annexCFlow, annexDFlow, createMemoryTransactionStore, createUketoriRouter, oid4vpFlow, type UketoriLogEvent } from '@uketori/express';
import { getPurpose, memoryAuditSink, type AuditRecord } from '@uketori/policy';
import { describePurpose } from './describe.js';
import { createDemoFixtures } from './fixtures.js';
import { DEMO_FAULTS, demoWalletRouter } from './wallet.js';

/** The purposes the demo offers. */
export const DEMO_PURPOSES = ['aml_kyc_jp', 'age_20_plus'] as const;

/** The flows the demo offers, as the page labels them. */
export const DEMO_FLOWS = [
  { id: 'oid4vp', label: { ja: 'OpenID4VP(QR コード、別の端末で提示)', en: 'OpenID4VP (QR code, cross-device)' } },
  { id: 'dc-api-annex-c', label: { ja: 'DC API org-iso-mdoc(iPhone の Apple Wallet)', en: 'DC API org-iso-mdoc (Apple Wallet on iPhone)' } },
  { id: 'dc-api-annex-d', label: { ja: 'DC API OpenID4VP(Android のウォレット)', en: 'DC API OpenID4VP (Android wallets)' } },
] as const;

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default `0` (any free port). */
  readonly port?: number;
  /** Receives the router's log events (no personal data in them). */
  readonly logger?: (event: UketoriLogEvent) => void;
}

/** A running demo. */
export interface Demo {
  /** The page's URL. */
  readonly url: string;
  /** The audit records written so far (no personal data). */
  readonly audit: readonly AuditRecord[];
  close(): Promise<void>;
}

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/**
 * Starts the demo site.
 *
 * @example
 * ```ts
 * import { startDemo } from '@uketori/example-demo';
 *
 * const demo = await startDemo({ port: 3000 });
 * console.log(`open ${demo.url}`);
 * ```
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const host = options.host ?? '127.0.0.1';
  const app = express();
  const server: Server = createServer(app);
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const fx = await createDemoFixtures(host);
  const audit = memoryAuditSink();
  const purposes = DEMO_PURPOSES.map((id) => getPurpose(id));
  const readerAuth = { privateKey: fx.readers.reader.privateKey, certificateChain: [fx.readers.reader.der] };
  const signer = { privateKey: fx.verifier.privateKey, certificateChain: fx.verifier.certificateChain };

  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; frame-ancestors 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  app.use(
    '/uketori',
    createUketoriRouter({
      store: createMemoryTransactionStore(),
      trust: fx.trust,
      purposes,
      flows: [annexCFlow({ readerAuth }), annexDFlow({ signed: { signer } }), oid4vpFlow({ signer })],
      baseUrl: `${origin}/uketori`,
      allowedOrigins: [origin],
      cookieSecret: fx.cookieSecret,
      audit,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    }),
  );
  app.get('/demo/config', (_req, res) => {
    const now = new Date();
    res.json({ purposes: purposes.map((p) => describePurpose(p, now)), flows: DEMO_FLOWS, faults: DEMO_FAULTS });
  });
  app.get('/demo/qr.svg', async (req, res) => {
    const text = typeof req.query['text'] === 'string' ? req.query['text'] : '';
    if (text.length === 0 || text.length > 2048) {
      res.status(400).end();
      return;
    }
    res.type('image/svg+xml').send(await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
  });
  // The audit trail of one transaction: names of elements, outcomes and codes, never a value.
  app.get('/demo/audit', (req, res) => {
    const id = typeof req.query['transaction'] === 'string' ? req.query['transaction'] : '';
    res.json(audit.records.filter((record) => record.transactionId === id));
  });
  app.use('/demo/wallet', demoWalletRouter({ credentials: fx.credentials, origin: () => origin, routerBase: () => `${origin}/uketori/` }));
  app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));

  return {
    url: `${origin}/`,
    audit: audit.records,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
