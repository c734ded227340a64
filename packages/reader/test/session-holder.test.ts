import { createTrustStore } from '@uketori/mdoc';
import { getPurpose } from '@uketori/policy';
import { createTestPki, createTestReaderPki, issueMyNumberCard, respond, type DeviceKeyCurve, type TestCertificate, type TestPki, type TestReaderPki } from '@uketori/test-sender';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  parseDeviceRequest,
  buildHandoverRequest,
  createLoopbackTransport,
  createReaderTrustList,
  parseDeviceEngagement,
  parseDeviceEngagementUri,
  parseHandoverSelect,
  ReaderSession,
} from '../src/index.js';
import { createLoopbackHolder, type HolderRequest } from '../src/testing.js';

const NOW = new Date('2026-10-01T03:00:00Z');
const purpose = getPurpose('aml_kyc_jp');
let pki: TestPki;
let readers: TestReaderPki;

beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  readers = await createTestReaderPki({ now: NOW });
});

const trust = () => createTrustStore({ anchors: [pki.iaca.pem], crl: { crls: [pki.crl.der] } });
const readerAuth = (cert: TestCertificate) => ({ privateKey: cert.privateKey, certificateChain: [cert.der] });

async function answerer(deviceKey: DeviceKeyCurve = 'P-256', deviceAuth: 'mac' | 'signature' = 'mac') {
  const card = await issueMyNumberCard({ pki, deviceKey });
  return ({ deviceRequest, sessionTranscript, eReaderKey }: HolderRequest) =>
    respond({ credentials: [card], request: deviceRequest, sessionTranscript, deviceAuth, readerEphemeralPublicKey: eReaderKey, now: NOW });
}

describe('a holder that checks the reader certificate (§9.1.4, Annex B.1.7)', () => {
  it('answers a reader whose certificate chains to its reader root, and tells the answer who asked', async () => {
    const answer = await answerer();
    let seen: HolderRequest | undefined;
    const holder = createLoopbackHolder({ answer: (r) => ((seen = r), answer(r)), readerTrust: createReaderTrustList({ roots: [readers.root.pem] }), now: NOW });
    const session = ReaderSession.create({ engagement: parseDeviceEngagementUri(holder.engagementUri), purpose, trust: trust(), now: NOW, readerAuth: readerAuth(readers.reader) });
    expect((await session.run(createLoopbackTransport(holder))).policy.outcome).toBe('complete');
    expect(holder.refusal).toBeUndefined();
    expect(seen!.readerAuth[0]!.reader?.subject).toContain('uketori TEST reader');
  });

  it('answers a 1.1 request signed only with readerAuthAll, to a phone that declares ReaderAuthAllSupport', async () => {
    const holder = createLoopbackHolder({ answer: await answerer(), readerTrust: createReaderTrustList({ roots: [readers.root.pem] }), now: NOW, readerAuthAllSupport: true });
    const session = ReaderSession.create({
      engagement: parseDeviceEngagement(holder.engagement),
      purpose,
      trust: trust(),
      now: NOW,
      readerAuth: readerAuth(readers.reader),
      requestVersion: '1.1',
      readerAuthScope: 'all',
    });
    expect(session.readerAuthScope).toBe('all');
    expect((await session.run(createLoopbackTransport(holder))).policy.outcome).toBe('complete');
  });

  it('signs each DocRequest too when the phone does not declare ReaderAuthAllSupport', async () => {
    let seen: HolderRequest | undefined;
    const answer = await answerer();
    const holder = createLoopbackHolder({ answer: (r) => ((seen = r), answer(r)), readerTrust: createReaderTrustList({ roots: [readers.root.pem] }), now: NOW });
    const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW, readerAuth: readerAuth(readers.reader), requestVersion: '1.1', readerAuthScope: 'all' });
    expect(session.readerAuthScope).toBe('both');
    expect((await session.run(createLoopbackTransport(holder))).policy.outcome).toBe('complete');
    const request = parseDeviceRequest(seen!.deviceRequest);
    expect(request.readerAuthAll).toHaveLength(1);
    expect(request.docRequests[0]!.readerAuth).toBeDefined();
  });

  it.each([
    ['an unsigned request', () => undefined, 'ERR_READER_AUTH_MISSING'],
    ['an expired reader certificate', () => readerAuth(readers.expiredReader), 'ERR_READER_TRUST'],
    ['a reader certificate without the reader EKU', () => readerAuth(readers.wrongEkuReader), 'ERR_READER_CERT_PROFILE'],
    ['a document signer certificate', () => readerAuth(pki.ds), 'ERR_READER_TRUST'],
  ] as const)('refuses %s (%s) and ends the session, which the reader sees as ERR_SESSION_TERMINATED', async (_, key, refusal) => {
    const holder = createLoopbackHolder({ answer: await answerer(), readerTrust: createReaderTrustList({ roots: [readers.root.pem] }), now: NOW });
    const auth = key();
    const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW, ...(auth === undefined ? {} : { readerAuth: auth }) });
    await expect(session.run(createLoopbackTransport(holder))).rejects.toMatchObject({ code: 'ERR_SESSION_TERMINATED' });
    expect(holder.refusal?.code).toBe(refusal);
    expect(holder.terminated).toBe(true);
  });
});

