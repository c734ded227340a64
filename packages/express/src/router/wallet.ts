/**
 * The holder-side endpoints: `request_uri` (GET, and POST with `wallet_nonce`, OpenID4VP 1.0
 * §5.10), `response_uri` (`direct_post` / `direct_post.jwt`, §8.2–8.3), the DC API completion
 * the page posts the credential to, and the completion a native app posts its envelope to. Content
 * type and size are checked before anything is read or looked up; a transaction answers exactly
 * once.
 *
 * @module
 */

import type { Request, Response } from 'express';
import { HttpError, StoreError } from '../errors.js';
import type { FlowAdapter } from '../flows/types.js';
import { formField, readBody } from '../http/body.js';
import { sendProblem, toProblem } from '../http/problem.js';
import { sendJson, sendText } from '../http/send.js';
import type { JsonObject, TransactionRecord } from '../store/types.js';
import type { RouterContext } from './options.js';
import { finishTransaction } from './outcome.js';
import { idParam, load, pageOrigin } from './transactions.js';

/** Form fields a wallet may post to `response_uri` (OpenID4VP 1.0 §8.2, §8.3, RFC 6749 §4.1.2.1). */
const RESPONSE_FIELDS = ['response', 'vp_token', 'state', 'error', 'error_description', 'error_uri', 'presentation_submission'] as const;

function pendingFlow(ctx: RouterContext, tx: TransactionRecord, channel: FlowAdapter['channel']): FlowAdapter {
  if (tx.status !== 'pending') throw new StoreError('ERR_TRANSACTION_CONSUMED', 'the transaction was already completed');
  const flow = ctx.flows.get(String(tx.data['flow']));
  if (flow === undefined) throw new HttpError('ERR_UNKNOWN_FLOW', 'the transaction names a flow no longer configured');
  if (flow.channel !== channel) throw new HttpError('ERR_WRONG_FLOW', 'this endpoint does not apply to the transaction\'s flow');
  return flow;
}

/** `GET|POST /transactions/:id/request`: the signed request object (fetchable more than once). */
export async function requestObject(ctx: RouterContext, req: Request, res: Response): Promise<void> {
  const id = idParam(req);
  let walletNonce: string | undefined;
  let walletMetadata: string | undefined;
  if (req.method === 'POST') {
    const body = await readBody(req, ['application/x-www-form-urlencoded'], ctx.walletBytes);
    if (body.type === 'application/x-www-form-urlencoded') {
      walletNonce = formField(body.form, 'wallet_nonce');
      walletMetadata = formField(body.form, 'wallet_metadata');
    }
  }
  const tx = await load(ctx, id);
  const flow = pendingFlow(ctx, tx, 'wallet');
  if (flow.requestObject === undefined || tx.secret === undefined) throw new HttpError('ERR_WRONG_FLOW', 'the transaction\'s flow has no request object');
  const jws = await flow.requestObject(tx.secret, {
    now: ctx.now(),
    ...(walletNonce === undefined ? {} : { walletNonce }),
    ...(walletMetadata === undefined ? {} : { walletMetadata }),
  });
  if (tx.data['requestFetched'] !== true) {
    // For the page ("wallet opened the request"); losing this race to another fetch is harmless.
    await ctx.store.update(id, tx.version, { ...tx.data, requestFetched: true }).catch((err: unknown) => {
      if (!(err instanceof StoreError) || err.code !== 'ERR_TRANSACTION_CONFLICT') throw err;
    });
  }
  ctx.log({ event: 'request.fetched', transactionId: id, flow: flow.id });
  sendText(res, 200, 'application/oauth-authz-req+jwt', jws);
}

/** `POST /transactions/:id/response`: the wallet's answer (form-encoded). */
export async function walletResponse(ctx: RouterContext, req: Request, res: Response): Promise<void> {
  const id = idParam(req);
  const body = await readBody(req, ['application/x-www-form-urlencoded'], ctx.walletBytes);
  const form: Record<string, string> = {};
  if (body.type === 'application/x-www-form-urlencoded') {
    for (const name of RESPONSE_FIELDS) {
      const value = formField(body.form, name);
      if (value !== undefined) form[name] = value;
    }
  }
  if (form['response'] === undefined && form['vp_token'] === undefined && form['error'] === undefined) {
    throw new HttpError('ERR_BAD_REQUEST', 'the form has neither "response", "vp_token" nor "error"');
  }
  const tx = await load(ctx, id);
  const flow = pendingFlow(ctx, tx, 'wallet');
  const finished = await finishTransaction(ctx, tx, flow, { kind: 'direct_post', form });
  if (finished.failure !== undefined) return sendProblem(res, toProblem(finished.failure));
  // OpenID4VP 1.0 §8.2: same-device, answer with the redirect_uri carrying the one-time response_code.
  sendJson(res, 200, finished.redirectUri === undefined ? {} : { redirect_uri: finished.redirectUri });
}

