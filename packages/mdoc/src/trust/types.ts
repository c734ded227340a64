/**
 * The contract between mdoc verification and the trust store.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';

/** What the trust store learned about a document signer whose chain it validated. */
export interface DocumentSignerInfo {
  /** The DS public key, for the issuerAuth signature. */
  readonly publicKey: KeyObject;
  /** DS certificate validity (for MSO `signed` within DS validity). */
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** DS certificate subject DN (RFC 4514 string; control and bidi characters escaped as hex pairs). */
  readonly subject: string;
  /**
   * The DS certificate subject's countryName (C), as decoded from the certificate, for comparing
   * with the `issuing_country` data element (ISO 18013-5 Annex B.1.4, DS certificate subject).
   * `undefined` when the subject has no C, or more than one.
   */
  readonly country: string | undefined;
  /**
   * The DS certificate subject's stateOrProvinceName (ST), as decoded from the certificate, for
   * comparing with the `issuing_jurisdiction` data element (ISO 18013-5 Annex B.1.4).
   * `undefined` when absent, or present more than once.
   */
  readonly stateOrProvince: string | undefined;
  /** The trusted IACA the chain ends at. */
  readonly iaca: {
    readonly subject: string;
    /** Subject key identifier, lowercase hex (the audit record's issuer id). */
    readonly subjectKeyId: string;
    /** SHA-256 of the IACA certificate DER, lowercase hex. */
    readonly fingerprint: string;
    /** The name of the anchor set it came from, when it came from a named set (e.g. `jp-jlis-mnc`). */
    readonly anchorSet?: string;
  };
  /**
   * `good` when every certificate on the path (DS and intermediates) was checked against a CRL of
   * its issuer; `not-checked` when no CRL is configured (or, with `crl.required: false`, none was
   * usable); `partial` when, with `crl.required: false`, some certificates were checked and others not.
   */
  readonly revocation: 'good' | 'partial' | 'not-checked';
}

/** Options of {@link TrustStore.validateDocumentSigner}. */
export interface ValidateDocumentSignerOptions {
  /** The verification time. */
  readonly now: Date;
  /** Tolerance applied to certificate validity, in seconds. */
  readonly clockSkewSeconds: number;
  /**
   * The document's docType. When given, an IACA that is trusted for a list of docTypes only (a
   * VICAL entry, an anchor set such as `jp-jlis-mnc`) must list it (ISO 18013-5 Annex C).
   */
  readonly docType?: string;
}

/**
 * Anything that can validate an issuerAuth x5chain against trusted IACAs.
 * uketori's implementation is returned by `createTrustStore`.
 */
export interface TrustStore {
  /**
   * Validates the x5chain of an issuerAuth (leaf = DS first) up to a trusted IACA at `now`.
   *
   * @throws {VerificationError} with check `DS_PROFILE`, `DS_CHAIN` or `DS_REVOCATION`.
   */
  validateDocumentSigner(x5chain: readonly Uint8Array[], options: ValidateDocumentSignerOptions): Promise<DocumentSignerInfo>;
}
