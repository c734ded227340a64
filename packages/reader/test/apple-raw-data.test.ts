import { createHash } from 'node:crypto';
import { createTrustStore, decodeCbor, encodeCbor } from '@uketori/mdoc';
import { getPurpose, planRequest, type RequestPlan } from '@uketori/policy';
import { createTestPki, issueMyNumberCard, respond, type FaultId, type TestCredential, type TestPki } from '@uketori/test-sender';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AppleRawDataError,
  buildSessionTranscript,
  encodeDeviceEngagement,
  generateEphemeralKey,
  parseDeviceEngagement,
  verifyAppleRawData,
  type EphemeralKey,
} from '../src/index.js';

const NOW = new Date('2026-10-01T03:00:00Z');
const purpose = getPurpose('aml_kyc_jp');
let pki: TestPki;
let card: TestCredential;
let plan: RequestPlan;

beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  card = await issueMyNumberCard({ pki });
  plan = planRequest(purpose, { now: NOW });
});

const trust = () => createTrustStore({ anchors: [pki.iaca.pem], crl: { crls: [pki.crl.der] } });

/** The 32-byte private scalar d of a P-256 key: the form SpruceID reads `ephemeralReaderKey` in. */
function rawD(key: EphemeralKey): Uint8Array {
  const jwk = key.privateKey.export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.d as string, 'base64url'));
}

/**
 * What ProximityReader would hand the app: a DeviceResponse (DeviceMac by default) over an NFC
 * engagement's SessionTranscript, and the reader's ephemeral private key.
 */
async function appleTriple(options: { faults?: readonly FaultId[]; deviceAuth?: 'mac' | 'signature' } = {}) {
  const eDeviceKey = generateEphemeralKey('P-256');
  const reader = generateEphemeralKey('P-256');
  const engagement = parseDeviceEngagement(encodeDeviceEngagement({ eDeviceKey: eDeviceKey.privateKey }));
  const { transcript } = buildSessionTranscript({
    deviceEngagementBytes: engagement.taggedBytes,
    eReaderKeyBytes: reader.keyBytes,
    handover: { type: 'nfc', handoverSelect: Uint8Array.of(0x91, 0x02, 0x0a, 0x48, 0x73, 0x15, 0xd1, 0x02, 0x04, 0x61, 0x63, 0x01, 0x01, 0x30, 0x00) },
  });
  const nameSpaces: Record<string, string[]> = {};
  for (const e of plan.elements) (nameSpaces[e.namespace] ??= []).push(e.identifier);
  const responseData = await respond({
    credentials: [card],
    request: [{ docType: plan.docType, nameSpaces }],
    sessionTranscript: transcript,
    deviceAuth: options.deviceAuth ?? 'mac',
    readerEphemeralPublicKey: reader.publicKey,
    faults: options.faults ?? [],
    now: NOW,
  });
  return { responseData, sessionTranscript: transcript, ephemeralReaderKey: rawD(reader) };
}

