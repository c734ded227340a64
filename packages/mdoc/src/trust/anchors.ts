/**
 * Trust anchors (IACAs) as the caller gives them, and the index path validation searches.
 *
 * @module
 */

import { X509Certificate } from 'node:crypto';
import { UketoriTypeError } from '../errors.js';
import { isAnchorSet, loadAnchorSet, type AnchorSet } from './anchor-set.js';
import type { ParsedCertificate } from './certificate.js';
import { loadParsedCertificates, type CertificateInput } from './load.js';

/**
 * One IACA with what it is trusted for. A VICAL entry (`loadVical(...).iacas[i]`) is one of these.
 */
export interface TrustAnchorDescriptor {
  /** The IACA certificate (PEM, DER or `X509Certificate`). */
  readonly certificate: CertificateInput;
  /**
   * docTypes the IACA is trusted for (ISO 18013-5 Annex C `docType`); absent means any docType.
   * When the same certificate is also given without docTypes, this restriction still applies.
   */
  readonly docTypes?: readonly string[];
  /** Where the IACA publishes its CRL, used when CRL fetching is enabled and the DS names none. */
  readonly crlUrl?: string;
  /** A name for where the anchor came from, reported as `DocumentSignerInfo.iaca.anchorSet`. */
  readonly anchorSet?: string;
}

/** Anything accepted as a trust anchor: a certificate, a descriptor, or a named {@link AnchorSet}. */
export type AnchorInput = CertificateInput | TrustAnchorDescriptor | AnchorSet;

/** What an {@link AnchorResolver} learns about the document signer it must find an IACA for. */
export interface DocumentSignerHint {
  /** DS certificate subject (RFC 4514). */
  readonly subject: string;
  /** DS certificate issuer (RFC 4514): the IACA's subject, or an intermediate's. */
  readonly issuer: string;
  /** AuthorityKeyIdentifier of the DS certificate (lowercase hex), when present: the IACA's SKI. */
  readonly authorityKeyId: string | undefined;
  /** The DS certificate DER. */
  readonly certificate: Uint8Array;
}

/**
 * Looks up the IACAs for a document signer (e.g. from a database or a refreshed VICAL).
 * Called only when the chain is not in the trust store's cache.
 */
export type AnchorResolver = (ds: DocumentSignerHint) => Promise<readonly AnchorInput[]> | readonly AnchorInput[];

/** A loaded trust anchor. */
export interface TrustAnchor {
  readonly cert: ParsedCertificate;
  /** docTypes it is trusted for; `undefined` means any. */
  readonly docTypes: ReadonlySet<string> | undefined;
  /** CRL URLs from its configuration (anchor set or descriptor). */
  readonly crlUrls: readonly string[];
  readonly anchorSet: string | undefined;
}

function isDescriptor(value: unknown): value is TrustAnchorDescriptor {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && !(value instanceof X509Certificate) && 'certificate' in value;
}

function describe(
  certs: readonly ParsedCertificate[],
  docTypes: readonly string[] | undefined,
  crlUrl: string | undefined,
  anchorSet: string | undefined,
): TrustAnchor[] {
  if (docTypes !== undefined && (!Array.isArray(docTypes) || docTypes.some((d) => typeof d !== 'string'))) {
    throw new UketoriTypeError('an anchor\'s "docTypes" must be an array of strings');
  }
  if (crlUrl !== undefined && typeof crlUrl !== 'string') throw new UketoriTypeError('an anchor\'s "crlUrl" must be a string');
  return certs.map((cert) => ({
    cert,
    docTypes: docTypes === undefined ? undefined : new Set(docTypes),
    crlUrls: crlUrl === undefined ? [] : [crlUrl],
    anchorSet,
  }));
}

