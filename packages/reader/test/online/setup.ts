/** Shared fixtures of the online-flow tests: a test PKI, a My Number Card and an mDL, a verifier certificate. */
import { createTrustStore } from '@uketori/mdoc';
import { getPurpose } from '@uketori/policy';
import {
  createTestPki,
  createTestVerifierCertificate,
  issueMdl,
  issueMyNumberCard,
  type TestCredential,
  type TestPki,
  type TestVerifierCertificate,
} from '@uketori/test-sender';

export const NOW = new Date('2026-10-01T03:00:00Z');
export const ORIGIN = 'https://shop.example';
export const RP_HOST = 'rp.example';
export const kyc = getPurpose('aml_kyc_jp');
export const age21 = getPurpose('age_21_plus');

export interface Fixtures {
  readonly pki: TestPki;
  readonly card: TestCredential;
  readonly mdl: TestCredential;
  readonly signer: TestVerifierCertificate;
  readonly trust: ReturnType<typeof createTrustStore>;
}

let cached: Promise<Fixtures> | undefined;

/** Built once per test file. */
export function fixtures(): Promise<Fixtures> {
  cached ??= (async () => {
    const pki = await createTestPki({ now: NOW });
    const card = await issueMyNumberCard({ pki });
    const mdl = await issueMdl({ pki });
    const signer = await createTestVerifierCertificate({ dnsName: RP_HOST, now: new Date(NOW.getTime() - 86_400_000) });
    const trust = createTrustStore({ anchors: [pki.iaca.pem], crl: { crls: [pki.crl.der] } });
    return { pki, card, mdl, signer, trust };
  })();
  return cached;
}

/** The code of the error `promise` rejects with, or 'resolved'. */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    return (err as { code?: string }).code;
  }
}
