import { X509Certificate } from 'node:crypto';
import { encodeCbor } from '@uketori/mdoc';
import { describe, expect, it } from 'vitest';
import { createTestPki, createTestReaderPki, generateDeviceKey, issueMyNumberCard, READER_AUTH_EKU, respond } from '../src/index.js';

const NOW = new Date('2026-10-01T00:00:00Z');

describe('test reader certificates (ISO/IEC 18013-5 Annex B.1.7)', () => {
  it('issues a reader certificate with the reader EKU under a CA root, an expired one and one with the DS EKU', async () => {
    const readers = await createTestReaderPki({ now: NOW });
    const root = new X509Certificate(readers.root.der);
    expect(root.ca).toBe(true);
    const reader = new X509Certificate(readers.reader.der);
    expect(reader.ca).toBe(false);
    expect(reader.keyUsage).toEqual([READER_AUTH_EKU]);
    expect(reader.verify(root.publicKey)).toBe(true);
    expect(reader.subject).toContain('TEST');
    expect(readers.expiredReader.notAfter.getTime()).toBeLessThan(NOW.getTime());
    expect(new X509Certificate(readers.wrongEkuReader.der).keyUsage).toEqual(['1.0.18013.5.1.2']);
  });

  it('refuses a curve it cannot make certificates on', async () => {
    await expect(createTestReaderPki({ curve: 'P-521' as never })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });
});

describe('X25519 device keys', () => {
  it('can MAC (ECDH with an X25519 reader key) but not sign', async () => {
    const pki = await createTestPki({ now: NOW });
    const card = await issueMyNumberCard({ pki, deviceKey: 'X25519' });
    expect(card.deviceKey.curve).toBe('X25519');
    const sessionTranscript = encodeCbor([null, null, null]);
    const request = [{ docType: 'org.iso.23220.1.jp.mnc', nameSpaces: { 'org.iso.23220.1': ['age_over_20'] } }];
    const reader = generateDeviceKey('X25519');
    expect(await respond({ credentials: [card], request, sessionTranscript, deviceAuth: 'mac', readerEphemeralPublicKey: reader.publicKey, now: NOW })).toBeInstanceOf(Uint8Array);
    await expect(respond({ credentials: [card], request, sessionTranscript, deviceAuth: 'signature', now: NOW })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });
});
