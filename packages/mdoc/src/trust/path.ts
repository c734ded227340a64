/**
 * Certification path validation from an x5chain (leaf first) to a trust anchor, with the
 * ISO/IEC 18013-5 Annex B profile checks that matter for a relying party.
 *
 * Pure and synchronous: no cache, no revocation, no error codes. Problems are thrown as
 * {@link PathError} with a `kind` that the trust store (`DS_CHAIN` / `DS_PROFILE`) or the VICAL
 * loader (`ERR_VICAL_CHAIN`) turns into its coded error.
 *
 * @module
 */

import type { AnchorIndex, TrustAnchor } from './anchors.js';
import { KeyUsage, isSignedBy, parseCertificate, type ParsedCertificate } from './certificate.js';
import { forMessage as dn } from './name.js';

/** What went wrong: `chain` (untrusted, broken, expired) or `profile` (the leaf's Annex B profile). */
export type PathProblemKind = 'chain' | 'profile';

/** A failed path validation step. Internal: callers turn it into a coded error. */
export class PathError extends Error {
  override readonly name = 'PathError';
  constructor(
    readonly kind: PathProblemKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A validated path. */
export interface ValidatedPath {
  /** The certificates from the x5chain that form the path, leaf first, anchor excluded. */
  readonly certificates: readonly ParsedCertificate[];
  /** The trust anchor the path ends at. */
  readonly anchor: TrustAnchor;
  /** The intersection of every validity period on the path (anchor included), in ms. */
  readonly notBefore: number;
  readonly notAfter: number;
}

/** Options of {@link validatePath}. */
export interface ValidatePathOptions {
  /** Verification time, ms since the epoch. */
  readonly now: number;
  /** Clock skew tolerance, ms. */
  readonly skewMs: number;
  /** Checks the leaf's profile; returns a problem description or `undefined`. */
  readonly leafProfile: (leaf: ParsedCertificate) => string | undefined;
}

/** Longest x5chain accepted (DS + intermediates + an included IACA). */
export const MAX_CHAIN_LENGTH = 8;

/**
 * Parses an x5chain.
 *
 * @throws {PathError} `chain` when it is empty, too long or holds a malformed certificate.
 */
export function parseChain(chain: readonly Uint8Array[]): ParsedCertificate[] {
  if (chain.length === 0) throw new PathError('chain', 'x5chain is empty');
  if (chain.length > MAX_CHAIN_LENGTH) throw new PathError('chain', `x5chain has more than ${MAX_CHAIN_LENGTH} certificates`);
  return chain.map((der, i) => {
    try {
      return parseCertificate(der);
    } catch (cause) {
      throw new PathError('chain', `x5chain certificate ${i} cannot be parsed`, { cause });
    }
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

// ISO 18013-5 Annex B.1.2 (IACA) / RFC 5280 §6.1.4 (k), (n): an issuer must be a CA that may sign certificates.
function caProblem(cert: ParsedCertificate, role: string, requireKeyUsage: boolean): string | undefined {
  if (cert.basicConstraints?.ca !== true) return `${role} ${dn(cert.subject)} is not a CA certificate (basicConstraints cA is not true)`;
  if (cert.keyUsage === undefined ? requireKeyUsage : (cert.keyUsage & KeyUsage.keyCertSign) === 0) {
    return `${role} ${dn(cert.subject)} may not sign certificates (keyUsage lacks keyCertSign)`;
  }
  return undefined;
}

function findAnchor(cert: ParsedCertificate, anchors: AnchorIndex): TrustAnchor | undefined {
  for (const candidate of anchors.issuersOf(cert)) if (isSignedBy(cert, candidate.cert)) return candidate;
  return undefined;
}

function buildPath(chain: readonly ParsedCertificate[], anchors: AnchorIndex): { certificates: ParsedCertificate[]; anchor: TrustAnchor } {
  const certificates: ParsedCertificate[] = [];
  for (let i = 0; i < chain.length; i++) {
    const current = chain[i]!;
    certificates.push(current);
    // An x5chain may (against §9.1.2.4, but seen in the wild) end with the IACA itself: the search
    // tries the trusted anchors first at every step, so a copy of the IACA is never needed.
    const anchor = findAnchor(current, anchors);
    if (anchor !== undefined) return { certificates, anchor };
    const next = chain[i + 1];
    if (next === undefined) {
      const named = anchors.issuersOf(current).length > 0;
      throw new PathError(
        'chain',
        named
          ? `certificate ${dn(current.subject)} is not signed by the trusted IACA named ${dn(current.issuer)}`
          : `certificate ${dn(current.subject)} does not chain to a trusted IACA (issuer ${dn(current.issuer)} is not trusted)`,
      );
    }
    if (next.subjectKey !== current.issuerKey || !isSignedBy(current, next)) {
      throw new PathError('chain', `x5chain certificate ${i + 1} (${dn(next.subject)}) did not issue certificate ${i} (${dn(current.subject)})`);
    }
  }
  throw new PathError('chain', 'x5chain is empty');
}

/**
 * Builds and checks the path from `chain[0]` to a trusted anchor at `now`:
 * signatures (each certificate by the next, the top one by the anchor), CA profile of the anchor
 * and intermediates, path length constraints, validity of every certificate and of the anchor,
 * unrecognized critical extensions, and the leaf profile.
 *
 * @throws {PathError} on the first problem.
 */
export function validatePath(chain: readonly ParsedCertificate[], anchors: AnchorIndex, options: ValidatePathOptions): ValidatedPath {
  const { certificates, anchor } = buildPath(chain, anchors);
  const leaf = certificates[0]!;
  const intermediates = certificates.slice(1);

  // Annex B.1.2 table B.2: the IACA has basicConstraints cA=TRUE and keyUsage keyCertSign (mandatory).
  const anchorProblem = caProblem(anchor.cert, 'trusted IACA', true);
  if (anchorProblem !== undefined) throw new PathError('chain', anchorProblem);
  for (const ca of intermediates) {
    const problem = caProblem(ca, 'intermediate CA', false);
    if (problem !== undefined) throw new PathError('chain', problem);
    if (ca.unhandledCriticalExtensions.length > 0) {
      throw new PathError('chain', `intermediate CA ${dn(ca.subject)} has an unrecognized critical extension ${ca.unhandledCriticalExtensions[0]!}`);
    }
  }

  // RFC 5280 §6.1.4 (l), (m): pathLenConstraint bounds the non-self-issued intermediates below a CA.
  const issuers = [anchor.cert, ...intermediates.slice().reverse()];
  issuers.forEach((ca, depth) => {
    const limit = ca.basicConstraints?.pathLength;
    if (limit === undefined) return;
    const below = issuers.slice(depth + 1).filter((c) => !c.selfIssued).length;
    if (below > limit) throw new PathError('chain', `${dn(ca.subject)} allows ${limit} intermediate CA(s) below it, the path has ${below}`);
  });

  // §9.3.3 / Annex B: every certificate, the IACA included, is valid at the verification time.
  const { now, skewMs } = options;
  let notBefore = -Infinity;
  let notAfter = Infinity;
  for (const cert of [...certificates, anchor.cert]) {
    if (now < cert.notBefore - skewMs) throw new PathError('chain', `certificate ${dn(cert.subject)} is not valid before ${iso(cert.notBefore)}`);
    if (now > cert.notAfter + skewMs) throw new PathError('chain', `certificate ${dn(cert.subject)} expired at ${iso(cert.notAfter)}`);
    notBefore = Math.max(notBefore, cert.notBefore);
    notAfter = Math.min(notAfter, cert.notAfter);
  }

  if (leaf.unhandledCriticalExtensions.length > 0) {
    throw new PathError('profile', `certificate ${dn(leaf.subject)} has an unrecognized critical extension ${leaf.unhandledCriticalExtensions[0]!}`);
  }
  const leafProblem = options.leafProfile(leaf);
  if (leafProblem !== undefined) throw new PathError('profile', leafProblem);
  return { certificates, anchor, notBefore, notAfter };
}
