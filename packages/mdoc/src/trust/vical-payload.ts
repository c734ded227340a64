/**
 * The VICAL payload (ISO/IEC 18013-5 Annex C): CBOR map → plain data. The signature has been
 * checked before this runs.
 *
 * @module
 */

import { CborTag } from '../cbor/types.js';
import { TrustError } from '../errors.js';
import type { TrustAnchorDescriptor } from './anchors.js';
import { parseCertificate } from './certificate.js';

/** One IACA listed in a VICAL; usable as an anchor of `createTrustStore`. */
export interface VicalIaca extends TrustAnchorDescriptor {
  /** The IACA certificate, DER. */
  readonly certificate: Uint8Array;
  /** The docTypes this IACA is listed for (only those asked for, when `loadVical` got a `docType` filter). */
  readonly docTypes: readonly string[];
  /** `vical:<provider>`, reported as `DocumentSignerInfo.iaca.anchorSet`. */
  readonly anchorSet: string;
  /** Subject of the certificate (RFC 4514), read from the certificate itself. */
  readonly subject: string;
  /** SHA-256 of the certificate DER, lowercase hex. */
  readonly fingerprint: string;
  /** The listed serial number, lowercase hex, when present. */
  readonly serialNumber?: string;
  readonly issuingCountry?: string;
  readonly issuingAuthority?: string;
  readonly stateOrProvinceName?: string;
  /** `certificateProfile` OIDs/URNs, when listed. */
  readonly certificateProfiles?: readonly string[];
}

/** A verified VICAL. */
export interface Vical {
  /** `version` of the VICAL structure (e.g. `"1.0"`). */
  readonly version: string;
  /** `vicalProvider` (e.g. `"AAMVA"`). */
  readonly provider: string;
  /** `date` the VICAL was issued. */
  readonly date: Date;
  /** `vicalIssueID`, when present. */
  readonly issueId?: number;
  /** `nextUpdate`, when present: when the provider expects to issue the next one. */
  readonly nextUpdate?: Date;
  /** The certificate that signed the VICAL. */
  readonly signer: { readonly subject: string; readonly fingerprint: string };
  /** The listed IACAs; with a `docType` filter, those listed for it, each narrowed to the filter's docTypes. */
  readonly iacas: readonly VicalIaca[];
}

function structure(message: string, cause?: unknown): never {
  throw new TrustError('ERR_VICAL_STRUCTURE', message, cause === undefined ? {} : { cause });
}

function text(map: Map<unknown, unknown>, key: string, where: string, required: true): string;
function text(map: Map<unknown, unknown>, key: string, where: string, required: false): string | undefined;
function text(map: Map<unknown, unknown>, key: string, where: string, required: boolean): string | undefined {
  const v = map.get(key);
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string') structure(`${where}.${key} is not a text string`);
  return v;
}

function date(map: Map<unknown, unknown>, key: string, required: boolean): Date | undefined {
  const v = map.get(key);
  if (v === undefined && !required) return undefined;
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) structure(`VICAL.${key} is not a tdate`);
  return new Date(v.getTime());
}

function textList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((d) => typeof d !== 'string')) structure(`${where} is not a non-empty array of text strings`);
  return value as string[];
}

// biguint: an unsigned integer or #6.2(bstr) (RFC 8949 §3.4.3).
function serialHex(value: unknown): string | undefined {
  let hex: string | undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) hex = value.toString(16);
  else if (typeof value === 'bigint' && value >= 0n) hex = value.toString(16);
  else if (value instanceof CborTag && value.tag === 2 && value.value instanceof Uint8Array) hex = Buffer.from(value.value).toString('hex');
  if (hex === undefined) return undefined;
  const stripped = hex.replace(/^0+/, '');
  return stripped === '' ? '0' : stripped;
}