// The same IACA from two inputs. A restriction is never lost to an unrestricted copy: a pinned
// set (`jp-jlis-mnc`: org.iso.23220.1.jp.mnc only) plus the same certificate as plain PEM stays
// restricted (ISO 18013-5 Annex C: the docTypes an IACA is trusted for). Two restricted inputs
// each vouch for their docTypes, so their lists are joined.
function merge(a: TrustAnchor, b: TrustAnchor): TrustAnchor {
  let docTypes: ReadonlySet<string> | undefined;
  if (a.docTypes === undefined) docTypes = b.docTypes;
  else if (b.docTypes === undefined) docTypes = a.docTypes;
  else docTypes = new Set([...a.docTypes, ...b.docTypes]);
  // Report the set the restriction came from, when one input is restricted and the other is not.
  const anchorSet = a.docTypes === undefined && b.docTypes !== undefined ? (b.anchorSet ?? a.anchorSet) : (a.anchorSet ?? b.anchorSet);
  return { cert: a.cert, docTypes, crlUrls: [...new Set([...a.crlUrls, ...b.crlUrls])], anchorSet };
}

/**
 * Loads anchors: certificates, descriptors and anchor sets (pins re-checked). The same
 * certificate given twice is one anchor. Its docTypes: when one input restricts them (an anchor
 * set, a VICAL entry, a descriptor with `docTypes`) and another does not (plain PEM/DER), the
 * restriction wins, so trust is never widened by also passing the bare certificate; when both
 * restrict them, the union of the lists.
 *
 * @throws {TrustError} `ERR_CERTIFICATE_PARSE` or `ERR_ANCHOR_PIN`.
 * @throws {UketoriTypeError} for an input of the wrong type.
 */
export function toTrustAnchors(inputs: readonly AnchorInput[]): TrustAnchor[] {
  const byFingerprint = new Map<string, TrustAnchor>();
  for (const input of inputs) {
    let loaded: TrustAnchor[];
    if (isAnchorSet(input)) loaded = describe(loadAnchorSet(input), input.docTypes, input.crlUrl, input.name);
    else if (isDescriptor(input)) loaded = describe(loadParsedCertificates(input.certificate), input.docTypes, input.crlUrl, input.anchorSet);
    else loaded = describe(loadParsedCertificates(input), undefined, undefined, undefined);
    for (const anchor of loaded) {
      const known = byFingerprint.get(anchor.cert.fingerprint);
      byFingerprint.set(anchor.cert.fingerprint, known === undefined ? anchor : merge(known, anchor));
    }
  }
  return [...byFingerprint.values()];
}

/** Trust anchors indexed by subject name, the first key of issuer matching (RFC 5280 §6.1.3 (a)(4)). */
export class AnchorIndex {
  readonly #bySubject = new Map<string, TrustAnchor[]>();
  readonly #byFingerprint = new Map<string, TrustAnchor>();

  constructor(anchors: readonly TrustAnchor[]) {
    for (const anchor of anchors) {
      const list = this.#bySubject.get(anchor.cert.subjectKey);
      if (list === undefined) this.#bySubject.set(anchor.cert.subjectKey, [anchor]);
      else list.push(anchor);
      this.#byFingerprint.set(anchor.cert.fingerprint, anchor);
    }
  }

  /** Anchors whose subject is `cert`'s issuer and whose SKI does not contradict `cert`'s AKI. */
  issuersOf(cert: ParsedCertificate): TrustAnchor[] {
    const named = this.#bySubject.get(cert.issuerKey) ?? [];
    // RFC 5280 §4.2.1.1: the AKI identifies the issuer's key; a mismatch rules the candidate out.
    return named.filter((a) => cert.authorityKeyId === undefined || !a.cert.hasSubjectKeyIdentifier || a.cert.keyIdentifier === cert.authorityKeyId);
  }

  /** The anchor with this certificate fingerprint, if it is one. */
  byFingerprint(fingerprint: string): TrustAnchor | undefined {
    return this.#byFingerprint.get(fingerprint);
  }

  get size(): number {
    return this.#byFingerprint.size;
  }
}