describe('verifyAppleRawData', () => {
  it('verifies a DeviceMac response with the raw 32-byte ephemeral reader key and gates it by purpose', async () => {
    const triple = await appleTriple();
    expect(triple.ephemeralReaderKey).toHaveLength(32);
    const { verified, policy } = await verifyAppleRawData({ ...triple, trust: trust(), now: NOW, policy: { purpose, plan } });
    expect(verified.documents).toHaveLength(1);
    expect(verified.documents[0]?.docType).toBe(plan.docType);
    expect(policy?.outcome).toBe('complete');
  });

  it('returns only the verified response when no policy is given', async () => {
    const result = await verifyAppleRawData({ ...(await appleTriple()), trust: trust(), now: NOW });
    expect(result.verified.documents).toHaveLength(1);
    expect(result.policy).toBeUndefined();
  });

  it('accepts a tag-24-wrapped transcript too (SessionTranscriptBytes), as verifyDeviceResponse does', async () => {
    const triple = await appleTriple();
    const len = triple.sessionTranscript.length;
    const header = len < 24 ? [0x40 + len] : len < 256 ? [0x58, len] : [0x59, len >> 8, len & 0xff];
    const wrapped = Uint8Array.from([0xd8, 0x18, ...header, ...triple.sessionTranscript]);
    const { verified } = await verifyAppleRawData({ ...triple, sessionTranscript: wrapped, trust: trust(), now: NOW });
    expect(verified.documents).toHaveLength(1);
  });

  it('verifies a DeviceSignature response without a key (iOS before 26.4 has no ephemeralReaderKey), also with an empty one', async () => {
    const { responseData, sessionTranscript } = await appleTriple({ deviceAuth: 'signature' });
    await expect(verifyAppleRawData({ responseData, sessionTranscript, trust: trust(), now: NOW })).resolves.toBeDefined();
    await expect(verifyAppleRawData({ responseData, sessionTranscript, ephemeralReaderKey: new Uint8Array(0), trust: trust(), now: NOW })).resolves.toBeDefined();
  });

  it('rejects a DeviceMac response when no ephemeral reader key is given (ERR_DEVICE_AUTH)', async () => {
    const { responseData, sessionTranscript } = await appleTriple();
    await expect(verifyAppleRawData({ responseData, sessionTranscript, trust: trust(), now: NOW })).rejects.toMatchObject({ code: 'ERR_DEVICE_AUTH' });
  });

  it('rejects a tampered response (ERR_VALUE_DIGEST)', async () => {
    const triple = await appleTriple({ faults: ['tampered-value'] });
    await expect(verifyAppleRawData({ ...triple, trust: trust(), now: NOW })).rejects.toMatchObject({ code: 'ERR_VALUE_DIGEST' });
  });

  it('refuses an ephemeralReaderKey that is not the one of the EReaderKey in the transcript (ERR_APPLE_RAW_DATA)', async () => {
    const triple = await appleTriple();
    const other = rawD(generateEphemeralKey('P-256'));
    await expect(verifyAppleRawData({ ...triple, ephemeralReaderKey: other, trust: trust(), now: NOW })).rejects.toMatchObject({
      code: 'ERR_APPLE_RAW_DATA',
      message: expect.stringContaining('EReaderKey'),
    });
    // another triple's transcript names another reader key too
    const another = await appleTriple();
    await expect(verifyAppleRawData({ ...triple, sessionTranscript: another.sessionTranscript, trust: trust(), now: NOW })).rejects.toMatchObject({ code: 'ERR_APPLE_RAW_DATA' });
    // and a transcript without an EReaderKey cannot be checked against the key
    await expect(verifyAppleRawData({ ...triple, sessionTranscript: encodeCbor([null, null, null]), trust: trust(), now: NOW })).rejects.toMatchObject({ code: 'ERR_APPLE_RAW_DATA' });
  });

  it('rejects a response checked against a transcript with the same reader key but another handover (ERR_DEVICE_AUTH)', async () => {
    const triple = await appleTriple();
    const [engagementBytes, readerKeyBytes] = decodeCbor(triple.sessionTranscript) as unknown[];
    const substituted = encodeCbor([engagementBytes, readerKeyBytes, null]);
    await expect(verifyAppleRawData({ ...triple, sessionTranscript: substituted, trust: trust(), now: NOW })).rejects.toMatchObject({ code: 'ERR_DEVICE_AUTH' });
  });

  it('returns the transcript digest a server keeps to refuse a replayed triple', async () => {
    const triple = await appleTriple();
    const { transcriptDigest } = await verifyAppleRawData({ ...triple, trust: trust(), now: NOW });
    expect(transcriptDigest).toBe(createHash('sha256').update(triple.sessionTranscript).digest('hex'));
    expect(transcriptDigest).not.toBe((await verifyAppleRawData({ ...(await appleTriple()), trust: trust(), now: NOW })).transcriptDigest);
  });

  describe('refuses a malformed ephemeralReaderKey with ERR_APPLE_RAW_DATA, without echoing it', () => {
    const n = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');
    const cases: [string, () => Uint8Array][] = [
      ['31 bytes', () => new Uint8Array(31).fill(1)],
      ['33 bytes', () => new Uint8Array(33).fill(1)],
      ['a 97-byte 04||X||Y||D blob (no source documents this form)', () => Uint8Array.from([0x04, ...new Uint8Array(96).fill(7)])],
      ['a 65-byte public point', () => Uint8Array.from([0x04, ...new Uint8Array(64).fill(7)])],
      ['d = 0', () => new Uint8Array(32)],
      ['d = n (the group order)', () => new Uint8Array(n)],
      ['d > n', () => new Uint8Array(32).fill(0xff)],
    ];
    for (const [name, key] of cases) {
      it(name, async () => {
        const triple = await appleTriple();
        const bad = key();
        const err: unknown = await verifyAppleRawData({ ...triple, ephemeralReaderKey: bad, trust: trust(), now: NOW }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AppleRawDataError);
        expect(err).toMatchObject({ code: 'ERR_APPLE_RAW_DATA' });
        expect((err as Error).message).not.toContain(Buffer.from(bad).toString('hex'));
      });
    }
  });

  it('refuses empty or non-byte inputs', async () => {
    const triple = await appleTriple();
    await expect(verifyAppleRawData({ ...triple, responseData: new Uint8Array(0), trust: trust(), now: NOW })).rejects.toMatchObject({ code: 'ERR_APPLE_RAW_DATA' });
    await expect(verifyAppleRawData({ ...triple, sessionTranscript: new Uint8Array(0), trust: trust(), now: NOW })).rejects.toMatchObject({ code: 'ERR_APPLE_RAW_DATA' });
    await expect(verifyAppleRawData({ ...triple, responseData: 'abc' as unknown as Uint8Array, trust: trust(), now: NOW })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    await expect(verifyAppleRawData({ ...triple, ephemeralReaderKey: [1, 2] as unknown as Uint8Array, trust: trust(), now: NOW })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
  });

  it('passes the policy gate errors through (a purpose that does not accept the docType)', async () => {
    const triple = await appleTriple();
    const age = getPurpose('age_18_plus');
    const agePlan = planRequest(age, { now: NOW, docType: age.documents[0]!.docType });
    await expect(verifyAppleRawData({ ...triple, trust: trust(), now: NOW, policy: { purpose: age, plan: agePlan } })).rejects.toMatchObject({ code: 'ERR_POLICY_DOCTYPE' });
  });
});
