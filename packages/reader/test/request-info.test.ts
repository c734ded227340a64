import { decodeCbor, encodeCbor, EncodedCbor } from '@uketori/mdoc';
import { getPurpose } from '@uketori/policy';
import { describe, expect, it } from 'vitest';
import { buildDeviceRequest, parseDeviceRequest, readerAuthenticationAllBytes } from '../src/index.js';

const NOW = new Date('2026-10-01T03:00:00Z');
const purpose = getPurpose('aml_kyc_jp');
const code = (c: string) => expect.objectContaining({ code: c });

describe('DeviceRequest 1.1: DeviceRequestInfo and DocRequestInfo (ISO/IEC 18013-5 2nd edition)', () => {
  it('fills DeviceRequestInfo with one mandatory use case for the one document by default', () => {
    const built = buildDeviceRequest({ purpose, now: NOW, version: '1.1' });
    const parsed = parseDeviceRequest(built.bytes);
    expect(parsed.requestInfo).toEqual({ useCases: [{ mandatory: true, documentSets: [[0]] }] });
    // DeviceRequestInfoBytes is #6.24 and is kept as sent, for readerAuthAll
    expect(Buffer.from(parsed.deviceRequestInfo!.bytesWithTag()).equals(Buffer.from(built.deviceRequestInfoBytes!))).toBe(true);
    expect(decodeCbor(built.deviceRequestInfoBytes!)).toBeInstanceOf(EncodedCbor);
  });

  it('carries the caller\'s use cases with purpose hints and DocRequestInfo in the ItemsRequest', () => {
    const built = buildDeviceRequest({
      purpose,
      now: NOW,
      version: '1.1',
      deviceRequestInfo: { useCases: [{ mandatory: false, documentSets: [[0]], purposeHints: { 'org.iso.jtc1.sc17': 3 } }] },
      docRequestInfo: { maximumResponseSize: 65_536, uniqueDocSetRequired: true, issuerIdentifiers: [Uint8Array.of(1, 2, 3)] },
    });
    const parsed = parseDeviceRequest(built.bytes);
    expect(parsed.requestInfo).toEqual({ useCases: [{ mandatory: false, documentSets: [[0]], purposeHints: { 'org.iso.jtc1.sc17': 3 } }] });
    expect(parsed.docRequests[0]!.docRequestInfo).toEqual({ maximumResponseSize: 65_536, uniqueDocSetRequired: true, issuerIdentifiers: [Uint8Array.of(1, 2, 3)] });
    expect(parsed.docRequests[0]!.docType).toBe(built.plan.docType);
    const items = parsed.docRequests[0]!.itemsRequest.decode() as Map<string, unknown>;
    expect((items.get('requestInfo') as Map<string, unknown>).get('maximumResponseSize')).toBe(65_536);
  });

  it('signs DeviceRequestInfoBytes in ReaderAuthenticationAll', () => {
    const built = buildDeviceRequest({ purpose, now: NOW, version: '1.1' });
    const st = encodeCbor([null, null, null]);
    const payload = (decodeCbor(readerAuthenticationAllBytes(st, [built.itemsRequestBytes], built.deviceRequestInfoBytes!)) as EncodedCbor).decode() as unknown[];
    expect(payload[0]).toBe('ReaderAuthenticationAll');
    expect((payload[3] as EncodedCbor).decode()).toEqual(new Map([['useCases', [new Map<string, unknown>([['mandatory', true], ['documentSets', [[0]]]])]]]));
  });

  it('keeps 2nd-edition fields out of a 1.0 request, and use cases to the request\'s DocRequests', () => {
    expect(parseDeviceRequest(buildDeviceRequest({ purpose, now: NOW }).bytes).deviceRequestInfo).toBeUndefined();
    expect(() => buildDeviceRequest({ purpose, now: NOW, deviceRequestInfo: { useCases: [] } })).toThrow(code('ERR_INVALID_ARG_VALUE'));
    expect(() => buildDeviceRequest({ purpose, now: NOW, docRequestInfo: { maximumResponseSize: 1 } })).toThrow(code('ERR_INVALID_ARG_VALUE'));
    expect(() => buildDeviceRequest({ purpose, now: NOW, version: '1.1', deviceRequestInfo: { useCases: [{ mandatory: true, documentSets: [[1]] }] } })).toThrow(code('ERR_INVALID_ARG_VALUE'));
    expect(() => buildDeviceRequest({ purpose, now: NOW, version: '1.1', docRequestInfo: { maximumResponseSize: -1 } })).toThrow(code('ERR_INVALID_ARG_TYPE'));
  });

  const withInfo = (info: unknown) => {
    const m = decodeCbor(buildDeviceRequest({ purpose, now: NOW, version: '1.1' }).bytes) as Map<string, unknown>;
    m.set('deviceRequestInfo', info);
    return encodeCbor(m);
  };
  it.each([
    ['not #6.24', Uint8Array.of(0xa0)],
    ['not a map', new EncodedCbor(encodeCbor([1]))],
    ['use cases that are not an array', new EncodedCbor(encodeCbor(new Map([['useCases', 1]])))],
    ['a use case without mandatory', new EncodedCbor(encodeCbor(new Map([['useCases', [new Map([['documentSets', [[0]]]])]]])))],
    ['a document set naming a missing DocRequest', new EncodedCbor(encodeCbor(new Map([['useCases', [new Map<string, unknown>([['mandatory', true], ['documentSets', [[4]]]])]]])))],
    ['purpose hints with text codes', new EncodedCbor(encodeCbor(new Map([['useCases', [new Map<string, unknown>([['mandatory', true], ['documentSets', [[0]]], ['purposeHints', new Map([['x', 'y']])]])]]])))],
  ])('refuses a DeviceRequestInfo that is %s with ERR_DEVICE_REQUEST_STRUCTURE', (_, info) => {
    expect(() => parseDeviceRequest(withInfo(info))).toThrow(code('ERR_DEVICE_REQUEST_STRUCTURE'));
  });

  it('refuses a DocRequestInfo with a text maximumResponseSize with ERR_DEVICE_REQUEST_STRUCTURE', () => {
    const items = new Map<string, unknown>([['docType', 'x'], ['nameSpaces', new Map()], ['requestInfo', new Map([['maximumResponseSize', 'big']])]]);
    const bytes = encodeCbor(new Map<string, unknown>([['version', '1.1'], ['docRequests', [new Map([['itemsRequest', new EncodedCbor(encodeCbor(items))]])]]]));
    expect(() => parseDeviceRequest(bytes)).toThrow(code('ERR_DEVICE_REQUEST_STRUCTURE'));
  });
});
