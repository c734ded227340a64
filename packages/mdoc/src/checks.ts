/**
 * Stable check ids. Every verification step reports one {@link CheckResult}; a failed step throws
 * an error whose `code` is `ERR_` + the check id. Ids never change meaning once published.
 *
 * @module
 */

/** Every check uketori's mdoc verification performs, with the clause it implements. */
export const CHECKS = {
  DEVICE_RESPONSE_STRUCTURE: {
    clause: 'ISO/IEC 18013-5 §8.3.2.1.2.2',
    title: 'DeviceResponse is well-formed CBOR of the expected structure, within the size limits',
  },
  DEVICE_RESPONSE_STATUS: {
    clause: 'ISO/IEC 18013-5 §8.3.2.1.2.3',
    title: 'DeviceResponse status is 0 (OK) and the response holds at least one document',
  },
  DOCUMENT_ERRORS: {
    clause: 'ISO/IEC 18013-5 §8.3.2.1.2.2',
    title: 'documentErrors and per-document errors are reported to the caller',
  },
  ISSUER_SIGNATURE: {
    clause: 'ISO/IEC 18013-5 §9.1.2.4, §9.3.1 step 1',
    title: 'issuerAuth COSE_Sign1 verifies with the document signer key',
  },
  DS_PROFILE: {
    clause: 'ISO/IEC 18013-5 Annex B.1.4',
    title: 'Document signer certificate has the DS profile (digitalSignature key usage, mdlDS EKU where present)',
  },
  DS_CHAIN: {
    clause: 'ISO/IEC 18013-5 §9.3.3, Annex B.1',
    title: 'Document signer certificate chains to a trusted IACA and is valid at the verification time',
  },
  DS_REVOCATION: {
    clause: 'ISO/IEC 18013-5 §9.3.3, Annex B.1.5 (CRL)',
    title: 'Document signer certificate is not revoked by its IACA',
  },
  MSO_DOCTYPE: {
    clause: 'ISO/IEC 18013-5 §9.3.1 step 4',
    title: 'MSO docType equals the document docType',
  },
  MSO_VALIDITY: {
    clause: 'ISO/IEC 18013-5 §9.3.1 step 5',
    title: 'validFrom <= now <= validUntil (with the configured clock skew)',
  },
  MSO_SIGNED_IN_DS_VALIDITY: {
    clause: 'ISO/IEC 18013-5 §9.3.1 step 5',
    title: 'MSO signed time lies within the document signer certificate validity',
  },
  DIGEST_ALGORITHM: {
    clause: 'ISO/IEC 18013-5 §9.1.2.5',
    title: 'MSO digestAlgorithm is SHA-256, SHA-384 or SHA-512',
  },
  VALUE_DIGEST: {
    clause: 'ISO/IEC 18013-5 §9.3.1 step 3',
    title: 'Each IssuerSignedItem digest over its received bytes equals the MSO valueDigest',
  },
  DEVICE_KEY: {
    clause: 'ISO/IEC 18013-5 §9.1.2.4 (DeviceKeyInfo)',
    title: 'MSO deviceKeyInfo holds a usable device public key',
  },
  DEVICE_AUTH: {
    clause: 'ISO/IEC 18013-5 §9.1.3, §9.3.1 step 2',
    title: 'DeviceSignature or DeviceMac verifies over DeviceAuthenticationBytes for the session transcript',
  },
  ISSUING_COUNTRY: {
    clause: 'ISO/IEC 18013-5 §7.2.1 (issuing_country, issuing_jurisdiction), Annex B.1.4',
    title: 'A disclosed issuing_country (and issuing_jurisdiction) matches the document signer certificate subject',
  },
  KEY_AUTHORIZATION: {
    clause: 'ISO/IEC 18013-5 §9.1.2.4 (KeyAuthorizations)',
    title: 'Every device-signed element is authorized by the MSO keyAuthorizations',
  },
} as const satisfies Record<string, { readonly clause: string; readonly title: string }>;

/** A stable check id, e.g. `ISSUER_SIGNATURE`. */
export type CheckId = keyof typeof CHECKS;

/** The outcome of one check, as the `onCheck` hook and the result's report see it. */
export interface CheckResult {
  /** Stable id of the check. */
  readonly id: CheckId;
  /** The ISO clause (or other basis) the check implements. */
  readonly clause: string;
  /** `passed`, `failed`, or `skipped` (only by an explicit, documented opt-out or when not applicable). */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Index of the document in the DeviceResponse the check is about, when it is about one. */
  readonly documentIndex?: number;
  /** A short description with names only (namespace, element, certificate subject), never values. */
  readonly detail?: string;
  /** Error code when `status` is `failed`. */
  readonly code?: string;
}

/** A callback that sees every check result as it happens (for logging, metrics or a UI). */
export type OnCheck = (result: CheckResult) => void;
