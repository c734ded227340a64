import { X509Certificate } from 'node:crypto';
import { decodeCbor, encodeCbor, EncodedCbor } from '@uketori/mdoc';
import { getPurpose } from '@uketori/policy';
import { createTestPki } from '@uketori/test-sender';
import { describe, expect, it } from 'vitest';
import { buildDeviceRequest, parseDeviceRequest, verifyDeviceRequest, readerAuthenticationAllBytes, readerAuthenticationBytes, skipReaderTrust, verifyReaderAuth } from '../src/index.js';
import { annexD } from './helpers/vectors.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const NOW = new Date('2026-10-01T03:00:00Z');

function annexDTranscript(): Uint8Array {
  return (decodeCbor(annexD.transcriptBytes()) as EncodedCbor).bytes;
}

describe('DeviceRequest and readerAuth (ISO/IEC 18013-5 §8.3.2.1.2.1, §9.1.4)', () => {
  it('builds ReaderAuthenticationBytes of Annex D from its transcript and ItemsRequestBytes', () => {
    const [doc] = parseDeviceRequest(annexD.deviceRequest()).docRequests;
    expect(hex(doc!.itemsRequest.bytes)).toBe(hex(annexD.itemsRequest()));
    expect(hex(readerAuthenticationBytes(annexDTranscript(), doc!.itemsRequest.bytesWithTag()))).toBe(hex(annexD.readerAuthenticationBytes()));
  });

  it('verifies the Annex D readerAuth over the Annex D request and transcript, with the reader certificate', async () => {
    const { version, docRequests } = parseDeviceRequest(annexD.deviceRequest());
    expect(version).toBe('1.0');
    const doc = docRequests[0]!;
    const { certificateChain, reader } = await verifyReaderAuth(doc.readerAuth, readerAuthenticationBytes(annexDTranscript(), doc.itemsRequest.bytesWithTag()), { trust: skipReaderTrust });
    expect(reader).toBeUndefined();
    expect(hex(new Uint8Array(certificateChain[0]!.raw))).toBe(hex(annexD.readerCertDer()));
    // the certificate chains to the Annex D reader root
    expect(certificateChain[0]!.verify(new X509Certificate(annexD.readerRootDer()).publicKey)).toBe(true);
  });

  it('refuses the Annex D readerAuth over another transcript or another ItemsRequest with ERR_READER_AUTH', async () => {
    const doc = parseDeviceRequest(annexD.deviceRequest()).docRequests[0]!;
    const transcript = annexDTranscript().slice();
    transcript[transcript.length - 1]! ^= 1;
    await expect(verifyReaderAuth(doc.readerAuth, readerAuthenticationBytes(transcript, doc.itemsRequest.bytesWithTag()), { trust: skipReaderTrust })).rejects.toMatchObject({ code: 'ERR_READER_AUTH' });
    const items = new EncodedCbor(Uint8Array.of(0xa0)).bytesWithTag();
    await expect(verifyReaderAuth(doc.readerAuth, readerAuthenticationBytes(annexDTranscript(), items), { trust: skipReaderTrust })).rejects.toMatchObject({ code: 'ERR_READER_AUTH' });
  });

  it('refuses a malformed readerAuth with ERR_READER_AUTH_STRUCTURE', async () => {
    const doc = parseDeviceRequest(annexD.deviceRequest()).docRequests[0]!;
    const options = readerAuthenticationBytes(annexDTranscript(), doc.itemsRequest.bytesWithTag());
    const [p, , , sig] = doc.readerAuth as unknown[];
    for (const bad of [null, [p, new Map(), null, sig], [p, new Map([[33, Uint8Array.of(1, 2)]]), null, sig], [p, (doc.readerAuth as unknown[])[1], Uint8Array.of(1), sig]]) {
      await expect(verifyReaderAuth(bad, options, { trust: skipReaderTrust })).rejects.toMatchObject({ code: 'ERR_READER_AUTH_STRUCTURE' });
    }
  });

  it('builds a version 1.0 request from a purpose through the policy gate, with intent_to_retain from the purpose and a verifiable readerAuth', async () => {
    const pki = await createTestPki({ now: NOW });
    const purpose = getPurpose('aml_kyc_jp');
    const sessionTranscript = annexDTranscript();
    const built = buildDeviceRequest({ purpose, now: NOW, sessionTranscript, readerAuth: { privateKey: pki.ds.privateKey, certificateChain: [pki.ds.der, pki.iaca.der] } });
    const { version, docRequests } = parseDeviceRequest(built.bytes);
    expect(version).toBe('1.0');
    expect(docRequests).toHaveLength(1);
    const items = docRequests[0]!.itemsRequest;
    expect(hex(items.bytesWithTag())).toBe(hex(built.itemsRequestBytes));
    const decoded = items.decode() as Map<string, unknown>;
    expect(decoded.get('docType')).toBe(built.plan.docType);
    const requested = [...(decoded.get('nameSpaces') as Map<string, Map<string, boolean>>)].flatMap(([ns, els]) => [...els].map(([id, retain]) => [ns, id, retain]));
    expect(requested).toEqual(built.plan.elements.map((e) => [e.namespace, e.identifier, e.intentToRetain]));
    expect(requested.some(([, , retain]) => retain === true)).toBe(true);
    const { certificateChain } = await verifyReaderAuth(docRequests[0]!.readerAuth, readerAuthenticationBytes(sessionTranscript, items.bytesWithTag()), { trust: skipReaderTrust });
    expect(certificateChain).toHaveLength(2);
  });

  it('leaves readerAuth out without a reader key and asks for a transcript with one', () => {
    const purpose = getPurpose('aml_kyc_jp');
    expect(parseDeviceRequest(buildDeviceRequest({ purpose, now: NOW }).bytes).docRequests[0]!.readerAuth).toBeUndefined();
    expect(() => buildDeviceRequest({ purpose, now: NOW, readerAuth: { privateKey: annexD.readerKey(), certificateChain: [annexD.readerCertDer()] } })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });

  it('refuses a request beyond the purpose (the policy gate)', () => {
    const purpose = getPurpose('aml_kyc_jp');
    expect(() => buildDeviceRequest({ purpose, now: NOW, elements: [{ namespace: 'org.iso.23220.1.jp', identifier: 'individual_number_unicode' }] })).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^ERR_POLICY_/) }),
    );
  });

  it('signs a version 1.1 request once over all DocRequests (readerAuthAll), with null DeviceRequestInfoBytes when asked for none', async () => {
    const pki = await createTestPki({ now: NOW });
    const purpose = getPurpose('aml_kyc_jp');
    const sessionTranscript = annexDTranscript();
    const readerAuth = { privateKey: pki.ds.privateKey, certificateChain: [pki.ds.der] };
    const built = buildDeviceRequest({ purpose, now: NOW, sessionTranscript, readerAuth, version: '1.1', readerAuthScope: 'all', deviceRequestInfo: null });
    const parsed = parseDeviceRequest(built.bytes);
    expect(parsed.deviceRequestInfo).toBeUndefined();
    expect(parsed.version).toBe('1.1');
    expect(parsed.docRequests[0]!.readerAuth).toBeUndefined();
    expect(parsed.readerAuthAll).toHaveLength(1);
    const payload = readerAuthenticationAllBytes(sessionTranscript, [built.itemsRequestBytes], null);
    const inner = (decodeCbor(payload) as EncodedCbor).decode() as unknown[];
    expect(inner[0]).toBe('ReaderAuthenticationAll');
    expect(inner[3]).toBeNull();
    await verifyReaderAuth(parsed.readerAuthAll![0], payload, { trust: skipReaderTrust });
    // the per-document payload does not verify a readerAuthAll
    await expect(verifyReaderAuth(parsed.readerAuthAll![0], readerAuthenticationBytes(sessionTranscript, built.itemsRequestBytes), { trust: skipReaderTrust })).rejects.toMatchObject({ code: 'ERR_READER_AUTH' });
    const both = parseDeviceRequest(buildDeviceRequest({ purpose, now: NOW, sessionTranscript, readerAuth, version: '1.1', readerAuthScope: 'both' }).bytes);
    expect(both.docRequests[0]!.readerAuth).toBeDefined();
    expect(both.readerAuthAll).toHaveLength(1);
    expect(() => buildDeviceRequest({ purpose, now: NOW, sessionTranscript, readerAuth, readerAuthScope: 'all' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  });

  it('ignores readerAuthAll and deviceRequestInfo in a version 1.0 request (they are 1.1 keys)', async () => {
    const pki = await createTestPki({ now: NOW });
    const sessionTranscript = annexDTranscript();
    const readerAuth = { privateKey: pki.ds.privateKey, certificateChain: [pki.ds.der] };
    const built = buildDeviceRequest({ purpose: getPurpose('aml_kyc_jp'), now: NOW, sessionTranscript, readerAuth, version: '1.1', readerAuthScope: 'all' });
    const request = decodeCbor(built.bytes) as Map<string, unknown>;
    expect(request.has('readerAuthAll')).toBe(true);
    expect(request.has('deviceRequestInfo')).toBe(true);
    request.set('version', '1.0');
    const parsed = parseDeviceRequest(encodeCbor(request));
    expect(parsed.version).toBe('1.0');
    expect(parsed.readerAuthAll).toBeUndefined();
    expect(parsed.deviceRequestInfo).toBeUndefined();
    expect(parsed.requestInfo).toBeUndefined();
    // so a holder sees an unsigned 1.0 request, and refuses it where reader authentication is required
    await expect(verifyDeviceRequest(encodeCbor(request), sessionTranscript, { trust: skipReaderTrust, requireReaderAuth: true })).rejects.toMatchObject({ code: 'ERR_READER_AUTH_MISSING' });
  });

  it.each([
    ['not CBOR', Uint8Array.of(0xff)],
    ['not a map', Uint8Array.of(0x80)],
    ['no docRequests', Uint8Array.of(0xa1, 0x67, ...Buffer.from('version'), 0x63, ...Buffer.from('1.0'))],
  ])('refuses a DeviceRequest that is %s with ERR_DEVICE_REQUEST_STRUCTURE', (_, bytes) => {
    expect(() => parseDeviceRequest(bytes)).toThrow(expect.objectContaining({ code: 'ERR_DEVICE_REQUEST_STRUCTURE' }));
  });
});
