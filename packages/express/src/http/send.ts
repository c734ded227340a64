/**
 * Writing the router's answers straight to the response: every answer is `Cache-Control:
 * no-store` and small, so express's `res.send` machinery (ETag hashing, freshness checks against
 * `If-None-Match`, charset rewriting) would only cost time on every request.
 *
 * @module
 */

import type { Response } from 'express';

/** Sends `body` as one write with its length; `no-store`, so no ETag is computed. */
export function sendText(res: Response, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body, 'utf8'));
  res.end(body, 'utf8');
}

/** Sends `value` as `application/json` (UTF-8). */
export function sendJson(res: Response, status: number, value: unknown): void {
  sendText(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}
