/**
 * One X.509 certificate, parsed once: node:crypto for the key, the signature check and the
 * fingerprint; the DER reader for the RFC 5280 fields node does not expose.
 *
 * @module
 */

import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import {
  DerError,
  Tag,
  children,
  content,
  encoding,
  expectTag,
  readBitFlags,
  readBitStringBytes,
  readBoolean,
  readIntegerHex,
  readNode,
  readOid,
  readRoot,
  readSmallInteger,
  readTime,
  type DerNode,
} from './der.js';
import { formatName, nameAttribute } from './name.js';

/** RFC 5280 §4.2.1.3 KeyUsage bits, as the flags of {@link ParsedCertificate.keyUsage}. */
export const KeyUsage = {
  digitalSignature: 1 << 0,
  nonRepudiation: 1 << 1,
  keyEncipherment: 1 << 2,
  dataEncipherment: 1 << 3,
  keyAgreement: 1 << 4,
  keyCertSign: 1 << 5,
  cRLSign: 1 << 6,
  encipherOnly: 1 << 7,
  decipherOnly: 1 << 8,
} as const;

/** Certificate extension OIDs (RFC 5280 §4.2). */
export const ExtensionOid = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
} as const;

/** Name attribute types read from a certificate subject (X.520). */
export const NameOid = {
  countryName: '2.5.4.6',
  stateOrProvinceName: '2.5.4.8',
} as const;

// A CRL URL that may be handed to a fetcher: http(s) and printable ASCII only (no spaces, no controls).
const FETCHABLE_URL = /^https?:\/\/[\x21-\x7e]+$/i;

// Extensions this module interprets, or that carry no processing obligation for path validation
// without policy requirements (SAN, IAN, policies). Any other critical one fails validation
// (RFC 5280 §4.2: "A certificate-using system MUST reject the certificate if it encounters a
// critical extension it does not recognize").
const HANDLED = new Set<string>(Object.values(ExtensionOid));
const INTERPRETED = new Set<string>([
  ExtensionOid.subjectKeyIdentifier,
  ExtensionOid.authorityKeyIdentifier,
  ExtensionOid.keyUsage,
  ExtensionOid.extKeyUsage,
  ExtensionOid.basicConstraints,
  ExtensionOid.crlDistributionPoints,
]);

/** The largest certificate accepted, in bytes. */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** A certificate with the fields path validation needs. */
export interface ParsedCertificate {
  /** The DER encoding (a private copy). */
  readonly der: Uint8Array;
  /** node:crypto's view, used for signature checks. */
  readonly x509: X509Certificate;
  readonly publicKey: KeyObject;
  /** SHA-256 of the DER, lowercase hex. */
  readonly fingerprint: string;
  /** Serial number, lowercase hex without leading zero octets. */
  readonly serialNumber: string;
  /** Subject and issuer as RFC 4514 strings. */
  readonly subject: string;
  readonly issuer: string;
  /** The DER of the subject / issuer Name, as map keys (base64). */
  readonly subjectKey: string;
  readonly issuerKey: string;
  /** Validity, in milliseconds since the epoch. */
  readonly notBefore: number;
  readonly notAfter: number;
  /** SubjectKeyIdentifier (lowercase hex), or RFC 5280 §4.2.1.2 method (1) when the extension is absent. */
  readonly keyIdentifier: string;
  /** True when the certificate has a SubjectKeyIdentifier extension. */
  readonly hasSubjectKeyIdentifier: boolean;
  /** AuthorityKeyIdentifier keyIdentifier (lowercase hex), when present. */
  readonly authorityKeyId: string | undefined;
  /** KeyUsage flags ({@link KeyUsage}), or `undefined` when the extension is absent. */
  readonly keyUsage: number | undefined;
  /** ExtendedKeyUsage OIDs, or `undefined` when the extension is absent. */
  readonly extKeyUsage: readonly string[] | undefined;
  /** BasicConstraints, or `undefined` when the extension is absent. */
  readonly basicConstraints: { readonly ca: boolean; readonly pathLength: number | undefined } | undefined;
  /** http(s) URIs of the CRL distribution points (full names only, printable ASCII): where to fetch. */
  readonly crlUrls: readonly string[];
  /** Every URI of the CRL distribution points' full names, for matching a CRL's issuingDistributionPoint. */
  readonly distributionPointUris: readonly string[];
  /** Subject countryName (C) and stateOrProvinceName (ST), decoded; `undefined` when absent or repeated. */
  readonly country: string | undefined;
  readonly stateOrProvince: string | undefined;
  /** OIDs of critical extensions this module does not process. */
  readonly unhandledCriticalExtensions: readonly string[];
  /** Subject and issuer names are identical (a root or a self-issued certificate). */
  readonly selfIssued: boolean;
  /** `signatureAlgorithm` equals the TBSCertificate `signature` field (RFC 5280 §4.1.1.2). */
  readonly signatureAlgorithmConsistent: boolean;
}

