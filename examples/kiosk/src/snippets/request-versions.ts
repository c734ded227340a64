import type { TrustStore } from '@uketori/mdoc';
import { getPurpose } from '@uketori/policy';
import { buildDeviceRequest, ReaderSession, type DeviceEngagement, type ReaderAuthKey } from '@uketori/reader';

/** A session that sends a 2nd-edition (1.1) DeviceRequest, signed once over everything (readerAuthAll). */
export function sessionWith11Request(engagement: DeviceEngagement, trust: TrustStore, readerAuth: ReaderAuthKey): ReaderSession {
  return ReaderSession.create({
    engagement,
    purpose: getPurpose('age_20_plus'),
    trust,
    readerAuth,
    requestVersion: '1.1', // deviceRequestInfo defaults to one mandatory use case for the one document
    readerAuthScope: 'both', // readerAuth per DocRequest (1.0 wallets) and readerAuthAll (1.1 wallets)
  });
}

/** The request itself, built through the policy gate, with 1.1 request information. */
export function deviceRequest11(sessionTranscript: Uint8Array, readerAuth: ReaderAuthKey): Uint8Array {
  return buildDeviceRequest({
    purpose: getPurpose('age_20_plus'),
    sessionTranscript,
    readerAuth,
    version: '1.1',
    readerAuthScope: 'all',
    deviceRequestInfo: { useCases: [{ mandatory: true, documentSets: [[0]] }] },
    docRequestInfo: { maximumResponseSize: 64 * 1024 },
  }).bytes;
}
