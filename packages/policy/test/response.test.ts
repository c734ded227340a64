/**
 * The response gate's result: sensitive values are boxed so serializers and loggers drop them,
 * retention is computed from the injected clock, and a stored plan survives JSON.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { base64urlEncode } from '@uketori/mdoc';
import { defaultMyNumberCardHolder } from '@uketori/test-sender';
import {
  addPeriod,
  gateResponse,
  getPurpose,
  isSensitiveValue,
  planRequest,
  redact,
  retentionUntil,
  reveal,
  SensitiveValue,
  toSafeJSON,
  type RequestPlan,
} from '../src/index.js';
import { holderAnswer, issue, NOW, pkiAt } from './helpers/holder.js';

const JP = 'org.iso.23220.1.jp';
const holder = defaultMyNumberCardHolder();

async function myNumberResult() {
  const purpose = getPurpose('mynumber_collection_jp');
  const plan = planRequest(purpose, { now: NOW, elements: [{ namespace: JP, identifier: 'portrait' }] });
  const card = await issue('mnc', await pkiAt(NOW));
  const verified = await holderAnswer({ now: NOW, plans: [plan], credentials: [card] });
  return gateResponse(purpose, JSON.parse(JSON.stringify(plan)) as RequestPlan, verified, { now: NOW, transactionId: 'tx-sensitive' });
}

describe('sensitive elements', () => {
  it('are boxed: JSON, util.inspect and string conversion never show them', async () => {
    const result = await myNumberResult();
    const elements = result.documents[0]!.issuerSigned[JP]!;
    expect(isSensitiveValue(elements['individual_number_unicode'])).toBe(true);
    expect(isSensitiveValue(elements['portrait'])).toBe(true);
    expect(elements['full_name_unicode']).toBe(holder.fullName);

    const json = JSON.stringify(result);
    const logged = inspect(result, { depth: 10 });
    const portrait64 = base64urlEncode(holder.portrait).slice(0, 24);
    for (const text of [json, logged, JSON.stringify(result.documents), `${String(elements['individual_number_unicode'])}`]) {
      expect(text).not.toContain(holder.individualNumber);
      expect(text).not.toContain(portrait64);
    }
    expect(json).toContain(holder.fullName); // the result is where personal data goes: only the sensitive ones are dropped
    expect((JSON.parse(json) as { documents: { redacted: string[] }[] }).documents[0]!.redacted.sort()).toEqual([`${JP}/individual_number_unicode`, `${JP}/portrait`]);
  });

  it('come out only when asked for, by name', async () => {
    const result = await myNumberResult();
    const number = { namespace: JP, identifier: 'individual_number_unicode' };
    const safe = toSafeJSON(result, { reveal: [number] }) as { documents: { issuerSigned: Record<string, Record<string, unknown>> }[] };
    expect(safe.documents[0]!.issuerSigned[JP]!['individual_number_unicode']).toBe(holder.individualNumber);
    expect(safe.documents[0]!.issuerSigned[JP]!['portrait']).toBeUndefined();
    const all = toSafeJSON(result, { reveal: 'all' }) as typeof safe;
    expect(all.documents[0]!.issuerSigned[JP]!['portrait']).toBe(base64urlEncode(holder.portrait));

    const plain = redact(result.documents[0]!.issuerSigned);
    expect(Object.keys(plain[JP]!).sort()).toEqual(['full_name_unicode', 'resident_address_unicode']);
    expect(redact(result.documents[0]!.issuerSigned, { reveal: [number] })[JP]!['individual_number_unicode']).toBe(holder.individualNumber);
    const box = result.documents[0]!.issuerSigned[JP]!['individual_number_unicode'] as SensitiveValue<string>;
    expect(box.reveal()).toBe(holder.individualNumber);
    expect(reveal(box)).toBe(holder.individualNumber);
  });
});

describe('retention', () => {
  it('says until when each element may be kept, from the injected clock', async () => {
    const result = await myNumberResult();
    const byName = Object.fromEntries(result.documents[0]!.retention.map((r) => [r.identifier, r.retention]));
    expect(byName['portrait']).toEqual({ retain: false });
    expect(byName['individual_number_unicode']).toMatchObject({ retain: true, rule: 'statutory_work', period: 'P7Y', provisional: true, untilDate: '2033-10-01' });
    expect((byName['individual_number_unicode'] as { until: Date }).until.toISOString()).toBe('2033-10-01T03:00:00.000Z');
  });

  it('counts from the end of the relationship once known, on the JST calendar', () => {
    const rule = getPurpose('aml_kyc_jp').retention['kyc_record']!;
    const r = retentionUntil(rule, { now: NOW, relationshipEnd: new Date('2030-03-31T10:00:00+09:00') });
    expect(r).toMatchObject({ untilDate: '2037-03-31', provisional: false });
    // 29 February plus a year is 28 February; JST midnight stays JST midnight
    expect(addPeriod(new Date('2024-02-29T00:00:00+09:00'), 'P1Y').toISOString()).toBe('2025-02-27T15:00:00.000Z');
    expect(addPeriod(new Date('2026-01-31T12:00:00+09:00'), 'P1M').toISOString()).toBe('2026-02-28T03:00:00.000Z');
    expect(addPeriod(new Date('2026-12-31T23:30:00+09:00'), 'P1D').toISOString()).toBe('2027-01-01T14:30:00.000Z');
  });
});

describe('stored plans', () => {
  it('a plan for another purpose is a caller error', async () => {
    const plan = planRequest(getPurpose('aml_kyc_jp'), { now: NOW });
    const card = await issue('mnc', await pkiAt(NOW));
    const verified = await holderAnswer({ now: NOW, plans: [plan], credentials: [card] });
    expect(() => gateResponse(getPurpose('mobile_contract_jp'), plan, verified, { now: NOW })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
    expect(() => gateResponse(getPurpose('aml_kyc_jp'), plan, verified, { now: NOW, transactionId: 'has space' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  });
});
