/**
 * `@peculiar/x509`, loaded after the Reflect metadata it requires. Every module of this package
 * imports `@peculiar/x509` through here.
 *
 * @module
 */

// @peculiar/x509 2.x resolves its ASN.1 schemas through tsyringe, which needs Reflect metadata.
import 'reflect-metadata';

export {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  Extension,
  IssuerAlternativeNameExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
  X509Crl,
  X509CrlGenerator,
  X509CrlReason,
} from '@peculiar/x509';
