import { UketoriRangeError } from '../errors.js';

/**
 * Base64url without padding (RFC 4648 §5).
 *
 * @example
 * ```ts
 * import { base64urlEncode } from '@uketori/mdoc';
 *
 * base64urlEncode(Uint8Array.of(0xfb, 0xff)); // '-_8'
 * ```
 */

export function base64urlEncode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Decodes base64url (padding tolerated); returns a fresh `Uint8Array`. Characters outside the
 * alphabet are skipped, not rejected (Node.js `Buffer` semantics).
 *
 * @example
 * ```ts
 * import { base64urlDecode, verifyDeviceResponse } from '@uketori/mdoc';
 *
 * const bytes = base64urlDecode(body.response); // e.g. a DeviceResponse posted as base64url
 * const result = await verifyDeviceResponse(bytes, { trust, sessionTranscript });
 * ```
 */
export function base64urlDecode(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

/**
 * Lowercase hex of `bytes`.
 *
 * @example
 * ```ts
 * import { toHex } from '@uketori/mdoc';
 *
 * toHex(Uint8Array.of(0xa0, 0x01)); // 'a001'
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Bytes of a hex string (whitespace ignored).
 *
 * @example
 * ```ts
 * import { fromHex } from '@uketori/mdoc';
 *
 * const sessionTranscript = fromHex('83 f6 f6 f6'); // Uint8Array [0x83, 0xf6, 0xf6, 0xf6]
 * ```
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` when the text has an odd number of digits or a non-hex character.
 */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new UketoriRangeError('not a hex string');
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

/** Constant-time-irrelevant byte equality for public data. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
