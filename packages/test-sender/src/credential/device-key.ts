/**
 * Holder device keys (ISO/IEC 18013-5 §9.1.2.4 DeviceKeyInfo): the key the MSO binds the
 * credential to, which signs or MACs every presentation.
 *
 * @module
 */

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { UketoriRangeError } from '@uketori/mdoc';

/**
 * Curves a test holder's device key may use. Ed25519 keys can sign but not MAC (no ECDH); X25519
 * keys can MAC (ECDH with an X25519 EReaderKey, ISO/IEC 18013-5 §9.1.3.5) but not sign.
 */
export type DeviceKeyCurve = 'P-256' | 'P-384' | 'Ed25519' | 'X25519';

/** A holder's device key pair. */
export interface DeviceKey {
  readonly curve: DeviceKeyCurve;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/**
 * Generates a device key pair.
 *
 * @example
 * ```ts
 * const deviceKey = generateDeviceKey('P-384');
 * ```
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for an unknown curve.
 */
export function generateDeviceKey(curve: DeviceKeyCurve = 'P-256'): DeviceKey {
  switch (curve) {
    case 'P-256':
      return { curve, ...generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) };
    case 'P-384':
      return { curve, ...generateKeyPairSync('ec', { namedCurve: 'secp384r1' }) };
    case 'Ed25519':
      return { curve, ...generateKeyPairSync('ed25519') };
    case 'X25519':
      return { curve, ...generateKeyPairSync('x25519') };
    default:
      throw new UketoriRangeError('device key curve must be "P-256", "P-384", "Ed25519" or "X25519"');
  }
}

/**
 * The COSE algorithm the device signs with (ISO/IEC 18013-5 §9.1.3.6).
 *
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for X25519, which cannot sign.
 */
export function deviceSignatureAlgorithm(curve: DeviceKeyCurve): 'ES256' | 'ES384' | 'EdDSA' {
  if (curve === 'X25519') throw new UketoriRangeError('an X25519 device key cannot sign (use deviceAuth "mac")');
  return curve === 'P-256' ? 'ES256' : curve === 'P-384' ? 'ES384' : 'EdDSA';
}
