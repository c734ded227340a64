/**
 * uketori's {@link TrustStore}: validates issuerAuth x5chains to trusted IACAs, checks CRLs, and
 * caches both so that a repeated document signer costs a hash and a map lookup.
 *
 * @module
 */

import { createHash, type KeyObject } from 'node:crypto';
import { UketoriError, UketoriRangeError, UketoriTypeError } from '../errors.js';
import { AnchorIndex, toTrustAnchors, type AnchorInput, type AnchorResolver, type TrustAnchor } from './anchors.js';
import { LruMap } from './lru.js';
import { forMessage } from './name.js';
import { MAX_CHAIN_LENGTH, PathError, parseChain, validatePath, type ValidatedPath } from './path.js';
import { MDL_DS_EKU, documentSignerProfile } from './profile.js';
import { RevocationChecker, type CrlOptions, type RevocationResult } from './revocation.js';
import type { DocumentSignerInfo, TrustStore, ValidateDocumentSignerOptions } from './types.js';

/** Options of {@link createTrustStore}. */
export interface CreateTrustStoreOptions {
  /**
   * The trusted IACAs: certificates (PEM text with one or more, DER, `X509Certificate`),
   * descriptors such as VICAL entries (`loadVical(...).iacas`), and named anchor sets
   * (`anchorSets.jpJlisMnc`); or a resolver called with the document signer on a cache miss.
   * The same certificate given restricted (a set, a VICAL entry) and as a bare certificate keeps
   * its docType restriction.
   */
  readonly anchors: readonly AnchorInput[] | AnchorResolver;
  /**
   * CRL sources. Absent: revocation is not checked and reported as `not-checked`. Present:
   * revocation is required (`crl.required` defaults to `true`), so a document signer or
   * intermediate without a usable CRL fails with `ERR_DS_REVOCATION`.
   */
  readonly crl?: CrlOptions;
  /** How many validated chains to keep (least recently used evicted). Default 1000; 0 disables the cache. */
  readonly cacheSize?: number;
  /**
   * With a resolver for `anchors`: how long a chain validated against the resolver's answer is
   * reused before it is validated again (and the resolver asked again), in seconds of wall-clock
   * time. Default 300. Ignored for a static anchor list.
   */
  readonly resolverCacheSeconds?: number;
  /**
   * Extended key usages accepted in a document signer certificate that has the extension.
   * Default `['1.0.18013.5.1.2']` (ISO 18013-5 mdlDS). Adding others is an explicit widening.
   */
  readonly documentSignerEkus?: readonly string[];
}

/** The trust store {@link createTrustStore} returns. */
export interface UketoriTrustStore extends TrustStore {
  /** Forgets validated chains and fetched CRLs (e.g. after changing what a resolver returns). */
  clearCache(): void;
}

interface CacheEntry {
  readonly path: ValidatedPath;
  readonly publicKey: KeyObject;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly subject: string;
  readonly country: string | undefined;
  readonly stateOrProvince: string | undefined;
  readonly iaca: DocumentSignerInfo['iaca'];
  /** Wall-clock ms after which a chain validated against resolver anchors is validated again. */
  readonly revalidateAt: number;
  revocation: RevocationResult;
}

const DEFAULT_RESOLVER_CACHE_SECONDS = 300;

const NOT_CHECKED: RevocationResult = Object.freeze({ status: 'not-checked', validUntil: Infinity });

function chainKey(x5chain: readonly Uint8Array[]): string {
  const h = createHash('sha256');
  const len = Buffer.alloc(4);
  for (const der of x5chain) {
    len.writeUInt32BE(der.length);
    h.update(len).update(der);
  }
  return h.digest('base64');
}

function checkArgs(x5chain: readonly Uint8Array[], options: ValidateDocumentSignerOptions): void {
  if (!Array.isArray(x5chain) || !x5chain.every((c) => c instanceof Uint8Array)) {
    throw new UketoriTypeError('"x5chain" must be an array of Uint8Array (DER certificates, leaf first)');
  }
  if (typeof options !== 'object' || options === null || !(options.now instanceof Date) || Number.isNaN(options.now.getTime())) {
    throw new UketoriTypeError('"options.now" must be a valid Date');
  }
  if (typeof options.clockSkewSeconds !== 'number' || !(options.clockSkewSeconds >= 0)) {
    throw new UketoriRangeError('"options.clockSkewSeconds" must be a non-negative number');
  }
  if (options.docType !== undefined && typeof options.docType !== 'string') throw new UketoriTypeError('"options.docType" must be a string');
}

