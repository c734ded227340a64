/**
 * Device authentication (ISO/IEC 18013-5 §9.1.3): a detached COSE_Sign1 or COSE_Mac0 over
 * DeviceAuthenticationBytes, made with the holder's device key.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import {
  deriveEMacKey,
  deviceAuthenticationBytes,
  macCoseMac0,
  signCoseSign1,
  UketoriRangeError,
  UketoriTypeError,
  type CoseArray,
  type EncodedCbor,
} from '@uketori/mdoc';
import { deviceSignatureAlgorithm, type DeviceKey } from '../credential/device-key.js';

/** How the holder authenticates the response: ISO/IEC 18013-5 §9.1.3.6 or §9.1.3.5. */
export type DeviceAuthMode = 'signature' | 'mac';

/** Inputs of {@link deviceAuth}. */
export interface DeviceAuthInput {
  readonly mode: DeviceAuthMode;
  readonly docType: string;
  /** The encoded SessionTranscript (untagged array). */
  readonly sessionTranscript: Uint8Array;
  /** DeviceNameSpacesBytes as sent. */
  readonly deviceNameSpaces: EncodedCbor;
  readonly deviceKey: DeviceKey;
  /** The reader's ephemeral public key (EReaderKey), for `mac`. */
  readonly readerEphemeralPublicKey?: KeyObject;
}

/**
 * DeviceAuth = { "deviceSignature": COSE_Sign1 } or { "deviceMac": COSE_Mac0 }, both detached.
 *
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` when `mac` is asked without a reader key.
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` when the device key cannot do ECDH
 *   (Ed25519) or the reader key is on another curve.
 */
export function deviceAuth(input: DeviceAuthInput): Map<string, CoseArray> {
  const payload = deviceAuthenticationBytes(input.sessionTranscript, input.docType, input.deviceNameSpaces);
  if (input.mode === 'signature') {
    // §9.1.3.6: DeviceSignature = COSE_Sign1, detached payload DeviceAuthenticationBytes.
    const signature = signCoseSign1({ payload, detached: true }, input.deviceKey.privateKey, deviceSignatureAlgorithm(input.deviceKey.curve));
    return new Map([['deviceSignature', signature]]);
  }
  if (input.mode !== 'mac') throw new UketoriRangeError('deviceAuth must be "signature" or "mac"');
  const reader = input.readerEphemeralPublicKey;
  if (reader === undefined) throw new UketoriTypeError('deviceAuth "mac" needs readerEphemeralPublicKey');
  if (input.deviceKey.curve === 'Ed25519') throw new UketoriRangeError('an Ed25519 device key cannot compute a DeviceMac (no ECDH)');
  let macKey: Uint8Array;
  try {
    // §9.1.3.5: EMacKey = HKDF(ECDH(SDeviceKey.Priv, EReaderKey.Pub), SHA-256(SessionTranscriptBytes), "EMacKey").
    macKey = deriveEMacKey(input.deviceKey.privateKey, reader, input.sessionTranscript);
  } catch (cause) {
    throw new UketoriRangeError('readerEphemeralPublicKey does not fit the device key curve', 'ERR_INVALID_ARG_VALUE', { cause });
  }
  return new Map([['deviceMac', macCoseMac0({ payload, detached: true }, macKey)]]);
}
