/**
 * Everything the demo embeds so it runs with no set-up: a test IACA and document signer (with
 * its CRL), a test reader certificate for readerAuth, a test request-signing certificate for the
 * OpenID4VP request objects, and the test wallet's credentials (a My Number Card and an mDL).
 * All of it is generated at start and says "TEST" in every subject: never for production.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { createTrustStore, type TrustStore } from '@uketori/mdoc';
import {
  createTestPki,
  createTestReaderPki,
  createTestVerifierCertificate,
  issueMdl,
  issueMyNumberCard,
  type TestCredential,
  type TestPki,
  type TestReaderPki,
  type TestVerifierCertificate,
} from '@uketori/test-sender';

/** The demo's generated keys, certificates and credentials. */
export interface DemoFixtures {
  readonly pki: TestPki;
  readonly readers: TestReaderPki;
  /** Signs the OpenID4VP request objects (JAR, x5c). */
  readonly verifier: TestVerifierCertificate;
  /** Trusts the test IACA only, with its CRL: revocation is checked as in production. */
  readonly trust: TrustStore;
  readonly cookieSecret: Uint8Array;
  /** What the test wallet holds. */
  readonly credentials: readonly TestCredential[];
}

/**
 * Generates the fixtures.
 *
 * @param host The host name the request-signing certificate names (its dNSName).
 */
export async function createDemoFixtures(host: string, now = new Date()): Promise<DemoFixtures> {
  const pki = await createTestPki({ curve: 'P-256', now });
  const readers = await createTestReaderPki({ now });
  const verifier = await createTestVerifierCertificate({ dnsName: host, now: new Date(now.getTime() - 60_000) });
  const card = await issueMyNumberCard({ pki, deviceKey: 'P-256' });
  const mdl = await issueMdl({ pki, deviceKey: 'P-256' });
  return {
    pki,
    readers,
    verifier,
    trust: createTrustStore({ anchors: [pki.iaca.pem], crl: { crls: [pki.crl.der] } }),
    cookieSecret: new Uint8Array(randomBytes(32)),
    credentials: [card, mdl],
  };
}
