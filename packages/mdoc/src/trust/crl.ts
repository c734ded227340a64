/**
 * X.509 CRLs (RFC 5280 §5): parse, check the issuer's signature, look up a serial number.
 * ISO/IEC 18013-5 Annex B.1.5 / B.3: the IACA issues the CRL that revokes its document signers.
 *
 * @module
 */

import { createHash, verify as nodeVerify } from 'node:crypto';
import type { ParsedCertificate } from './certificate.js';
import { readExtensions } from './certificate.js';
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
  /** The issuingDistributionPoint says the CRL only covers end-entity certificates. */
  readonly onlyUserCerts: boolean;
  /** Why this CRL cannot decide revocation (a feature uketori does not process), if any. */
  readonly unusable: string | undefined;
  /** TBSCertList bytes, signature algorithm OID and signature, for {@link crlSignedBy}. */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: string;
  readonly signatureAlgorithmConsistent: boolean;
  readonly signature: Uint8Array;
}

// Signature algorithm OID -> node:crypto digest (null for EdDSA).
const SIGNATURE_HASH: Readonly<Record<string, string | null>> = {
  '1.2.840.10045.4.3.2': 'sha256', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null, // Ed25519
  '1.3.101.113': null, // Ed448
  '1.2.840.113549.1.1.11': 'sha256', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
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
  onlyUserCerts: boolean;
  unusable: string | undefined;
}

// RFC 5280 §5.2.5: IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0], onlyContainsUserCerts [1],
// onlyContainsCACerts [2], onlySomeReasons [3], indirectCRL [4], onlyContainsAttributeCerts [5] }
function readIdp(buf: Uint8Array, value: DerNode, out: CrlExtensions): void {
  for (const field of children(buf, expectTag(value, Tag.SEQUENCE, 'IssuingDistributionPoint'))) {
    const flag = () => readBoolean(buf, { ...field, tag: Tag.BOOLEAN });
    switch (field.tag) {
      case 0x81:
        out.onlyUserCerts = flag();
        break;
      case 0x82:
        if (flag()) out.unusable = 'the CRL covers CA certificates only';
        break;
      case 0x83:
        out.unusable = 'the CRL covers some revocation reasons only';
        break;
      case 0x84:
        if (flag()) out.unusable = 'indirect CRLs are not supported';
        break;
      case 0x85:
        if (flag()) out.unusable = 'the CRL covers attribute certificates only';
        break;
      default:
        break;
    }
  }
}

function readCrlExtensions(buf: Uint8Array, list: DerNode): CrlExtensions {
  const out: CrlExtensions = { authorityKeyId: undefined, onlyUserCerts: false, unusable: undefined };
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
  const ext: CrlExtensions = { authorityKeyId: undefined, onlyUserCerts: false, unusable: undefined };
  let revoked = new Set<string>();
  if (fields[i]?.tag === Tag.SEQUENCE) revoked = readEntries(der, fields[i++]!, ext);
  if (fields[i]?.tag === 0xa0) {
    const wrapper = fields[i++]!;
    const [list] = children(der, wrapper);
    if (list === undefined || list.end !== wrapper.end) throw new DerError('crlExtensions is malformed');
    const crlExt = readCrlExtensions(der, expectTag(list, Tag.SEQUENCE, 'crlExtensions'));
    ext.authorityKeyId = crlExt.authorityKeyId;
    ext.onlyUserCerts = crlExt.onlyUserCerts;
    ext.unusable = ext.unusable ?? crlExt.unusable;
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
    onlyUserCerts: ext.onlyUserCerts,
    unusable: ext.unusable,
    tbs: new Uint8Array(encoding(der, tbsNode)),
    signatureAlgorithm: readOid(der, children(der, sigAlgNode)[0]!),
    signatureAlgorithmConsistent: hex(encoding(der, sigAlgNode)) === hex(encoding(der, tbsSigAlg)),
    signature: new Uint8Array(readBitStringBytes(der, sigValue!)),
  };
}

/**
 * True when `issuer` issued `crl`: same name, no contradicting key identifier, and its key
 * verifies the CRL signature (RFC 5280 §6.3.3 (f), (g)).
 */
export function crlSignedBy(crl: ParsedCrl, issuer: ParsedCertificate): boolean {
  if (crl.issuerKey !== issuer.subjectKey || !crl.signatureAlgorithmConsistent) return false;
  if (crl.authorityKeyId !== undefined && issuer.hasSubjectKeyIdentifier && crl.authorityKeyId !== issuer.keyIdentifier) return false;
  const hash = SIGNATURE_HASH[crl.signatureAlgorithm];
  if (hash === undefined) return false;
  try {
    return nodeVerify(hash, crl.tbs, issuer.publicKey, crl.signature);
  } catch {
    return false;
  }
}