function checkDocType(anchor: TrustAnchor, docType: string | undefined): void {
  // Annex C: a VICAL (or anchor set) lists the docTypes an IACA may issue.
  if (docType !== undefined && anchor.docTypes !== undefined && !anchor.docTypes.has(docType)) {
    throw UketoriError.fromCheck('DS_CHAIN', `trusted IACA ${forMessage(anchor.cert.subject)} is not trusted for docType "${forMessage(docType)}"`);
  }
}

function toInfo(entry: CacheEntry): DocumentSignerInfo {
  return {
    publicKey: entry.publicKey,
    notBefore: new Date(entry.notBefore),
    notAfter: new Date(entry.notAfter),
    subject: entry.subject,
    country: entry.country,
    stateOrProvince: entry.stateOrProvince,
    iaca: entry.iaca,
    revocation: entry.revocation.status,
  };
}

function pathFailure(err: unknown): UketoriError {
  if (err instanceof PathError) return UketoriError.fromCheck(err.kind === 'profile' ? 'DS_PROFILE' : 'DS_CHAIN', err.message, err.cause);
  return UketoriError.fromCheck('DS_CHAIN', 'document signer chain validation failed', err);
}

/**
 * Creates a trust store that validates issuerAuth x5chains (ISO/IEC 18013-5 §9.3.3, Annex B) to
 * the given IACAs: each signature on the path, validity of every certificate and of the IACA at
 * `now` ± skew, the IACA and intermediate CA profile, the document signer profile (no CA,
 * digitalSignature, mdlDS EKU when present), and, when `crl` is configured, revocation of every
 * certificate on the path by its issuer's CRL (required unless `crl.required` is `false`). An
 * IACA wrongly included at the end of the x5chain is tolerated.
 *
 * Validated chains are cached per SHA-256 of the DER chain (LRU, `cacheSize`): a repeated
 * document signer costs a hash, a map lookup and the validity comparison at `now`. Revocation
 * results are reused until the CRL's nextUpdate; chains validated against a resolver's anchors
 * for `resolverCacheSeconds`.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { anchorSets, createTrustStore, httpCrlFetcher } from '@uketori/mdoc';
 *
 * const trust = createTrustStore({
 *   anchors: [anchorSets.jpJlisMnc, readFileSync('other-iacas.pem', 'utf8')],
 *   crl: { fetch: httpCrlFetcher() },
 * });
 * const ds = await trust.validateDocumentSigner(x5chain, { now: new Date(), clockSkewSeconds: 300 });
 * ```
 * @throws {TrustError} `ERR_CERTIFICATE_PARSE`, `ERR_ANCHOR_PIN` or `ERR_CRL_PARSE` for bad anchors or CRLs.
 * @throws {UketoriTypeError} / {UketoriRangeError} for options of the wrong type or range.
 */
