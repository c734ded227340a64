/**
 * Test reader authentication certificates for in-person presentations (ISO/IEC 18013-5 Annex
 * B.1.7): a reader root CA and mdoc reader certificates it issues, for signing readerAuth in tests
 * and demos. Every subject says TEST; none may ever be trusted in production.
 *
 * @module
 */

import { UketoriRangeError } from '@uketori/mdoc';
import { createTestIaca, toTestCertificate, type TestCertificate } from './certificate.js';
import { generateEcKeyPair, toPublicCryptoKey, toSigningCryptoKey, x509SigningAlgorithm, type PkiCurve } from './keys.js';
import { randomSerialNumber } from '../util/random.js';
import { assertDate, toSecond } from '../util/time.js';
import {
  AuthorityKeyIdentifierExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from './x509.js';

/** ISO/IEC 18013-5 Annex B.1.7: extended key usage of an mdoc reader authentication certificate. */
export const READER_AUTH_EKU = '1.0.18013.5.1.6';
/** Default subject of the test reader root. */
export const TEST_READER_ROOT_SUBJECT = 'C=JP, O=uketori TEST, CN=uketori TEST reader root (never for production)';
/** Default subject of a test reader certificate. */
export const TEST_READER_SUBJECT = 'C=JP, O=uketori TEST, CN=uketori TEST reader (never for production)';

/** Options of {@link createTestReaderPki}. */
export interface CreateTestReaderPkiOptions {
  /** Default `P-256`. */
  readonly curve?: PkiCurve;
  /** The time the certificates are made valid around; default now. */
  readonly now?: Date;
  /** Reader certificate subject; default {@link TEST_READER_SUBJECT}. */
  readonly subject?: string;
}

/** A test reader root and the certificates it issued. */
export interface TestReaderPki {
  /** The reader root CA (trust it on the holder side). */
  readonly root: TestCertificate;
  /** A reader certificate valid from a year before `now` to a year after, EKU {@link READER_AUTH_EKU}. */
  readonly reader: TestCertificate;
  /** Same profile, expired a day before `now`. */
  readonly expiredReader: TestCertificate;
  /** Valid, but its EKU is id-mdlDS instead of the reader EKU (Annex B.1.7 violated). */
  readonly wrongEkuReader: TestCertificate;
}

const DAY = 86_400_000;

async function readerCertificate(root: TestCertificate, subject: string, notBefore: Date, notAfter: Date, eku: string): Promise<TestCertificate> {
  const curve = root.curve;
  const keys = generateEcKeyPair(curve);
  const publicKey = await toPublicCryptoKey(keys.publicKey, curve);
  const cert = await X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject,
    issuer: root.subject,
    notBefore: toSecond(notBefore),
    notAfter: toSecond(notAfter),
    publicKey,
    signingKey: await toSigningCryptoKey(root.privateKey, curve),
    signingAlgorithm: x509SigningAlgorithm(curve),
    extensions: [
      await AuthorityKeyIdentifierExtension.create(await toPublicCryptoKey(root.publicKey, curve)),
      await SubjectKeyIdentifierExtension.create(publicKey),
      // Annex B.1.7 table B.7: keyUsage digitalSignature (critical), extKeyUsage 1.0.18013.5.1.6 (critical).
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      new ExtendedKeyUsageExtension([eku], true),
    ],
  });
  return toTestCertificate(cert, curve, keys);
}

/**
 * Creates a test reader PKI (ISO/IEC 18013-5 Annex B.1.7): a reader root CA (the IACA profile:
 * CA, keyCertSign) and reader certificates it issued — a good one, an expired one and one with
 * the wrong extended key usage. NEVER FOR PRODUCTION.
 *
 * @example
 * ```ts
 * const readers = await createTestReaderPki({ now });
 * const readerAuth = { privateKey: readers.reader.privateKey, certificateChain: [readers.reader.der] };
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for an invalid date.
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for an unknown curve.
 */
export async function createTestReaderPki(options: CreateTestReaderPkiOptions = {}): Promise<TestReaderPki> {
  const now = options.now ?? new Date();
  assertDate(now, 'now');
  if (options.curve !== undefined && options.curve !== 'P-256' && options.curve !== 'P-384') {
    throw new UketoriRangeError('reader PKI curve must be "P-256" or "P-384"');
  }
  const t = now.getTime();
  const root = await createTestIaca({
    curve: options.curve ?? 'P-256',
    subject: TEST_READER_ROOT_SUBJECT,
    notBefore: new Date(t - 2 * 365 * DAY),
    notAfter: new Date(t + 5 * 365 * DAY),
  });
  const subject = options.subject ?? TEST_READER_SUBJECT;
  return {
    root,
    reader: await readerCertificate(root, subject, new Date(t - 365 * DAY), new Date(t + 365 * DAY), READER_AUTH_EKU),
    expiredReader: await readerCertificate(root, subject, new Date(t - 365 * DAY), new Date(t - DAY), READER_AUTH_EKU),
    wrongEkuReader: await readerCertificate(root, subject, new Date(t - 365 * DAY), new Date(t + 365 * DAY), '1.0.18013.5.1.2'),
  };
}
