import { memoryAuditSink } from '@uketori/policy';
import { defaultMyNumberCardHolder, FAULT_CATALOGUE, type FaultId } from '@uketori/test-sender';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo.js';
import { readEngagement, runKiosk } from '../src/index.js';

const NOW = new Date('2026-11-01T00:00:00Z');

describe('example: the in-person kiosk', () => {
  it('verifies a My Number Card for account opening from a QR code, without printing the portrait or the individual number', async () => {
    const audit = memoryAuditSink();
    const printed: string[] = [];
    const { policy, lines } = await runDemo({ purpose: 'aml_kyc_jp', engagement: 'qr', audit, now: NOW, print: (l) => printed.push(l) });
    expect(policy.outcome).toBe('complete');
    expect(printed).toEqual(lines);
    expect(lines).toContain('outcome: complete');
    expect(lines.some((l) => l.startsWith('  org.iso.23220.1.jp/full_name_unicode: '))).toBe(true);
    expect(lines).toContain('  org.iso.23220.1.jp/portrait: (not shown)');
    const all = lines.join('\n');
    expect(all).not.toContain(defaultMyNumberCardHolder().individualNumber);
    expect(all).not.toMatch(/individual_number/);
    expect(all).not.toMatch(/\/9j\//); // a JPEG in base64
    // one audit record, names only
    expect(audit.records).toHaveLength(1);
    expect(audit.records[0]).toMatchObject({ purposeId: 'aml_kyc_jp', decision: 'response', outcome: 'complete', transactionId: policy.transactionId });
    expect(JSON.stringify(audit.records)).not.toContain(defaultMyNumberCardHolder().fullName);
  });

  it.each(['nfc-static', 'nfc-negotiated'] as const)('checks age 20+ after an NFC engagement (%s)', async (engagement) => {
    const audit = memoryAuditSink();
    const { lines } = await runDemo({ purpose: 'age_20_plus', engagement, audit, now: NOW, print: () => {} });
    expect(lines).toEqual(['purpose: age_20_plus', 'outcome: complete', 'document: org.iso.23220.1.jp.mnc', '  org.iso.23220.1/age_over_20: true', expect.stringMatching(/^audit: /)]);
    expect(audit.records[0]!.outcome).toBe('complete');
  });

  const faults = FAULT_CATALOGUE.filter((f) => f.expectedCode !== null).slice(0, 3);
  it.each(faults.map((f) => [f.id, f.expectedCode!] as const))('rejects a phone that injects %s with %s, prints the code and audits the rejection', async (id, code) => {
    const audit = memoryAuditSink();
    const printed: string[] = [];
    await expect(runDemo({ purpose: 'aml_kyc_jp', engagement: 'qr', audit, faults: [id as FaultId], now: NOW, print: (l) => printed.push(l) })).rejects.toMatchObject({ code });
    expect(printed).toEqual([`rejected: ${code}`]);
    expect(audit.records).toEqual([expect.objectContaining({ outcome: 'rejected', code, purposeId: 'aml_kyc_jp' })]);
  });

  it('refuses an engagement that is neither an mdoc: URI nor a Handover Select', async () => {
    expect(() => readEngagement('https://example.com')).toThrow(expect.objectContaining({ code: 'ERR_ENGAGEMENT_STRUCTURE' }));
    expect(() => readEngagement(Uint8Array.of(0xd1, 0x01, 0x00, 0x54))).toThrow(expect.objectContaining({ code: 'ERR_ENGAGEMENT_STRUCTURE' }));
    await expect(
      runKiosk({ purpose: 'age_20_plus', engagement: 'mdoc:AAAA', transport: { send: async () => {}, receive: async () => new Uint8Array(), close: async () => {} }, trust: { validateDocumentSigner: async () => { throw new Error('unused'); } }, audit: memoryAuditSink() }),
    ).rejects.toMatchObject({ code: 'ERR_ENGAGEMENT_STRUCTURE' });
  });
});
