/**
 * The whole test PKI in one call: a trusted IACA with its Document Signers (good, expired,
 * revoked, wrong profile), the IACA's CRL, and an untrusted IACA + DS pair. Cached per process.
 *
 * @module
 */

import { UketoriRangeError } from '@uketori/mdoc';
import { addDays, assertDate, toSecond } from '../util/time.js';
import { createTestDocumentSigner, createTestIaca, TEST_CRL_URL, type TestCertificate } from './certificate.js';
import { createTestCrl, type TestCrl } from './crl.js';
import { assertPkiCurve, type PkiCurve } from './keys.js';

/** A validity window. */
export interface ValidityWindow {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Options of {@link createTestPki}. */
export interface CreateTestPkiOptions {
  /** Curve of every key in this PKI; default `P-256`. */
  readonly curve?: PkiCurve;
  /**
   * The reference time the windows are laid around (the time a verifier is expected to check
   * at). Default: one instant fixed per process, so repeated calls hit the cache.
   */
  readonly now?: Date;
  /** IACA validity; default `now` − 365 days to `now` + 5 years. */
  readonly iacaValidity?: ValidityWindow;
  /** Validity of the good, revoked and wrong-profile DS; default `now` − 90 days to `now` + 365 days. */
  readonly dsValidity?: ValidityWindow;
  /**
   * True: new keys every call, never from or into the cache — a PKI that must be unique (a
   * reviewer's suite PKI), even when another is made in the same second with the same windows.
   */
  readonly fresh?: boolean;
}

/** A complete test PKI. Every subject name says TEST. */
export interface TestPki {
  readonly curve: PkiCurve;
  /** The reference time the windows were laid around. */
  readonly now: Date;
  /** The trusted test IACA: the only trust anchor a verifier should be given. */
  readonly iaca: TestCertificate;
  /** A good Document Signer, valid at `now`. */
  readonly ds: TestCertificate;
  /** A Document Signer whose validity ended one day before `now`. */
  readonly expiredDs: TestCertificate;
  /** A Document Signer listed as revoked (keyCompromise) on {@link TestPki.crl}. */
  readonly revokedDs: TestCertificate;
  /** A Document Signer with the wrong key usage and extended key usage (Annex B.1.4 violated). */
  readonly wrongProfileDs: TestCertificate;
  /** The IACA's CRL, current at `now`, revoking {@link TestPki.revokedDs} and nothing else. */
  readonly crl: TestCrl;
  /** An IACA and DS pair that no verifier trusts (for the `untrusted-iaca` fault). */
  readonly untrusted: { readonly iaca: TestCertificate; readonly ds: TestCertificate };
}

const cache = new Map<string, Promise<TestPki>>();
let processNow: Date | undefined;

function subject(cn: string): string {
  return `C=JP, O=uketori TEST, CN=uketori TEST ${cn} (never for production)`;
}

async function build(curve: PkiCurve, now: Date, iacaValidity: ValidityWindow, dsValidity: ValidityWindow): Promise<TestPki> {
  const iaca = await createTestIaca({ curve, ...iacaValidity });
  const expiredStart = new Date(Math.max(iacaValidity.notBefore.getTime(), addDays(now, -180).getTime()));
  const [ds, expiredDs, revokedDs, wrongProfileDs] = await Promise.all([
    createTestDocumentSigner(iaca, { ...dsValidity, subject: subject('DS') }),
    createTestDocumentSigner(iaca, { notBefore: expiredStart, notAfter: addDays(now, -1), subject: subject('DS expired') }),
    createTestDocumentSigner(iaca, { ...dsValidity, subject: subject('DS revoked') }),
    createTestDocumentSigner(iaca, { ...dsValidity, subject: subject('DS wrong profile'), profile: 'wrong-profile' }),
  ]);
  const crl = await createTestCrl(iaca, {
    revoked: [revokedDs],
    thisUpdate: addDays(now, -1 / 24),
    nextUpdate: addDays(now, 7),
    revocationDate: addDays(now, -1),
  });
  const untrustedCrlUrl = TEST_CRL_URL.replace('test-iaca', 'test-untrusted-iaca');
  const untrustedIaca = await createTestIaca({ curve, ...iacaValidity, subject: subject('untrusted IACA'), crlUrl: untrustedCrlUrl });
  const untrustedDs = await createTestDocumentSigner(untrustedIaca, { ...dsValidity, subject: subject('DS of untrusted IACA'), crlUrl: untrustedCrlUrl });
  return { curve, now, iaca, ds, expiredDs, revokedDs, wrongProfileDs, crl, untrusted: { iaca: untrustedIaca, ds: untrustedDs } };
}

function window(value: ValidityWindow | undefined, fallback: ValidityWindow, name: string): ValidityWindow {
  if (value === undefined) return fallback;
  assertDate(value.notBefore, `${name}.notBefore`);
  assertDate(value.notAfter, `${name}.notAfter`);
  if (value.notAfter <= value.notBefore) throw new UketoriRangeError(`${name}.notAfter must be later than notBefore`);
  return { notBefore: toSecond(value.notBefore), notAfter: toSecond(value.notAfter) };
}

/**
 * Creates (or returns from the per-process cache) a complete test PKI. NEVER FOR PRODUCTION: the
 * private keys live in memory and every subject says TEST.
 *
 * A verifier set up with `iaca` as its only trust anchor and `crl` as its CRL, checking at
 * `now`, accepts responses signed by `ds` and rejects the other signers for the reason their name
 * gives.
 *
 * @example
 * ```ts
 * const pki = await createTestPki({ curve: 'P-384', now: new Date('2026-10-01T00:00:00Z') });
 * fs.writeFileSync('test-iaca.pem', pki.iaca.pem);
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` when a date is invalid.
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` for an unknown curve or an empty window.
 */
export function createTestPki(options: CreateTestPkiOptions = {}): Promise<TestPki> {
  const curve = options.curve ?? 'P-256';
  assertPkiCurve(curve);
  if (options.now !== undefined) assertDate(options.now, 'now');
  const now = toSecond(options.now ?? (processNow ??= toSecond(new Date())));
  const iacaValidity = window(options.iacaValidity, { notBefore: addDays(now, -365), notAfter: addDays(now, 5 * 365) }, 'iacaValidity');
  const dsValidity = window(options.dsValidity, { notBefore: addDays(now, -90), notAfter: addDays(now, 365) }, 'dsValidity');
  const key = [curve, now, iacaValidity.notBefore, iacaValidity.notAfter, dsValidity.notBefore, dsValidity.notAfter]
    .map((v) => (v instanceof Date ? v.toISOString() : v))
    .join('|');
  if (options.fresh === true) return build(curve, now, iacaValidity, dsValidity);
  let pki = cache.get(key);
  if (pki === undefined) {
    pki = build(curve, now, iacaValidity, dsValidity);
    cache.set(key, pki);
    pki.catch(() => cache.delete(key));
  }
  return pki;
}