interface Extensions {
  keyIdentifier?: string;
  authorityKeyId?: string;
  keyUsage?: number;
  extKeyUsage?: string[];
  basicConstraints?: { ca: boolean; pathLength: number | undefined };
  distributionPointUris: string[];
  unhandledCritical: string[];
}

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const b64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

function parseBasicConstraints(buf: Uint8Array, value: DerNode): { ca: boolean; pathLength: number | undefined } {
  // RFC 5280 §4.2.1.9: SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
  const items = children(buf, expectTag(value, Tag.SEQUENCE, 'BasicConstraints'));
  let i = 0;
  let ca = false;
  if (items[i]?.tag === Tag.BOOLEAN) ca = readBoolean(buf, items[i++]!);
  const pathLength = items[i]?.tag === Tag.INTEGER ? readSmallInteger(buf, items[i++]!) : undefined;
  if (i !== items.length) throw new DerError('BasicConstraints has extra fields');
  return { ca, pathLength };
}

/** RFC 5280 §4.2.1.13, §5.2.5: the URIs of a DistributionPointName's fullName (GeneralNames). */
export function fullNameUris(buf: Uint8Array, dpName: DerNode): string[] {
  // DistributionPointName ::= CHOICE { fullName [0] GeneralNames, nameRelativeToCRLIssuer [1] ... }
  const fullName = children(buf, dpName).find((n) => n.tag === 0xa0);
  if (fullName === undefined) return [];
  // GeneralName uniformResourceIdentifier [6] IA5String
  return children(buf, fullName)
    .filter((gn) => gn.tag === 0x86)
    .map((gn) => Buffer.from(content(buf, gn)).toString('latin1'));
}

function parseDistributionPoints(buf: Uint8Array, value: DerNode): string[] {
  // RFC 5280 §4.2.1.13: DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName, ... }
  const uris: string[] = [];
  for (const dp of children(buf, expectTag(value, Tag.SEQUENCE, 'CRLDistributionPoints'))) {
    const dpName = children(buf, expectTag(dp, Tag.SEQUENCE, 'DistributionPoint')).find((n) => n.tag === 0xa0);
    if (dpName !== undefined) uris.push(...fullNameUris(buf, dpName));
  }
  return uris;
}

function parseExtension(buf: Uint8Array, oid: string, out: Extensions): void {
  if (!INTERPRETED.has(oid)) return;
  const value = readRoot(buf);
  switch (oid) {
    case ExtensionOid.subjectKeyIdentifier:
      out.keyIdentifier = hex(content(buf, expectTag(value, Tag.OCTET_STRING, 'SubjectKeyIdentifier')));
      break;
    case ExtensionOid.authorityKeyIdentifier: {
      // RFC 5280 §4.2.1.1: keyIdentifier [0] IMPLICIT OCTET STRING
      const kid = children(buf, expectTag(value, Tag.SEQUENCE, 'AuthorityKeyIdentifier')).find((n) => n.tag === 0x80);
      if (kid !== undefined) out.authorityKeyId = hex(content(buf, kid));
      break;
    }
    case ExtensionOid.keyUsage:
      out.keyUsage = readBitFlags(buf, value);
      break;
    case ExtensionOid.extKeyUsage:
      out.extKeyUsage = children(buf, expectTag(value, Tag.SEQUENCE, 'ExtKeyUsage')).map((n) => readOid(buf, n));
      break;
    case ExtensionOid.basicConstraints:
      out.basicConstraints = parseBasicConstraints(buf, value);
      break;
    case ExtensionOid.crlDistributionPoints:
      out.distributionPointUris = parseDistributionPoints(buf, value);
      break;
    default:
      break;
  }
}

/**
 * Reads an `Extensions` SEQUENCE (certificates and CRLs share the syntax, RFC 5280 §4.1, §5.1).
 * Calls `visit` for each extension with its OID, criticality and extnValue octets, which the
 * visitor parses only for extensions it interprets (private extensions in the wild are not always
 * DER inside). Rejects duplicates (RFC 5280 §4.2).
 */
