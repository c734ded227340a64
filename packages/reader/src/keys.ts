/**
 * Session keys and session encryption (ISO/IEC 18013-5 §9.1.1.5).
 *
 * SKReader / SKDevice = HKDF-SHA-256(IKM = ECDH(EReaderKey, EDeviceKey), salt =
 * SHA-256(SessionTranscriptBytes), info = "SKReader" / "SKDevice", L = 32). Messages are
 * AES-256-GCM with IV = identifier (8 bytes: reader 0, mdoc 1) || message counter (4 bytes,
 * big-endian, starting at 1 for each direction), empty AAD and a 16-byte tag.
 *
 * @module
 */

import { createCipheriv, createDecipheriv, createHash, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { encodeCbor, EncodedCbor, NODE_EC_CURVE_NAMES, publicKeyToCoseKey, UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import { ReaderError } from './errors.js';

/** Curves an ephemeral session key may use (§9.1.5.2) that node:crypto can agree on. */
export type SessionCurve = 'P-256' | 'P-384' | 'P-521' | 'X25519' | 'X448' | 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1';

/** An ephemeral key pair with its COSE_Key encoding. */
export interface EphemeralKey {
  readonly curve: SessionCurve;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** #6.24(bstr .cbor COSE_Key) of the public key: EReaderKeyBytes (or EDeviceKeyBytes). */
  readonly keyBytes: Uint8Array;
}

/**
 * Generates an ephemeral key on the curve the engagement's EDeviceKey uses (§9.1.1.4: the
 * reader's key is on the same curve).
 *
 * @example
 * ```ts
 * const eReaderKey = generateEphemeralKey(engagement.eDeviceKey.curve);
 * ```
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for a curve that cannot do key agreement.
 */
export function generateEphemeralKey(curve: string): EphemeralKey {
  const ec = NODE_EC_CURVE_NAMES[curve];
  let pair: { privateKey: KeyObject; publicKey: KeyObject };
  if (ec !== undefined) pair = generateKeyPairSync('ec', { namedCurve: ec });
  else if (curve === 'X25519') pair = generateKeyPairSync('x25519');
  else if (curve === 'X448') pair = generateKeyPairSync('x448');
  else throw new UketoriRangeError(`curve ${JSON.stringify(curve)} cannot be used for session key agreement`);
  const keyBytes = new EncodedCbor(encodeCbor(publicKeyToCoseKey(pair.publicKey))).bytesWithTag();
  return { curve: curve as SessionCurve, ...pair, keyBytes };
}

/** SKReader and SKDevice. */
export interface SessionKeys {
  readonly skReader: Uint8Array;
  readonly skDevice: Uint8Array;
}

/**
 * Derives SKReader and SKDevice (§9.1.1.5). Either side calls it with its own private key and the
 * other side's public key; both get the same keys.
 *
 * @example
 * ```ts
 * const keys = deriveSessionKeys(eReaderKey.privateKey, engagement.eDeviceKey.key, transcript.bytes);
 * ```
 * @throws {ReaderError} `ERR_ENGAGEMENT_KEY` when the keys are on different curves or the point is invalid.
 */
export function deriveSessionKeys(privateKey: KeyObject, publicKey: KeyObject, sessionTranscriptBytes: Uint8Array): SessionKeys {
  let z: Buffer;
  try {
    z = diffieHellman({ privateKey, publicKey });
  } catch (cause) {
    throw new ReaderError('ERR_ENGAGEMENT_KEY', 'session key agreement failed (keys on different curves or an invalid point)', { cause });
  }
  const salt = createHash('sha256').update(sessionTranscriptBytes).digest();
  const derive = (info: string) => new Uint8Array(hkdfSync('sha256', z, salt, info, 32));
  return { skReader: derive('SKReader'), skDevice: derive('SKDevice') };
}

/** Which side of the session a {@link SessionCipher} plays. */
export type SessionRole = 'reader' | 'device';

const MAX_COUNTER = 0xffffffff;
/** How far ahead a failed message is probed to tell a skipped counter from a wrong key. */
const COUNTER_PROBE_AHEAD = 4;
/** How many accepted messages are remembered (by their GCM tag) to recognise a replay. */
const REMEMBERED = 256;

function iv(identifier: number, counter: number): Uint8Array {
  // §9.1.1.5: IV = identifier (8 bytes) || message counter (4 bytes, big-endian)
  const out = new Uint8Array(12);
  out[7] = identifier;
  new DataView(out.buffer).setUint32(8, counter);
  return out;
}

function open(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array): Uint8Array | undefined {
  if (ciphertext.length < 16) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  try {
    const head = decipher.update(ciphertext.subarray(0, ciphertext.length - 16));
    return new Uint8Array(Buffer.concat([head, decipher.final()]));
  } catch {
    return undefined;
  }
}

/**
 * One side's session encryption: encrypts its own messages with its key and counter, decrypts the
 * peer's with the peer's key and the next expected counter (§9.1.1.5). Counters only increase; a
 * message received before (a replay, recognised by its authentication tag however long ago) or encrypted
 * under a counter up to four ahead (a skipped message) is refused with `ERR_SESSION_COUNTER`,
 * any other failure with `ERR_SESSION_DECRYPT`. A failed message costs at most five AES-GCM
 * passes.
 *
 * @example
 * ```ts
 * const cipher = new SessionCipher('reader', deriveSessionKeys(priv, pub, transcript.bytes));
 * const data = cipher.encrypt(deviceRequestBytes);
 * const response = cipher.decrypt(sessionData.data);
 * ```
 */
export class SessionCipher {
  readonly role: SessionRole;
  readonly #sendKey: Uint8Array;
  readonly #receiveKey: Uint8Array;
  readonly #sendId: number;
  readonly #receiveId: number;
  #sent = 0;
  #received = 0;
  readonly #seen = new Set<string>();

  /** @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for a bad role or keys that are not 32 bytes. */
  constructor(role: SessionRole, keys: SessionKeys) {
    if (role !== 'reader' && role !== 'device') throw new UketoriTypeError('role must be "reader" or "device"');
    for (const k of [keys?.skReader, keys?.skDevice]) {
      if (!(k instanceof Uint8Array) || k.length !== 32) throw new UketoriTypeError('session keys must be 32-byte Uint8Arrays');
    }
    this.role = role;
    this.#sendKey = role === 'reader' ? keys.skReader : keys.skDevice;
    this.#receiveKey = role === 'reader' ? keys.skDevice : keys.skReader;
    this.#sendId = role === 'reader' ? 0 : 1;
    this.#receiveId = role === 'reader' ? 1 : 0;
  }

  /** Counter of the last message encrypted (0 before the first). */
  get sentCounter(): number {
    return this.#sent;
  }

  /** Counter of the last message decrypted (0 before the first). */
  get receivedCounter(): number {
    return this.#received;
  }

  /**
   * Encrypts the next outgoing message.
   *
   * @throws {ReaderError} `ERR_SESSION_COUNTER` when the counter would overflow.
   */
  encrypt(plaintext: Uint8Array): Uint8Array {
    if (this.#sent === MAX_COUNTER) throw new ReaderError('ERR_SESSION_COUNTER', 'session message counter exhausted');
    this.#sent += 1;
    const cipher = createCipheriv('aes-256-gcm', this.#sendKey, iv(this.#sendId, this.#sent));
    return new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
  }

  /**
   * Decrypts the next incoming message; the expected counter advances only on success.
   *
   * @throws {ReaderError} `ERR_SESSION_COUNTER` for a replayed or out-of-order message;
   *   `ERR_SESSION_DECRYPT` for a wrong key or tampered data.
   */
  decrypt(ciphertext: Uint8Array): Uint8Array {
    if (!(ciphertext instanceof Uint8Array)) throw new ReaderError('ERR_SESSION_STRUCTURE', 'session data is not a byte string');
    if (this.#received === MAX_COUNTER) throw new ReaderError('ERR_SESSION_COUNTER', 'session message counter exhausted');
    const expected = this.#received + 1;
    const plain = open(this.#receiveKey, iv(this.#receiveId, expected), ciphertext);
    // the tag identifies a message under this key: a replay carries the same one
    const tag = Buffer.from(ciphertext.subarray(-16)).toString('base64');
    if (plain !== undefined) {
      this.#received = expected;
      this.#remember(tag);
      return plain;
    }
    // Diagnose without accepting: a message seen before was replayed; one that opens under a
    // counter a little ahead follows a message that never arrived.
    if (ciphertext.length >= 16 && this.#seen.has(tag)) throw new ReaderError('ERR_SESSION_COUNTER', `session message was received before (replayed), expected counter ${expected}`);
    for (let c = expected + 1; c <= Math.min(MAX_COUNTER, expected + COUNTER_PROBE_AHEAD); c++) {
      if (open(this.#receiveKey, iv(this.#receiveId, c), ciphertext) !== undefined) {
        throw new ReaderError('ERR_SESSION_COUNTER', `session message has counter ${c}, expected ${expected} (out of order)`);
      }
    }
    throw new ReaderError('ERR_SESSION_DECRYPT', 'session message does not decrypt (wrong key or tampered data)');
  }

  #remember(tag: string): void {
    if (this.#seen.size === REMEMBERED) this.#seen.delete(this.#seen.values().next().value as string);
    this.#seen.add(tag);
  }
}
