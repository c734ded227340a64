import { createPublicKey } from 'node:crypto';
import { decodeCbor, encodeCbor, EncodedCbor, publicKeyToCoseKey } from '@uketori/mdoc';
import { describe, expect, it } from 'vitest';
import {
  buildHandoverRequest,
  buildSessionTranscript,
  encodeDeviceEngagement,
  encodeHandoverSelect,
  encodeNdefMessage,
  generateEphemeralKey,
  parseHandoverRequest,
  parseHandoverSelect,
  parseNdefMessage,
  Tnf,
  type Carrier,
} from '../src/index.js';
import { annexD } from './helpers/vectors.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Annex D was made over NFC negotiated handover: its transcript holds [Hs, Hr]. */
function annexDHandover(): { hs: Uint8Array; hr: Uint8Array } {
  const [, , [hs, hr]] = (decodeCbor(annexD.transcriptBytes()) as EncodedCbor).decode() as [unknown, unknown, [Uint8Array, Uint8Array]];
  return { hs, hr };
}

const code = (c: string) => expect.objectContaining({ code: c });

describe('NFC negotiated handover (ISO/IEC 18013-5 §8.2.2.1, Connection Handover 1.5)', () => {
  it('reads the Annex D Handover Request: collision resolution and BLE, NFC and Wi-Fi Aware carriers', () => {
    const hr = parseHandoverRequest(annexDHandover().hr);
    expect(hr.version).toBe('1.5');
    expect(hr.collisionResolution).toBe(0x0102);
    expect(hr.carriers.map((c) => [c.id, c.carrier.type, c.powerState])).toEqual([
      ['0', 'ble', 'active'],
      ['nfc', 'nfc', 'active'],
      ['W', 'other', 'active'],
    ]);
    // LE Role 2 from the reader (both, reader peripheral preferred) = mdoc central client preferred
    expect(hr.carriers[0]!.carrier).toEqual({
      type: 'ble',
      centralClientMode: true,
      peripheralServerMode: true,
      preferred: 'central-client',
      uuid: '3a82d455-d5fc-4db3-bea0-6fd2f6ff32c8',
      deviceAddress: Uint8Array.of(0x28, 0x07, 0x80, 0x80, 0xbf, 0x28, 0x01),
    });
  });

  it('builds the Annex D Handover Request byte for byte from the same carriers', () => {
    const { hr } = annexDHandover();
    const parsed = parseHandoverRequest(hr);
    const built = buildHandoverRequest({ carriers: parsed.carriers.map((c) => c.carrier), collisionResolution: 0x0102 });
    expect(hex(built.bytes)).toBe(hex(hr));
  });

  it('reads the Annex D Handover Select against its request: engagement, BLE central client mode with the offered UUID', () => {
    const { hs, hr } = annexDHandover();
    const select = parseHandoverSelect(hs, { handoverRequest: hr });
    expect(select.kind).toBe('negotiated');
    expect(hex(select.engagement.eDeviceKeyBytes)).toBe(hex(annexD.eDeviceKeyBytes()));
    expect(select.carriers[0]!.auxiliaryDataReferences).toEqual(['mdoc']);
    expect(select.retrievalMethods).toEqual([
      {
        type: 'ble',
        version: 1,
        peripheralServerMode: false,
        centralClientMode: true,
        centralClientUuid: '3a82d455-d5fc-4db3-bea0-6fd2f6ff32c8',
        deviceAddress: Uint8Array.of(0x28, 0x12, 0x8b, 0x37, 0x28, 0x28),
      },
    ]);
    expect(select.handover).toEqual({ type: 'nfc', handoverSelect: hs, handoverRequest: hr });
    // … and its handover reproduces the Annex D SessionTranscriptBytes
    const eReaderKeyBytes = new EncodedCbor(encodeCbor(publicKeyToCoseKey(createPublicKey(annexD.readerKey())))).bytesWithTag();
    const st = buildSessionTranscript({ deviceEngagementBytes: select.engagement.taggedBytes, eReaderKeyBytes, handover: select.handover });
    expect(hex(st.bytes)).toBe(hex(annexD.transcriptBytes()));
  });

  it('encodes the Annex D Handover Select byte for byte, as an mdoc would', () => {
    const { hs } = annexDHandover();
    const select = parseHandoverSelect(hs);
    expect(select.kind).toBe('static');
    // without the request the BLE carrier has no UUID, so it is not yet a usable retrieval method
    expect(select.retrievalMethods).toEqual([]);
    const again = encodeHandoverSelect({ deviceEngagement: select.engagement.bytes, carriers: select.carriers.map((c) => c.carrier) });
    expect(hex(again)).toBe(hex(hs));
  });

  it('round-trips a request and a select for every BLE mode, NFC lengths and a raw carrier', () => {
    const uuid = '00112233-4455-6677-8899-aabbccddeeff';
    const carriers: Carrier[] = [
      { type: 'ble', centralClientMode: true, peripheralServerMode: false, uuid },
      { type: 'nfc', maxCommandDataLength: 255, maxResponseDataLength: 65_536 },
      { type: 'other', record: { tnf: Tnf.mimeMedia, type: 'application/vnd.wfa.nan', id: Uint8Array.of(0x57), payload: Uint8Array.of(1, 2) } },
    ];
    const hr = buildHandoverRequest({ carriers });
    expect(parseHandoverRequest(hr.bytes).carriers.map((c) => c.carrier)).toEqual(carriers);
    expect(hr.collisionResolution).toBeGreaterThanOrEqual(0);
    for (const [central, peripheral, preferred] of [[true, false, undefined], [false, true, undefined], [true, true, 'central-client'], [true, true, 'peripheral-server']] as const) {
      const ble = { type: 'ble', centralClientMode: central, peripheralServerMode: peripheral, uuid, ...(preferred === undefined ? {} : { preferred }) } as const;
      expect(parseHandoverRequest(buildHandoverRequest({ carriers: [ble] }).bytes).carriers[0]!.carrier).toEqual(ble);
      const engagement = encodeDeviceEngagement({ eDeviceKey: generateEphemeralKey('P-256').privateKey });
      const hs = parseHandoverSelect(encodeHandoverSelect({ deviceEngagement: engagement, carriers: [ble] }));
      expect(hs.carriers[0]!.carrier).toEqual(ble);
      expect(hex(hs.engagement.bytes)).toBe(hex(engagement));
    }
    const select = parseHandoverSelect(
      encodeHandoverSelect({ deviceEngagement: encodeDeviceEngagement({ eDeviceKey: generateEphemeralKey('P-256').privateKey }), carriers: carriers.slice(1) }),
      { handoverRequest: hr.bytes },
    );
    expect(select.retrievalMethods).toEqual([
      { type: 'nfc', version: 1, maxCommandDataLength: 255, maxResponseDataLength: 65_536 },
      { type: 'other', typeId: 3, version: 1, options: Uint8Array.of(1, 2) },
    ]);
  });

  it('refuses a Handover Select that picks a carrier the reader did not offer', () => {
    const hr = buildHandoverRequest({ carriers: [{ type: 'nfc', maxCommandDataLength: 255, maxResponseDataLength: 255 }] });
    const engagement = encodeDeviceEngagement({ eDeviceKey: generateEphemeralKey('P-256').privateKey });
    const hs = encodeHandoverSelect({ deviceEngagement: engagement, carriers: [{ type: 'ble', centralClientMode: true, peripheralServerMode: false }] });
    expect(() => parseHandoverSelect(hs, { handoverRequest: hr.bytes })).toThrow(code('ERR_ENGAGEMENT_STRUCTURE'));
  });

  it('refuses a BLE mode the reader did not offer, and gives the offered UUID only to mdoc central client mode', () => {
    const uuid = '00112233-4455-6677-8899-aabbccddeeff';
    const engagement = encodeDeviceEngagement({ eDeviceKey: generateEphemeralKey('P-256').privateKey });
    const centralOnly = buildHandoverRequest({ carriers: [{ type: 'ble', centralClientMode: true, peripheralServerMode: false, uuid }] });
    const peripheral = encodeHandoverSelect({ deviceEngagement: engagement, carriers: [{ type: 'ble', centralClientMode: false, peripheralServerMode: true }] });
    expect(() => parseHandoverSelect(peripheral, { handoverRequest: centralOnly.bytes })).toThrow(code('ERR_ENGAGEMENT_STRUCTURE'));
    // offered both; the mdoc picks peripheral server mode without a UUID: the reader's UUID is not its
    const both = buildHandoverRequest({ carriers: [{ type: 'ble', centralClientMode: true, peripheralServerMode: true, uuid }] });
    const picked = parseHandoverSelect(peripheral, { handoverRequest: both.bytes });
    expect(picked.carriers[0]!.carrier).toEqual({ type: 'ble', centralClientMode: false, peripheralServerMode: true });
    expect(picked.retrievalMethods).toEqual([]);
    // the mdoc picks central client mode: it connects to the reader's UUID
    const central = encodeHandoverSelect({ deviceEngagement: engagement, carriers: [{ type: 'ble', centralClientMode: true, peripheralServerMode: false }] });
    expect(parseHandoverSelect(central, { handoverRequest: both.bytes }).retrievalMethods).toEqual([
      { type: 'ble', version: 1, peripheralServerMode: false, centralClientMode: true, centralClientUuid: uuid },
    ]);
  });

  it('keeps BLE AD structures it does not know (such as an L2CAP PSM) and writes them back', () => {
    const ble: Carrier = { type: 'ble', centralClientMode: false, peripheralServerMode: true, uuid: '00112233-4455-6677-8899-aabbccddeeff', otherAdStructures: [{ type: 0x77, value: Uint8Array.of(0x10, 0x01) }] };
    const engagement = encodeDeviceEngagement({ eDeviceKey: generateEphemeralKey('P-256').privateKey });
    expect(parseHandoverSelect(encodeHandoverSelect({ deviceEngagement: engagement, carriers: [ble] })).carriers[0]!.carrier).toEqual(ble);
    expect(() => buildHandoverRequest({ carriers: [{ ...ble, otherAdStructures: [{ type: 0x1c, value: Uint8Array.of(0) }] }] })).toThrow(code('ERR_INVALID_ARG_VALUE'));
  });

  it('gives no NFC retrieval method for an NFC carrier without both data field lengths', () => {
    const nfc: Carrier = { type: 'nfc', maxCommandDataLength: 255 };
    const engagement = encodeDeviceEngagement({ eDeviceKey: generateEphemeralKey('P-256').privateKey });
    const hs = parseHandoverSelect(encodeHandoverSelect({ deviceEngagement: engagement, carriers: [nfc] }));
    expect(hs.carriers[0]!.carrier).toEqual(nfc);
    expect(hs.retrievalMethods).toEqual([]);
  });

  it('refuses bad arguments to the builder with argument codes', () => {
    expect(() => buildHandoverRequest({ carriers: [] })).toThrow(code('ERR_INVALID_ARG_VALUE'));
    expect(() => buildHandoverRequest({ carriers: [{ type: 'ble', centralClientMode: false, peripheralServerMode: false }] })).toThrow(code('ERR_INVALID_ARG_VALUE'));
    expect(() => buildHandoverRequest({ carriers: [{ type: 'ble', centralClientMode: true, peripheralServerMode: false, uuid: 'nope' }] })).toThrow(code('ERR_INVALID_ARG_TYPE'));
    expect(() => buildHandoverRequest({ carriers: [{ type: 'nfc' }], collisionResolution: 70_000 })).toThrow(code('ERR_INVALID_ARG_VALUE'));
    expect(() => buildHandoverRequest({ carriers: [{ type: 'wifi' } as never] })).toThrow(code('ERR_INVALID_ARG_TYPE'));
  });

  // Malformed input: mutations of the Annex D messages, each a coded error and never a crash.
  const record = (type: string, payload: Uint8Array, tnf: number = Tnf.wellKnown, id = '') => ({ tnf, type, id: new Uint8Array(Buffer.from(id)), payload });
  const malformed: [string, () => Uint8Array, (b: Uint8Array) => unknown][] = [
    ['an empty message', () => new Uint8Array(), (b) => parseHandoverSelect(b)],
    ['a truncated select', () => annexDHandover().hs.subarray(0, 20), (b) => parseHandoverSelect(b)],
    ['a truncated request', () => annexDHandover().hr.subarray(0, annexDHandover().hr.length - 3), parseHandoverRequest],
    ['a select that starts with Hr', () => annexDHandover().hr, (b) => parseHandoverSelect(b)],
    ['a request that starts with Hs', () => annexDHandover().hs, parseHandoverRequest],
    ['a select of version 2.0', () => { const m = parseNdefMessage(annexDHandover().hs); return encodeNdefMessage([{ ...m[0]!, payload: Uint8Array.of(0x20, ...m[0]!.payload.subarray(1)) }, ...m.slice(1)]); }, (b) => parseHandoverSelect(b)],
    ['a select without a DeviceEngagement record', () => encodeNdefMessage(parseNdefMessage(annexDHandover().hs).slice(0, 2)), (b) => parseHandoverSelect(b)],
    ['an Alternative Carrier pointing nowhere', () => encodeNdefMessage([record('Hr', Uint8Array.of(0x15, ...encodeNdefMessage([record('ac', Uint8Array.of(1, 1, 0x5a, 0))])))]), parseHandoverRequest],
    ['a truncated Alternative Carrier', () => encodeNdefMessage([record('Hr', Uint8Array.of(0x15, ...encodeNdefMessage([record('ac', Uint8Array.of(1, 9, 0x30))])))]), parseHandoverRequest],
    ['a request with no carrier', () => encodeNdefMessage([record('Hr', Uint8Array.of(0x15))]), parseHandoverRequest],
    ['a 3-byte collision resolution', () => encodeNdefMessage([record('Hr', Uint8Array.of(0x15, ...encodeNdefMessage([record('cr', Uint8Array.of(1, 2, 3))])))]), parseHandoverRequest],
    ['an mdoc Error record', () => encodeNdefMessage([record('Hs', Uint8Array.of(0x15, ...encodeNdefMessage([record('err', Uint8Array.of(1, 0))])))]), (b) => parseHandoverSelect(b)],
    ['a BLE record without LE Role', () => { const m = parseNdefMessage(annexDHandover().hr); return encodeNdefMessage([m[0]!, { ...m[1]!, payload: m[1]!.payload.subarray(0, 9) }, ...m.slice(2)]); }, parseHandoverRequest],
    ['a BLE record with a truncated AD', () => { const m = parseNdefMessage(annexDHandover().hr); return encodeNdefMessage([m[0]!, { ...m[1]!, payload: m[1]!.payload.subarray(0, 20) }, ...m.slice(2)]); }, parseHandoverRequest],
    ['an NFC carrier of version 2', () => { const m = parseNdefMessage(annexDHandover().hr); return encodeNdefMessage([m[0]!, m[1]!, { ...m[2]!, payload: Uint8Array.of(2) }, m[3]!]); }, parseHandoverRequest],
    ['a chunked record', () => Uint8Array.of(0xb1, 0x02, 0x01, 0x48, 0x73, 0x15), parseHandoverRequest],
  ];
  it.each(malformed)('refuses %s with ERR_ENGAGEMENT_STRUCTURE', (_, make, parse) => {
    expect(() => parse(make())).toThrow(code('ERR_ENGAGEMENT_STRUCTURE'));
  });

  it('never crashes on random bytes or on random mutations of the Annex D messages', () => {
    const { hs, hr } = annexDHandover();
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256);
    for (let i = 0; i < 400; i++) {
      const base = (i % 2 === 0 ? hs : hr).slice();
      for (let k = 0; k < 3; k++) base[rand() % base.length] = rand();
      for (const parse of [(b: Uint8Array) => parseHandoverSelect(b, { handoverRequest: hr }), parseHandoverRequest]) {
        try {
          parse(base);
        } catch (err) {
          expect((err as { code?: string }).code).toMatch(/^ERR_(ENGAGEMENT_STRUCTURE|ENGAGEMENT_KEY|ENGAGEMENT_CIPHER_SUITE)$/);
        }
      }
    }
  });
});
