/**
 * 犯収法 online onboarding with uketori: an express site that verifies the My Number Card for
 * `aml_kyc_jp` over the DC API (iPhone), OpenID4VP (QR) and the デジタル認証アプリ, and keeps the KYC
 * record (only what the purpose retains, with its retention date).
 *
 * @packageDocumentation
 */

export { createKycApp, KYC_PURPOSE, type KycAppOptions, type KycEvent } from './app.js';
export { kycConfigFromEnv, type KycConfig, type KycConfigFromEnvOptions, type JpkiSettings, type SigningKey } from './config.js';
export { kycRecordOf, memoryKycRecordStore, type KycRecord, type KycRecordStore, type KycRetention } from './kyc-record.js';
export { startKycServer, type KycServer, type StartKycServerOptions } from './server.js';
