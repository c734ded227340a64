/**
 * A small test PKI: IACAs, intermediates, document signers and CRLs generated with @peculiar/x509
 * (P-256 and P-384), with every Annex B knob a negative test needs.
 */
import 'reflect-metadata'; // @peculiar/x509 2.x needs Reflect metadata (tsyringe)
import * as x509 from '@peculiar/x509';
import { KeyObject, sign, webcrypto } from 'node:crypto';
import { children, encoding, readRoot } from '../../../src/trust/der.js';

const crypto = webcrypto as unknown as Crypto;

export type Curve = 'P-256' | 'P-384';

/** A generated certificate with its key pair. */
export interface TestCert {
  readonly der: Uint8Array;
  readonly pem: string;
  readonly name: string;
  readonly curve: Curve;
  readonly keys: CryptoKeyPair;
  readonly cert: x509.X509Certificate;
}

/** A fixed "now" that every generated certificate is valid at by default. */
export const NOW = new Date('2025-06-01T00:00:00Z');
const DAY = 86_400_000;
export const days = (n: number) => new Date(NOW.getTime() + n * DAY);

export const KU = x509.KeyUsageFlags;
export const MDL_DS = '1.0.18013.5.1.2';

const hashOf = (curve: Curve) => (curve === 'P-384' ? 'SHA-384' : 'SHA-256');

async function keyPair(curve: Curve): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: curve }, true, ['sign', 'verify'])) as CryptoKeyPair;
}

function wrap(cert: x509.X509Certificate, name: TestName, curve: Curve, keys: CryptoKeyPair): TestCert {
  return { der: new Uint8Array(cert.rawData), pem: cert.toString('pem'), name: typeof name === 'string' ? name : cert.subject, curve, keys, cert };
}

/** A subject name: `'CN=…, C=JP'`, or @peculiar/x509's JSON form for values its parser would drop (control characters). */
export type TestName = string | x509.JsonName;

let serial = 0x1000;
const nextSerial = () => (serial++).toString(16).padStart(4, '0');

/** Options of {@link makeCa}. */
export interface CaOptions {
  readonly name?: TestName;
  readonly curve?: Curve;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** basicConstraints cA (default true); `null` leaves the extension out. */
  readonly ca?: boolean | null;
  readonly pathLength?: number;
  /** keyUsage flags (default keyCertSign | cRLSign); `null` leaves the extension out. */
  readonly keyUsage?: number | null;
  readonly crlUrl?: string;
  /** Issue it under this CA (an intermediate) instead of self-signing. */
  readonly issuer?: TestCert;
  readonly keys?: CryptoKeyPair;
}

/** An IACA (self-signed) or an intermediate CA (`issuer` given). */
export async function makeCa(options: CaOptions = {}): Promise<TestCert> {
  const curve = options.curve ?? 'P-384';
  const name: TestName = options.name ?? `CN=Test IACA ${nextSerial()}, C=JP`;
  const keys = options.keys ?? (await keyPair(curve));
  const extensions: x509.Extension[] = [await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto)];
  if (options.ca !== null) extensions.push(new x509.BasicConstraintsExtension(options.ca ?? true, options.pathLength, true));
  if (options.keyUsage !== null) extensions.push(new x509.KeyUsagesExtension(options.keyUsage ?? KU.keyCertSign | KU.cRLSign, true));
  if (options.crlUrl !== undefined) extensions.push(new x509.CRLDistributionPointsExtension([options.crlUrl]));
  const common = {
    serialNumber: nextSerial(),
    notBefore: options.notBefore ?? days(-365),
    notAfter: options.notAfter ?? days(3650),
    extensions,
  };
  if (options.issuer === undefined) {
    const cert = await x509.X509CertificateGenerator.createSelfSigned(
      { ...common, name, keys, signingAlgorithm: { name: 'ECDSA', hash: hashOf(curve) } },
      crypto,
    );
    return wrap(cert, name, curve, keys);
  }
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(options.issuer.keys.publicKey, false, crypto));
  const cert = await x509.X509CertificateGenerator.create(
    {
      ...common,
      subject: name,
      issuer: options.issuer.cert.subjectName,
      publicKey: keys.publicKey,
      signingKey: options.issuer.keys.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash: hashOf(options.issuer.curve) },
    },
    crypto,
  );
  return wrap(cert, name, curve, keys);
}

