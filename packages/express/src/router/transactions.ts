/**
 * The page's endpoints: create a transaction, read its result (poll or server-sent events). Both
 * result endpoints answer only the browser that created the transaction (binding cookie), and for
 * a same-device flow only with the `response_code` the wallet's redirect carried.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { HttpError, StoreError } from '../errors.js';
import { readBody } from '../http/body.js';
import { toProblem } from '../http/problem.js';
import { sendJson } from '../http/send.js';
import type { JsonObject, TransactionRecord } from '../store/types.js';
import type { RouterContext } from './options.js';
import { publicView, responseCodeMatches, type StoredOutcome } from './outcome.js';

const ID = /^[A-Za-z0-9_-]{32}$/;

/** The transaction id from the path; a malformed one is simply not found. */
export function idParam(req: Request): string {
  const id = req.params['id'];
  if (typeof id !== 'string' || !ID.test(id)) throw new StoreError('ERR_TRANSACTION_NOT_FOUND', 'no such transaction');
  return id;
}

/** Reads a transaction or throws `ERR_TRANSACTION_NOT_FOUND`. */
export async function load(ctx: RouterContext, id: string): Promise<TransactionRecord> {
  const tx = await ctx.store.get(id);
  if (tx === undefined) throw new StoreError('ERR_TRANSACTION_NOT_FOUND', 'no such transaction');
  return tx;
}

/** The page origin of a request (the `Origin` header), checked against `allowedOrigins`; undefined when absent. */
export function pageOrigin(ctx: RouterContext, req: Request): string | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  if (!ctx.allowedOrigins.has(origin)) throw new HttpError('ERR_ORIGIN_NOT_ALLOWED', 'the request comes from an origin not in allowedOrigins');
  return origin;
}

/** `POST /transactions` with `{ purpose, flow, sameDevice? }`. */
export async function createTransaction(ctx: RouterContext, req: Request, res: Response): Promise<void> {
  const body = await readBody(req, ['application/json'], ctx.createBytes);
  const json = body.type === 'application/json' ? body.json : undefined;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new HttpError('ERR_BAD_REQUEST', 'body must be a JSON object');
  const { purpose: purposeId, flow: flowId, sameDevice = false } = json as Record<string, unknown>;
  if (typeof purposeId !== 'string') throw new HttpError('ERR_BAD_REQUEST', '"purpose" must be a string');
  if (typeof flowId !== 'string') throw new HttpError('ERR_BAD_REQUEST', '"flow" must be a string');
  if (typeof sameDevice !== 'boolean') throw new HttpError('ERR_BAD_REQUEST', '"sameDevice" must be a boolean');
  const purpose = ctx.purposes.get(purposeId);
  if (purpose === undefined) throw new HttpError('ERR_UNKNOWN_PURPOSE', 'the purpose is not configured');
  const flow = ctx.flows.get(flowId);
  if (flow === undefined) throw new HttpError('ERR_UNKNOWN_FLOW', 'the flow is not configured');
  if (sameDevice && (flow.channel !== 'wallet' || ctx.sameDeviceRedirectUri === undefined)) {
    throw new HttpError('ERR_BAD_REQUEST', '"sameDevice" needs a wallet flow and sameDeviceRedirectUri');
  }
  const origin = pageOrigin(ctx, req);
  if (flow.channel === 'dc-api' && origin === undefined) throw new HttpError('ERR_ORIGIN_NOT_ALLOWED', 'a DC API transaction must be created by its page (Origin header)');

  // 192 random bits: the id is public (it is in the QR code); the binding cookie is the secret.
  const id = randomBytes(24).toString('base64url');
  const binding = ctx.binding.bind(req, res);
  const now = ctx.now();
  const url = `${ctx.baseUrl}/transactions/${id}`;
  const started = await flow.start({
    transactionId: id,
    purpose,
    now,
    ttlSeconds: ctx.ttlSeconds,
    origin,
    requestUri: `${url}/request`,
    responseUri: `${url}/response`,
    redirectUri: sameDevice ? sameDeviceTarget(ctx.sameDeviceRedirectUri!, id) : undefined,
  });
  const data: JsonObject = { flow: flow.id, purposeId, binding, sameDevice, requestFetched: false, ...(origin === undefined ? {} : { origin }) };
  const tx = await ctx.store.create({ id, data, secret: started.state, ttlMs: ctx.ttlSeconds * 1000 });
  ctx.log({ event: 'transaction.created', transactionId: id, flow: flow.id, purposeId });
  sendJson(res, 201, {
    id,
    flow: flow.id,
    purpose: purposeId,
    expiresAt: new Date(tx.expiresAt).toISOString(),
    resultUrl: `${url}/result`,
    eventsUrl: `${url}/events`,
    ...(flow.channel === 'dc-api' ? { completeUrl: `${url}/dc-api` } : flow.channel === 'app' ? { completeUrl: `${url}/app` } : {}),
    ...started.client,
  });
}

/** The same-device landing page, told which transaction it is about (the flow appends the response_code). */
function sameDeviceTarget(base: string, id: string): string {
  const url = new URL(base);
  url.searchParams.set('transaction_id', id);
  return url.href;
}

/** Refuses a request that is not from the creating browser (or lacks the same-device response_code). */
function checkReader(ctx: RouterContext, req: Request, tx: TransactionRecord): void {
  if (!ctx.binding.matches(req, String(tx.data['binding']))) throw new HttpError('ERR_BROWSER_BINDING', 'the result belongs to the browser that created the transaction');
  if (tx.status === 'done' && tx.outcome !== undefined && !responseCodeMatches(tx.outcome as unknown as StoredOutcome, req.query['response_code'])) {
    throw new HttpError('ERR_RESPONSE_CODE', 'a same-device result needs the response_code of the redirect');
  }
}

/** `GET /transactions/:id/result[?wait=<s>][&response_code=…]`: poll, optionally waiting up to 25 s. */
export async function readResult(ctx: RouterContext, req: Request, res: Response): Promise<void> {
  const id = idParam(req);
  let tx = await load(ctx, id);
  checkReader(ctx, req, tx);
  const wait = Math.min(25, Math.max(0, Number(req.query['wait']) || 0));
  if (tx.status === 'pending' && wait > 0) {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    tx = await ctx.store.waitForOutcome(id, { timeoutMs: Math.round(wait * 1000), signal: abort.signal });
    checkReader(ctx, req, tx);
  }
  if (tx.status === 'done') ctx.log({ event: 'result.read', transactionId: id, flow: String(tx.data['flow']) });
  sendJson(res, 200, publicView(tx));
}

/** `GET /transactions/:id/events`: server-sent events `status` (now) and `result` (once done), then the stream ends. */
export async function streamResult(ctx: RouterContext, req: Request, res: Response): Promise<void> {
  const id = idParam(req);
  const first = await load(ctx, id);
  checkReader(ctx, req, first);
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
  const send = (event: string, data: unknown): void => void res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  send('status', publicView(first));
  let tx = first;
  try {
    while (tx.status === 'pending' && !abort.signal.aborted) {
      tx = await ctx.store.waitForOutcome(id, { timeoutMs: 15_000, signal: abort.signal });
      if (tx.status === 'pending' && !abort.signal.aborted) res.write(': keep-alive\n\n');
    }
    if (tx.status === 'done') {
      checkReader(ctx, req, tx);
      ctx.log({ event: 'result.read', transactionId: id, flow: String(tx.data['flow']) });
      send('result', publicView(tx));
    }
  } catch (err) {
    send('problem', toProblem(err));
  }
  res.end();
}
