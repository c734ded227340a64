/**
 * ISO/IEC 18013-5 Annex D, end to end: the DeviceResponse (one mDL, six elements, DeviceMac)
 * verifies at 2021-01-01, and any single-byte change to an element value, the MSO, a signature,
 * the MAC or the transcript is rejected with the right code.
 * Vectors: ../shared/vectors/iso18013-5-annex-d/ (see SOURCES.md).
 */
import { describe, expect, it } from 'vitest';
import {
  EncodedCbor,
  createTrustStore,
  decodeCbor,
  encodeCbor,
  parseCoseMac0,
  parseCoseSign1,
  verifyDeviceResponse,
  type CheckResult,
  type VerifyDeviceResponseOptions,
} from '../../src/index.js';
import { annexD, annexDKey } from '../helpers/vectors.js';
import { codeOfAsync } from '../helpers/codes.js';

const response = annexD.response();
const transcriptBytes = annexD.transcript();
const trust = createTrustStore({ anchors: [annexD.iacaPem()] });
const base: VerifyDeviceResponseOptions = { trust, sessionTranscript: transcriptBytes, readerKey: annexD.readerKey(), now: annexD.now };

const codeOf = (promise: Promise<unknown>) => codeOfAsync(() => promise);

/** Offset of a view produced by the decoder inside `whole` (the decoder returns views). */
function offsetIn(whole: Uint8Array, part: Uint8Array): number {
  expect(part.buffer).toBe(whole.buffer);
  return part.byteOffset - whole.byteOffset;
}

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at]! ^= 0x01;
  return copy;
}

