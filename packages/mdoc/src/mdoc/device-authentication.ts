/**
 * DeviceAuthentication (ISO/IEC 18013-5 §9.1.3.4) and the DeviceMac key EMacKey (§9.1.3.5).
 *
 * @module
 */

import { createHash, diffieHellman, hkdfSync, type KeyObject } from 'node:crypto';
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
 * const payload = deviceAuthenticationBytes(transcriptBytes, 'org.iso.18013.5.1.mDL', deviceNameSpaces);
 * ```
 */
export function deviceAuthenticationBytes(sessionTranscript: Uint8Array, docType: string, deviceNameSpacesBytes: EncodedCbor): Uint8Array {
  const inner = encodeArrayOfEncoded([DEVICE_AUTHENTICATION, sessionTranscript, encodeCbor(docType), deviceNameSpacesBytes.bytesWithTag()]);
  return new EncodedCbor(inner).bytesWithTag();
}

/** SessionTranscriptBytes = #6.24(bstr .cbor SessionTranscript) for an encoded SessionTranscript. */
export function sessionTranscriptBytes(sessionTranscript: Uint8Array): Uint8Array {
  const header = byteStringHeader(sessionTranscript.length);
  const out = new Uint8Array(2 + header.length + sessionTranscript.length);
  out[0] = 0xd8;
  out[1] = 0x18;
  out.set(header, 2);
  out.set(sessionTranscript, 2 + header.length);
  return out;
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
 * const macKey = deriveEMacKey(readerEphemeralPrivateKey, deviceKey, transcriptBytes);
 * ```
 */
export function deriveEMacKey(privateKey: KeyObject, publicKey: KeyObject, sessionTranscript: Uint8Array): Uint8Array {
  const z = diffieHellman({ privateKey, publicKey });
  const salt = createHash('sha256').update(sessionTranscriptBytes(sessionTranscript)).digest();
  return new Uint8Array(hkdfSync('sha256', z, salt, 'EMacKey', 32));
}