/** Options of {@link makeDs}. */
export interface DsOptions {
  readonly name?: TestName;
  readonly curve?: Curve;
  readonly serialNumber?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** keyUsage flags (default digitalSignature); `null` leaves the extension out. */
  readonly keyUsage?: number | null;
  /** EKU OIDs (default mdlDS); `null` leaves the extension out. */
  readonly eku?: readonly string[] | null;
  /** basicConstraints; absent by default. */
  readonly ca?: boolean;
  readonly crlUrl?: string;
  /** Extra extensions (e.g. an unknown critical one). */
  readonly extensions?: readonly x509.Extension[];
  /** Sign with this key instead of the issuer's (a forged certificate). */
  readonly signingKey?: CryptoKey;
}

/** A document signer certificate issued by `issuer`. */
export async function makeDs(issuer: TestCert, options: DsOptions = {}): Promise<TestCert> {
  const curve = options.curve ?? 'P-256';
  const name: TestName = options.name ?? `CN=Test DS ${nextSerial()}, C=JP`;
  const keys = await keyPair(curve);
  const extensions: x509.Extension[] = [await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey, false, crypto)];
  if (options.keyUsage !== null) extensions.push(new x509.KeyUsagesExtension(options.keyUsage ?? KU.digitalSignature, true));
  if (options.eku !== null) extensions.push(new x509.ExtendedKeyUsageExtension([...(options.eku ?? [MDL_DS])], true));
  if (options.ca !== undefined) extensions.push(new x509.BasicConstraintsExtension(options.ca, undefined, true));
  if (options.crlUrl !== undefined) extensions.push(new x509.CRLDistributionPointsExtension([options.crlUrl]));
  extensions.push(...(options.extensions ?? []));
  const cert = await x509.X509CertificateGenerator.create(
    {
      subject: name,
      issuer: issuer.cert.subjectName,
      publicKey: keys.publicKey,
      signingKey: options.signingKey ?? issuer.keys.privateKey,
      serialNumber: options.serialNumber ?? nextSerial(),
      notBefore: options.notBefore ?? days(-30),
      notAfter: options.notAfter ?? days(365),
      signingAlgorithm: { name: 'ECDSA', hash: hashOf(issuer.curve) },
      extensions,
    },
    crypto,
  );
  return wrap(cert, name, curve, keys);
}

/** Options of {@link makeCrl}. */
export interface CrlOptions {
  /** Hex serial numbers of revoked certificates. */
  readonly revoked?: readonly string[];
  readonly thisUpdate?: Date;
  /** Default: 7 days after NOW; `null` leaves it out. */
  readonly nextUpdate?: Date | null;
  /** Sign with another CA's key (the CRL still names `issuer`). */
  readonly signer?: TestCert;
  /** CRL extensions (e.g. {@link idpExtension}). */
  readonly extensions?: readonly x509.Extension[];
}

/** A DER CRL issued (by name) by `issuer`. */
export async function makeCrl(issuer: TestCert, options: CrlOptions = {}): Promise<Uint8Array> {
  const signer = options.signer ?? issuer;
  const crl = await x509.X509CrlGenerator.create(
    {
      issuer: issuer.cert.subjectName,
      thisUpdate: options.thisUpdate ?? days(-1),
      ...(options.nextUpdate === null ? {} : { nextUpdate: options.nextUpdate ?? days(7) }),
      signingAlgorithm: { name: 'ECDSA', hash: hashOf(signer.curve) },
      signingKey: signer.keys.privateKey,
      entries: (options.revoked ?? []).map((serialNumber) => ({ serialNumber, revocationDate: days(-2) })),
      extensions: [...(options.extensions ?? [])],
    },
    crypto,
  );
  return new Uint8Array(crl.rawData);
}

