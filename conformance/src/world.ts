/**
 * The suite's side of a run: the test PKI, the holder's credentials (a My Number Card, an mDL and
 * an EU PID from `@uketori/test-sender`), the purpose, the clock, and the environment handed to
 * every target. NEVER FOR PRODUCTION: everything here is test data.
 *
 * @module
 */

import { FullDate } from '@uketori/mdoc';
import { createPurposeRegistry, type Purpose } from '@uketori/policy';
import {
  createTestDocumentSigner,
  createTestPki,
  issueEuPid,
  issueMdl,
  issueMyNumberCard,
  type TestCredential,
  type TestPki,
} from '@uketori/test-sender';
import { ConformanceError } from './errors.js';
import type { TargetEnvironment } from './target.js';

/** Everything a check needs besides the target. */
export interface SuiteWorld {
  /** The time the run verifies at; the test credentials are valid around it. */
  readonly now: Date;
  readonly purpose: Purpose;
  readonly pki: TestPki;
  /** What the holder can present, one credential per docType. */
  readonly credentials: readonly TestCredential[];
  /**
   * The holder's personal values as text (names, address, dates, numbers, portrait encodings),
   * each with the element it came from: what must never appear in a log or an error.
   */
  readonly personalValues: readonly { readonly element: string; readonly text: string }[];
  /** What each target is created with. */
  readonly environment: TargetEnvironment;
}

/** Options of {@link createSuiteWorld}. */
export interface CreateSuiteWorldOptions {
  /** A purpose id from the preset registry, or a checked purpose. */
  readonly purpose: string | Purpose;
  /** The verification time; default the current time (to the second). */
  readonly now?: Date;
  /**
   * The test PKI to use instead of a fresh one laid around `now`: the one a program under test
   * over HTTP was configured to trust (see `loadSuitePki`).
   */
  readonly pki?: TestPki;
  /**
   * When the holder's credentials were issued (their MSO `signed` and `validFrom`). Default `now`;
   * a black-box run issues them a little earlier so that a target whose clock runs behind still
   * finds them valid.
   */
  readonly issuedAt?: Date;
}

/** Elements whose values identify a person (ISO/IEC 18013-5 §7.2.1, notes/japan.md §2.3). */
const PERSONAL_ELEMENTS = new Set([
  'full_name_unicode',
  'resident_address_unicode',
  'individual_number_unicode',
  'birth_date_unicode',
  'birth_date',
  'portrait',
  'family_name',
  'given_name',
  'document_number',
  'resident_street',
  'resident_city',
  'resident_address',
]);

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= 4 ? [value] : [];
  if (value instanceof FullDate) return [value.toString()];
  if (value instanceof Uint8Array) {
    // A logged image shows up as base64, base64url or hex; a window from its middle is searched.
    const slice = Buffer.from(value.subarray(Math.min(64, value.length >> 1), Math.min(64, value.length >> 1) + 24));
    return [slice.toString('base64').slice(4, 28), slice.toString('base64url').slice(4, 28), slice.toString('hex')];
  }
  return [];
}

function personalValues(credentials: readonly TestCredential[]): { element: string; text: string }[] {
  const out: { element: string; text: string }[] = [];
  for (const credential of credentials) {
    for (const [namespace, values] of Object.entries(credential.elements)) {
      for (const [identifier, value] of Object.entries(values)) {
        if (!PERSONAL_ELEMENTS.has(identifier)) continue;
        for (const text of textsOf(value)) out.push({ element: `${namespace}/${identifier}`, text });
      }
    }
  }
  return out;
}

/**
 * The purpose a run is for: a preset id or a checked purpose. It must be a legal method for the
 * credential and ask for a docType the test holder has.
 *
 * @throws {ConformanceError} `ERR_CONFORMANCE_PURPOSE`.
 */
export function resolvePurpose(purpose: string | Purpose, credentials?: readonly TestCredential[]): Purpose {
  let resolved: Purpose;
  if (typeof purpose === 'string') {
    const registry = createPurposeRegistry();
    if (!registry.has(purpose)) throw new ConformanceError('ERR_CONFORMANCE_PURPOSE', `unknown purpose ${JSON.stringify(purpose.slice(0, 64))}`);
    resolved = registry.get(purpose);
  } else resolved = purpose;
  if (resolved.status !== 'available' || resolved.documents.length === 0) {
    throw new ConformanceError('ERR_CONFORMANCE_PURPOSE', `purpose ${JSON.stringify(resolved.id)} is not a legal method for this credential, so there is nothing to review`);
  }
  if (credentials !== undefined && !resolved.documents.some((d) => credentials.some((c) => c.docType === d.docType))) {
    throw new ConformanceError('ERR_CONFORMANCE_PURPOSE', `purpose ${JSON.stringify(resolved.id)} asks for no docType the test holder has`);
  }
  return resolved;
}

/**
 * Builds the test world of a run: a P-256 test PKI laid around `now`, a My Number Card, an mDL
 * and an EU PID issued to the default test holders, and a test reader certificate.
 *
 * @example
 * ```ts
 * const world = await createSuiteWorld({ purpose: 'aml_kyc_jp' });
 * const target = await factory(world.environment);
 * ```
 * @throws {ConformanceError} `ERR_CONFORMANCE_PURPOSE` for a purpose the suite cannot review.
 */
export async function createSuiteWorld(options: CreateSuiteWorldOptions): Promise<SuiteWorld> {
  resolvePurpose(options.purpose);
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000);
  const pki = options.pki ?? (await createTestPki({ now }));
  const issued = options.issuedAt === undefined && options.pki === undefined ? {} : { now: options.issuedAt ?? now };
  const credentials = await Promise.all([issueMyNumberCard({ pki, ...issued }), issueMdl({ pki, ...issued }), issueEuPid({ pki, ...issued })]);
  const purpose = resolvePurpose(options.purpose, credentials);
  // A reader certificate from the test IACA (ISO/IEC 18013-5 Annex B.1.7 profile not modelled:
  // the suite checks the readerAuth signature, trusting the reader is the wallet's decision).
  const reader = await createTestDocumentSigner(pki.iaca, {
    subject: 'C=JP, O=uketori TEST, CN=uketori TEST reader (never for production)',
    notBefore: pki.ds.notBefore,
    notAfter: pki.ds.notAfter,
  });
  const environment: TargetEnvironment = Object.freeze({
    trustAnchors: [pki.iaca.der],
    crls: [pki.crl.der],
    now: () => now,
    readerKey: { privateKey: reader.privateKey, certificateChain: [reader.der] },
  });
  return { now, purpose, pki, credentials, personalValues: personalValues(credentials), environment };
}
