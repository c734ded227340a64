import { testMyNumber } from '@uketori/test-sender';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from './helpers.js';

describe('uketori demo', () => {
  it('verifies the KYC elements of a test My Number Card and rejects every fault with its code', async () => {
    const { code, stdout, stderr } = await run(['demo']);
    expect(stderr).toBe('');
    expect(stdout).toContain('NEVER FOR PRODUCTION');
    expect(stdout).toMatch(/full_name_unicode\s+番号　花子/);
    expect(stdout).toMatch(/portrait\s+<\d+ bytes JPEG>/);
    for (const expected of ['ERR_VALUE_DIGEST', 'ERR_DS_CHAIN', 'ERR_DS_REVOCATION', 'ERR_MSO_VALIDITY', 'ERR_DEVICE_AUTH']) expect(stdout).toContain(`rejected ${expected}`);
    expect(stdout).not.toContain('UNEXPECTED');
    // The individual number is never disclosed (hex such as the demo nonce may hold digit runs, so
    // look for the card's number itself and for 12 digits standing alone).
    expect(stdout).not.toContain(testMyNumber());
    expect(stdout).not.toMatch(/(?<![0-9a-f])\d{12}(?![0-9a-f])/);
    expect(code).toBe(0);
  });

  it('writes a sample that uketori verify accepts and uketori inspect reads', async () => {
    const dir = join(await tempDir(), 'sample');
    const written = await run(['demo', '--write-sample', dir]);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain(`uketori verify ${dir}/response.hex`);
    expect(await readFile(join(dir, 'iaca.pem'), 'utf8')).toContain('-----BEGIN CERTIFICATE-----');

    const verified = await run(['verify', join(dir, 'response.hex'), '--trust', join(dir, 'iaca.pem'), '--transcript', join(dir, 'transcript.hex'), '--json']);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    const json = JSON.parse(verified.stdout) as { documents: { docType: string; elements: Record<string, Record<string, unknown>> }[] };
    expect(json.documents[0]!.docType).toBe('org.iso.23220.1.jp.mnc');
    expect(Object.keys(json.documents[0]!.elements['org.iso.23220.1.jp']!).sort()).toEqual(['birth_date_unicode', 'full_name_unicode', 'portrait', 'resident_address_unicode']);

    const inspected = await run(['inspect', join(dir, 'request.hex')]);
    expect(inspected.code).toBe(0);
    expect(inspected.stdout).toContain('"itemsRequest": 24(<<{');
  });
});
