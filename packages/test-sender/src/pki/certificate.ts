/**
 * Test IACA and Document Signer certificates, following the profiles of ISO/IEC 18013-5 Annex B.1
 * (Table B.1 IACA, Table B.3 DS). Every subject says TEST; none may ever be trusted in production.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  IssuerAlternativeNameExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  type Extension,
} from './x509.js';
import { UketoriRangeError } from '@uketori/mdoc';
import { toPem } from '../util/pem.js';
import { randomSerialNumber } from '../util/random.js';
import { assertDate, toSecond } from '../util/time.js';
import {
  assertPkiCurve,
  generateEcKeyPair,
  toPublicCryptoKey,
  toSigningCryptoKey,
  x509SigningAlgorithm,
  type KeyPair,
  type PkiCurve,
} from './keys.js';

/** ISO/IEC 18013-5 Annex B.1.4: id-mdlDS, the extended key usage of a Document Signer. */
export const MDL_DS_EKU = '1.0.18013.5.1.2';

/** Default subject of the test IACA. */
export const TEST_IACA_SUBJECT = 'C=JP, O=uketori TEST, CN=uketori TEST IACA (never for production)';
/** Default subject of the test Document Signer. */
export const TEST_DS_SUBJECT = 'C=JP, O=uketori TEST, CN=uketori TEST DS (never for production)';
/** Default CRL distribution point (the `.invalid` TLD never resolves, RFC 6761 §6.4). */
export const TEST_CRL_URL = 'http://uketori.invalid/test-iaca.crl';
const TEST_ISSUER_ALT_NAME = 'https://uketori.invalid/test-issuer';

/**
 * A generated certificate with its key pair. Distinguished names are written in encoding order
 * (C first, as in the J-LIS IACA), the reverse of RFC 4514 string order.
 */
export interface TestCertificate {
  /** Subject DN, attributes in encoding order (`C=JP, O=…, CN=…`). */
  readonly subject: string;
  /** Issuer DN (equal to `subject` for an IACA). */
  readonly issuer: string;
  /** Serial number, lowercase hexadecimal. */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The certificate, DER. */
  readonly der: Uint8Array;
  /** The certificate, PEM. */
  readonly pem: string;
  readonly curve: PkiCurve;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** Options of {@link createTestIaca}. */
export interface CreateTestIacaOptions {
  /** Key curve; default `P-256`. */
  readonly curve?: PkiCurve;
  /** Subject DN; default {@link TEST_IACA_SUBJECT}. It should say TEST. */
  readonly subject?: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** CRL distribution point; default {@link TEST_CRL_URL}. */
  readonly crlUrl?: string;
  /** A key pair to certify instead of a fresh one (must be on `curve`). */
  readonly keyPair?: KeyPair;
}

/** What a Document Signer certificate looks like. */
export type DocumentSignerProfile =
  /** ISO/IEC 18013-5 Table B.3: keyUsage digitalSignature, EKU id-mdlDS. */
  | 'ds'
  /** Violates Annex B.1.4: keyUsage keyCertSign only and EKU serverAuth instead of id-mdlDS. */
  | 'wrong-profile';

/** Options of {@link createTestDocumentSigner}. */
export interface CreateTestDocumentSignerOptions {
  /** Subject DN; default {@link TEST_DS_SUBJECT}. It should say TEST. */
  readonly subject?: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Default `ds`. */
  readonly profile?: DocumentSignerProfile;
  /** CRL distribution point; default {@link TEST_CRL_URL}. */
  readonly crlUrl?: string;
  /** A key pair to certify instead of a fresh one (must be on the IACA's curve). */
  readonly keyPair?: KeyPair;
}

function checkWindow(notBefore: unknown, notAfter: unknown): void {
  assertDate(notBefore, 'notBefore');
  assertDate(notAfter, 'notAfter');
  if (notAfter.getTime() <= notBefore.getTime()) throw new UketoriRangeError('notAfter must be later than notBefore');
}

/** The {@link TestCertificate} view of a generated certificate and its key pair. */
export function toTestCertificate(
  cert: { rawData: ArrayBuffer; subject: string; issuer: string; serialNumber: string; notBefore: Date; notAfter: Date },
  curve: PkiCurve,
  keys: KeyPair,
): TestCertificate {
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    der: new Uint8Array(cert.rawData),
    pem: toPem('CERTIFICATE', cert.rawData),
    curve,
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
  };
}

