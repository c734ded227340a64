/**
 * Encryption at rest for values a shared store holds: AES-256-GCM (NIST SP 800-38D) with a
 * 96-bit random IV, a key id for rotation, and the storage key (e.g. the Redis key) plus the
 * field name as additional authenticated data, so a sealed value cannot be moved to another
 * transaction or field without detection.
 *
 * Sealed form (ASCII): `v1.<keyId>.<base64url iv>.<base64url ciphertext‖tag>`.
 *
 * @module
 */

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import { StoreError } from '../errors.js';

/** One AES-256 key and the id it is known by. */
export interface SealingKey {
  /** Short id stored next to each value (1–32 characters of `[A-Za-z0-9_-]`). */
  readonly id: string;
  /** 32 random bytes. */
  readonly key: Uint8Array;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens values with a key ring: the first key seals, every key opens. */
export interface Sealer {
  seal(plaintext: string, aad: string): string;
  /** @throws {StoreError} `ERR_STORE_INTEGRITY` when the value is malformed, the key unknown or the tag wrong. */
  open(sealed: string, aad: string): string;
}

/**
 * Builds a {@link Sealer} from a key ring. The first key seals new values; all keys open, so a key
 * can be rotated by putting the new one first and keeping the old one until the longest TTL passed.
 *
 * @example
 * ```ts
 * const sealer = createSealer([{ id: '2026-09', key: randomBytes(32) }]);
 * const sealed = sealer.seal('{"nonce":"…"}', 'uketori:tx:abc#k');
 * sealer.open(sealed, 'uketori:tx:abc#k'); // the JSON again; another AAD throws ERR_STORE_INTEGRITY
 * ```
 *
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` when the ring is empty or a key is not bytes.
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for a bad key id, a duplicate id or a key not 32 bytes long.
 */
export function createSealer(keys: readonly SealingKey[]): Sealer {
  if (!Array.isArray(keys) || keys.length === 0) throw new UketoriTypeError('encryption keys: at least one { id, key } is required');
  const ring = new Map<string, Buffer>();
  for (const k of keys) {
    if (typeof k?.id !== 'string' || !KEY_ID.test(k.id)) throw new UketoriRangeError('encryption key id must be 1-32 characters of [A-Za-z0-9_-]');
    if (!(k.key instanceof Uint8Array)) throw new UketoriTypeError(`encryption key "${k.id}" must be a Uint8Array`);
    if (k.key.length !== 32) throw new UketoriRangeError(`encryption key "${k.id}" must be 32 bytes (AES-256)`);
    if (ring.has(k.id)) throw new UketoriRangeError(`encryption key id "${k.id}" appears twice`);
    ring.set(k.id, Buffer.from(k.key));
  }
  const current = keys[0]!.id;
  const currentKey = ring.get(current)!;

  return {
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${current}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, aad) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== 'v1') throw new StoreError('ERR_STORE_INTEGRITY', 'sealed value is malformed');
      const key = ring.get(parts[1]!);
      if (key === undefined) throw new StoreError('ERR_STORE_INTEGRITY', 'sealed value names an unknown encryption key id');
      const iv = Buffer.from(parts[2]!, 'base64url');
      const body = Buffer.from(parts[3]!, 'base64url');
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new StoreError('ERR_STORE_INTEGRITY', 'sealed value is malformed');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new StoreError('ERR_STORE_INTEGRITY', 'sealed value failed authentication (wrong key, moved or tampered)', { cause });
      }
    },
  };
}
