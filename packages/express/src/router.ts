/**
 * `createUketoriRouter`: the express router a business mounts for online verification.
 *
 * @module
 */

import { Router, type NextFunction, type Request, type Response } from 'express';
import { sendProblem, toProblem } from './http/problem.js';
import { resolveOptions, type RouterContext, type UketoriRouterOptions } from './router/options.js';
import { createTransaction, readResult, streamResult } from './router/transactions.js';
import { appResponse, dcApiResponse, requestObject, walletResponse } from './router/wallet.js';

type Route = (ctx: RouterContext, req: Request, res: Response) => Promise<void>;

/**
 * Creates the router. Endpoints, relative to where it is mounted:
 *
 * | Method | Path | Who | What |
 * |---|---|---|---|
 * | POST | `/transactions` | page | `{purpose, flow, sameDevice?}` → 201 with the DC API request or the wallet link, and result URLs; sets the binding cookie |
 * | GET, POST | `/transactions/:id/request` | wallet | `request_uri`: the signed request object (`application/oauth-authz-req+jwt`); POST takes `wallet_nonce` |
 * | POST | `/transactions/:id/response` | wallet | `response_uri`: `response=<JWE>` or `vp_token`+`state` (form) → `{}` or `{redirect_uri}` |
 * | POST | `/transactions/:id/dc-api` | page | `{protocol, data}` from `navigator.credentials.get` → the result |
 * | POST | `/transactions/:id/app` | app | `{encryptedData}` (base64 of `PKIdentityDocument.encryptedData`) → the result |
 * | GET | `/transactions/:id/result` | page | poll (`?wait=<s>` long-polls up to 25 s; `response_code` for same-device) |
 * | GET | `/transactions/:id/events` | page | server-sent events `status`, then `result` |
 *
 * Errors are `application/problem+json` with a stable `code`.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createUketoriRouter, createMemoryTransactionStore, annexCFlow } from '@uketori/express';
 *
 * const app = express();
 * app.use('/uketori', createUketoriRouter({
 *   store: createMemoryTransactionStore(),
 *   trust, purposes: [getPurpose('aml_kyc_jp')], flows: [annexCFlow({ readerAuth })],
 *   baseUrl: 'https://shop.example/uketori', allowedOrigins: ['https://shop.example'],
 *   cookieSecret,
 * }));
 * ```
 *
 * @throws {UketoriTypeError} / {UketoriRangeError} `ERR_INVALID_ARG_*` for invalid options.
 */
export function createUketoriRouter(options: UketoriRouterOptions): Router {
  const ctx = resolveOptions(options);
  const router = Router();
  const handle =
    (route: Route) =>
    async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        await route(ctx, req, res);
      } catch (err) {
        next(err);
      }
    };
  router.post('/transactions', handle(createTransaction));
  router.get('/transactions/:id/request', handle(requestObject));
  router.post('/transactions/:id/request', handle(requestObject));
  router.post('/transactions/:id/response', handle(walletResponse));
  router.post('/transactions/:id/dc-api', handle(dcApiResponse));
  router.post('/transactions/:id/app', handle(appResponse));
  router.get('/transactions/:id/result', handle(readResult));
  router.get('/transactions/:id/events', handle(streamResult));
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    void next;
    const problem = toProblem(err);
    const id = typeof req.params['id'] === 'string' ? req.params['id'] : undefined;
    ctx.log({ event: 'request.refused', ...(id === undefined ? {} : { transactionId: id }), code: problem.code, status: problem.status });
    if (problem.status === 413) res.setHeader('Connection', 'close');
    sendProblem(res, problem);
  });
  return router;
}

export type { UketoriRouterOptions, UketoriLogEvent, RouterLimits } from './router/options.js';
