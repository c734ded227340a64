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
import { compactDecrypt, importJWK, type JWK } from 'jose';
import { createTrustStore } from '@uketori/mdoc';
import { gateResponse, namesOf, toSafeJSON, type PolicyResult, type RequestPlan } from '@uketori/policy';
import { signRequestObject, type ReaderAuthKey } from '@uketori/reader';
import type { HttpTargetServer } from '../http/contract.js';
import { silentOnRetention, trustingAnyDocumentSigner, unverified } from './broken.js';
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

/**
 * Wraps the flow so that an answer whose verification fails with one of `codes` is decrypted and
 * gated as it came, unverified — a program that "logs and goes on" when a check fails.
 */
function tolerating(codes: readonly string[]): (flow: FlowAdapter) => FlowAdapter {
  return (flow) => ({
    ...flow,
    async finish(state, submission, input) {
      try {
        return await flow.finish(state, submission, input);
      } catch (err) {
        const response = submission.kind === 'direct_post' ? submission.form['response'] : undefined;
        if (!codes.includes((err as { code?: string }).code ?? '') || response === undefined) throw err;
        const s = state as unknown as { responseKey: JWK; plans: RequestPlan[]; transactionId: string };
        const { plaintext } = await compactDecrypt(response, await importJWK(s.responseKey, 'ECDH-ES'));
        const params = JSON.parse(Buffer.from(plaintext).toString('utf8')) as { vp_token: Record<string, string[]> };
        const [first] = Object.values(params.vp_token).flat();
        const policy = gateResponse(input.purpose, s.plans, unverified(new Uint8Array(Buffer.from(first ?? '', 'base64url'))), { transactionId: s.transactionId, now: input.now });
        return { policy };
      }
    },
  });
}

/** The result URL shows the elements that were dropped as handed on too (the program kept the whole answer). */
function handingOnDropped(result: PolicyResult): JsonObject {
  const received = result.documents.flatMap((d) => [...Object.entries(d.issuerSigned), ...Object.entries(d.deviceSigned)].flatMap(([namespace, values]) => Object.keys(values as object).map((identifier) => ({ namespace, identifier }))));
  return { elements: namesOf([...received, ...result.dropped]) as unknown as JsonObject };
}

/** Serves the request object as `application/jwt`: a wallet cannot tell it is an authorization request object (RFC 9101 §10.2). */
const untypedRequestObject: RequestHandler = (req, res, next) => {
  if (/^\/uketori\/transactions\/[A-Za-z0-9_-]+\/request$/.test(req.path)) {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name: string, value: string | number | readonly string[]) =>
      setHeader(name, name.toLowerCase() === 'content-type' && String(value).startsWith('application/oauth-authz-req+jwt') ? 'application/jwt' : value);
  }
  next();
};

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
  broken('skips-issuer-signature', 'Goes on when the issuerAuth signature does not verify.', ['issuer-signature'], { flow: tolerating(['ERR_ISSUER_SIGNATURE']) }),
  broken('skips-digests', 'Goes on when an element digest does not match or its algorithm is not allowed.', ['element-digests'], { flow: tolerating(['ERR_VALUE_DIGEST', 'ERR_DIGEST_ALGORITHM']) }),
  broken('accepts-expired-mso', 'Goes on when the MSO is outside its validity.', ['mso-validity'], { flow: tolerating(['ERR_MSO_VALIDITY', 'ERR_MSO_SIGNED_IN_DS_VALIDITY']) }),
  broken('skips-device-auth', 'Goes on when device authentication fails (another transcript, key or nonce).', ['device-binding'], { flow: tolerating(['ERR_DEVICE_AUTH', 'ERR_KEY_AUTHORIZATION']) }),
  broken('ignores-doctype', 'Goes on when the MSO docType differs from the document.', ['doctype'], { flow: tolerating(['ERR_MSO_DOCTYPE']) }),
  broken('no-purpose-text', 'Shows the person no purpose.', ['purpose-shown'], { purposeText: false }),
  broken('silent-on-retention', 'Shows why the data is asked for, but not whether it is kept.', ['purpose-shown'], { purposeText: silentOnRetention }),
  broken('keeps-unrequested', 'Hands on every element that arrived, requested or not.', ['drop-unrequested'], { resultView: handingOnDropped }),
  broken('untyped-request-object', 'Serves its request object as application/jwt, not application/oauth-authz-req+jwt.', ['reader-authentication'], { before: untypedRequestObject }),
  broken('crashes-on-oversized', 'Answers 500 to a wallet post over 1 MiB.', ['malformed-input'], { before: crashesOnLargeBodies }),
];