describe('in-person sessions engaged over NFC (§8.2.2.1)', () => {
  it('runs after a static handover, with [Hs, null] in the transcript', async () => {
    const holder = createLoopbackHolder({ answer: await answerer() });
    const hs = parseHandoverSelect(holder.handoverSelect());
    expect(hs.kind).toBe('static');
    expect(hs.retrievalMethods[0]).toMatchObject({ type: 'ble', centralClientMode: true, peripheralServerMode: false });
    const session = ReaderSession.create({ engagement: hs.engagement, handover: hs.handover, purpose, trust: trust(), now: NOW });
    expect((await session.run(createLoopbackTransport(holder))).policy.outcome).toBe('complete');
  });

  it('runs after a negotiated handover, with [Hs, Hr] in the transcript and the reader\'s UUID selected', async () => {
    const holder = createLoopbackHolder({ answer: await answerer() });
    const uuid = randomUUID();
    const hr = buildHandoverRequest({
      carriers: [
        { type: 'ble', centralClientMode: true, peripheralServerMode: true, uuid },
        { type: 'nfc', maxCommandDataLength: 255, maxResponseDataLength: 256 },
      ],
    });
    const hs = parseHandoverSelect(holder.handoverSelect(hr.bytes), { handoverRequest: hr.bytes });
    expect(hs.kind).toBe('negotiated');
    expect(hs.retrievalMethods).toEqual([{ type: 'ble', version: 1, peripheralServerMode: false, centralClientMode: true, centralClientUuid: uuid }]);
    expect(hs.handover).toEqual({ type: 'nfc', handoverSelect: hs.bytes, handoverRequest: hr.bytes });
    const session = ReaderSession.create({ engagement: hs.engagement, handover: hs.handover, purpose, trust: trust(), now: NOW });
    expect((await session.run(createLoopbackTransport(holder))).policy.outcome).toBe('complete');
  });

  it('fails closed when the reader leaves the Handover Request out of the transcript', async () => {
    const holder = createLoopbackHolder({ answer: await answerer() });
    const hr = buildHandoverRequest({ carriers: [{ type: 'ble', centralClientMode: true, peripheralServerMode: false, uuid: randomUUID() }] });
    const hs = parseHandoverSelect(holder.handoverSelect(hr.bytes));
    const session = ReaderSession.create({ engagement: hs.engagement, handover: hs.handover, purpose, trust: trust(), now: NOW });
    await expect(session.run(createLoopbackTransport(holder))).rejects.toMatchObject({ code: 'ERR_SESSION_STATUS' });
  });

  it('refuses a Handover Request without a BLE carrier it can select', async () => {
    const holder = createLoopbackHolder({ answer: await answerer() });
    const hr = buildHandoverRequest({ carriers: [{ type: 'nfc' }] });
    expect(() => holder.handoverSelect(hr.bytes)).toThrow(expect.objectContaining({ code: 'ERR_ENGAGEMENT_STRUCTURE' }));
  });
});

describe('session keys on the curve the engagement asks for (§9.1.5.2), with a DeviceMac', () => {
  it.each([
    ['P-384', 'P-384'],
    ['X25519', 'X25519'],
  ] as const)('agrees on %s keys and verifies the DeviceMac with the %s ephemeral reader key', async (curve, deviceKey) => {
    const holder = createLoopbackHolder({ curve, answer: await answerer(deviceKey, 'mac') });
    const engagement = parseDeviceEngagement(holder.engagement);
    expect(engagement.eDeviceKey.curve).toBe(curve);
    if (curve === 'X25519') {
      // COSE_Key OKP (kty 1) on crv 4 (X25519), RFC 9053 §7.2
      expect(engagement.eDeviceCoseKey.get(1)).toBe(1);
      expect(engagement.eDeviceCoseKey.get(-1)).toBe(4);
    }
    const result = await ReaderSession.create({ engagement, purpose, trust: trust(), now: NOW, readerAuth: readerAuth(readers.reader) }).run(createLoopbackTransport(holder));
    expect(result.verified.documents[0]!.deviceAuthentication).toBe('mac');
    expect(result.policy.outcome).toBe('complete');
  });
});
