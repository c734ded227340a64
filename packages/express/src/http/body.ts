/**
 * Bounded request bodies: the content type is checked before a byte is read (415), the declared
 * length before reading and the received length while reading (413), so a hostile client cannot
 * make the server buffer more than the endpoint's limit.
 *
 * @module
 */

import type { Request } from 'express';
import { HttpError } from '../errors.js';

/** Media types the router parses. */
export type BodyType = 'application/json' | 'application/x-www-form-urlencoded';

/** A parsed body. */
export type ParsedBody = { readonly type: 'application/json'; readonly json: unknown } | { readonly type: 'application/x-www-form-urlencoded'; readonly form: URLSearchParams };

/** The media type of a request without parameters, lower case; '' when absent. */
export function mediaType(req: Request): string {
  const header = req.headers['content-type'];
  return typeof header === 'string' ? header.split(';', 1)[0]!.trim().toLowerCase() : '';
}

/**
 * Reads and parses a body of one of `types`, at most `limit` bytes.
 *
 * @throws {HttpError} `ERR_UNSUPPORTED_MEDIA_TYPE`, `ERR_BODY_TOO_LARGE`, `ERR_BAD_REQUEST` (not UTF-8 / not JSON).
 */
export async function readBody(req: Request, types: readonly BodyType[], limit: number): Promise<ParsedBody> {
  const type = mediaType(req);
  if (!(types as readonly string[]).includes(type)) throw new HttpError('ERR_UNSUPPORTED_MEDIA_TYPE', `content type must be ${types.join(' or ')}`);
  const charset = /;\s*charset=([^;\s]+)/i.exec(String(req.headers['content-type']))?.[1]?.toLowerCase().replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8') throw new HttpError('ERR_UNSUPPORTED_MEDIA_TYPE', 'charset must be utf-8');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    drain(req);
    throw new HttpError('ERR_BODY_TOO_LARGE', `request body exceeds ${limit} bytes`);
  }
  const body = await collect(req, limit);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch (cause) {
    throw new HttpError('ERR_BAD_REQUEST', 'request body is not UTF-8', { cause });
  }
  if (type === 'application/json') {
    try {
      return { type, json: JSON.parse(text) as unknown };
    } catch (cause) {
      throw new HttpError('ERR_BAD_REQUEST', 'request body is not JSON', { cause });
    }
  }
  return { type: 'application/x-www-form-urlencoded', form: new URLSearchParams(text) };
}

/** The body, at most `limit` bytes (stream events rather than an async iterator: this runs on every wallet answer). */
function collect(req: Request, limit: number): Promise<Buffer> {
  // Already read (e.g. by a body parser mounted before the router): nothing left, as an async iterator would find.
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  if (req.destroyed) return Promise.reject(new HttpError('ERR_BAD_REQUEST', 'the request was closed before its body ended'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err: unknown, body?: Buffer): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (err === undefined) resolve(body!);
      else reject(err);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        drain(req);
        done(new HttpError('ERR_BODY_TOO_LARGE', `request body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => done(undefined, Buffer.concat(chunks, size));
    const onError = (err: Error): void => done(new HttpError('ERR_BAD_REQUEST', 'the request body could not be read', { cause: err }));
    const onClose = (): void => done(new HttpError('ERR_BAD_REQUEST', 'the request was closed before its body ended'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Discards the rest of a refused body without buffering it, so the answer can still be sent. */
function drain(req: Request): void {
  req.resume();
}

/** A single form field; refuses duplicates (a parameter must not appear twice, RFC 6749 §3.1). */
export function formField(form: URLSearchParams, name: string): string | undefined {
  const all = form.getAll(name);
  if (all.length > 1) throw new HttpError('ERR_BAD_REQUEST', `parameter "${name}" appears more than once`);
  return all[0];
}
