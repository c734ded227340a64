import { describe, expect, it } from 'vitest';
import { KYC_ELEMENTS, verifyKycAnswer } from '../src/index.js';

describe('example: verify a My Number Card KYC answer', () => {
  it('returns exactly the four KYC elements, verified', async () => {
    const doc = await verifyKycAnswer(new Date('2026-11-01T00:00:00Z'));
    expect(Object.keys(doc.issuerSigned['org.iso.23220.1.jp'] ?? {}).sort()).toEqual([...KYC_ELEMENTS].sort());
    expect(doc.issuer.revocation).toBe('good');
  });
});
