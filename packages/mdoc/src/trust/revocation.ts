/**
 * Revocation of the certificates on a validated path by CRLs from their issuers
 * (ISO/IEC 18013-5 §9.3.3, Annex B.1.5; RFC 5280 §6.3). Fails closed: a CRL that is expired,
 * unusable, signed by another key, or cannot be fetched fails the check.
 *
 * @module
 */

import { TrustError, UketoriError, UketoriTypeError } from '../errors.js';
import type { TrustAnchor } from './anchors.js';
import { KeyUsage, type ParsedCertificate } from './certificate.js';
import { MAX_CRL_BYTES, crlSignedBy, parseCrl, type ParsedCrl } from './crl.js';
import { LruMap } from './lru.js';
import type { ValidatedPath } from './path.js';

/** Downloads the CRL at `url` (DER or PEM bytes). Rejecting means "CRL unavailable". */
export type CrlFetcher = (url: string) => Promise<Uint8Array>;

/** Where CRLs come from. Configuring this turns revocation checking on. */
export interface CrlOptions {
  /** CRLs supplied up front (DER or PEM). Each is used for the issuer whose name it bears and whose key verifies it. */
  readonly crls?: readonly (Uint8Array | string)[];
  /**
   * Downloads a CRL when no supplied CRL covers an issuer. The URL comes from the certificate's
   * CRL distribution point, else from the anchor's configured `crlUrl`, else from a root IACA's own
   * CRL distribution point. Fetched CRLs are cached until their nextUpdate (bounded by `maxAgeSeconds`).
   */
  readonly fetch?: CrlFetcher;
  /** Longest a fetched CRL is used before it is fetched again, in seconds. Default 86 400 (one day). */
  readonly maxAgeSeconds?: number;
  /**
   * When true, a certificate whose issuer has no CRL source (no supplied CRL, no URL to fetch)
   * fails with `ERR_DS_REVOCATION`. Default false: it is reported as `revocation: 'not-checked'`.
   */
  readonly required?: boolean;
}

/** The outcome of a revocation check of a whole path. */
export interface RevocationResult {
  /** `good` when every certificate on the path was checked against a CRL. */
  readonly status: 'good' | 'not-checked';
  /** Until when (ms; compared with `now - skew`) the result stands: the earliest CRL expiry used. */
  readonly validUntil: number;
}

interface FetchedCrl {
  readonly crl: ParsedCrl;
  readonly expiresAt: number;
}

const DEFAULT_MAX_AGE_SECONDS = 86_400;