/** Strict base64 (RFC 4648 §4, as `Data.base64EncodedString()` writes it) or base64url (§5), padding optional. */
const BASE64 = /^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)={0,2}$/;

function isBase64(text: string): boolean {
  // Padded text is whole quadruples; unpadded text cannot leave a single character over.
  const length = text.length;
  return length > 0 && BASE64.test(text) && (text.endsWith('=') ? length % 4 === 0 : length % 4 !== 1);
}

/**
 * `POST /transactions/:id/app` with `{ encryptedData }`: what the OS gave the native app that
 * created the transaction (Apple: `PKIdentityDocument.encryptedData`, base64). Only the creator
 * (binding cookie) may complete it; the answer is the result.
 */
export async function appResponse(ctx: RouterContext, req: Request, res: Response): Promise<void> {
  const id = idParam(req);
  const body = await readBody(req, ['application/json'], ctx.walletBytes);
  const json = body.type === 'application/json' ? body.json : undefined;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new HttpError('ERR_BAD_REQUEST', 'body must be a JSON object');
  const { encryptedData } = json as Record<string, unknown>;
  if (typeof encryptedData !== 'string' || !isBase64(encryptedData)) {
    throw new HttpError('ERR_BAD_REQUEST', '"encryptedData" must be a base64 string');
  }
  // A native app sends no Origin; a page that does must be an allowed one (and cannot read the answer cross-origin).
  pageOrigin(ctx, req);
  const tx = await load(ctx, id);
  if (!ctx.binding.matches(req, String(tx.data['binding']))) throw new HttpError('ERR_BROWSER_BINDING', 'only the app that created the transaction may complete it');
  const flow = pendingFlow(ctx, tx, 'app');
  const finished = await finishTransaction(ctx, tx, flow, { kind: 'app', encryptedData: new Uint8Array(Buffer.from(encryptedData, 'base64')) });
  if (finished.failure !== undefined) return sendProblem(res, toProblem(finished.failure));
  sendJson(res, 200, completion(id, finished));
}

/** The answer of a completion endpoint (DC API page, native app): the public view of the result. */
function completion(id: string, finished: Awaited<ReturnType<typeof finishTransaction>>): JsonObject {
  return finished.outcome.ok ? { id, status: 'done', ok: true, outcome: finished.outcome.outcome, result: finished.outcome.result } : { id, status: 'done', ok: false };
}

/** `POST /transactions/:id/dc-api` with `{ protocol, data }`: the credential the page got from `navigator.credentials.get`. */
export async function dcApiResponse(ctx: RouterContext, req: Request, res: Response): Promise<void> {
  const id = idParam(req);
  const body = await readBody(req, ['application/json'], ctx.walletBytes);
  const json = body.type === 'application/json' ? body.json : undefined;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new HttpError('ERR_BAD_REQUEST', 'body must be a JSON object');
  const { protocol, data } = json as Record<string, unknown>;
  if (typeof protocol !== 'string') throw new HttpError('ERR_BAD_REQUEST', '"protocol" must be a string');
  const origin = pageOrigin(ctx, req);
  if (origin === undefined) throw new HttpError('ERR_ORIGIN_NOT_ALLOWED', 'a DC API answer must be posted by its page (Origin header)');
  const tx = await load(ctx, id);
  if (!ctx.binding.matches(req, String(tx.data['binding']))) throw new HttpError('ERR_BROWSER_BINDING', 'only the browser that created the transaction may complete it');
  const flow = pendingFlow(ctx, tx, 'dc-api');
  const finished = await finishTransaction(ctx, tx, flow, { kind: 'dc-api', protocol, data, origin });
  if (finished.failure !== undefined) return sendProblem(res, toProblem(finished.failure));
  sendJson(res, 200, completion(id, finished));
}
