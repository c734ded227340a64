/**
 * An age check at an online shop (酒類・たばこ): the purpose `age_20_plus` asks the My Number Card
 * for one boolean, `age_over_20` (ISO/IEC 18013-5 §7.2.5), with `intent_to_retain: false`, and the
 * site answers "over 20: yes / no". Nothing is stored: no onResult, and the browser gets only
 * the boolean. The audit record names the element, never its value.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { annexCFlow, createMemoryTransactionStore, createUketoriRouter, oid4vpFlow, type TransactionStore, type UketoriLogEvent } from '@uketori/express';
import type { TrustStore } from '@uketori/mdoc';
import { getPurpose, ISO_23220_NAMESPACE, MY_NUMBER_CARD_DOCTYPE, type AuditSink, type PolicyResult, type Purpose } from '@uketori/policy';

/** The purpose: `age_over_20` from the My Number Card, required, never retained. */
export const AGE_PURPOSE: Purpose = getPurpose('age_20_plus');

/** A private key with its certificate chain (DER, leaf first). */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly certificateChain: readonly Uint8Array[];
}

/** Options of {@link createAgeCheckApp}. */
export interface AgeCheckOptions {
  /** The site's public origin, e.g. `https://shop.example.jp` (http only on loopback). */
  readonly publicOrigin: string;
  /** Trusted IACAs: `anchorSets.jpJlisMnc` with its CRL in production. */
  readonly trust: TrustStore;
  /** readerAuth for the DC API request (Apple requires it). */
  readonly readerAuth: SigningKey;
  /** Signs the OpenID4VP request objects. */
  readonly signer: SigningKey;
  /** ≥ 32 random bytes, the same on every instance. */
  readonly cookieSecret: Uint8Array;
  /** Default: in memory. */
  readonly store?: TransactionStore;
  /** Receives one record per decision (names only). */
  readonly audit?: AuditSink;
  readonly logger?: (event: UketoriLogEvent) => void;
}

/**
 * The answer: `true` (20 or over), `false` (under 20), or `null` when the card did not answer the
 * question (the holder declined, or another document came back).
 *
 * @example
 * ```ts
 * over20Of(result); // true
 * ```
 * @throws never.
 */
export function over20Of(result: PolicyResult): boolean | null {
  const doc = result.documents.find((d) => d.docType === MY_NUMBER_CARD_DOCTYPE && d.complete);
  const value = doc?.issuerSigned[ISO_23220_NAMESPACE]?.['age_over_20'];
  return typeof value === 'boolean' ? value : null;
}

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/**
 * The express app: the router at `/uketori` and the page.
 *
 * @example
 * ```ts
 * createAgeCheckApp({ publicOrigin: 'https://shop.example.jp', trust, readerAuth, signer, cookieSecret }).listen(3000);
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_*` for unusable options (from the router).
 */
export function createAgeCheckApp(options: AgeCheckOptions): express.Express {
  const origin = options.publicOrigin;
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; base-uri 'none'; frame-ancestors 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(
    '/uketori',
    createUketoriRouter({
      store: options.store ?? createMemoryTransactionStore(),
      trust: options.trust,
      purposes: [AGE_PURPOSE],
      flows: [annexCFlow({ readerAuth: options.readerAuth }), oid4vpFlow({ signer: options.signer })],
      baseUrl: `${origin}/uketori`,
      allowedOrigins: [origin],
      cookieSecret: options.cookieSecret,
      cookie: { secure: new URL(origin).protocol === 'https:' },
      ...(options.audit === undefined ? {} : { audit: options.audit }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      // All the browser learns, and all the shop needs: yes, no, or unknown.
      resultView: (result) => ({ over20: over20Of(result) }),
    }),
  );
  app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
  return app;
}