function fail(message: string, cause?: unknown): never {
  throw UketoriError.fromCheck('DS_REVOCATION', message, cause);
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Checks paths against CRLs; keeps the supplied CRLs and a cache of fetched ones. */
export class RevocationChecker {
  readonly #byIssuer = new Map<string, ParsedCrl[]>();
  readonly #signatureMemo = new Map<string, boolean>();
  readonly #fetch: CrlFetcher | undefined;
  readonly #maxAgeMs: number;
  readonly #required: boolean;
  readonly #fetched = new LruMap<string, FetchedCrl>(100);
  readonly #inflight = new Map<string, Promise<Uint8Array>>();

  /**
   * @throws {TrustError} `ERR_CRL_PARSE` when a supplied CRL cannot be parsed.
   * @throws {UketoriTypeError} for options of the wrong type.
   */
  constructor(options: CrlOptions) {
    if (options.fetch !== undefined && typeof options.fetch !== 'function') throw new UketoriTypeError('"crl.fetch" must be a function');
    const maxAge = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
    if (typeof maxAge !== 'number' || !(maxAge >= 0)) throw new UketoriTypeError('"crl.maxAgeSeconds" must be a non-negative number');
    this.#fetch = options.fetch;
    this.#maxAgeMs = maxAge * 1000;
    this.#required = options.required === true;
    (options.crls ?? []).forEach((input, i) => {
      let crl: ParsedCrl;
      try {
        crl = parseCrl(input);
      } catch (cause) {
        throw new TrustError('ERR_CRL_PARSE', `CRL ${i} cannot be parsed`, { cause });
      }
      const list = this.#byIssuer.get(crl.issuerKey);
      if (list === undefined) this.#byIssuer.set(crl.issuerKey, [crl]);
      else list.push(crl);
    });
  }

  /**
   * Checks every certificate on `path` against a CRL of its issuer at `now`.
   *
   * @throws {VerificationError} `ERR_DS_REVOCATION` when a certificate is revoked or no usable
   *   CRL can be had where one is expected.
   */
  async check(path: ValidatedPath, now: number, skewMs: number): Promise<RevocationResult> {
    let allChecked = true;
    let validUntil = Infinity;
    const certs = path.certificates;
    for (let k = 0; k < certs.length; k++) {
      const issuerAnchor = k === certs.length - 1 ? path.anchor : undefined;
      const issuer = certs[k + 1] ?? path.anchor.cert;
      const result = await this.#checkOne(certs[k]!, issuer, issuerAnchor, now, skewMs);
      if (result === undefined) allChecked = false;
      else validUntil = Math.min(validUntil, result);
    }
    return { status: allChecked ? 'good' : 'not-checked', validUntil };
  }

  /** Returns the CRL expiry used, or `undefined` when no CRL source exists for this issuer. */
  async #checkOne(cert: ParsedCertificate, issuer: ParsedCertificate, anchor: TrustAnchor | undefined, now: number, skewMs: number): Promise<number | undefined> {
    let expired: ParsedCrl | undefined;
    let best: ParsedCrl | undefined;
    for (const crl of this.#byIssuer.get(issuer.subjectKey) ?? []) {
      // Another key of the same name (a rolled-over IACA) is not this issuer: skip on an AKI mismatch.
      if (crl.authorityKeyId !== undefined && issuer.hasSubjectKeyIdentifier && crl.authorityKeyId !== issuer.keyIdentifier) continue;
      if (!this.#signedBy(crl, issuer)) fail(`a CRL naming ${issuer.subject} as its issuer has an invalid signature`);
      if (crl.nextUpdate === undefined || now - skewMs > crl.nextUpdate) {
        expired = crl;
        continue;
      }
      if (best === undefined || crl.thisUpdate > best.thisUpdate) best = crl;
    }
    if (best !== undefined) return this.#decide(cert, issuer, best, best.nextUpdate!);

    const urls = [...new Set([...cert.crlUrls, ...(anchor?.crlUrls ?? []), ...(issuer.selfIssued ? issuer.crlUrls : [])])];
    if (this.#fetch !== undefined && urls.length > 0) {
      const fetched = await this.#fetchFor(urls, issuer, now, skewMs);
      return this.#decide(cert, issuer, fetched.crl, fetched.expiresAt);
    }
    if (expired !== undefined) {
      fail(expired.nextUpdate === undefined ? `the CRL of ${issuer.subject} has no nextUpdate` : `the CRL of ${issuer.subject} expired at ${iso(expired.nextUpdate)}`);
    }
    if (this.#required) fail(`no CRL source is configured for ${issuer.subject}`);
    return undefined;
  }

  #decide(cert: ParsedCertificate, issuer: ParsedCertificate, crl: ParsedCrl, validUntil: number): number {
    // RFC 5280 §6.3.3 (f): the CRL issuer's keyUsage, when present, must allow cRLSign.
    if (issuer.keyUsage !== undefined && (issuer.keyUsage & KeyUsage.cRLSign) === 0) fail(`${issuer.subject} may not sign CRLs (keyUsage lacks cRLSign)`);
    if (crl.unusable !== undefined) fail(`the CRL of ${issuer.subject} cannot be used: ${crl.unusable}`);
    if (crl.onlyUserCerts && cert.basicConstraints?.ca === true) fail(`the CRL of ${issuer.subject} does not cover CA certificate ${cert.subject}`);
    // RFC 5280 §6.3.3 (i): the serial number on the issuer's CRL means revoked.
    if (crl.revoked.has(cert.serialNumber)) fail(`certificate ${cert.subject} is revoked by ${issuer.subject}`);
    return validUntil;
  }

  #signedBy(crl: ParsedCrl, issuer: ParsedCertificate): boolean {
    const key = `${crl.fingerprint}:${issuer.fingerprint}`;
    let ok = this.#signatureMemo.get(key);
    if (ok === undefined) {
      ok = crlSignedBy(crl, issuer);
      if (this.#signatureMemo.size > 10_000) this.#signatureMemo.clear();
      this.#signatureMemo.set(key, ok);
    }
    return ok;
  }

  async #fetchFor(urls: readonly string[], issuer: ParsedCertificate, now: number, skewMs: number): Promise<FetchedCrl> {
    for (const url of urls) {
      const cached = this.#fetched.get(url);
      if (cached !== undefined && now - skewMs <= cached.expiresAt && this.#signedBy(cached.crl, issuer)) return cached;
    }
    let lastError: unknown;
    for (const url of urls) {
      let crl: ParsedCrl;
      try {
        crl = parseCrl(await this.#download(url));
      } catch (err) {
        lastError = err;
        continue;
      }
      if (!this.#signedBy(crl, issuer)) fail(`the CRL at ${url} is not signed by ${issuer.subject}`);
      if (crl.nextUpdate === undefined) fail(`the CRL at ${url} has no nextUpdate`);
      if (now - skewMs > crl.nextUpdate) fail(`the CRL at ${url} expired at ${iso(crl.nextUpdate)}`);
      const entry: FetchedCrl = { crl, expiresAt: Math.min(crl.nextUpdate, now + this.#maxAgeMs) };
      this.#fetched.set(url, entry);
      return entry;
    }
    fail(`the CRL of ${issuer.subject} is unavailable (fetching ${urls.join(', ')} failed)`, lastError);
  }

  #download(url: string): Promise<Uint8Array> {
    let pending = this.#inflight.get(url);
    if (pending === undefined) {
      const fetcher = this.#fetch!;
      pending = (async () => {
        const bytes = await fetcher(url);
        if (!(bytes instanceof Uint8Array)) throw new TypeError('the CRL fetcher did not return a Uint8Array');
        if (bytes.length > MAX_CRL_BYTES) throw new RangeError('the fetched CRL is too large');
        return bytes;
      })().finally(() => this.#inflight.delete(url));
      this.#inflight.set(url, pending);
    }
    return pending;
  }

  /** Forgets fetched CRLs (supplied ones stay). */
  clear(): void {
    this.#fetched.clear();
    this.#signatureMemo.clear();
  }
}
