/**
 * Revocation of the certificates on a validated path by CRLs from their issuers
 * (ISO/IEC 18013-5 §9.3.3, Annex B.1.5; RFC 5280 §6.3). Fails closed: once CRLs are configured,
 * every certificate needs a CRL that covers it, verifies with its issuer's key and is current,
 * unless the caller opts out with `required: false`. A revoked certificate, an expired or
 * unusable CRL that covers it, and a CRL that cannot be fetched always fail.
 *
 * @module
 */

import { TrustError, UketoriError, UketoriTypeError } from '../errors.js';
import type { TrustAnchor } from './anchors.js';
import { KeyUsage, type ParsedCertificate } from './certificate.js';
import { MAX_CRL_BYTES, crlScopeProblem, crlSignedBy, parseCrl, type ParsedCrl } from './crl.js';
import { LruMap } from './lru.js';
import { forMessage } from './name.js';
import type { ValidatedPath } from './path.js';

/** Downloads the CRL at `url` (DER or PEM bytes). Rejecting means "CRL unavailable". */
export type CrlFetcher = (url: string) => Promise<Uint8Array>;

/** Where CRLs come from. Configuring this turns revocation checking on, and makes it required. */
export interface CrlOptions {
  /**
   * CRLs supplied up front (DER or PEM). Each is used for a certificate whose issuer it names, whose
   * key verifies it, and that it covers (its issuingDistributionPoint partition, RFC 5280 §6.3.3 (b)).
   * A CRL that does not verify (e.g. from a rolled-over IACA of the same name) is skipped.
   */
  readonly crls?: readonly (Uint8Array | string)[];
  /**
   * Downloads a CRL when no supplied CRL covers a certificate. The URL comes from the certificate's
   * CRL distribution point, else from the anchor's configured `crlUrl`, else from a root IACA's own
   * CRL distribution point. Fetched CRLs are cached until their nextUpdate (bounded by `maxAgeSeconds`).
   */
  readonly fetch?: CrlFetcher;
  /** Longest a fetched CRL is used before it is fetched again, in seconds. Default 86 400 (one day). */
  readonly maxAgeSeconds?: number;
  /**
   * Whether every certificate on the path must be checked against a CRL. Default `true`: a
   * certificate for which no usable CRL can be had (none supplied that covers it and verifies, no
   * URL to fetch) fails with `ERR_DS_REVOCATION`.
   *
   * `false` is an explicit weakening opt-in: such a certificate is let through unchecked and the
   * result says so (`revocation: 'not-checked'`, or `'partial'` when other certificates on the
   * path were checked). A revoked certificate, an expired or unusable CRL that covers it, and a
   * failed download still fail.
   */
  readonly required?: boolean;
}

/** The outcome of a revocation check of a whole path. */
export interface RevocationResult {
  /**
   * `good` when every certificate on the path was checked against a CRL; `partial` when some were
   * and others had no usable CRL; `not-checked` when none had (both only with `required: false`).
   */
  readonly status: 'good' | 'partial' | 'not-checked';
  /** Until when (ms; compared with `now - skew`) the result stands: the earliest CRL expiry used. */
  readonly validUntil: number;
}

interface FetchedCrl {
  readonly crl: ParsedCrl;
  readonly expiresAt: number;
}

/** Why a CRL cannot decide a certificate's status: it does not apply, or it applies but is not fit. */
interface CrlProblem {
  /** `scope` and `signature` make the CRL irrelevant to this certificate; the others fail closed. */
  readonly kind: 'scope' | 'signature' | 'unusable' | 'expired';
  readonly message: string;
}

