import { createPublicKey } from 'node:crypto';
import { decodeCbor, encodeCbor, EncodedCbor, publicKeyToCoseKey } from '@uketori/mdoc';
import { describe, expect, it } from 'vitest';
import { buildSessionTranscript, deviceEngagementFromHandoverSelect, parseDeviceEngagement, parseNdefMessage } from '../src/index.js';
import { annexD } from './helpers/vectors.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function annexDHandover(): [Uint8Array, Uint8Array] {
  const tagged = decodeCbor(annexD.transcriptBytes()) as EncodedCbor;
  const [, , handover] = tagged.decode() as [unknown, unknown, [Uint8Array, Uint8Array]];
  return handover;
}

describe('SessionTranscript (ISO/IEC 18013-5 §9.1.5.1)', () => {
  // The Annex D transcript was made over NFC: its DeviceEngagement is the one in the Handover
  // Select message (version and Security only), not the QR engagement of D.3.1.
  it('reproduces the Annex D SessionTranscriptBytes from the NFC engagement, the reader key and the handover', () => {
    const [handoverSelect, handoverRequest] = annexDHandover();
    const engagement = deviceEngagementFromHandoverSelect(handoverSelect);
    expect(engagement.retrievalMethods).toEqual([]);
    expect(hex(engagement.eDeviceKeyBytes)).toBe(hex(annexD.eDeviceKeyBytes()));
    const eReaderKeyBytes = new EncodedCbor(encodeCbor(publicKeyToCoseKey(createPublicKey(annexD.readerKey())))).bytesWithTag();
    const st = buildSessionTranscript({ deviceEngagementBytes: engagement.taggedBytes, eReaderKeyBytes, handover: { type: 'nfc', handoverSelect, handoverRequest } });
    expect(hex(st.bytes)).toBe(hex(annexD.transcriptBytes()));
    expect(hex(st.bytes)).toContain(hex(st.transcript));
  });

  it('uses null as the QR handover and [Hs, null] for a static NFC handover', () => {
    const engagement = parseDeviceEngagement(annexD.engagement());
    const eReaderKeyBytes = annexD.eDeviceKeyBytes();
    const qr = decodeCbor(buildSessionTranscript({ deviceEngagementBytes: engagement.taggedBytes, eReaderKeyBytes, handover: { type: 'qr' } }).transcript) as unknown[];
    expect(qr).toHaveLength(3);
    expect(qr[2]).toBeNull();
    const hs = Uint8Array.of(1, 2, 3);
    const nfc = decodeCbor(buildSessionTranscript({ deviceEngagementBytes: engagement.taggedBytes, eReaderKeyBytes, handover: { type: 'nfc', handoverSelect: hs } }).transcript) as unknown[];
    expect(nfc[2]).toEqual([hs, null]);
  });

  it('splices the engagement bytes unchanged, even in a non-preferred encoding', () => {
    // a 1-byte length written with a 2-byte header: re-encoding would change it
    const inner = encodeCbor(new Map([[0, '1.0']]));
    const odd = Uint8Array.of(0xd8, 0x18, 0x59, 0x00, inner.length, ...inner);
    const st = buildSessionTranscript({ deviceEngagementBytes: odd, eReaderKeyBytes: annexD.eDeviceKeyBytes(), handover: { type: 'qr' } });
    expect(hex(st.transcript).startsWith('83' + hex(odd))).toBe(true);
  });

  it('splits the Annex D Handover Select message into its NDEF records', () => {
    const records = parseNdefMessage(annexDHandover()[0]);
    expect(records.map((r) => r.type)).toEqual(['Hs', 'application/vnd.bluetooth.le.oob', 'iso.org:18013:deviceengagement']);
    expect(() => parseNdefMessage(annexDHandover()[0].subarray(0, 30))).toThrow(expect.objectContaining({ code: 'ERR_ENGAGEMENT_STRUCTURE' }));
    expect(() => deviceEngagementFromHandoverSelect(records[0]!.payload)).toThrow(expect.objectContaining({ code: 'ERR_ENGAGEMENT_STRUCTURE' }));
  });

  it('refuses inputs that are not tag-24 bytes', () => {
    expect(() => buildSessionTranscript({ deviceEngagementBytes: annexD.engagement(), eReaderKeyBytes: annexD.eDeviceKeyBytes(), handover: { type: 'qr' } })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
    expect(() =>
      buildSessionTranscript({ deviceEngagementBytes: annexD.eDeviceKeyBytes(), eReaderKeyBytes: annexD.eDeviceKeyBytes(), handover: { type: 'ble' } as never }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
  });
});
