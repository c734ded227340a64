import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { decodeCbor, encodeCbor, EncodedCbor } from '@uketori/mdoc';
import { describe, expect, it } from 'vitest';
import { deviceEngagementUri, encodeDeviceEngagement, parseDeviceEngagement, parseDeviceEngagementUri } from '../src/index.js';
import { annexD } from './helpers/vectors.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('DeviceEngagement (ISO/IEC 18013-5 §8.2.1.1)', () => {
  it('reads the Annex D engagement: version, EDeviceKey and BLE central client mode with its UUID', () => {
    const bytes = annexD.engagement();
    const e = parseDeviceEngagement(bytes);
    expect(e.version).toBe('1.0');
    expect(e.cipherSuite).toBe(1);
    expect(e.bytes).toBe(bytes);
    expect(hex(e.eDeviceKeyBytes)).toBe(hex(annexD.eDeviceKeyBytes()));
    expect(e.eDeviceKey.curve).toBe('P-256');
    const expected = createPublicKey(annexD.deviceKey()).export({ format: 'jwk' });
    expect(e.eDeviceKey.key.export({ format: 'jwk' })).toEqual(expected);
    expect(e.eDeviceCoseKey.get(-1)).toBe(1);
    expect(e.retrievalMethods).toEqual([
      { type: 'ble', version: 1, peripheralServerMode: false, centralClientMode: true, centralClientUuid: '45efef74-2b2c-4837-a9a3-b0e1d05a6917' },
    ]);
    expect(e.otherKeys.size).toBe(0);
  });

  it('keeps DeviceEngagementBytes as #6.24 around the bytes as received', () => {
    const bytes = annexD.engagement();
    const e = parseDeviceEngagement(bytes);
    expect(hex(e.taggedBytes)).toBe(hex(new EncodedCbor(bytes).bytesWithTag()));
    expect(hex(e.taggedBytes)).toBe('d8185874' + hex(bytes));
  });

  it('reads the engagement from a QR mdoc: URI, with or without padding', () => {
    const bytes = annexD.engagement();
    const uri = deviceEngagementUri(bytes);
    expect(uri.startsWith('mdoc:')).toBe(true);
    expect(hex(parseDeviceEngagementUri(uri).bytes)).toBe(hex(bytes));
    expect(hex(parseDeviceEngagementUri(`mdoc:${Buffer.from(bytes).toString('base64url')}=`).bytes)).toBe(hex(bytes));
  });

  it('rejects texts that are not mdoc: URIs', () => {
    for (const text of ['', 'https://example.com', 'mdoc:', 'mdoc:abc+/', 'MDOC-owBj']) {
      expect(() => parseDeviceEngagementUri(text)).toThrow(expect.objectContaining({ code: 'ERR_ENGAGEMENT_STRUCTURE' }));
    }
  });

  it('tolerates the 2nd-edition keys 5 and 6 and keeps them in the received bytes', () => {
    const original = decodeCbor(annexD.engagement()) as Map<number, unknown>;
    const m = new Map(original);
    m.set(0, '1.1');
    m.set(5, [['https://example.com', 1]]);
    m.set(6, new Map([[1, true]]));
    const bytes = encodeCbor(m);
    const e = parseDeviceEngagement(bytes);
    expect(e.version).toBe('1.1');
    expect(e.otherKeys.get(5)).toEqual([['https://example.com', 1]]);
    expect(e.otherKeys.get(6)).toEqual(new Map([[1, true]]));
    expect(e.bytes).toBe(bytes);
  });

  it('reads 2nd-edition OriginInfos (key 5) and Capabilities (key 6), keeping unknown capabilities', () => {
    const m = new Map(decodeCbor(annexD.engagement()) as Map<number, unknown>);
    m.set(0, '1.1');
    m.set(5, [new Map<string, unknown>([['cat', 1], ['type', 1], ['details', 'https://shop.example']])]);
    m.set(6, new Map<number, unknown>([[2, true], [3, true], [4, true]]));
    const e = parseDeviceEngagement(encodeCbor(m));
    expect(e.originInfos).toEqual([{ cat: 1, type: 1, details: 'https://shop.example' }]);
    expect(e.capabilities).toEqual({ handoverSessionEstablishmentSupport: true, readerAuthAllSupport: true, other: new Map([[4, true]]) });
    // odd encodings of these advisory keys are kept raw, not refused: the bytes go into the transcript as received
    m.set(5, 'not an array');
    m.set(6, new Map([[3, 'yes']]));
    const odd = parseDeviceEngagement(encodeCbor(m));
    expect(odd.originInfos).toBeUndefined();
    expect(odd.capabilities).toEqual({ other: new Map([[3, 'yes']]) });
    expect(odd.otherKeys.get(5)).toBe('not an array');
    // a 1.0 engagement has neither
    expect(parseDeviceEngagement(annexD.engagement()).capabilities).toBeUndefined();
  });

  it('keeps BLE options it does not know (such as an L2CAP PSM of a later edition) as received', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const bytes = encodeDeviceEngagement({ eDeviceKey: privateKey, retrievalMethods: [[2, 1, new Map<number, unknown>([[0, false], [1, true], [11, new Uint8Array(16)], [12, 0x1001]])]] });
    const [ble] = parseDeviceEngagement(bytes).retrievalMethods;
    expect(ble).toMatchObject({ type: 'ble', centralClientMode: true, otherOptions: new Map([[12, 0x1001]]) });
  });

  it('reads NFC and Wi-Fi Aware retrieval options and BLE peripheral server mode', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const bytes = encodeDeviceEngagement({
      eDeviceKey: privateKey,
      retrievalMethods: [
        [1, 1, new Map([[0, 255], [1, 256]])],
        [2, 1, new Map<number, unknown>([[0, true], [1, false], [10, new Uint8Array(16).fill(0xab)], [20, Uint8Array.of(1, 2, 3, 4, 5, 6)]])],
        [3, 1, new Map<number, unknown>([[0, 'secret'], [1, 81], [2, 6], [3, Uint8Array.of(0x14)]])],
        [9, 1, new Map()],
      ],
    });
    const e = parseDeviceEngagement(bytes);
    expect(e.eDeviceKey.curve).toBe('P-384');
    expect(e.retrievalMethods).toEqual([
      { type: 'nfc', version: 1, maxCommandDataLength: 255, maxResponseDataLength: 256 },
      {
        type: 'ble',
        version: 1,
        peripheralServerMode: true,
        centralClientMode: false,
        peripheralServerUuid: 'abababab-abab-abab-abab-abababababab',
        deviceAddress: Uint8Array.of(1, 2, 3, 4, 5, 6),
      },
      { type: 'wifi-aware', version: 1, passphrase: 'secret', operatingClass: 81, channelNumber: 6, supportedBands: Uint8Array.of(0x14) },
      { type: 'other', typeId: 9, version: 1, options: new Map() },
    ]);
  });

  it('accepts an X25519 EDeviceKey and refuses an Ed25519 one, which cannot agree on session keys', () => {
    const { privateKey } = generateKeyPairSync('x25519');
    expect(parseDeviceEngagement(encodeDeviceEngagement({ eDeviceKey: privateKey })).eDeviceKey.curve).toBe('X25519');
    const ed = generateKeyPairSync('ed25519').privateKey;
    expect(() => parseDeviceEngagement(encodeDeviceEngagement({ eDeviceKey: ed }))).toThrow(expect.objectContaining({ code: 'ERR_ENGAGEMENT_KEY' }));
  });

  const base = () => new Map(decodeCbor(annexD.engagement()) as Map<number, unknown>);
  const mutations: [string, (m: Map<number, unknown>) => unknown, string][] = [
    ['a missing version', (m) => m.delete(0), 'ERR_ENGAGEMENT_STRUCTURE'],
    ['a version 2.0', (m) => m.set(0, '2.0'), 'ERR_ENGAGEMENT_STRUCTURE'],
    ['a missing Security', (m) => m.delete(1), 'ERR_ENGAGEMENT_STRUCTURE'],
    ['cipher suite 2', (m) => m.set(1, [2, (m.get(1) as unknown[])[1]]), 'ERR_ENGAGEMENT_CIPHER_SUITE'],
    ['an untagged EDeviceKeyBytes', (m) => m.set(1, [1, (m.get(1) as [number, EncodedCbor])[1].bytes]), 'ERR_ENGAGEMENT_STRUCTURE'],
    ['an EDeviceKey off its curve', (m) => {
      const key = new Map((m.get(1) as [number, EncodedCbor])[1].decode() as Map<number, unknown>);
      key.set(-3, new Uint8Array(32));
      m.set(1, [1, new EncodedCbor(encodeCbor(key))]);
    }, 'ERR_ENGAGEMENT_KEY'],
    ['a retrieval method that is not an array', (m) => m.set(2, [7]), 'ERR_ENGAGEMENT_STRUCTURE'],
    ['a BLE UUID of 15 bytes', (m) => m.set(2, [[2, 1, new Map<number, unknown>([[0, false], [1, true], [11, new Uint8Array(15)]])]]), 'ERR_ENGAGEMENT_STRUCTURE'],
    ['a text key', (m) => (m as Map<unknown, unknown>).set('x', 1), 'ERR_ENGAGEMENT_STRUCTURE'],
  ];
  it.each(mutations)('rejects an engagement with %s', (_, mutate, code) => {
    const m = base();
    mutate(m);
    expect(() => parseDeviceEngagement(encodeCbor(m))).toThrow(expect.objectContaining({ code }));
  });

  it('rejects truncated and oversized input with a code, not a crash', () => {
    const bytes = annexD.engagement();
    expect(() => parseDeviceEngagement(bytes.subarray(0, 40))).toThrow(expect.objectContaining({ code: 'ERR_ENGAGEMENT_STRUCTURE' }));
    expect(() => parseDeviceEngagement(new Uint8Array(20_000))).toThrow(expect.objectContaining({ code: 'ERR_ENGAGEMENT_STRUCTURE' }));
  });
});