/** What the supplied CRLs offer for one certificate. */
interface SuppliedChoice {
  best: ParsedCrl | undefined;
  /** A CRL that covers the certificate and verifies, but cannot be relied on (expired, unusable). */
  refused: CrlProblem | undefined;
  skippedSignature: number;
  skippedScope: number;
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
    if (typeof options !== 'object' || options === null) throw new UketoriTypeError('"crl" must be an object');
    if (options.fetch !== undefined && typeof options.fetch !== 'function') throw new UketoriTypeError('"crl.fetch" must be a function');
    if (options.crls !== undefined && !Array.isArray(options.crls)) throw new UketoriTypeError('"crl.crls" must be an array');
    if (options.required !== undefined && typeof options.required !== 'boolean') throw new UketoriTypeError('"crl.required" must be a boolean');
    const maxAge = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
    if (typeof maxAge !== 'number' || !(maxAge >= 0)) throw new UketoriTypeError('"crl.maxAgeSeconds" must be a non-negative number');
    this.#fetch = options.fetch;
    this.#maxAgeMs = maxAge * 1000;
    // Fail closed by default: configuring CRLs means revocation must be established.
    this.#required = options.required ?? true;
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
    let checked = 0;
    let validUntil = Infinity;
    const certs = path.certificates;
    for (let k = 0; k < certs.length; k++) {
      const issuerAnchor = k === certs.length - 1 ? path.anchor : undefined;
      const issuer = certs[k + 1] ?? path.anchor.cert;
      const result = await this.#checkOne(certs[k]!, issuer, issuerAnchor, now, skewMs);
      if (result === undefined) continue;
      checked++;
      validUntil = Math.min(validUntil, result);
    }
    return { status: checked === certs.length ? 'good' : checked === 0 ? 'not-checked' : 'partial', validUntil };
  }

  /** Returns the CRL expiry used, or `undefined` when no usable CRL exists and none is required. */
  async #checkOne(cert: ParsedCertificate, issuer: ParsedCertificate, anchor: TrustAnchor | undefined, now: number, skewMs: number): Promise<number | undefined> {
    const supplied = this.#chooseSupplied(cert, issuer, now, skewMs);
    if (supplied.best !== undefined) return this.#decide(cert, issuer, supplied.best, supplied.best.nextUpdate!);

    const urls = [...new Set([...cert.crlUrls, ...(anchor?.crlUrls ?? []), ...(issuer.selfIssued ? issuer.crlUrls : [])])];
    if (this.#fetch !== undefined && urls.length > 0) {
      const fetched = await this.#fetchFor(urls, cert, issuer, now, skewMs);
      return this.#decide(cert, issuer, fetched.crl, fetched.expiresAt);
    }
    // A verified CRL that covers the certificate but is expired or unusable fails closed.
    if (supplied.refused !== undefined) fail(`the CRL of ${forMessage(issuer.subject)} ${supplied.refused.message}`);
    if (!this.#required) return undefined;
    const skipped = [
      supplied.skippedSignature > 0 ? `${supplied.skippedSignature} CRL(s) naming it as issuer do not verify with its key (invalid signature) and were skipped` : '',
      supplied.skippedScope > 0 ? `${supplied.skippedScope} CRL(s) of it cover other certificates (RFC 5280 §6.3.3 (b)(2))` : '',
    ].filter((text) => text !== '');
    if (skipped.length === 0) fail(`no CRL source is configured for ${forMessage(issuer.subject)}`);
    fail(`no usable CRL of ${forMessage(issuer.subject)} covers ${forMessage(cert.subject)}: ${skipped.join('; ')}`);
  }

  /** RFC 5280 §6.3.3: picks the newest supplied CRL that covers `cert`, verifies and is current. */
  #chooseSupplied(cert: ParsedCertificate, issuer: ParsedCertificate, now: number, skewMs: number): SuppliedChoice {
    const choice: SuppliedChoice = { best: undefined, refused: undefined, skippedSignature: 0, skippedScope: 0 };
    for (const crl of this.#byIssuer.get(issuer.subjectKey) ?? []) {
      const problem = this.#assess(crl, cert, issuer, now, skewMs);
      if (problem === undefined) {
        if (choice.best === undefined || crl.thisUpdate > choice.best.thisUpdate) choice.best = crl;
      } else if (problem.kind === 'signature') choice.skippedSignature++;
      else if (problem.kind === 'scope') choice.skippedScope++;
      else choice.refused = problem;
    }
    return choice;
  }

  /** Whether `crl` can decide the status of `cert`; `undefined` when it can. */
  #assess(crl: ParsedCrl, cert: ParsedCertificate, issuer: ParsedCertificate, now: number, skewMs: number): CrlProblem | undefined {
    // (b)(2): the CRL's scope (partition, certificate kinds) must include the certificate.
    const outOfScope = crlScopeProblem(crl, cert);
    if (outOfScope !== undefined) return { kind: 'scope', message: `does not cover ${forMessage(cert.subject)}: ${outOfScope}` };
    // (f), (g): issued and signed by the certificate's issuer. Another key of the same name (a
    // rolled-over IACA) is another issuer: its CRL is not this one's.
    if (!this.#signedBy(crl, issuer)) return { kind: 'signature', message: `is not signed by ${forMessage(issuer.subject)} (invalid signature)` };
    if (crl.unusable !== undefined) return { kind: 'unusable', message: `cannot be used: ${crl.unusable}` };
    if (crl.nextUpdate === undefined) return { kind: 'expired', message: 'has no nextUpdate' };
    if (now - skewMs > crl.nextUpdate) return { kind: 'expired', message: `expired at ${iso(crl.nextUpdate)}` };
    return undefined;
  }

  #decide(cert: ParsedCertificate, issuer: ParsedCertificate, crl: ParsedCrl, validUntil: number): number {
    // RFC 5280 §6.3.3 (f): the CRL issuer's keyUsage, when present, must allow cRLSign.
    if (issuer.keyUsage !== undefined && (issuer.keyUsage & KeyUsage.cRLSign) === 0) fail(`${forMessage(issuer.subject)} may not sign CRLs (keyUsage lacks cRLSign)`);
    // RFC 5280 §6.3.3 (i): the serial number on the issuer's CRL means revoked.
    if (crl.revoked.has(cert.serialNumber)) fail(`certificate ${forMessage(cert.subject)} is revoked by ${forMessage(issuer.subject)}`);
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

  async #fetchFor(urls: readonly string[], cert: ParsedCertificate, issuer: ParsedCertificate, now: number, skewMs: number): Promise<FetchedCrl> {
    for (const url of urls) {
      const cached = this.#fetched.get(url);
      if (cached !== undefined && now - skewMs <= cached.expiresAt && this.#assess(cached.crl, cert, issuer, now, skewMs) === undefined) return cached;
    }
    let lastError: unknown;
    const problems: string[] = [];
    for (const url of urls) {
      let crl: ParsedCrl;
      try {
        crl = parseCrl(await this.#download(url));
      } catch (err) {
        lastError = err;
        continue;
      }
      const problem = this.#assess(crl, cert, issuer, now, skewMs);
      if (problem !== undefined) {
        problems.push(`the CRL at ${forMessage(url)} ${problem.message}`);
        continue;
      }
      const entry: FetchedCrl = { crl, expiresAt: Math.min(crl.nextUpdate!, now + this.#maxAgeMs) };
      this.#fetched.set(url, entry);
      return entry;
    }
    // Fetching was possible, so the answer had to come from it: fail closed whatever `required` says.
    if (problems.length > 0) fail(problems.join('; '), lastError);
    fail(`the CRL of ${forMessage(issuer.subject)} is unavailable (fetching ${urls.map(forMessage).join(', ')} failed)`, lastError);
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