export function createTrustStore(options: CreateTrustStoreOptions): UketoriTrustStore {
  if (typeof options !== 'object' || options === null) throw new UketoriTypeError('"options" must be an object');
  const { anchors, crl, cacheSize = 1000, documentSignerEkus = [MDL_DS_EKU], resolverCacheSeconds = DEFAULT_RESOLVER_CACHE_SECONDS } = options;
  if (!Number.isInteger(cacheSize) || cacheSize < 0) throw new UketoriRangeError('"cacheSize" must be a non-negative integer');
  if (typeof resolverCacheSeconds !== 'number' || !(resolverCacheSeconds >= 0)) {
    throw new UketoriRangeError('"resolverCacheSeconds" must be a non-negative number');
  }
  if (!Array.isArray(documentSignerEkus) || documentSignerEkus.length === 0 || documentSignerEkus.some((e) => typeof e !== 'string')) {
    throw new UketoriTypeError('"documentSignerEkus" must be a non-empty array of OID strings');
  }
  let staticIndex: AnchorIndex | undefined;
  let resolver: AnchorResolver | undefined;
  if (typeof anchors === 'function') resolver = anchors;
  else if (Array.isArray(anchors)) {
    staticIndex = new AnchorIndex(toTrustAnchors(anchors));
    if (staticIndex.size === 0) throw new UketoriRangeError('"anchors" holds no certificate');
  } else throw new UketoriTypeError('"anchors" must be an array of anchors or a resolver function');
  const revocation = crl === undefined ? undefined : new RevocationChecker(crl);
  const leafProfile = documentSignerProfile([...documentSignerEkus]);
  const cache = new LruMap<string, CacheEntry>(cacheSize);

  async function anchorsFor(leaf: ValidatedPath['certificates'][number]): Promise<AnchorIndex> {
    if (staticIndex !== undefined) return staticIndex;
    let resolved: readonly AnchorInput[];
    try {
      resolved = await resolver!({ subject: leaf.subject, issuer: leaf.issuer, authorityKeyId: leaf.authorityKeyId, certificate: new Uint8Array(leaf.der) });
      return new AnchorIndex(toTrustAnchors(resolved));
    } catch (cause) {
      throw UketoriError.fromCheck('DS_CHAIN', `the anchor resolver failed for ${forMessage(leaf.subject)}`, cause);
    }
  }

  async function validateFully(x5chain: readonly Uint8Array[], now: number, skewMs: number, docType: string | undefined): Promise<CacheEntry> {
    // Read the clock before the resolver answers: its answer is no fresher than the question.
    const revalidateAt = resolver === undefined ? Infinity : Date.now() + resolverCacheSeconds * 1000;
    let path: ValidatedPath;
    try {
      const parsed = parseChain(x5chain);
      path = validatePath(parsed, await anchorsFor(parsed[0]!), { now, skewMs, leafProfile });
    } catch (err) {
      throw err instanceof UketoriError ? err : pathFailure(err);
    }
    checkDocType(path.anchor, docType);
    const leaf = path.certificates[0]!;
    const anchor = path.anchor;
    const iaca: DocumentSignerInfo['iaca'] = Object.freeze({
      subject: anchor.cert.subject,
      subjectKeyId: anchor.cert.keyIdentifier,
      fingerprint: anchor.cert.fingerprint,
      ...(anchor.anchorSet === undefined ? {} : { anchorSet: anchor.anchorSet }),
    });
    return {
      path,
      publicKey: leaf.publicKey,
      notBefore: leaf.notBefore,
      notAfter: leaf.notAfter,
      subject: leaf.subject,
      country: leaf.country,
      stateOrProvince: leaf.stateOrProvince,
      iaca,
      revalidateAt,
      revocation: revocation === undefined ? NOT_CHECKED : await revocation.check(path, now, skewMs),
    };
  }

  return {
    async validateDocumentSigner(x5chain, opts) {
      checkArgs(x5chain, opts);
      // Bound the work on a holder's x5chain before hashing it.
      if (x5chain.length > MAX_CHAIN_LENGTH) throw UketoriError.fromCheck('DS_CHAIN', `x5chain has more than ${MAX_CHAIN_LENGTH} certificates`);
      const now = opts.now.getTime();
      const skewMs = opts.clockSkewSeconds * 1000;
      const key = chainKey(x5chain);
      let cached = cache.get(key);
      // A resolver's answer may change (an IACA withdrawn): past resolverCacheSeconds, ask again.
      if (cached !== undefined && resolver !== undefined && Date.now() >= cached.revalidateAt) {
        cache.delete(key);
        cached = undefined;
      }
      // The cached path: the chain was validated before; only the time window (every certificate
      // on the path and the IACA) and the revocation result's expiry depend on `now`.
      if (cached !== undefined && now >= cached.path.notBefore - skewMs && now <= cached.path.notAfter + skewMs) {
        checkDocType(cached.path.anchor, opts.docType);
        if (now - skewMs <= cached.revocation.validUntil) return toInfo(cached);
        try {
          cached.revocation = await revocation!.check(cached.path, now, skewMs);
        } catch (err) {
          cache.delete(key);
          throw err;
        }
        return toInfo(cached);
      }
      const entry = await validateFully(x5chain, now, skewMs, opts.docType);
      cache.set(key, entry);
      return toInfo(entry);
    },
    clearCache() {
      cache.clear();
      revocation?.clear();
    },
  };
}
