/**
 * X.509 CRLs (RFC 5280 §5): parse, check the issuer's signature, look up a serial number.
 * ISO/IEC 18013-5 Annex B.1.5 / B.3: the IACA issues the CRL that revokes its document signers.
 *
 * @module
 */

import { createHash, verify as nodeVerify } from 'node:crypto';
import type { ParsedCertificate } from './certificate.js';
import { fullNameUris, readExtensions } from './certificate.js';
import {
  DerError,
  Tag,
  children,
  content,
  encoding,
  expectTag,
  readBitStringBytes,
  readBoolean,
  readIntegerHex,
  readOid,
  readRoot,
  readTime,
  type DerNode,
} from './der.js';
import { pemBlocks } from './load.js';
import { formatName } from './name.js';

/** The largest CRL accepted, in bytes. */
export const MAX_CRL_BYTES = 10 * 1024 * 1024;

/** A parsed CRL. */
export interface ParsedCrl {
  /** SHA-256 of the DER, lowercase hex. */
  readonly fingerprint: string;
  /** Issuer as an RFC 4514 string, and its Name DER as a map key (base64). */
  readonly issuer: string;
  readonly issuerKey: string;
  /** thisUpdate / nextUpdate in ms since the epoch; nextUpdate is `undefined` when absent. */
  readonly thisUpdate: number;
  readonly nextUpdate: number | undefined;
  /** Serial numbers of the revoked certificates (lowercase hex, no leading zero octets). */
  readonly revoked: ReadonlySet<string>;
  /** AuthorityKeyIdentifier keyIdentifier (hex), when present. */
  readonly authorityKeyId: string | undefined;
  /**
   * The issuingDistributionPoint's distributionPoint fullName URIs (RFC 5280 §5.2.5): the CRL is a
   * partition that covers only certificates whose CRL distribution point names one of them.
   * `undefined` when the CRL names no distribution point (it covers the whole scope of its issuer);
   * empty when it names one uketori cannot compare (nameRelativeToCRLIssuer, non-URI names).
   */
  readonly distributionPoint: readonly string[] | undefined;
  /** The issuingDistributionPoint says the CRL only covers end-entity certificates. */
  readonly onlyUserCerts: boolean;
  /** The issuingDistributionPoint says the CRL only covers CA certificates. */
  readonly onlyCaCerts: boolean;
  /** The issuingDistributionPoint says the CRL only covers attribute certificates (so no X.509 public-key certificate). */
  readonly onlyAttributeCerts: boolean;
  /** Why this CRL cannot decide revocation for any certificate (a feature uketori does not process), if any. */
  readonly unusable: string | undefined;
  /** TBSCertList bytes, signature algorithm OID and signature, for {@link crlSignedBy}. */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: string;
  readonly signatureAlgorithmConsistent: boolean;
  readonly signature: Uint8Array;
}

// RFC 5280 §4.1.1.2 / RFC 5758 §3.2, RFC 8410 §3, RFC 4055 §5: signature algorithm OID -> the
// node:crypto digest (null for EdDSA) and the `asymmetricKeyType` of the key that must verify it.
// node's verify() picks the scheme from the key, not from the OID, so the OID alone would let an
// RSA signature pass under an ECDSA label (and the reverse); the key type is checked against it.
const SIGNATURE_ALGORITHMS: Readonly<Record<string, { readonly hash: string | null; readonly keyType: string }>> = {
  '1.2.840.10045.4.3.2': { hash: 'sha256', keyType: 'ec' }, // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': { hash: 'sha384', keyType: 'ec' },
  '1.2.840.10045.4.3.4': { hash: 'sha512', keyType: 'ec' },
  '1.3.101.112': { hash: null, keyType: 'ed25519' }, // id-Ed25519
  '1.3.101.113': { hash: null, keyType: 'ed448' }, // id-Ed448
  '1.2.840.113549.1.1.11': { hash: 'sha256', keyType: 'rsa' }, // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': { hash: 'sha384', keyType: 'rsa' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', keyType: 'rsa' },
};

const CRL_EXT = {
  authorityKeyIdentifier: '2.5.29.35',
  crlNumber: '2.5.29.20',
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  freshestCrl: '2.5.29.46',
  reasonCode: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  certificateIssuer: '2.5.29.29',
} as const;

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

interface CrlExtensions {
  authorityKeyId: string | undefined;
  distributionPoint: string[] | undefined;
  onlyUserCerts: boolean;
  onlyCaCerts: boolean;
  onlyAttributeCerts: boolean;
  unusable: string | undefined;
}

