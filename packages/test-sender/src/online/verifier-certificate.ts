/**
 * A test verifier (relying party) certificate for signing OpenID4VP request objects and
 * readerAuth: a test root and a leaf with a dNSName SAN (for `x509_san_dns:`), keyUsage
 * digitalSignature and the mdoc reader EKU (ISO/IEC 18013-5 Annex B.1.7). Every subject says TEST.
 * NEVER FOR PRODUCTION.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import '../pki/x509.js';
import { SubjectAlternativeNameExtension } from '@peculiar/x509';
import { UketoriTypeError } from '@uketori/mdoc';
import { BasicConstraintsExtension, ExtendedKeyUsageExtension, KeyUsageFlags, KeyUsagesExtension, X509CertificateGenerator } from '../pki/x509.js';
import { generateEcKeyPair, toPublicCryptoKey, toSigningCryptoKey, x509SigningAlgorithm } from '../pki/keys.js';
import { randomSerialNumber } from '../util/random.js';
import { toSecond } from '../util/time.js';

/** ISO/IEC 18013-5 Annex B.1.7: id-mdlReaderAuth. */
const MDL_READER_AUTH_EKU = '1.0.18013.5.1.6';

/** Options of {@link createTestVerifierCertificate}. */
export interface CreateTestVerifierCertificateOptions {
  /** The DNS name in the leaf's subjectAltName. Default `verifier.uketori.invalid`. */
  readonly dnsName?: string;
  /** Start of validity; default now. Valid for one year. */
  readonly now?: Date;
}

/** A verifier's signing key with its chain (the shape `ReaderAuthKey` of `@uketori/reader` takes). */
export interface TestVerifierCertificate {
  readonly privateKey: KeyObject;
  /** The leaf only (OpenID4VP and HAIP: no trust anchor in `x5c`). */
  readonly certificateChain: readonly Uint8Array[];
  /** The test root that issued the leaf. */
  readonly root: Uint8Array;
  readonly dnsName: string;
}

/**
 * Creates a test verifier certificate chain on P-256.
 *
 * @example
 * ```ts
 * const signer = await createTestVerifierCertificate({ dnsName: 'rp.example' });
 * await createOid4vpRequest({ signer, clientIdPrefix: 'x509_san_dns', dnsName: 'rp.example', … });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for an empty DNS name.
 */
export async function createTestVerifierCertificate(options: CreateTestVerifierCertificateOptions = {}): Promise<TestVerifierCertificate> {
  const dnsName = options.dnsName ?? 'verifier.uketori.invalid';
  if (typeof dnsName !== 'string' || dnsName.length === 0) throw new UketoriTypeError('"dnsName" must be a non-empty string');
  const notBefore = toSecond(options.now ?? new Date());
  const notAfter = new Date(notBefore.getTime() + 365 * 86_400_000);
  const rootKeys = generateEcKeyPair('P-256');
  const leafKeys = generateEcKeyPair('P-256');
  const rootSubject = 'C=JP, O=uketori TEST, CN=uketori TEST verifier root (never for production)';
  const signingKey = await toSigningCryptoKey(rootKeys.privateKey, 'P-256');
  const root = await X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: rootSubject,
    issuer: rootSubject,
    notBefore,
    notAfter,
    publicKey: await toPublicCryptoKey(rootKeys.publicKey, 'P-256'),
    signingKey,
    signingAlgorithm: x509SigningAlgorithm('P-256'),
    extensions: [new BasicConstraintsExtension(true, 0, true), new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true)],
  });
  const leaf = await X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: `C=JP, O=uketori TEST, CN=${dnsName}`,
    issuer: rootSubject,
    notBefore,
    notAfter,
    publicKey: await toPublicCryptoKey(leafKeys.publicKey, 'P-256'),
    signingKey,
    signingAlgorithm: x509SigningAlgorithm('P-256'),
    extensions: [
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      new ExtendedKeyUsageExtension([MDL_READER_AUTH_EKU]),
      new SubjectAlternativeNameExtension([{ type: 'dns', value: dnsName }]),
    ],
  });
  return { privateKey: leafKeys.privateKey, certificateChain: [new Uint8Array(leaf.rawData)], root: new Uint8Array(root.rawData), dnsName };
}
