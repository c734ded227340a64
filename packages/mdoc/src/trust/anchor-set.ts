/**
 * Named, fingerprint-pinned sets of IACA certificates that ship with uketori and that a caller
 * opts into (e.g. `anchorSets.jpJlisMnc`).
 *
 * @module
 */

import { TrustError } from '../errors.js';
import type { ParsedCertificate } from './certificate.js';
import { JP_JLIS_MNC } from './jp-jlis-mnc.js';
import { loadParsedCertificates } from './load.js';
import { forMessage as dn } from './name.js';

/** A named set of trusted IACAs whose certificates are pinned by SHA-256 fingerprint. */
export interface AnchorSet {
  /** Stable name, reported as `DocumentSignerInfo.iaca.anchorSet` (e.g. `jp-jlis-mnc`). */
  readonly name: string;
  /** What the set is, in one line. */
  readonly description: string;
  /** The IACA certificates, PEM. */
  readonly certificates: readonly string[];
  /** SHA-256 fingerprints of the certificates' DER, hex with or without colons; one per certificate. */
  readonly sha256Fingerprints: readonly string[];
  /** The docTypes these IACAs are trusted for; absent means any docType. */
  readonly docTypes?: readonly string[];
  /** Where the IACAs publish their CRL, used when CRL fetching is enabled. */
  readonly crlUrl?: string;
  /** Where the certificates are published by their owner. */
  readonly source?: string;
}

/**
 * The anchor sets bundled with uketori, by name. Each is opt-in: pass it in `anchors`.
 *
 * @example
 * ```ts
 * const trust = createTrustStore({ anchors: [ANCHOR_SETS['jp-jlis-mnc']] });
 * ```
 */
export const ANCHOR_SETS: Readonly<Record<'jp-jlis-mnc', AnchorSet>> = Object.freeze({
  'jp-jlis-mnc': JP_JLIS_MNC,
});

/**
 * The anchor sets bundled with uketori, by camel-case name (same objects as {@link ANCHOR_SETS}).
 * `jpJlisMnc`: J-LIS `mncmdocRootCA`, the IACA of the My Number Card on smartphones
 * (docType `org.iso.23220.1.jp.mnc`), pinned by SHA-256 fingerprint, CRL at
 * `https://dts.mdoc-iaca.digital.go.jp/certificate/latest/mnc.crl`.
 *
 * @example
 * ```ts
 * const trust = createTrustStore({ anchors: [anchorSets.jpJlisMnc], crl: { fetch: httpCrlFetcher() } });
 * ```
 */
export const anchorSets: Readonly<{ jpJlisMnc: AnchorSet }> = Object.freeze({
  jpJlisMnc: JP_JLIS_MNC,
});

const normalizeFingerprint = (fp: string) => fp.replace(/[\s:]/g, '').toLowerCase();

/** True when `value` looks like an {@link AnchorSet} (has `name`, `certificates` and `sha256Fingerprints`). */
export function isAnchorSet(value: unknown): value is AnchorSet {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<AnchorSet>;
  return typeof v.name === 'string' && Array.isArray(v.certificates) && Array.isArray(v.sha256Fingerprints);
}

/**
 * Loads an anchor set and checks every certificate against the pinned fingerprints: each
 * certificate must match a pin and each pin a certificate. Returns the parsed certificates.
 *
 * @example
 * ```ts
 * const [jlis] = loadAnchorSet(anchorSets.jpJlisMnc); // throws if the bundled bytes were altered
 * ```
 * @throws {TrustError} `ERR_ANCHOR_PIN` when a fingerprint does not match, `ERR_CERTIFICATE_PARSE`
 *   when a certificate cannot be parsed.
 */
export function loadAnchorSet(set: AnchorSet): ParsedCertificate[] {
  const certs = loadParsedCertificates(set.certificates);
  const pins = new Set(set.sha256Fingerprints.map(normalizeFingerprint));
  const matched = new Set<string>();
  for (const cert of certs) {
    if (!pins.has(cert.fingerprint)) {
      throw new TrustError('ERR_ANCHOR_PIN', `anchor set "${set.name}": certificate ${dn(cert.subject)} does not match its pinned SHA-256 fingerprint`);
    }
    matched.add(cert.fingerprint);
  }
  if (certs.length === 0 || matched.size !== pins.size) {
    throw new TrustError('ERR_ANCHOR_PIN', `anchor set "${set.name}": a pinned fingerprint has no certificate`);
  }
  return certs;
}
