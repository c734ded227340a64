/**
 * The onboarding site: one purpose (`aml_kyc_jp`), three ways to present it — the DC API with
 * `org-iso-mdoc` (Annex C: the My Number Card in Apple Wallet on iPhone), OpenID4VP with a QR code
 * (other wallets), and the デジタル認証アプリ (the plastic card) — and one handler that keeps the KYC
 * record of every complete result, whichever way it came.
 *
 * @module
 */

import { fileURLToPath } from 'node:url';
import express from 'express';
import QRCode from 'qrcode';
import { annexCFlow, createUketoriRouter, oid4vpFlow, type UketoriLogEvent } from '@uketori/express';
import { allowLoopbackHttp, channelOf, createJpkiClient, type VerificationResultView } from '@uketori/jpki-oidc';
import { jpkiLoginRouter } from '@uketori/jpki-oidc/express';
import { elementName, getPurpose, type AuditSink, type Purpose } from '@uketori/policy';
import { checkPublicOrigin, type KycConfig } from './config.js';
import { kycRecordOf, memoryKycRecordStore, type KycRecord, type KycRecordStore } from './kyc-record.js';

/** The one purpose definition: 犯収法施行規則 6条1項1号ル — name, address, date of birth, photo; kept 7 years. */
export const KYC_PURPOSE: Purpose = getPurpose('aml_kyc_jp');

/** What the KYC handler logs: names, dates and outcomes, never a value. */
export interface KycEvent {
  readonly event: 'kyc.recorded' | 'kyc.incomplete';
  readonly transactionId: string;
  readonly channel: 'mdoc' | 'jpki-oidc';
  /** `kyc.recorded`: the elements kept, `namespace/identifier`. */
  readonly retained?: readonly string[];
  /** `kyc.recorded`: the latest date until which the record may be kept (provisional: counted from today). */
  readonly untilDate?: string;
  /** `kyc.incomplete`: what was missing, by name. */
  readonly missing?: readonly string[];
}

/** Options of {@link createKycApp}. */
export interface KycAppOptions {
  /** Where KYC records go. Default {@link memoryKycRecordStore}. */
  readonly records?: KycRecordStore;
  /** Receives the audit record of every decision (names only). */
  readonly audit?: AuditSink;
  /** Receives the router's and the KYC handler's events. Default: one JSON line each on stdout. */
  readonly logger?: (event: UketoriLogEvent | KycEvent) => void;
}

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Creates the express app. Mount nothing else in front of `/uketori` and `/jpki`: the wallet and
 * the provider reach them at `<publicOrigin>/uketori/…` and `<publicOrigin>/jpki/callback`.
 *
 * @example
 * ```ts
 * const config = await kycConfigFromEnv(process.env, { defaultOrigin: 'http://127.0.0.1:3000' });
 * createKycApp(config).listen(3000, '127.0.0.1');
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_*` for unusable configuration: a public origin that is
 *   not `https:` off loopback, or what the routers refuse.
 */
export function createKycApp(config: KycConfig, options: KycAppOptions = {}): express.Express {
  const records = options.records ?? memoryKycRecordStore();
  const log = options.logger ?? ((event) => console.log(JSON.stringify(event)));
  // A hand-built config gets the same check as one from the environment: off loopback, cookies are
  // Secure and the redirect URI is https.
  const origin = checkPublicOrigin(config.publicOrigin, 'config.publicOrigin');
  const secure = new URL(origin).protocol === 'https:';

  /** The one result handler: keep the record of a complete identification, log names only. */
  async function recordKyc(result: VerificationResultView): Promise<KycRecord | undefined> {
    const record = kycRecordOf(result);
    const channel = channelOf(result);
    if (record === undefined) {
      log({ event: 'kyc.incomplete', transactionId: result.transactionId, channel, missing: result.missing.map((m) => m.anyOf.map(elementName).join('|')) });
      return undefined;
    }
    await records.save(record);
    const untilDate = record.retention.map((r) => r.untilDate).sort().at(-1);
    log({ event: 'kyc.recorded', transactionId: record.id, channel, retained: record.retention.flatMap((r) => r.elements), ...(untilDate === undefined ? {} : { untilDate }) });
    return record;
  }

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; base-uri 'none'; frame-ancestors 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  app.use(
    '/uketori',
    createUketoriRouter({
      store: config.store,
      trust: config.trust,
      purposes: [KYC_PURPOSE],
      flows: [annexCFlow({ readerAuth: config.readerAuth }), oid4vpFlow({ signer: config.signer })],
      baseUrl: `${origin}/uketori`,
      allowedOrigins: [origin],
      cookieSecret: config.cookieSecret,
      cookie: { secure },
      ...(options.audit === undefined ? {} : { audit: options.audit }),
      logger: log,
      // The hook runs after the transaction is consumed; a failure here is logged as hook.failed
      // with ERR_ON_RESULT (alert on it: the customer has to verify again).
      onResult: async (result) => void (await recordKyc(result)),
      // The browser learns whether onboarding succeeded, not the values.
      resultView: (result) => ({ outcome: result.outcome, missing: result.missing.map((m) => m.anyOf.map(elementName).join('|')) }),
    }),
  );

  if (config.jpki !== undefined) {
    const { environment, issuer, clientId, privateKey, kid } = config.jpki;
    const loopbackIssuer = issuer !== undefined && new URL(issuer).protocol === 'http:' && LOOPBACK.has(new URL(issuer).hostname);
    const client = createJpkiClient({
      ...(environment === undefined ? { issuer: issuer! } : { environment }),
      clientId,
      privateKey,
      kid,
      redirectUri: `${origin}/jpki/callback`,
      ...(options.audit === undefined ? {} : { audit: options.audit }),
      // A local test provider only (JPKI_ISSUER=http://127.0.0.1:…); any other http issuer is refused.
      ...(loopbackIssuer ? { [allowLoopbackHttp]: true as const } : {}),
    });
    app.use(
      '/jpki',
      jpkiLoginRouter({
        client,
        purpose: KYC_PURPOSE,
        secureCookie: secure,
        onResult: async (result, _req, res) => {
          const record = await recordKyc(result.policy);
          res.redirect(303, `/?kyc=${record === undefined ? 'incomplete' : 'complete'}`);
        },
      }),
    );
  }

  // What the page shows before anything is asked: the purpose's own words, and which ways are offered.
  app.get('/kyc/config', (_req, res) => {
    res.json({ purpose: { id: KYC_PURPOSE.id, name: KYC_PURPOSE.name, userText: KYC_PURPOSE.userText }, jpki: config.jpki !== undefined, test: config.testPki !== undefined });
  });
  // The QR code of an OpenID4VP link (only those: this is not a general QR service).
  app.get('/kyc/qr.svg', async (req, res) => {
    const link = typeof req.query['link'] === 'string' ? req.query['link'] : '';
    if (!link.startsWith('openid4vp://') || link.length > 2048) {
      res.status(400).end();
      return;
    }
    res.type('image/svg+xml').send(await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
  });
  app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
  return app;
}