function parseInfo(entry: unknown, index: number, anchorSet: string): VicalIaca {
  const where = `certificateInfos[${index}]`;
  if (!(entry instanceof Map)) structure(`${where} is not a map`);
  const der = entry.get('certificate');
  if (!(der instanceof Uint8Array)) structure(`${where}.certificate is not a byte string`);
  let cert;
  try {
    cert = parseCertificate(der);
  } catch (cause) {
    structure(`${where}.certificate cannot be parsed`, cause);
  }
  const docTypes = textList(entry.get('docType'), `${where}.docType`);
  // The AAMVA VICAL spells some keys with a capital letter; both spellings are read.
  const profiles = entry.get('certificateProfile') ?? entry.get('CertificateProfile');
  const serialNumber = serialHex(entry.get('serialNumber'));
  const issuingCountry = text(entry, 'issuingCountry', where, false);
  const issuingAuthority = text(entry, 'issuingAuthority', where, false);
  const stateOrProvinceName = text(entry, 'stateOrProvinceName', where, false);
  return Object.freeze({
    certificate: new Uint8Array(cert.der),
    docTypes: Object.freeze([...docTypes]),
    anchorSet,
    subject: cert.subject,
    fingerprint: cert.fingerprint,
    ...(serialNumber === undefined ? {} : { serialNumber }),
    ...(issuingCountry === undefined ? {} : { issuingCountry }),
    ...(issuingAuthority === undefined ? {} : { issuingAuthority }),
    ...(stateOrProvinceName === undefined ? {} : { stateOrProvinceName }),
    ...(profiles === undefined ? {} : { certificateProfiles: Object.freeze([...textList(profiles, `${where}.certificateProfile`)]) }),
  });
}

// The caller asked for some docTypes only: an IACA listed for others too is returned trusted for
// the asked ones only, so that passing it to createTrustStore does not trust it for the rest.
function narrow(iaca: VicalIaca, docTypes: ReadonlySet<string> | undefined): VicalIaca[] {
  if (docTypes === undefined) return [iaca];
  const kept = iaca.docTypes.filter((d) => docTypes.has(d));
  return kept.length === 0 ? [] : [Object.freeze({ ...iaca, docTypes: Object.freeze(kept) })];
}

/**
 * Reads a decoded VICAL payload (ISO 18013-5 Annex C: `{version, vicalProvider, date, ? vicalIssueID,
 * ? nextUpdate, certificateInfos}`). With `docTypes`, keeps the IACAs listed for one of them and
 * narrows each one's `docTypes` to those; all IACAs with their listed docTypes when undefined.
 *
 * @throws {TrustError} `ERR_VICAL_STRUCTURE` when a field is missing or of the wrong type.
 */
export function parseVicalPayload(payload: unknown, signer: Vical['signer'], docTypes: ReadonlySet<string> | undefined): Vical {
  if (!(payload instanceof Map)) structure('VICAL payload is not a map');
  const version = text(payload, 'version', 'VICAL', true);
  const provider = text(payload, 'vicalProvider', 'VICAL', true);
  const issued = date(payload, 'date', true)!;
  const nextUpdate = date(payload, 'nextUpdate', false);
  const rawIssueId = payload.get('vicalIssueID');
  let issueId: number | undefined;
  if (rawIssueId !== undefined) {
    if (typeof rawIssueId !== 'number' || !Number.isSafeInteger(rawIssueId) || rawIssueId < 0) structure('VICAL.vicalIssueID is not an unsigned integer');
    issueId = rawIssueId;
  }
  const infos = payload.get('certificateInfos');
  if (!Array.isArray(infos)) structure('VICAL.certificateInfos is not an array');
  const anchorSet = `vical:${provider}`;
  const iacas = infos.map((entry, i) => parseInfo(entry, i, anchorSet)).flatMap((iaca) => narrow(iaca, docTypes));
  return Object.freeze({
    version,
    provider,
    date: issued,
    ...(issueId === undefined ? {} : { issueId }),
    ...(nextUpdate === undefined ? {} : { nextUpdate }),
    signer,
    iacas: Object.freeze(iacas),
  });
}
