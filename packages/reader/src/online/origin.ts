/**
 * Web origins as the DC API flows bind them: the ASCII serialization (`https://host[:port]`, no
 * path, no trailing slash, default port omitted), compared byte for byte (notes/online.md §11.5;
 * OpenID4VP 1.0 errata: no `http` outside development).
 *
 * @module
 */

import { UketoriTypeError } from '@uketori/mdoc';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Throws unless `origin` is a serialized https origin (or http on a loopback host, for development).
 *
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE`.
 */
export function assertOrigin(origin: unknown, name = 'origin'): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof origin === 'string' ? new URL(origin) : undefined;
  } catch {
    parsed = undefined;
  }
  const ok = parsed !== undefined && parsed.origin === origin && (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)));
  if (!ok) throw new UketoriTypeError(`"${name}" must be a serialized https origin such as "https://shop.example" (no path or trailing slash)`, 'ERR_INVALID_ARG_VALUE');
  return origin as string;
}
