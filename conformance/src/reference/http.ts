/**
 * The HTTP reference receiver: a receiving program as a business deploys it with uketori — an
 * express app mounting `createUketoriRouter` of `@uketori/express` with the OpenID4VP 1.0 flow
 * (`oid4vpFlow`, signed request objects, `direct_post.jwt`), the in-memory TransactionStore, and
 * the suite's test IACA and CRL as its only trust. It serves the start contract as the router does
 * (`POST /uketori/transactions` with `{purpose, flow: 'oid4vp'}`) and the evidence endpoint
 * (`GET /conformance/evidence`) with its log and audit lines. The broken HTTP receivers
 * (`http-broken.ts`) each alter one piece of its configuration.
 *
 * It listens on 127.0.0.1 only, with the test PKI only: NEVER a production configuration.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { createMemoryTransactionStore, createUketoriRouter, oid4vpFlow, type FlowAdapter, type JsonObject, type TransactionStore } from '@uketori/express';
import { createTrustStore, type TrustStore } from '@uketori/mdoc';
import { createPurposeRegistry, type PolicyResult, type Purpose } from '@uketori/policy';
import type { ReaderAuthKey } from '@uketori/reader';
import type { HttpTarget, RunningHttpTarget } from '../http/contract.js';
import type { TargetEnvironment, TargetText } from '../target.js';
import { SUITE_VERSION } from '../version.js';

/** One alteration of the reference configuration (a broken HTTP receiver), each part optional. */
export interface HttpReceiverVariant {
  /** The name the evidence endpoint reports. */
  readonly name?: string;
  /** The trust store instead of the environment's anchors with their CRLs. */
  readonly trust?: (environment: TargetEnvironment) => TrustStore;
  /** Wraps the OpenID4VP flow adapter. */
  readonly flow?: (flow: FlowAdapter, signer: ReaderAuthKey) => FlowAdapter;
  /** Wraps the TransactionStore; may add middleware in front of the router. */
  readonly store?: (store: TransactionStore) => { readonly store: TransactionStore; readonly before?: RequestHandler };
  /** What the result URL shows (default `toSafeJSON`). */
  readonly resultView?: (result: PolicyResult) => JsonObject;
  /** Sees every accepted result, with the program's log. */
  readonly onResult?: (result: PolicyResult, log: (line: string) => void) => void;
  /** Middleware in front of the router. */
  readonly before?: RequestHandler;
  /** False: the evidence endpoint reports no purpose text; a function: the text it reports. Default the purpose's `userText`. */
  readonly purposeText?: false | ((purpose: Purpose) => TargetText);
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts the HTTP reference receiver (or a variant of it) on 127.0.0.1, trusting exactly what
 * `environment` gives, at its clock, signing requests with its reader key.
 *
 * @example
 * ```ts
 * const report = await runHttpConformance({ target: (env) => startHttpReceiver(env), purpose: 'aml_kyc_jp' });
 * ```
 * @throws {Error} when the server cannot listen.
 */
export async function startHttpReceiver(environment: TargetEnvironment, variant: HttpReceiverVariant = {}): Promise<RunningHttpTarget> {
  const lines: string[] = [];
  const log = (line: string): void => void lines.push(line);
  const app = express();
  const server = createServer(app);
  const port = await listen(server);
  const origin = `http://127.0.0.1:${port}`;
  const base = `${origin}/uketori`;
  const registry = createPurposeRegistry();
  const signer: ReaderAuthKey = { privateKey: environment.readerKey.privateKey, certificateChain: [...environment.readerKey.certificateChain] };
  const flow = oid4vpFlow({ signer });
  const memory = createMemoryTransactionStore();
  const stored = variant.store?.(memory) ?? { store: memory };
  const trust = variant.trust?.(environment) ?? createTrustStore({ anchors: [...environment.trustAnchors], crl: { crls: [...environment.crls] } });
  const name = variant.name ?? 'uketori HTTP reference receiver';

  app.get('/conformance/evidence', (req, res) => {
    const purposeId = typeof req.query['purpose'] === 'string' ? req.query['purpose'] : '';
    const purpose = registry.has(purposeId) ? registry.get(purposeId) : undefined;
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      target: { name, version: SUITE_VERSION, vendor: 'uketori' },
      ...(variant.purposeText === false || purpose === undefined ? {} : { purposeText: variant.purposeText?.(purpose) ?? purpose.userText }),
      logs: lines,
    });
  });
  if (stored.before !== undefined) app.use(stored.before);
  if (variant.before !== undefined) app.use(variant.before);
  app.use(
    '/uketori',
    createUketoriRouter({
      store: stored.store,
      trust,
      purposes: registry.list().filter((p) => p.status === 'available' && p.documents.length > 0),
      flows: [variant.flow?.(flow, signer) ?? flow],
      baseUrl: base,
      allowedOrigins: [origin],
      cookieSecret: new Uint8Array(randomBytes(32)),
      // Plain http on loopback (the suite's own run); a deployment keeps the default Secure cookie.
      cookie: { secure: false },
      now: environment.now,
      logger: (event) => log(JSON.stringify(event)),
      audit: { write: (record) => void log(JSON.stringify(record)) },
      ...(variant.resultView === undefined ? {} : { resultView: variant.resultView }),
      ...(variant.onResult === undefined ? {} : { onResult: (result: PolicyResult) => variant.onResult!(result, log) }),
    }),
  );
  const target: HttpTarget = {
    start: { url: `${base}/transactions`, method: 'POST', body: { purpose: '{purpose}', flow: flow.id } },
    evidenceUrl: `${origin}/conformance/evidence`,
  };
  return {
    target,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await memory.close();
    },
  };
}

/**
 * The HTTP reference receiver as an HTTP target server: it passes every criterion observable over
 * HTTP.
 *
 * @example
 * ```ts
 * const report = await runHttpConformance({ target: httpReferenceReceiver, purpose: 'aml_kyc_jp' });
 * report.summary.conformant; // true
 * ```
 * @throws {Error} when the server cannot listen.
 */
export function httpReferenceReceiver(environment: TargetEnvironment): Promise<RunningHttpTarget> {
  return startHttpReceiver(environment);
}
