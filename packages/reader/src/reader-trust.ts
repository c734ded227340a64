/**
 * Trusting a reader: its readerAuth certificate chain against a list of reader root certificates
 * (ISO/IEC 18013-5 §9.1.4, Annex B.1.7). Used by the holder side, and by anyone who checks a
 * DeviceRequest.
 *
 * Path validation is `@uketori/mdoc`'s (signatures, validity at `now` ± skew of every certificate
 * and of the root, CA profile and path length, critical extensions, CRLs when configured), run with
 * the reader certificate's extended key usage; on top, the reader certificate must carry that EKU
 * (Annex B.1.7 table B.7: mandatory), not only tolerate its absence.
 *
 * @module
 */

import { X509Certificate } from 'node:crypto';
import { createTrustStore, UketoriError, UketoriTypeError, type CertificateInput, type CrlOptions, type UketoriTrustStore } from '@uketori/mdoc';
import { ReaderError } from './errors.js';

/** ISO/IEC 18013-5 Annex B.1.7: extended key usage of an mdoc reader authentication certificate. */
export const READER_AUTH_EKU = '1.0.18013.5.1.6';

/** Reader checks, with the clause each implements; a failure throws `ERR_` + the id. */
export const READER_CHECKS = {
  READER_AUTH: { clause: 'ISO/IEC 18013-5 §9.1.4', title: 'readerAuth / readerAuthAll verifies over ReaderAuthentication(All)Bytes with the reader certificate key' },
  READER_TRUST: { clause: 'ISO/IEC 18013-5 §9.1.4, Annex B.1.7', title: 'The reader certificate chains to a trusted reader root and every certificate is valid at the verification time' },
  READER_CERT_PROFILE: { clause: 'ISO/IEC 18013-5 Annex B.1.7', title: 'The reader certificate is not a CA, has keyUsage digitalSignature and extendedKeyUsage 1.0.18013.5.1.6' },
} as const;

/** Options of {@link createReaderTrustList}. */
export interface ReaderTrustListOptions {
  /** Trusted reader root certificates: PEM text (one or more), DER or `X509Certificate`. At least one. */
  readonly roots: readonly CertificateInput[];
  /** CRLs of the reader CAs. When given, revocation is required (see `CrlOptions`). */
  readonly crl?: CrlOptions;
}

/** A reader whose certificate chain was validated. */
export interface TrustedReader {
  /** Reader certificate subject (RFC 4514). */
  readonly subject: string;
  /** Validity of the reader certificate. */
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The trusted root the chain ends at. */
  readonly root: { readonly subject: string; readonly fingerprint: string };
}

/** Options of {@link ReaderTrustList.validateReaderCertificate}. */
export interface ValidateReaderCertificateOptions {
  /** The verification time. Default: now. */
  readonly now?: Date;
  /** Tolerance applied to certificate validity, in seconds. Default 300. */
  readonly clockSkewSeconds?: number;
}

/** Reader root certificates and the validation of a reader's chain against them. */
export interface ReaderTrustList {
  /**
   * Validates a readerAuth x5chain (reader certificate first) up to a trusted reader root.
   *
   * @throws {ReaderError} `ERR_READER_TRUST` (untrusted, broken, expired or revoked) or
   *   `ERR_READER_CERT_PROFILE` (Annex B.1.7 profile).
   */
  validateReaderCertificate(chain: readonly Uint8Array[], options?: ValidateReaderCertificateOptions): Promise<TrustedReader>;
}

const DEFAULT_SKEW_SECONDS = 300;

/**
 * Creates a reader trust list from reader root certificates (e.g. Annex D's `reader root`, or the
 * roots of the reader CAs a holder accepts).
 *
 * @example
 * ```ts
 * const readerTrust = createReaderTrustList({ roots: [readFileSync('reader-roots.pem', 'utf8')] });
 * const reader = await readerTrust.validateReaderCertificate(x5chain, { now });
 * ```
 * @throws {TrustError} `ERR_CERTIFICATE_PARSE` for a root that is not a certificate.
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for no roots.
 */
export function createReaderTrustList(options: ReaderTrustListOptions): ReaderTrustList {
  if (!Array.isArray(options?.roots) || options.roots.length === 0) throw new UketoriTypeError('"roots" must list at least one reader root certificate');
  const store: UketoriTrustStore = createTrustStore({
    anchors: options.roots,
    ...(options.crl === undefined ? {} : { crl: options.crl }),
    documentSignerEkus: [READER_AUTH_EKU],
  });
  return {
    async validateReaderCertificate(chain, validate = {}) {
      const now = validate.now ?? new Date();
      const clockSkewSeconds = validate.clockSkewSeconds ?? DEFAULT_SKEW_SECONDS;
      let info;
      try {
        info = await store.validateDocumentSigner(chain, { now, clockSkewSeconds });
      } catch (cause) {
        if (!(cause instanceof UketoriError) || cause.check === undefined) throw cause;
        // The store speaks of document signers and IACAs; the reader layer names its own checks.
        if (cause.check === 'DS_PROFILE') throw new ReaderError('ERR_READER_CERT_PROFILE', 'reader certificate does not have the Annex B.1.7 profile', { cause });
        throw new ReaderError('ERR_READER_TRUST', 'reader certificate does not chain to a trusted reader root at the verification time', { cause });
      }
      // Annex B.1.7 table B.7: the reader EKU is mandatory (the store only checks it when present).
      const leaf = new X509Certificate(chain[0]!);
      if (!(leaf.keyUsage ?? []).includes(READER_AUTH_EKU)) {
        throw new ReaderError('ERR_READER_CERT_PROFILE', `reader certificate has no extendedKeyUsage ${READER_AUTH_EKU}`);
      }
      return { subject: info.subject, notBefore: info.notBefore, notAfter: info.notAfter, root: { subject: info.iaca.subject, fingerprint: info.iaca.fingerprint } };
    },
  };
}