describe('Annex D DeviceResponse', () => {
  it('verifies at 2021-01-01 with the DeviceMac, returning the six disclosed elements', async () => {
    const seen: CheckResult[] = [];
    const result = await verifyDeviceResponse(response, { ...base, onCheck: (c) => seen.push(c) });
    expect(result.version).toBe('1.0');
    expect(result.status).toBe(0);
    expect(result.documents).toHaveLength(1);
    const doc = result.documents[0]!;
    expect(doc.docType).toBe('org.iso.18013.5.1.mDL');
    expect(doc.deviceAuthentication).toBe('mac');
    expect(doc.digestAlgorithm).toBe('SHA-256');
    const mdl = doc.issuerSigned['org.iso.18013.5.1']!;
    expect(Object.keys(mdl).sort()).toEqual(['document_number', 'driving_privileges', 'expiry_date', 'family_name', 'issue_date', 'portrait']);
    expect(mdl['family_name']).toBe('Doe');
    expect(mdl['portrait']).toBeInstanceOf(Uint8Array);
    expect((mdl['driving_privileges'] as { vehicle_category_code: string }[]).map((p) => p.vehicle_category_code)).toEqual(['A', 'B']);
    expect(doc.issuer.subject).toContain('utopia ds');
    expect(doc.validity.validUntil.toISOString()).toBe('2021-10-01T13:30:02.000Z');
    expect(seen).toEqual(result.checks);
    const status = Object.fromEntries(result.checks.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({
      DEVICE_RESPONSE_STRUCTURE: 'passed',
      DEVICE_RESPONSE_STATUS: 'passed',
      DS_PROFILE: 'passed',
      DS_CHAIN: 'passed',
      DS_REVOCATION: 'skipped',
      ISSUER_SIGNATURE: 'passed',
      MSO_DOCTYPE: 'passed',
      DIGEST_ALGORITHM: 'passed',
      MSO_VALIDITY: 'passed',
      MSO_SIGNED_IN_DS_VALIDITY: 'passed',
      VALUE_DIGEST: 'passed',
      DEVICE_KEY: 'passed',
      DEVICE_AUTH: 'passed',
      KEY_AUTHORIZATION: 'skipped',
    });
    for (const c of result.checks) expect(c.clause).toMatch(/ISO\/IEC 18013-5/);
  });

  it('accepts the transcript as SessionTranscriptBytes or as the bare array', async () => {
    const inner = (decodeCbor(transcriptBytes) as EncodedCbor).bytes;
    const result = await verifyDeviceResponse(response, { ...base, sessionTranscript: inner });
    expect(result.documents).toHaveLength(1);
  });

  it('accepts the reader key as a private JWK', async () => {
    const jwk = annexD.readerKey().export({ format: 'jwk' });
    expect((await verifyDeviceResponse(response, { ...base, readerKey: jwk })).documents).toHaveLength(1);
  });

  it('rejects the DeviceMac without the reader key, or with another key', async () => {
    const { readerKey: _omit, ...noKey } = base;
    expect(await codeOf(verifyDeviceResponse(response, noKey))).toBe('ERR_DEVICE_AUTH');
    expect(await codeOf(verifyDeviceResponse(response, { ...base, readerKey: annexDKey('ephemeral_device_key') }))).toBe('ERR_DEVICE_AUTH');
  });

  it('rejects it at today\'s date: the DS certificate expired in 2021', async () => {
    expect(await codeOf(verifyDeviceResponse(response, { ...base, now: new Date() }))).toBe('ERR_DS_CHAIN');
  });

  it('rejects it before the MSO validFrom, while the DS certificate is already valid', async () => {
    const now = new Date('2020-10-01T13:00:00Z');
    expect(await codeOf(verifyDeviceResponse(response, { ...base, now, clockSkewSeconds: 0 }))).toBe('ERR_MSO_VALIDITY');
  });

  it('rejects it when the IACA is not trusted', async () => {
    const other = createTrustStore({ anchors: [annexD.readerRootPem()] });
    expect(await codeOf(verifyDeviceResponse(response, { ...base, trust: other }))).toBe('ERR_DS_CHAIN');
  });

  it('rejects a response with neither documents nor documentErrors', async () => {
    const empty = encodeCbor(new Map<string, unknown>([['version', '1.0'], ['status', 0]]));
    expect(await codeOf(verifyDeviceResponse(empty, base))).toBe('ERR_DEVICE_RESPONSE_STATUS');
  });

  it('reports a structure failure between checks to onCheck too', async () => {
    const decoded = decodeCbor(response) as Map<string, unknown>;
    const doc = (decoded.get('documents') as Map<string, unknown>[])[0]!;
    doc.delete('deviceSigned');
    const seen: CheckResult[] = [];
    expect(await codeOf(verifyDeviceResponse(encodeCbor(decoded), { ...base, onCheck: (c) => seen.push(c) }))).toBe('ERR_DEVICE_RESPONSE_STRUCTURE');
    expect(seen.at(-1)).toMatchObject({ id: 'DEVICE_RESPONSE_STRUCTURE', status: 'failed', documentIndex: 0 });
  });

  it('rejects a truncated response and one with a non-zero status', async () => {
    expect(await codeOf(verifyDeviceResponse(response.subarray(0, response.length - 1), base))).toBe('ERR_CBOR_TRUNCATED');
    // status is the last entry: 0x66 "status" 0x00 → 0x0a (10, general error)
    const bad = Uint8Array.from(response);
    expect(bad[bad.length - 1]).toBe(0);
    bad[bad.length - 1] = 10;
    expect(await codeOf(verifyDeviceResponse(bad, base))).toBe('ERR_DEVICE_RESPONSE_STATUS');
  });
});

describe('Annex D: every single-byte change is rejected with its code', () => {
  const decoded = decodeCbor(response) as Map<string, unknown>;
  const doc = (decoded.get('documents') as Map<string, unknown>[])[0]!;
  const issuerSigned = doc.get('issuerSigned') as Map<string, unknown>;
  const items = (issuerSigned.get('nameSpaces') as Map<string, EncodedCbor[]>).get('org.iso.18013.5.1')!;
  const issuerAuth = parseCoseSign1(issuerSigned.get('issuerAuth'));
  const deviceAuth = (doc.get('deviceSigned') as Map<string, unknown>).get('deviceAuth') as Map<string, unknown>;
  const mac = parseCoseMac0(deviceAuth.get('deviceMac'));

  /** Byte ranges of each element value's content inside the response. */
  const valueRanges = items.flatMap((item) => {
    const value = (item.decode() as Map<string, unknown>).get('elementValue');
    if (typeof value !== 'string' && !(value instanceof Uint8Array)) return [];
    const content = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    const itemStart = offsetIn(response, item.bytes);
    const at = Buffer.from(item.bytes).lastIndexOf(Buffer.from(content));
    return [{ start: itemStart + at, length: content.length }];
  });

  it('covers every byte of every text and byte-string element value (portrait included)', async () => {
    let tried = 0;
    for (const { start, length } of valueRanges) {
      for (let i = start; i < start + length; i++) {
        expect(await codeOf(verifyDeviceResponse(flipped(response, i), base))).toBe('ERR_VALUE_DIGEST');
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(1000);
  });

  it('covers every byte of the MSO (issuerAuth payload)', async () => {
    const start = offsetIn(response, issuerAuth.payload!);
    for (let i = start; i < start + issuerAuth.payload!.length; i++) {
      expect(await codeOf(verifyDeviceResponse(flipped(response, i), base))).toBe('ERR_ISSUER_SIGNATURE');
    }
  });

  it('covers every byte of the issuer signature', async () => {
    const start = offsetIn(response, issuerAuth.signature);
    for (let i = start; i < start + issuerAuth.signature.length; i++) {
      expect(await codeOf(verifyDeviceResponse(flipped(response, i), base))).toBe('ERR_ISSUER_SIGNATURE');
    }
  });

  it('covers every byte of the DeviceMac tag', async () => {
    const start = offsetIn(response, mac.signature);
    for (let i = start; i < start + mac.signature.length; i++) {
      expect(await codeOf(verifyDeviceResponse(flipped(response, i), base))).toBe('ERR_DEVICE_AUTH');
    }
  });

  it('covers every byte inside the transcript\'s byte strings (engagement, reader key, handover)', async () => {
    const transcript = (decodeCbor(transcriptBytes) as EncodedCbor).decode() as unknown[];
    const ranges: { start: number; length: number }[] = [];
    const walk = (v: unknown) => {
      if (v instanceof EncodedCbor) ranges.push({ start: offsetIn(transcriptBytes, v.bytes), length: v.bytes.length });
      else if (v instanceof Uint8Array) ranges.push({ start: offsetIn(transcriptBytes, v), length: v.length });
      else if (Array.isArray(v)) v.forEach(walk);
    };
    walk(transcript);
    let tried = 0;
    for (const { start, length } of ranges) {
      for (let i = start; i < start + length; i++) {
        const sessionTranscript = flipped(transcriptBytes, i);
        expect(await codeOf(verifyDeviceResponse(response, { ...base, sessionTranscript }))).toBe('ERR_DEVICE_AUTH');
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(100);
  });
});

describe('Annex D: COSE problems fail the check they belong to', () => {
  const decoded = decodeCbor(response) as Map<string, unknown>;
  const doc = (decoded.get('documents') as Map<string, unknown>[])[0]!;
  const issuerAuth = parseCoseSign1((doc.get('issuerSigned') as Map<string, unknown>).get('issuerAuth'));
  const protectedAt = offsetIn(response, issuerAuth.protectedBytes);

  it('an algorithm that does not fit the DS key is ERR_ISSUER_SIGNATURE, with the COSE error as cause', async () => {
    const bad = Uint8Array.from(response);
    expect(Array.from(bad.subarray(protectedAt, protectedAt + 3))).toEqual([0xa1, 0x01, 0x26]);
    bad[protectedAt + 2] = 0x27; // alg -8 (EdDSA) on a P-256 DS key
    try {
      await verifyDeviceResponse(bad, base);
      expect.unreachable();
    } catch (err) {
      expect((err as { code: string }).code).toBe('ERR_ISSUER_SIGNATURE');
      expect(((err as Error).cause as { code: string }).code).toBe('ERR_COSE_KEY');
    }
  });

  it('an unsupported algorithm is ERR_ISSUER_SIGNATURE', async () => {
    const bad = Uint8Array.from(response);
    bad[protectedAt + 2] = 0x20; // alg -1
    expect(await codeOf(verifyDeviceResponse(bad, base))).toBe('ERR_ISSUER_SIGNATURE');
  });
});
