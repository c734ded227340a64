/**
 * The suite's test PKI on disk, for reviewing a program the suite does not start: the reviewer
 * creates it once (`initSuitePki`), configures the program under test to trust `iaca.pem` with
 * the CRL `iaca.crl` — and nothing else — and every run loads it (`loadSuitePki`) so that the
 * holder's credentials chain to that IACA. Private keys are written too (the suite signs with
 * them), with file mode 0600. TEST DATA, NEVER FOR PRODUCTION.
 *
 * @module
 */

import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestCrl, createTestPki, type TestCertificate, type TestCrl, type TestPki } from '@uketori/test-sender';
import { ConformanceError } from '../errors.js';

/** Files of a suite PKI directory. */
export const SUITE_PKI_FILES = {
  /** Everything, keys included (the suite reads only this). */
  state: 'suite-pki.json',
  /** The trust anchor to configure the program under test with (PEM). */
  iaca: 'iaca.pem',
  /** The IACA's CRL (DER) and the same as PEM. */
  crl: 'iaca.crl',
  crlPem: 'iaca-crl.pem',
  readme: 'README.txt',
} as const;

/** How long the CRL written by {@link initSuitePki} stays current, in days. */
export const SUITE_PKI_CRL_DAYS = 90;

const FORMAT = 'uketori-conformance-pki/1';
const DAY = 86_400_000;
const CERTS = ['iaca', 'ds', 'expiredDs', 'revokedDs', 'wrongProfileDs'] as const;

interface StoredCert {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly pem: string;
  readonly key: string;
}

interface StoredPki {
  readonly format: typeof FORMAT;
  readonly curve: TestPki['curve'];
  readonly now: string;
  readonly certificates: Readonly<Record<(typeof CERTS)[number] | 'untrustedIaca' | 'untrustedDs', StoredCert>>;
  readonly crl: { readonly pem: string; readonly thisUpdate: string; readonly nextUpdate: string; readonly revokedSerialNumbers: readonly string[] };
}

