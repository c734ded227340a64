/**
 * Test CRLs issued by a test IACA (ISO/IEC 18013-5 Annex B.1.5 / RFC 5280 §5).
 *
 * @module
 */

import { AuthorityKeyIdentifierExtension, Extension, X509CrlGenerator, X509CrlReason } from './x509.js';
import { toPem } from '../util/pem.js';
import { assertDate, toSecond } from '../util/time.js';
import type { TestCertificate } from './certificate.js';
import { toPublicCryptoKey, toSigningCryptoKey, x509SigningAlgorithm } from './keys.js';

/** A generated CRL. */
export interface TestCrl {
  /** The CRL, DER. */
  readonly der: Uint8Array;
  /** The CRL, PEM. */
  readonly pem: string;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  /** Serial numbers (lowercase hex) of the revoked certificates. */
  readonly revokedSerialNumbers: readonly string[];
}

/** Options of {@link createTestCrl}. */
export interface CreateTestCrlOptions {
  /** Certificates to list as revoked (keyCompromise); default none. */
  readonly revoked?: readonly TestCertificate[];
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  /** Revocation date of every entry; default `thisUpdate`. */
  readonly revocationDate?: Date;
  /** cRLNumber (RFC 5280 §5.2.3); default 1. */
  readonly crlNumber?: number;
}

// RFC 5280 §5.2.3: cRLNumber ::= INTEGER (0..MAX), DER for a small positive integer.
function crlNumberExtension(n: number): Extension {
  const bytes: number[] = [];
  let v = Math.floor(Math.abs(n));
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return new Extension('2.5.29.20', false, Uint8Array.of(0x02, bytes.length, ...bytes));
}

/**
 * Creates a CRL signed by `iaca` listing `revoked` (ISO/IEC 18013-5 Annex B.1.5 profile: v2 CRL
 * with authorityKeyIdentifier and cRLNumber).
 *
 * @example
 * ```ts
 * const crl = await createTestCrl(pki.iaca, { revoked: [pki.revokedDs], thisUpdate, nextUpdate });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for invalid dates.
 */
export async function createTestCrl(iaca: TestCertificate, options: CreateTestCrlOptions): Promise<TestCrl> {
  assertDate(options.thisUpdate, 'thisUpdate');
  assertDate(options.nextUpdate, 'nextUpdate');
  const revoked = options.revoked ?? [];
  const revocationDate = toSecond(options.revocationDate ?? options.thisUpdate);
  const crl = await X509CrlGenerator.create({
    issuer: iaca.subject,
    thisUpdate: toSecond(options.thisUpdate),
    nextUpdate: toSecond(options.nextUpdate),
    signingAlgorithm: x509SigningAlgorithm(iaca.curve),
    signingKey: await toSigningCryptoKey(iaca.privateKey, iaca.curve),
    extensions: [
      await AuthorityKeyIdentifierExtension.create(await toPublicCryptoKey(iaca.publicKey, iaca.curve)),
      crlNumberExtension(options.crlNumber ?? 1),
    ],
    entries: revoked.map((cert) => ({ serialNumber: cert.serialNumber, revocationDate, reason: X509CrlReason.keyCompromise })),
  });
  return {
    der: new Uint8Array(crl.rawData),
    pem: toPem('X509 CRL', crl.rawData),
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate ?? toSecond(options.nextUpdate),
    revokedSerialNumbers: revoked.map((c) => c.serialNumber),
  };
}
