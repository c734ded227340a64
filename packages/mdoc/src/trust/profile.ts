/**
 * Leaf certificate profiles: the ISO/IEC 18013-5 Annex B document signer and the Annex C VICAL signer.
 *
 * @module
 */

import { KeyUsage, type ParsedCertificate } from './certificate.js';
import { forMessage as dn } from './name.js';

/** ISO 18013-5 Annex B.1.4: extended key usage of a mDL document signer (`id-mdl-kp-mdlDS`). */
export const MDL_DS_EKU = '1.0.18013.5.1.2';

/** ISO 18013-5 Annex C (VICAL signer certificate): the VICAL-signing extended key usage. */
export const VICAL_SIGNER_EKU = '1.0.18013.5.1.8';

/**
 * The document signer profile (Annex B.1.4, table B.4): not a CA, keyUsage present with
 * digitalSignature, and an extendedKeyUsage, when present, that names one of `acceptedEkus`.
 */
export function documentSignerProfile(acceptedEkus: readonly string[]): (leaf: ParsedCertificate) => string | undefined {
  return (leaf) => {
    if (leaf.basicConstraints?.ca === true) return `document signer certificate ${dn(leaf.subject)} is a CA certificate`;
    if (leaf.keyUsage === undefined) return `document signer certificate ${dn(leaf.subject)} has no keyUsage extension`;
    if ((leaf.keyUsage & KeyUsage.digitalSignature) === 0) return `document signer certificate ${dn(leaf.subject)} keyUsage lacks digitalSignature`;
    if (leaf.extKeyUsage !== undefined && !leaf.extKeyUsage.some((oid) => acceptedEkus.includes(oid))) {
      return `document signer certificate ${dn(leaf.subject)} extendedKeyUsage does not include ${acceptedEkus.join(' or ')}`;
    }
    return undefined;
  };
}

/**
 * The VICAL signer profile (Annex C): not a CA, a signing keyUsage (digitalSignature or
 * nonRepudiation) when keyUsage is present, and extendedKeyUsage, when present, with the
 * VICAL-signer purpose.
 */
export function vicalSignerProfile(leaf: ParsedCertificate): string | undefined {
  if (leaf.basicConstraints?.ca === true) return `VICAL signer certificate ${dn(leaf.subject)} is a CA certificate`;
  if (leaf.keyUsage !== undefined && (leaf.keyUsage & (KeyUsage.digitalSignature | KeyUsage.nonRepudiation)) === 0) {
    return `VICAL signer certificate ${dn(leaf.subject)} keyUsage allows no signatures`;
  }
  if (leaf.extKeyUsage !== undefined && !leaf.extKeyUsage.includes(VICAL_SIGNER_EKU)) {
    return `VICAL signer certificate ${dn(leaf.subject)} extendedKeyUsage does not include ${VICAL_SIGNER_EKU}`;
  }
  return undefined;
}
