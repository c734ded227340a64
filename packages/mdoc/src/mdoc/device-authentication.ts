/**
 * DeviceAuthentication (ISO/IEC 18013-5 §9.1.3.4) and the DeviceMac key EMacKey (§9.1.3.5).
 *
 * @module
 */

import { createECDH, createHash, createHmac, diffieHellman, type ECDH, type KeyObject } from 'node:crypto';
import { NODE_EC_CURVE_NAMES, coseKeyToPublicKey, keyCurve, type ParsedCoseKey } from '../cose/key.js';
import { CoseError } from '../errors.js';
import { encodeArrayOfEncoded, encodeCbor } from '../cbor/encode.js';
import { EncodedCbor, byteStringHeader } from '../cbor/types.js';

const DEVICE_AUTHENTICATION = encodeCbor('DeviceAuthentication');

/**
 * DeviceAuthenticationBytes = #6.24(bstr .cbor DeviceAuthentication), with
 * DeviceAuthentication = ["DeviceAuthentication", SessionTranscript, DocType, DeviceNameSpacesBytes].
 *
 * `sessionTranscript` is the encoded SessionTranscript (the array, not wrapped in tag 24); it is
 * spliced in unchanged, as is `deviceNameSpacesBytes` (the tag-24 item as received).
 *
 * @example
 * ```ts
 * import { deviceAuthenticationBytes, embedCbor } from '@uketori/mdoc';
 *
 * // no device-signed elements: DeviceNameSpacesBytes is #6.24(<<{}>>)
 * const payload = deviceAuthenticationBytes(sessionTranscript, 'org.iso.23220.1.jp.mnc', embedCbor(new Map()));
 * ```
 */
export function deviceAuthenticationBytes(sessionTranscript: Uint8Array, docType: string, deviceNameSpacesBytes: EncodedCbor): Uint8Array {
  const inner = encodeArrayOfEncoded([DEVICE_AUTHENTICATION, sessionTranscript, encodeCbor(docType), deviceNameSpacesBytes.bytesWithTag()]);
  return new EncodedCbor(inner).bytesWithTag();
}

/**
 * SessionTranscriptBytes = #6.24(bstr .cbor SessionTranscript) for an encoded SessionTranscript
 * (ISO/IEC 18013-5 §9.1.5.1), e.g. for the HKDF salts of the session keys and EMacKey.
 *
 * @example
 * ```ts
 * import { createHash } from 'node:crypto';
 * import { sessionTranscriptBytes } from '@uketori/mdoc';
 *
 * const salt = createHash('sha256').update(sessionTranscriptBytes(sessionTranscript)).digest();
 * ```
 */
export function sessionTranscriptBytes(sessionTranscript: Uint8Array): Uint8Array {
  const header = byteStringHeader(sessionTranscript.length);
  const out = new Uint8Array(2 + header.length + sessionTranscript.length);
  out[0] = 0xd8;
  out[1] = 0x18;
  out.set(header, 2);
  out.set(sessionTranscript, 2 + header.length);
  return out;
}

/** RFC 5869 HKDF-SHA-256 for one output block (L <= 32), with two HMACs and no extra copies. */
function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: string, length: number): Uint8Array {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  const okm = createHmac('sha256', prk).update(info).update(Uint8Array.of(1)).digest();
  return new Uint8Array(okm.buffer, okm.byteOffset, length);
}

function emacFromSecret(z: Uint8Array, sessionTranscript: Uint8Array): Uint8Array {
  // ISO 18013-5 §9.1.3.5: salt = SHA-256(SessionTranscriptBytes), info = "EMacKey", L = 32.
  const salt = createHash('sha256').update(sessionTranscriptBytes(sessionTranscript)).digest();
  return hkdfSha256(z, salt, 'EMacKey', 32);
}

/**
 * EMacKey (ISO/IEC 18013-5 §9.1.3.5): HKDF-SHA-256 with IKM = ECDH(private, public),
 * salt = SHA-256(SessionTranscriptBytes), info = "EMacKey", length 32.
 *
 * The reader computes it from its ephemeral private key and the MSO device key; the holder from
 * its device private key and the reader's ephemeral public key.
 *
 * @example
 * ```ts
 * import { coseKeyToPublicKey, deriveEMacKey } from '@uketori/mdoc';
 *
 * const deviceKey = coseKeyToPublicKey(deviceKeyInfo.get('deviceKey')).key; // from the MSO
 * const macKey = deriveEMacKey(readerEphemeralPrivateKey, deviceKey, sessionTranscript);
 * ```
 * @throws {CoseError} `ERR_COSE_KEY` when the two keys are not on the same curve (or not ECDH keys).
 */
export function deriveEMacKey(privateKey: KeyObject, publicKey: KeyObject, sessionTranscript: Uint8Array): Uint8Array {
  let secret: Buffer;
  try {
    secret = diffieHellman({ privateKey, publicKey });
  } catch (cause) {
    throw new CoseError('ERR_COSE_KEY', 'ECDH failed: the private and public keys do not agree on a curve', { cause });
  }
  return emacFromSecret(secret, sessionTranscript);
}

// One ECDH context per reader key: a reader verifying several documents of one session sets its
// private scalar once.
const ecdhContexts = new WeakMap<KeyObject, ECDH>();

/**
 * The reader-side EMacKey from its ephemeral private key and the MSO device key as parsed from
 * its COSE_Key. For EC curves the device point goes straight into ECDH (OpenSSL validates it),
 * which avoids building a key object per verification.
 *
 * @throws {CoseError} `ERR_COSE_KEY` when the keys are on different curves or the point is invalid.
 */
export function readerEMacKey(readerKey: KeyObject, deviceKey: ParsedCoseKey, coseKey: unknown, sessionTranscript: Uint8Array): Uint8Array {
  const readerCurve = keyCurve(readerKey);
  if (readerCurve !== deviceKey.curve) {
    throw new CoseError('ERR_COSE_KEY', `reader key (${readerCurve}) and device key (${deviceKey.curve}) are on different curves`);
  }
  const curveName = NODE_EC_CURVE_NAMES[deviceKey.curve];
  if (curveName === undefined) {
    return emacFromSecret(diffieHellman({ privateKey: readerKey, publicKey: coseKeyToPublicKey(coseKey).key }), sessionTranscript);
  }
  let ecdh = ecdhContexts.get(readerKey);
  if (ecdh === undefined) {
    ecdh = createECDH(curveName);
    ecdh.setPrivateKey(Buffer.from(readerKey.export({ format: 'jwk' }).d!, 'base64url'));
    ecdhContexts.set(readerKey, ecdh);
  }
  let z: Uint8Array;
  try {
    z = ecdh.computeSecret(deviceKey.point);
  } catch (cause) {
    throw new CoseError('ERR_COSE_KEY', 'device key is not a valid point on its curve', { cause });
  }
  return emacFromSecret(z, sessionTranscript);
}
