/**
 * Bounded decoding of what arrives from the holder's side in the online flows: base64url (RFC 4648
 * §5, no padding), JSON and CBOR, each with a size limit checked before any work is done.
 *
 * @module
 */

import { createHash, randomBytes } from 'node:crypto';
import { base64urlDecode, base64urlEncode, decodeCbor, type CborLimits } from '@uketori/mdoc';
import { OnlineError } from './errors.js';

/** Size limits for what the holder's side sends. */
export interface OnlineLimits {
  /** Largest response accepted (base64url text, JWE or envelope), in bytes. Default 2 MiB. */
  readonly maxResponseBytes?: number;
  /** CBOR limits for the DeviceResponse and envelopes; see `CborLimits` in `@uketori/mdoc`. */
  readonly cbor?: Partial<CborLimits>;
}

/** The default of {@link OnlineLimits.maxResponseBytes}. */
export const DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

const B64URL = /^[A-Za-z0-9_-]*$/;

/** The limit in force. */
export function maxBytes(limits: OnlineLimits | undefined): number {
  const max = limits?.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return Number.isSafeInteger(max) && max > 0 ? max : DEFAULT_MAX_RESPONSE_BYTES;
}

/** Throws `ERR_ONLINE_TOO_LARGE` when a text is over the limit (checked before decoding). */
export function checkSize(text: string, name: string, limits: OnlineLimits | undefined): void {
  if (text.length > maxBytes(limits)) throw new OnlineError('ERR_ONLINE_TOO_LARGE', `${name} is larger than the limit`);
}

/**
 * Decodes unpadded base64url strictly: anything outside the alphabet, and an impossible length,
 * is `ERR_ONLINE_ENCODING` (Buffer's decoder would skip it silently).
 */
export function decodeBase64url(text: unknown, name: string, limits?: OnlineLimits): Uint8Array {
  if (typeof text !== 'string') throw new OnlineError('ERR_ONLINE_STRUCTURE', `${name} is not a string`);
  checkSize(text, name, limits);
  if (text.length === 0 || !B64URL.test(text) || text.length % 4 === 1) throw new OnlineError('ERR_ONLINE_ENCODING', `${name} is not unpadded base64url`);
  return base64urlDecode(text);
}

/** Decodes CBOR from the holder's side; a malformed item is `ERR_ONLINE_ENCODING` with the CBOR error as cause. */
export function decodeHolderCbor(bytes: Uint8Array, name: string, limits?: OnlineLimits): unknown {
  try {
    return decodeCbor(bytes, { limits: { maxBytes: maxBytes(limits), ...limits?.cbor } });
  } catch (cause) {
    throw new OnlineError('ERR_ONLINE_ENCODING', `${name} is not well-formed CBOR`, { cause });
  }
}

/** Parses a JSON object from the holder's side. */
export function parseJsonObject(text: string, name: string, limits?: OnlineLimits): Record<string, unknown> {
  checkSize(text, name, limits);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new OnlineError('ERR_ONLINE_ENCODING', `${name} is not JSON`, { cause });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new OnlineError('ERR_ONLINE_STRUCTURE', `${name} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** SHA-256. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

/** A fresh random value as unpadded base64url (OpenID4VP 1.0 §5.2, errata: at least 128 bits). */
export function randomToken(bytes = 32): string {
  return base64urlEncode(new Uint8Array(randomBytes(bytes)));
}

/** Byte-for-byte equality of two strings, in time independent of where they differ. */
export function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
