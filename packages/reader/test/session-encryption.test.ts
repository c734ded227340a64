import { createPublicKey } from 'node:crypto';
import { createTrustStore, decodeCbor, EncodedCbor, verifyDeviceResponse } from '@uketori/mdoc';
import { describe, expect, it } from 'vitest';
import {
  deriveSessionKeys,
  encodeSessionData,
  encodeSessionEstablishment,
  generateEphemeralKey,
  parseDeviceEngagement,
  parseSessionData,
  parseSessionEstablishment,
  SessionCipher,
  SessionStatus,
} from '../src/index.js';
import { annexD } from './helpers/vectors.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function annexDKeys() {
  // The reader's view: its private key, the EDeviceKey from the engagement, Annex D's transcript.
  const eDeviceKey = parseDeviceEngagement(annexD.engagement()).eDeviceKey.key;
  return deriveSessionKeys(annexD.readerKey(), eDeviceKey, annexD.transcriptBytes());
}

describe('session keys and encryption (ISO/IEC 18013-5 §9.1.1.5)', () => {
  it('derives the Annex D SKReader and SKDevice, from either side', () => {
    const keys = annexDKeys();
    expect(hex(keys.skReader)).toBe(annexD.derived().SKReader);
    expect(hex(keys.skDevice)).toBe(annexD.derived().SKDevice);
    const deviceSide = deriveSessionKeys(annexD.deviceKey(), createPublicKey(annexD.readerKey()), annexD.transcriptBytes());
    expect(deviceSide).toEqual(keys);
  });

  it('decrypts the Annex D SessionEstablishment to the Annex D DeviceRequest with SKReader', () => {
    const message = parseSessionEstablishment(annexD.sessionEstablishment());
    const transcript = (decodeCbor(annexD.transcriptBytes()) as EncodedCbor<unknown[]>).decode();
    expect(hex(message.eReaderKeyBytes)).toBe(hex((transcript[1] as EncodedCbor).bytesWithTag()));
    const device = new SessionCipher('device', annexDKeys());
    expect(hex(device.decrypt(message.data))).toBe(hex(annexD.deviceRequest()));
    expect(device.receivedCounter).toBe(1);
  });

  it('decrypts the Annex D SessionData to the Annex D DeviceResponse with SKDevice, which verifies with its DeviceMac', async () => {
    const reader = new SessionCipher('reader', annexDKeys());
    const { data, status } = parseSessionData(annexD.sessionData());
    expect(status).toBeUndefined();
    const response = reader.decrypt(data!);
    expect(hex(response)).toBe(hex(annexD.deviceResponse()));
    const verified = await verifyDeviceResponse(response, {
      trust: createTrustStore({ anchors: [annexD.iacaPem()] }),
      sessionTranscript: annexD.transcriptBytes(),
      readerKey: annexD.readerKey(),
      now: annexD.now,
    });
    expect(verified.documents[0]!.deviceAuthentication).toBe('mac');
    expect(verified.documents[0]!.docType).toBe('org.iso.18013.5.1.mDL');
  });

  it('re-encrypts to the Annex D bytes: reader counter 1 with identifier 0, device counter 1 with identifier 1', () => {
    const establishment = parseSessionEstablishment(annexD.sessionEstablishment());
    const reader = new SessionCipher('reader', annexDKeys());
    expect(hex(encodeSessionEstablishment(establishment.eReaderKeyBytes, reader.encrypt(annexD.deviceRequest())))).toBe(hex(annexD.sessionEstablishment()));
    const device = new SessionCipher('device', annexDKeys());
    expect(hex(encodeSessionData({ data: device.encrypt(annexD.deviceResponse()) }))).toBe(hex(annexD.sessionData()));
  });

  it('reads the Annex D termination as status 20', () => {
    expect(parseSessionData(annexD.sessionTermination())).toEqual({ status: SessionStatus.termination });
    expect(hex(encodeSessionData({ status: 20 }))).toBe(hex(annexD.sessionTermination()));
  });

  it('refuses a replayed message with ERR_SESSION_COUNTER', () => {
    const reader = new SessionCipher('reader', annexDKeys());
    const device = new SessionCipher('device', annexDKeys());
    const first = device.encrypt(Uint8Array.of(1));
    expect(reader.decrypt(first)).toEqual(Uint8Array.of(1));
    expect(() => reader.decrypt(first)).toThrow(expect.objectContaining({ code: 'ERR_SESSION_COUNTER' }));
    // the refused message did not move the counter
    expect(reader.decrypt(device.encrypt(Uint8Array.of(2)))).toEqual(Uint8Array.of(2));
  });

  it('refuses a message from the future (a skipped counter) with ERR_SESSION_COUNTER', () => {
    const reader = new SessionCipher('reader', annexDKeys());
    const device = new SessionCipher('device', annexDKeys());
    device.encrypt(Uint8Array.of(1));
    const second = device.encrypt(Uint8Array.of(2));
    expect(() => reader.decrypt(second)).toThrow(expect.objectContaining({ code: 'ERR_SESSION_COUNTER' }));
    expect(reader.receivedCounter).toBe(0);
  });

  it('recognises a replay 40 messages back, and probes at most four counters ahead', () => {
    const reader = new SessionCipher('reader', annexDKeys());
    const device = new SessionCipher('device', annexDKeys());
    const first = device.encrypt(Uint8Array.of(0));
    reader.decrypt(first);
    for (let i = 1; i <= 40; i++) reader.decrypt(device.encrypt(Uint8Array.of(i)));
    expect(() => reader.decrypt(first)).toThrow(expect.objectContaining({ code: 'ERR_SESSION_COUNTER', message: expect.stringContaining('replayed') }));
    // the reader expects counter 42 next
    const ahead = (counter: number) => {
      const sender = new SessionCipher('device', annexDKeys());
      for (let i = 1; i < counter; i++) sender.encrypt(Uint8Array.of(0));
      return sender.encrypt(Uint8Array.of(1));
    };
    expect(() => reader.decrypt(ahead(46))).toThrow(expect.objectContaining({ code: 'ERR_SESSION_COUNTER', message: expect.stringContaining('out of order') }));
    // beyond the probe: only "does not decrypt"
    expect(() => reader.decrypt(ahead(47))).toThrow(expect.objectContaining({ code: 'ERR_SESSION_DECRYPT' }));
    expect(reader.receivedCounter).toBe(41);
  });

  it('refuses a wrong key, a tampered message, the reader\'s own message and a truncated tag with ERR_SESSION_DECRYPT', () => {
    const keys = annexDKeys();
    const other = deriveSessionKeys(generateEphemeralKey('P-256').privateKey, createPublicKey(annexD.deviceKey()), annexD.transcriptBytes());
    const data = new SessionCipher('device', keys).encrypt(Uint8Array.of(1, 2, 3));
    expect(() => new SessionCipher('reader', other).decrypt(data)).toThrow(expect.objectContaining({ code: 'ERR_SESSION_DECRYPT' }));
    const tampered = data.slice();
    tampered[0]! ^= 1;
    expect(() => new SessionCipher('reader', keys).decrypt(tampered)).toThrow(expect.objectContaining({ code: 'ERR_SESSION_DECRYPT' }));
    const own = new SessionCipher('reader', keys).encrypt(Uint8Array.of(1));
    expect(() => new SessionCipher('reader', keys).decrypt(own)).toThrow(expect.objectContaining({ code: 'ERR_SESSION_DECRYPT' }));
    expect(() => new SessionCipher('reader', keys).decrypt(new Uint8Array(8))).toThrow(expect.objectContaining({ code: 'ERR_SESSION_DECRYPT' }));
  });

  it.each(['P-256', 'P-384', 'X25519'])('agrees on the same keys on %s from both sides', (curve) => {
    const reader = generateEphemeralKey(curve);
    const device = generateEphemeralKey(curve);
    const transcript = Uint8Array.of(0xd8, 0x18, 0x41, 0x80);
    expect(deriveSessionKeys(reader.privateKey, device.publicKey, transcript)).toEqual(deriveSessionKeys(device.privateKey, reader.publicKey, transcript));
    expect(decodeCbor(reader.keyBytes)).toBeInstanceOf(EncodedCbor);
  });

  it('refuses keys on different curves with ERR_ENGAGEMENT_KEY and curves that cannot agree with ERR_INVALID_ARG_VALUE', () => {
    expect(() => deriveSessionKeys(generateEphemeralKey('P-256').privateKey, generateEphemeralKey('P-384').publicKey, new Uint8Array(1))).toThrow(
      expect.objectContaining({ code: 'ERR_ENGAGEMENT_KEY' }),
    );
    expect(() => generateEphemeralKey('Ed25519')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  });

  const malformed: [string, Uint8Array, (b: Uint8Array) => unknown][] = [
    ['SessionData that is not a map', Uint8Array.of(0x80), parseSessionData],
    ['SessionData with neither data nor status', Uint8Array.of(0xa0), parseSessionData],
    ['SessionData with a text status', Uint8Array.of(0xa1, 0x66, ...Buffer.from('status'), 0x61, 0x78), parseSessionData],
    ['truncated SessionEstablishment', annexD.sessionEstablishment().subarray(0, 50), parseSessionEstablishment],
    ['SessionEstablishment without data', Uint8Array.of(0xa0), parseSessionEstablishment],
  ];
  it.each(malformed)('refuses %s with ERR_SESSION_STRUCTURE', (_, bytes, parse) => {
    expect(() => parse(bytes)).toThrow(expect.objectContaining({ code: 'ERR_SESSION_STRUCTURE' }));
  });
});