/**
 * Creates a self-signed test IACA (ISO/IEC 18013-5 Annex B.1.2): basicConstraints CA with
 * pathLenConstraint 0, keyUsage keyCertSign + cRLSign, subject key identifier, issuerAltName and a
 * CRL distribution point.
 *
 * @example
 * ```ts
 * const iaca = await createTestIaca({ curve: 'P-384', notBefore, notAfter });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for invalid dates.
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for an unknown curve or an empty window.
 */
export async function createTestIaca(options: CreateTestIacaOptions): Promise<TestCertificate> {
  const curve = options.curve ?? 'P-256';
  assertPkiCurve(curve);
  checkWindow(options.notBefore, options.notAfter);
  const keys = options.keyPair ?? generateEcKeyPair(curve);
  const publicKey = await toPublicCryptoKey(keys.publicKey, curve);
  const subject = options.subject ?? TEST_IACA_SUBJECT;
  const extensions: Extension[] = [
    new BasicConstraintsExtension(true, 0, true),
    new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
    await SubjectKeyIdentifierExtension.create(publicKey),
    new IssuerAlternativeNameExtension([{ type: 'url', value: TEST_ISSUER_ALT_NAME }]),
    new CRLDistributionPointsExtension([options.crlUrl ?? TEST_CRL_URL]),
  ];
  const cert = await X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject,
    issuer: subject,
    notBefore: toSecond(options.notBefore),
    notAfter: toSecond(options.notAfter),
    publicKey,
    signingKey: await toSigningCryptoKey(keys.privateKey, curve),
    signingAlgorithm: x509SigningAlgorithm(curve),
    extensions,
  });
  return toTestCertificate(cert, curve, keys);
}

/**
 * Creates a test Document Signer certificate issued by `iaca` (ISO/IEC 18013-5 Annex B.1.4):
 * keyUsage digitalSignature, extKeyUsage id-mdlDS ({@link MDL_DS_EKU}), authority and subject key
 * identifiers, issuerAltName and a CRL distribution point. It carries no basicConstraints, so it
 * is not a CA. With `profile: 'wrong-profile'` the key usage and EKU are wrong on purpose.
 *
 * @example
 * ```ts
 * const ds = await createTestDocumentSigner(iaca, { notBefore, notAfter });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for invalid dates.
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for an empty window.
 */
export async function createTestDocumentSigner(iaca: TestCertificate, options: CreateTestDocumentSignerOptions): Promise<TestCertificate> {
  checkWindow(options.notBefore, options.notAfter);
  const curve = iaca.curve;
  const keys = options.keyPair ?? generateEcKeyPair(curve);
  const publicKey = await toPublicCryptoKey(keys.publicKey, curve);
  const wrong = options.profile === 'wrong-profile';
  const extensions: Extension[] = [
    await AuthorityKeyIdentifierExtension.create(await toPublicCryptoKey(iaca.publicKey, curve)),
    await SubjectKeyIdentifierExtension.create(publicKey),
    new KeyUsagesExtension(wrong ? KeyUsageFlags.keyCertSign : KeyUsageFlags.digitalSignature, true),
    new IssuerAlternativeNameExtension([{ type: 'url', value: TEST_ISSUER_ALT_NAME }]),
    new ExtendedKeyUsageExtension([wrong ? ExtendedKeyUsage.serverAuth : MDL_DS_EKU], true),
    new CRLDistributionPointsExtension([options.crlUrl ?? TEST_CRL_URL]),
  ];
  const cert = await X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: options.subject ?? TEST_DS_SUBJECT,
    issuer: iaca.subject,
    notBefore: toSecond(options.notBefore),
    notAfter: toSecond(options.notAfter),
    publicKey,
    signingKey: await toSigningCryptoKey(iaca.privateKey, curve),
    signingAlgorithm: x509SigningAlgorithm(curve),
    extensions,
  });
  return toTestCertificate(cert, curve, keys);
}