export function readExtensions(buf: Uint8Array, list: DerNode, visit: (oid: string, critical: boolean, value: Uint8Array) => void): void {
  const seen = new Set<string>();
  for (const ext of children(buf, expectTag(list, Tag.SEQUENCE, 'Extensions'))) {
    const parts = children(buf, expectTag(ext, Tag.SEQUENCE, 'Extension'));
    const oid = readOid(buf, parts[0]!);
    if (seen.has(oid)) throw new DerError(`extension ${oid} appears twice`);
    seen.add(oid);
    let i = 1;
    const critical = parts[i]?.tag === Tag.BOOLEAN ? readBoolean(buf, parts[i++]!) : false;
    const octets = content(buf, expectTag(parts[i], Tag.OCTET_STRING, 'extnValue'));
    if (i + 1 !== parts.length) throw new DerError('Extension has extra fields');
    visit(oid, critical, octets);
  }
}

/**
 * Parses a DER certificate.
 *
 * @throws {DerError} when it is not a well-formed X.509 v3 certificate (callers wrap it in the
 *   coded error of their context).
 */
export function parseCertificate(input: Uint8Array): ParsedCertificate {
  if (input.length > MAX_CERTIFICATE_BYTES) throw new DerError('certificate is too large');
  const der = new Uint8Array(input); // private copy: callers' buffers may be views of a larger message
  // RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
  const [tbs, sigAlg, sigValue] = children(der, expectTag(readRoot(der), Tag.SEQUENCE, 'Certificate'));
  expectTag(sigValue, Tag.BIT_STRING, 'signatureValue');
  const fields = children(der, expectTag(tbs, Tag.SEQUENCE, 'TBSCertificate'));
  let i = 0;
  if (fields[i]?.tag === 0xa0) i++; // [0] EXPLICIT version
  const serialNumber = readIntegerHex(der, fields[i++]!);
  const tbsSigAlg = expectTag(fields[i++], Tag.SEQUENCE, 'signature');
  const issuerName = expectTag(fields[i++], Tag.SEQUENCE, 'issuer');
  const validity = children(der, expectTag(fields[i++], Tag.SEQUENCE, 'validity'));
  const subjectName = expectTag(fields[i++], Tag.SEQUENCE, 'subject');
  const spki = children(der, expectTag(fields[i++], Tag.SEQUENCE, 'subjectPublicKeyInfo'));
  const ext: Extensions = { distributionPointUris: [], unhandledCritical: [] };
  for (; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.tag !== 0xa3) continue; // [1] / [2] unique identifiers
    const list = readNode(der, f.contentStart, f.end);
    if (list.end !== f.end) throw new DerError('extensions field has trailing bytes');
    readExtensions(der, list, (oid, critical, value) => {
      parseExtension(value, oid, ext);
      if (critical && !HANDLED.has(oid)) ext.unhandledCritical.push(oid);
    });
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch (cause) {
    throw new DerError('certificate is rejected by node:crypto', { cause });
  }
  const subjectDer = encoding(der, subjectName);
  const issuerDer = encoding(der, issuerName);
  // RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING, when SKI is absent.
  const keyIdentifier = ext.keyIdentifier ?? createHash('sha1').update(readBitStringBytes(der, spki[1]!)).digest('hex');
  return {
    der,
    x509,
    publicKey: x509.publicKey,
    fingerprint: createHash('sha256').update(der).digest('hex'),
    serialNumber,
    subject: formatName(der, subjectName),
    issuer: formatName(der, issuerName),
    subjectKey: b64(subjectDer),
    issuerKey: b64(issuerDer),
    notBefore: readTime(der, validity[0]).getTime(),
    notAfter: readTime(der, validity[1]).getTime(),
    keyIdentifier,
    hasSubjectKeyIdentifier: ext.keyIdentifier !== undefined,
    authorityKeyId: ext.authorityKeyId,
    keyUsage: ext.keyUsage,
    extKeyUsage: ext.extKeyUsage,
    basicConstraints: ext.basicConstraints,
    crlUrls: ext.distributionPointUris.filter((uri) => FETCHABLE_URL.test(uri)),
    distributionPointUris: ext.distributionPointUris,
    country: nameAttribute(der, subjectName, NameOid.countryName),
    stateOrProvince: nameAttribute(der, subjectName, NameOid.stateOrProvinceName),
    unhandledCriticalExtensions: ext.unhandledCritical,
    selfIssued: b64(subjectDer) === b64(issuerDer),
    signatureAlgorithmConsistent: hex(encoding(der, tbsSigAlg)) === hex(encoding(der, expectTag(sigAlg, Tag.SEQUENCE, 'signatureAlgorithm'))),
  };
}

/** True when `issuer`'s key verifies `cert`'s signature (node:crypto, X509_verify). */
export function isSignedBy(cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  if (!cert.signatureAlgorithmConsistent) return false;
  try {
    return cert.x509.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