const noExtensions = (): CrlExtensions => ({
  authorityKeyId: undefined,
  distributionPoint: undefined,
  onlyUserCerts: false,
  onlyCaCerts: false,
  onlyAttributeCerts: false,
  unusable: undefined,
});

// RFC 5280 §5.2.5: IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0], onlyContainsUserCerts [1],
// onlyContainsCACerts [2], onlySomeReasons [3], indirectCRL [4], onlyContainsAttributeCerts [5] }
function readIdp(buf: Uint8Array, value: DerNode, out: CrlExtensions): void {
  for (const field of children(buf, expectTag(value, Tag.SEQUENCE, 'IssuingDistributionPoint'))) {
    const flag = () => readBoolean(buf, { ...field, tag: Tag.BOOLEAN });
    switch (field.tag) {
      case 0xa0:
        // distributionPoint [0] DistributionPointName (a CHOICE, so explicitly tagged).
        out.distributionPoint = fullNameUris(buf, field);
        break;
      case 0x81:
        out.onlyUserCerts = flag();
        break;
      case 0x82:
        out.onlyCaCerts = flag();
        break;
      case 0x83:
        out.unusable = 'the CRL covers some revocation reasons only';
        break;
      case 0x84:
        if (flag()) out.unusable = 'indirect CRLs are not supported';
        break;
      case 0x85:
        out.onlyAttributeCerts = flag();
        break;
      default:
        break;
    }
  }
}

function readCrlExtensions(buf: Uint8Array, list: DerNode): CrlExtensions {
  const out = noExtensions();
  readExtensions(buf, list, (oid, critical, value) => {
    if (oid === CRL_EXT.authorityKeyIdentifier) {
      const kid = children(value, expectTag(readRoot(value), Tag.SEQUENCE, 'AuthorityKeyIdentifier')).find((n) => n.tag === 0x80);
      if (kid !== undefined) out.authorityKeyId = hex(content(value, kid));
    } else if (oid === CRL_EXT.issuingDistributionPoint) {
      readIdp(value, readRoot(value), out);
    } else if (oid === CRL_EXT.deltaCrlIndicator) {
      out.unusable = 'delta CRLs are not supported';
    } else if (critical && oid !== CRL_EXT.crlNumber && oid !== CRL_EXT.freshestCrl) {
      // RFC 5280 §5.2: a CRL with an unrecognized critical extension must not decide revocation.
      out.unusable = `the CRL has an unrecognized critical extension ${oid}`;
    }
  });
  return out;
}

function readEntries(buf: Uint8Array, list: DerNode, out: CrlExtensions): Set<string> {
  const revoked = new Set<string>();
  for (const entry of children(buf, expectTag(list, Tag.SEQUENCE, 'revokedCertificates'))) {
    const [serial, date, extensions] = children(buf, expectTag(entry, Tag.SEQUENCE, 'revokedCertificate'));
    revoked.add(readIntegerHex(buf, serial!));
    readTime(buf, date);
    if (extensions === undefined) continue;
    readExtensions(buf, extensions, (oid, critical) => {
      if (oid === CRL_EXT.certificateIssuer) out.unusable = 'indirect CRLs are not supported';
      else if (critical && oid !== CRL_EXT.reasonCode && oid !== CRL_EXT.invalidityDate) {
        out.unusable = `a CRL entry has an unrecognized critical extension ${oid}`;
      }
    });
  }
  return revoked;
}