function store(c: TestCertificate): StoredCert {
  return { subject: c.subject, issuer: c.issuer, serialNumber: c.serialNumber, pem: c.pem, key: c.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

function restore(s: StoredCert, curve: TestPki['curve']): TestCertificate {
  const x509 = new X509Certificate(s.pem);
  const privateKey = createPrivateKey(s.key);
  return {
    subject: s.subject,
    issuer: s.issuer,
    serialNumber: s.serialNumber,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    der: new Uint8Array(x509.raw),
    pem: s.pem,
    curve,
    privateKey,
    publicKey: createPublicKey(privateKey),
  };
}

function pemToDer(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
}

const README = `uketori conformance suite: TEST PKI. NEVER FOR PRODUCTION.

Configure the receiving program under test to trust ONLY iaca.pem as its IACA, with the CRL
iaca.crl (DER; iaca-crl.pem is the same as PEM), for the duration of the review. Then run
  uketori conformance --target <start-url> --pki <this directory> --purpose <id> --out <dir>
suite-pki.json holds the private keys the suite signs test credentials with: keep it with the
reviewer, never give it to the program under test. Remove the trust when the review is over.
`;

/**
 * Creates a test PKI for black-box reviews and writes it to `dir` (created when missing).
 * Its Document Signers are valid a year, its CRL {@link SUITE_PKI_CRL_DAYS} days.
 *
 * @example
 * ```ts
 * const pki = await initSuitePki('./suite-pki');
 * // configure the program under test with ./suite-pki/iaca.pem and ./suite-pki/iaca.crl
 * ```
 * @throws {Error} from `node:fs` when the directory cannot be written.
 */
export async function initSuitePki(dir: string, options: { readonly now?: Date } = {}): Promise<TestPki> {
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000);
  // Fresh keys: two suite PKIs made in the same second must not share them.
  const base = await createTestPki({ now, fresh: true });
  // ISO/IEC 18013-5 Annex B.1.5 CRL, current for the whole review window (the default lasts a week).
  const crl = await createTestCrl(base.iaca, { revoked: [base.revokedDs], thisUpdate: new Date(now.getTime() - 3_600_000), nextUpdate: new Date(now.getTime() + SUITE_PKI_CRL_DAYS * DAY), revocationDate: new Date(now.getTime() - DAY) });
  const pki: TestPki = { ...base, crl };
  const stored: StoredPki = {
    format: FORMAT,
    curve: pki.curve,
    now: now.toISOString(),
    certificates: {
      iaca: store(pki.iaca),
      ds: store(pki.ds),
      expiredDs: store(pki.expiredDs),
      revokedDs: store(pki.revokedDs),
      wrongProfileDs: store(pki.wrongProfileDs),
      untrustedIaca: store(pki.untrusted.iaca),
      untrustedDs: store(pki.untrusted.ds),
    },
    crl: { pem: crl.pem, thisUpdate: crl.thisUpdate.toISOString(), nextUpdate: crl.nextUpdate.toISOString(), revokedSerialNumbers: [...crl.revokedSerialNumbers] },
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, SUITE_PKI_FILES.state), `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  await writeFile(join(dir, SUITE_PKI_FILES.iaca), pki.iaca.pem);
  await writeFile(join(dir, SUITE_PKI_FILES.crl), crl.der);
  await writeFile(join(dir, SUITE_PKI_FILES.crlPem), crl.pem);
  await writeFile(join(dir, SUITE_PKI_FILES.readme), README);
  return pki;
}

/**
 * Loads the test PKI `initSuitePki` wrote to `dir`.
 *
 * @example
 * ```ts
 * const report = await runConformance({ target, purpose: 'aml_kyc_jp', pki: await loadSuitePki('./suite-pki') });
 * ```
 * @throws {ConformanceError} `ERR_CONFORMANCE_PKI` when the directory holds no suite PKI, a
 *   malformed one, or one whose CRL or Document Signer is no longer current at `now`.
 */
export async function loadSuitePki(dir: string, options: { readonly now?: Date } = {}): Promise<TestPki> {
  let stored: StoredPki;
  try {
    stored = JSON.parse(await readFile(join(dir, SUITE_PKI_FILES.state), 'utf8')) as StoredPki;
  } catch (cause) {
    throw new ConformanceError('ERR_CONFORMANCE_PKI', `no suite PKI in the directory (create one with --init-pki)`, { cause });
  }
  let pki: TestPki;
  try {
    if (stored.format !== FORMAT) throw new TypeError(`format is not ${FORMAT}`);
    const c = stored.certificates;
    const crl: TestCrl = {
      der: pemToDer(stored.crl.pem),
      pem: stored.crl.pem,
      thisUpdate: new Date(stored.crl.thisUpdate),
      nextUpdate: new Date(stored.crl.nextUpdate),
      revokedSerialNumbers: [...stored.crl.revokedSerialNumbers],
    };
    const [iaca, ds, expiredDs, revokedDs, wrongProfileDs] = CERTS.map((name) => restore(c[name], stored.curve)) as [TestCertificate, TestCertificate, TestCertificate, TestCertificate, TestCertificate];
    pki = { curve: stored.curve, now: new Date(stored.now), iaca, ds, expiredDs, revokedDs, wrongProfileDs, crl, untrusted: { iaca: restore(c.untrustedIaca, stored.curve), ds: restore(c.untrustedDs, stored.curve) } };
  } catch (cause) {
    throw new ConformanceError('ERR_CONFORMANCE_PKI', `${SUITE_PKI_FILES.state} is not a suite PKI`, { cause });
  }
  const now = options.now ?? new Date();
  if (pki.crl.nextUpdate <= now) throw new ConformanceError('ERR_CONFORMANCE_PKI', `the suite PKI's CRL expired on ${pki.crl.nextUpdate.toISOString()}: create a new one with --init-pki and configure the program with it`);
  if (pki.ds.notAfter <= now) throw new ConformanceError('ERR_CONFORMANCE_PKI', `the suite PKI's Document Signer expired on ${pki.ds.notAfter.toISOString()}: create a new one with --init-pki`);
  return pki;
}
