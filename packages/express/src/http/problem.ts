/**
 * Errors as `application/problem+json` (RFC 9457): `type` (a URN naming the stable code), `title`,
 * `status`, `code` and `detail`. `detail` is the error's message, which by the project's rule names
 * fields and steps but never a value; anything that is not a uketori error becomes `ERR_INTERNAL`
 * with no detail at all.
 *
 * @module
 */

import type { Response } from 'express';
import { isUketoriError } from '@uketori/mdoc';
import { sendText } from './send.js';

/** The body of a problem answer. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
}

const STATUS: Readonly<Record<string, number>> = {
  ERR_BAD_REQUEST: 400,
  ERR_UNKNOWN_PURPOSE: 400,
  ERR_UNKNOWN_FLOW: 400,
  ERR_WRONG_FLOW: 400,
  ERR_WALLET_ERROR: 400,
  ERR_ORIGIN_NOT_ALLOWED: 403,
  ERR_BROWSER_BINDING: 403,
  ERR_RESPONSE_CODE: 403,
  ERR_TRANSACTION_NOT_FOUND: 404,
  ERR_TRANSACTION_EXISTS: 409,
  ERR_TRANSACTION_CONFLICT: 409,
  ERR_TRANSACTION_CONSUMED: 409,
  ERR_BODY_TOO_LARGE: 413,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_STORE_INTEGRITY: 500,
  ERR_INTERNAL: 500,
  ERR_STORE_UNAVAILABLE: 503,
  ERR_STORE_FULL: 503,
};

const TITLE: Readonly<Record<number, string>> = {
  400: 'The request or the presented credential was refused',
  403: 'Not allowed',
  404: 'No such transaction',
  409: 'The transaction was already completed',
  413: 'Request body too large',
  415: 'Unsupported content type',
  500: 'Internal error',
  503: 'Temporarily unavailable',
};

/** The HTTP status for an error code: mapped codes as listed, any other uketori code 400 (a refused credential). */
export function statusOf(code: string): number {
  return STATUS[code] ?? 400;
}

/** Turns any thrown value into a problem (unknown errors become `ERR_INTERNAL` without detail). */
export function toProblem(err: unknown): Problem {
  if (isUketoriError(err)) {
    const status = statusOf(err.code);
    return { type: `urn:uketori:error:${err.code}`, title: TITLE[status] ?? 'Error', status, code: err.code, detail: err.message };
  }
  return { type: 'urn:uketori:error:ERR_INTERNAL', title: TITLE[500]!, status: 500, code: 'ERR_INTERNAL' };
}

/** Sends a problem answer. */
export function sendProblem(res: Response, problem: Problem): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (problem.status === 503) res.setHeader('Retry-After', '1');
  sendText(res, problem.status, 'application/problem+json; charset=utf-8', JSON.stringify(problem));
}
