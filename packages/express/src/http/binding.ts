/**
 * Binding a transaction to the browser that created it (OpenID4VP 1.0 §13.3, §14.2 session
 * fixation): the browser holds a random id in an HttpOnly, SameSite=Lax cookie signed with
 * HMAC-SHA-256; the transaction keeps only a hash of that id. The result is released only to a
 * request carrying the cookie, so knowing the transaction id (it is in the QR code) is not enough.
 *
 * @module
 */

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/** Options of the binding cookie. */
export interface BindingCookieOptions {
  /** Cookie name. Default `uketori_binding`. */
  readonly name?: string;
  /** Send `Secure`. Default true; set false only for plain-http development on localhost. */
  readonly secure?: boolean;
  /** Cookie path. Default `/`. */
  readonly path?: string;
}

/** Issues and checks binding cookies. */
export interface BrowserBinding {
  /** The hash to store with a new transaction; sets the cookie when the browser has none (or a bad one). */
  bind(req: Request, res: Response): string;
  /** True when the request carries a valid cookie whose id hashes to `bindingHash`. */
  matches(req: Request, bindingHash: string): boolean;
}

const COOKIE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Creates the binding from a secret of at least 32 bytes. */
export function createBrowserBinding(secret: Uint8Array, options: BindingCookieOptions = {}): BrowserBinding {
  const name = options.name ?? 'uketori_binding';
  if (!COOKIE_NAME.test(name)) throw new RangeError('cookie name must be 1-64 characters of [A-Za-z0-9_-]');
  const secure = options.secure ?? true;
  const path = options.path ?? '/';
  const key = Buffer.from(secret);
  const mac = (id: string): Buffer => createHmac('sha256', key).update(`uketori-binding:${id}`).digest();
  const hashOf = (id: string): string => createHash('sha256').update(`uketori-binding-id:${id}`).digest('base64url');

  const idFrom = (req: Request): string | undefined => {
    const header = req.headers.cookie;
    if (typeof header !== 'string') return undefined;
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
      const [id, sig] = part.slice(eq + 1).trim().split('.');
      if (id === undefined || sig === undefined || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
      const given = Buffer.from(sig, 'base64url');
      const expected = mac(id);
      return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
    }
    return undefined;
  };

  return {
    bind(req, res) {
      let id = idFrom(req);
      if (id === undefined) {
        id = randomBytes(32).toString('base64url');
        const attributes = [`${name}=${id}.${mac(id).toString('base64url')}`, `Path=${path}`, 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])];
        res.append('Set-Cookie', attributes.join('; '));
      }
      return hashOf(id);
    },
    matches(req, bindingHash) {
      const id = idFrom(req);
      if (id === undefined) return false;
      const a = Buffer.from(hashOf(id));
      const b = Buffer.from(bindingHash);
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
