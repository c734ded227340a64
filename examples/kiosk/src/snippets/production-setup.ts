import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { anchorSets, createTrustStore, httpCrlFetcher, loadCertificates, type TrustStore } from '@uketori/mdoc';
import type { ReaderAuthKey } from '@uketori/reader';

/** The two things a kiosk needs from its operator: whom to trust, and its own reader certificate. */
export function productionSetup(configDir: string): { trust: TrustStore; readerAuth: ReaderAuthKey } {
  // The My Number Card IACA (J-LIS), with revocation checked against its CRL.
  const trust = createTrustStore({ anchors: [anchorSets.jpJlisMnc], crl: { fetch: httpCrlFetcher() } });
  // The reader certificate (EKU 1.0.18013.5.1.6, ISO/IEC 18013-5 Annex B.1.7) and its key,
  // issued to the business by a reader CA the wallets trust. Chain: reader certificate first.
  const readerAuth: ReaderAuthKey = {
    privateKey: createPrivateKey(readFileSync(`${configDir}/reader-key.pem`)),
    certificateChain: loadCertificates(readFileSync(`${configDir}/reader-chain.pem`, 'utf8')),
  };
  return { trust, readerAuth };
}
