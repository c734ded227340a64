/**
 * Deliberately broken HTTP receivers: the HTTP reference receiver with one piece of its
 * configuration altered or its flow adapter wrapped, the way real deployments go wrong. The
 * suite's own tests run each over HTTP and expect exactly the criteria listed here to fail. NEVER
 * deploy any of them: they exist to prove the black-box runner catches what they do.
 *
 * @module
 */

import type { RequestHandler } from 'express';
import type { FlowAdapter, JsonObject, TransactionStore } from '@uketori/express';
import { createTrustStore } from '@uketori/mdoc';
import { toSafeJSON } from '@uketori/policy';
import { signRequestObject, type ReaderAuthKey } from '@uketori/reader';
import type { HttpTargetServer } from '../http/contract.js';
import { trustingAnyDocumentSigner } from './broken.js';
import { startHttpReceiver, type HttpReceiverVariant } from './http.js';

/** A broken HTTP receiver and the criteria it must fail. */
export interface BrokenHttpReceiver {
  readonly id: string;
  /** What it does wrong. */
  readonly description: string;
  /** The criteria the suite must report as failed, and no others. */
  readonly breaks: readonly string[];
  readonly start: HttpTargetServer;
}

type DcqlClaim = { path: [string, string]; intent_to_retain?: boolean };
type DcqlCredential = { id: string; meta: { doctype_value: string }; claims: DcqlClaim[] };

const JP = 'org.iso.23220.1.jp';
const MNC = 'org.iso.23220.1.jp.mnc';

/**
 * Wraps the flow so that every request object carries a rewritten DCQL query, signed again with
 * the program's own key (the plans the answer is gated against stay as the purpose made them).
 */
function rewritingDcql(rewrite: (credential: DcqlCredential) => DcqlCredential): (flow: FlowAdapter, signer: ReaderAuthKey) => FlowAdapter {
  return (flow, signer) => ({
    ...flow,
    async start(input) {
      const started = await flow.start(input);
      const claims = structuredClone(started.state['claims']) as Record<string, unknown> & { dcql_query: { credentials: DcqlCredential[] } };
      claims.dcql_query.credentials = claims.dcql_query.credentials.map(rewrite);
      const requestObject = await signRequestObject(claims, signer);
      return { ...started, state: { ...started.state, claims: claims as unknown as JsonObject, requestObject } };
    },
  });
}

/** One more element in every credential query: `identifier` of `namespace` (for the My Number Card), or the mDL/PID one. */
function askingAlso(mnc: DcqlClaim['path'], other: DcqlClaim['path']): (c: DcqlCredential) => DcqlCredential {
  return (c) => ({ ...c, claims: [...c.claims, { path: c.meta.doctype_value === MNC ? mnc : other, intent_to_retain: false }] });
}

/**
 * A store that keeps a copy of each transaction's secret state when it is consumed, and a
 * "retry-friendly" middleware that reopens a completed transaction when the wallet posts again.
 */
function reopening(store: TransactionStore): { store: TransactionStore; before: RequestHandler } {
  const consumed = new Map<string, { data: JsonObject; secret: JsonObject }>();
  const wrapped: TransactionStore = {
    create: (tx) => store.create(tx),
    get: (id) => store.get(id),
    update: (id, version, data) => store.update(id, version, data),
    async consume(id, outcome, options) {
      const before = await store.get(id);
      if (before?.secret !== undefined) consumed.set(id, { data: before.data, secret: before.secret });
      return store.consume(id, outcome, options);
    },
    waitForOutcome: (id, options) => store.waitForOutcome(id, options),
    delete: (id) => store.delete(id),
    close: () => store.close(),
  };
  const before: RequestHandler = (req, _res, next) => {
    const match = /^\/uketori\/transactions\/([A-Za-z0-9_-]{32})\/response$/.exec(req.path);
    const kept = match === null || req.method !== 'POST' ? undefined : consumed.get(match[1]!);
    if (kept === undefined) return next();
    const id = match![1]!;
    void (async () => {
      const tx = await store.get(id);
      if (tx?.status === 'done') {
        await store.delete(id);
        await store.create({ id, data: kept.data, secret: kept.secret, ttlMs: 300_000 });
      }
    })().then(() => next(), next);
  };
  return { store: wrapped, before };
}

/** Answers 500 to any wallet post over 1 MiB instead of refusing it (a fixed buffer that overflows). */
const crashesOnLargeBodies: RequestHandler = (req, _res, next) => {
  const length = Number(req.headers['content-length'] ?? 0);
  if (req.method === 'POST' && length > 1024 * 1024) return next(new RangeError('response buffer overflow'));
  next();
};

const broken = (id: string, description: string, breaks: readonly string[], variant: HttpReceiverVariant): BrokenHttpReceiver => ({
  id,
  description,
  breaks,
  start: (environment) => startHttpReceiver(environment, { name: `broken HTTP receiver ${id}`, ...variant }),
});

/**
 * Every broken HTTP receiver, each with the criteria it must fail.
 *
 * @example
 * ```ts
 * const broken = HTTP_BROKEN_RECEIVERS.find((b) => b.id === 'accepts-replay')!;
 * const report = await runHttpConformance({ target: broken.start, purpose: 'aml_kyc_jp' });
 * report.criteria.filter((c) => c.verdict === 'fail').map((c) => c.id); // broken.breaks
 * ```
 */
export const HTTP_BROKEN_RECEIVERS: readonly BrokenHttpReceiver[] = [
  broken('over-asks', 'Its DCQL query asks for sex as well.', ['request-minimality'], { flow: rewritingDcql(askingAlso([JP, 'sex_unicode'], ['org.iso.18013.5.1', 'sex'])) }),
  broken('asks-individual-number', 'Its DCQL query asks for the individual number whatever the purpose.', ['request-minimality', 'individual-number-scope'], {
    flow: rewritingDcql((c) => (c.meta.doctype_value === MNC ? askingAlso([JP, 'individual_number_unicode'], [JP, 'individual_number_unicode'])(c) : c)),
  }),
  broken('hides-retention', 'Declares intent_to_retain false for every element, and keeps what the purpose lets it keep anyway.', ['intent-to-retain'], {
    flow: rewritingDcql((c) => ({ ...c, claims: c.claims.map((claim) => ({ ...claim, intent_to_retain: false })) })),
  }),
  broken('skips-chain-check', 'Its trust store takes the DS certificate in the answer without building its chain.', ['issuer-chain', 'ds-revocation'], { trust: () => trustingAnyDocumentSigner() }),
  broken('ignores-revocation', 'Its trust store never loads the IACA CRL.', ['ds-revocation'], { trust: (env) => createTrustStore({ anchors: [...env.trustAnchors] }) }),
  broken('accepts-replay', 'Reopens a completed transaction when the wallet posts to it again.', ['single-use-nonce'], { store: reopening }),
  broken('logs-values', 'Logs every accepted result, values included, "for debugging".', ['no-personal-data-in-logs'], {
    onResult: (result, log) => log(`debug: result ${JSON.stringify(toSafeJSON(result))}`),
  }),
  broken('no-purpose-text', 'Shows the person no purpose.', ['purpose-shown'], { purposeText: false }),
  broken('crashes-on-oversized', 'Answers 500 to a wallet post over 1 MiB.', ['malformed-input'], { before: crashesOnLargeBodies }),
];