function toDer(input: Uint8Array | string): Uint8Array {
  if (typeof input === 'string') {
    const [first] = pemBlocks(input, 'X509 CRL');
    if (first === undefined) throw new DerError('no PEM X509 CRL block');
    return first;
  }
  if (input[0] === 0x30) return input;
  return toDer(Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8'));
}

/**
 * Parses a CRL from DER or PEM (`-----BEGIN X509 CRL-----`).
 *
 * @throws {DerError} when it is not a well-formed CRL or is larger than {@link MAX_CRL_BYTES}.
 */
export function parseCrl(input: Uint8Array | string): ParsedCrl {
  const der = toDer(input);
  if (der.length > MAX_CRL_BYTES) throw new DerError('CRL is too large');
  // RFC 5280 §5.1: CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }
  const [tbsField, sigAlg, sigValue] = children(der, expectTag(readRoot(der), Tag.SEQUENCE, 'CertificateList'));
  const tbsNode = expectTag(tbsField, Tag.SEQUENCE, 'TBSCertList');
  const fields = children(der, tbsNode);
  let i = 0;
  if (fields[i]?.tag === Tag.INTEGER) i++; // version v2
  const tbsSigAlg = expectTag(fields[i++], Tag.SEQUENCE, 'signature');
  const issuerName = expectTag(fields[i++], Tag.SEQUENCE, 'issuer');
  const thisUpdate = readTime(der, fields[i++]).getTime();
  let nextUpdate: number | undefined;
  const maybeNext = fields[i];
  if (maybeNext !== undefined && (maybeNext.tag === Tag.UTC_TIME || maybeNext.tag === Tag.GENERALIZED_TIME)) {
    nextUpdate = readTime(der, maybeNext).getTime();
    i++;
  }
  const ext = noExtensions();
  let revoked = new Set<string>();
  if (fields[i]?.tag === Tag.SEQUENCE) revoked = readEntries(der, fields[i++]!, ext);
  if (fields[i]?.tag === 0xa0) {
    const wrapper = fields[i++]!;
    const [list] = children(der, wrapper);
    if (list === undefined || list.end !== wrapper.end) throw new DerError('crlExtensions is malformed');
    const crlExt = readCrlExtensions(der, expectTag(list, Tag.SEQUENCE, 'crlExtensions'));
    Object.assign(ext, crlExt, { unusable: ext.unusable ?? crlExt.unusable });
  }
  if (i !== fields.length) throw new DerError('TBSCertList has unexpected fields');
  const sigAlgNode = expectTag(sigAlg, Tag.SEQUENCE, 'signatureAlgorithm');
  return {
    fingerprint: createHash('sha256').update(der).digest('hex'),
    issuer: formatName(der, issuerName),
    issuerKey: Buffer.from(encoding(der, issuerName)).toString('base64'),
    thisUpdate,
    nextUpdate,
    revoked,
    authorityKeyId: ext.authorityKeyId,
    distributionPoint: ext.distributionPoint,
    onlyUserCerts: ext.onlyUserCerts,
    onlyCaCerts: ext.onlyCaCerts,
    onlyAttributeCerts: ext.onlyAttributeCerts,
    unusable: ext.unusable,
    tbs: new Uint8Array(encoding(der, tbsNode)),
    signatureAlgorithm: readOid(der, children(der, sigAlgNode)[0]!),
    signatureAlgorithmConsistent: hex(encoding(der, sigAlgNode)) === hex(encoding(der, tbsSigAlg)),
    signature: new Uint8Array(readBitStringBytes(der, sigValue!)),
  };
}

/**
 * True when `issuer` issued `crl`: same name, no contradicting key identifier, a signature
 * algorithm that fits the issuer's key type, and its key verifies the CRL signature
 * (RFC 5280 §6.3.3 (f), (g)).
 */
export function crlSignedBy(crl: ParsedCrl, issuer: ParsedCertificate): boolean {
  if (crl.issuerKey !== issuer.subjectKey || !crl.signatureAlgorithmConsistent) return false;
  if (crl.authorityKeyId !== undefined && issuer.hasSubjectKeyIdentifier && crl.authorityKeyId !== issuer.keyIdentifier) return false;
  const algorithm = SIGNATURE_ALGORITHMS[crl.signatureAlgorithm];
  if (algorithm === undefined || issuer.publicKey.asymmetricKeyType !== algorithm.keyType) return false;
  try {
    return nodeVerify(algorithm.hash, crl.tbs, issuer.publicKey, crl.signature);
  } catch {
    return false;
  }
}

// RFC 5280 §7.4: URIs compare with the scheme and host case-insensitive, the rest exactly.
function normalizeUri(uri: string): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/is.exec(uri);
  return m === null ? uri : `${m[1]!.toLowerCase()}://${m[2]!.toLowerCase()}${m[3]!}`;
}

/**
 * Why `crl` does not cover `cert` (RFC 5280 §6.3.3 (b)(2)), or `undefined` when it does: a CRL
 * whose issuingDistributionPoint names a distribution point is a partition that covers only the
 * certificates whose CRL distribution point names the same URI (i); an end-entity-only CRL does
 * not cover CA certificates (ii), a CA-only CRL covers nothing else (iii), an attribute-certificate
 * CRL covers no public-key certificate (iv). The issuer and signature are checked separately.
 */
export function crlScopeProblem(crl: ParsedCrl, cert: ParsedCertificate): string | undefined {
  const isCa = cert.basicConstraints?.ca === true;
  if (crl.onlyAttributeCerts) return 'it covers attribute certificates only';
  if (crl.onlyUserCerts && isCa) return 'it covers end-entity certificates only';
  if (crl.onlyCaCerts && !isCa) return 'it covers CA certificates only';
  if (crl.distributionPoint !== undefined) {
    const names = new Set(crl.distributionPoint.map(normalizeUri));
    if (!cert.distributionPointUris.some((uri) => names.has(normalizeUri(uri)))) return 'it is the partition of another CRL distribution point';
  }
  return undefined;
}