/** A PEM CRL text for a DER CRL. */
export function crlPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN X509 CRL-----\n${b64}\n-----END X509 CRL-----\n`;
}

/** An arbitrary extension (e.g. an unrecognized critical one). */
export function customExtension(oid: string, critical: boolean): x509.Extension {
  return new x509.Extension(oid, critical, new Uint8Array([0x05, 0x00]));
}

/** A DER TLV (definite length) around `parts`. */
export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return new Uint8Array([tag, ...length, ...body]);
}

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const TRUE = new Uint8Array([0xff]);

/** Options of {@link idpExtension}: the fields of an RFC 5280 §5.2.5 IssuingDistributionPoint. */
export interface IdpOptions {
  /** distributionPoint fullName URIs. */
  readonly uris?: readonly string[];
  /** distributionPoint as nameRelativeToCRLIssuer (CN=<value>) instead. */
  readonly relativeName?: string;
  readonly onlyUser?: boolean;
  readonly onlyCa?: boolean;
  readonly indirect?: boolean;
  readonly onlyAttribute?: boolean;
}

/** A critical issuingDistributionPoint CRL extension (RFC 5280 §5.2.5). */
export function idpExtension(options: IdpOptions): x509.Extension {
  const fields: Uint8Array[] = [];
  if (options.uris !== undefined) fields.push(tlv(0xa0, tlv(0xa0, ...options.uris.map((uri) => tlv(0x86, ascii(uri))))));
  if (options.relativeName !== undefined) {
    const cn = tlv(0x30, tlv(0x06, new Uint8Array([0x55, 0x04, 0x03])), tlv(0x0c, ascii(options.relativeName)));
    fields.push(tlv(0xa0, tlv(0xa1, cn)));
  }
  if (options.onlyUser === true) fields.push(tlv(0x81, TRUE));
  if (options.onlyCa === true) fields.push(tlv(0x82, TRUE));
  if (options.indirect === true) fields.push(tlv(0x84, TRUE));
  if (options.onlyAttribute === true) fields.push(tlv(0x85, TRUE));
  return new x509.Extension('2.5.29.28', true, tlv(0x30, ...fields));
}

/** A critical deltaCRLIndicator extension (RFC 5280 §5.2.4) naming base CRL number 1. */
export function deltaCrlExtension(): x509.Extension {
  return new x509.Extension('2.5.29.27', true, tlv(0x02, new Uint8Array([0x01])));
}

/** AlgorithmIdentifier DER of sha256WithRSAEncryption (RFC 4055), NULL parameters. */
export const SHA256_WITH_RSA = tlv(0x30, tlv(0x06, new Uint8Array([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b])), new Uint8Array([0x05, 0x00]));

/**
 * Re-issues `crl` with `algorithmIdentifier` in both signature fields, signed (SHA-256) by
 * `signer`'s key whatever the identifier says: a CRL whose label and key disagree.
 */
export function relabelCrl(crl: Uint8Array, algorithmIdentifier: Uint8Array, signer: TestCert): Uint8Array {
  const [tbsNode] = children(crl, readRoot(crl));
  const nodes = children(crl, tbsNode!);
  const fields = nodes.map((node) => encoding(crl, node));
  fields[nodes[0]!.tag === 0x02 ? 1 : 0] = algorithmIdentifier; // [version,] signature, issuer, ...
  const tbs = tlv(0x30, ...fields);
  const signature = sign('sha256', tbs, KeyObject.from(signer.keys.privateKey));
  return tlv(0x30, tbs, algorithmIdentifier, tlv(0x03, new Uint8Array([0]), signature));
}
