import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EncodedCbor, decodeCbor, encodeCbor } from '@uketori/mdoc';
import { beforeAll, describe, expect, it } from 'vitest';
import { annexD, annexDHex, readerJwk, run, tempDir } from './helpers.js';

const NOW = '2021-01-01T00:00:00Z';
let dir: string;
let readerKey: string;

/** The verify arguments for the Annex D response, with `response` in place of the response file. */
function args(response: string, ...extra: string[]): string[] {
  return [
    'verify', response,
    '--trust', annexD('annexD_iaca.pem'),
    '--transcript', annexD('annexD_session_transcript_bytes.hex'),
    '--reader-key', readerKey,
    ...extra,
  ];
}

interface VerifyJson {
  documents: { docType: string; elements: Record<string, Record<string, unknown>> }[];
  checks: { id: string; status: string; clause: string }[];
}

beforeAll(async () => {
  dir = await tempDir();
  readerKey = join(dir, 'reader.jwk');
  await writeFile(readerKey, JSON.stringify(await readerJwk()));
});

describe('uketori verify: the ISO 18013-5 Annex D response', () => {
  it('verifies at 2021-01-01 and prints exactly documents and checks as JSON', async () => {
    const { code, stdout, stderr } = await run(args(annexD('annexD_device_response.hex'), '--now', NOW, '--json'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as VerifyJson;
    expect(Object.keys(json)).toEqual(['documents', 'checks']);
    expect(json.documents).toHaveLength(1);
    const doc = json.documents[0]!;
    expect(Object.keys(doc)).toEqual(['docType', 'elements']);
    expect(doc.docType).toBe('org.iso.18013.5.1.mDL');
    const elements = doc.elements['org.iso.18013.5.1']!;
    expect(Object.keys(elements).sort()).toEqual(['document_number', 'driving_privileges', 'expiry_date', 'family_name', 'issue_date', 'portrait']);
    expect(elements['family_name']).toBe('Doe');
    expect(elements['issue_date']).toBe('2019-10-20');
    const portrait = await annexDHex('annexD_portrait_jpeg.hex');
    expect(elements['portrait']).toBe(Buffer.from(portrait).toString('base64url'));
    expect(elements['driving_privileges']).toEqual([
      { vehicle_category_code: 'A', issue_date: '2018-08-09', expiry_date: '2024-10-20' },
      { vehicle_category_code: 'B', issue_date: '2017-02-23', expiry_date: '2024-10-20' },
    ]);
    expect(json.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['ISSUER_SIGNATURE', 'DS_CHAIN', 'VALUE_DIGEST', 'DEVICE_AUTH']));
    expect(json.checks.every((c) => c.status !== 'failed')).toBe(true);
  });

  it('prints a readable summary without portrait bytes by default', async () => {
    const { code, stdout } = await run(args(annexD('annexD_device_response.hex'), '--now', NOW));
    expect(code).toBe(0);
    expect(stdout).toContain('org.iso.18013.5.1.mDL');
    expect(stdout).toMatch(/family_name\s+Doe/);
    expect(stdout).toMatch(/issue_date\s+2019-10-20/);
    expect(stdout).toMatch(/portrait\s+<\d+ bytes JPEG>/);
    expect(stdout).toMatch(/passed\s+DEVICE_AUTH\s+ISO\/IEC 18013-5/);
    expect(stdout).not.toContain('ffd8ff');
  });

  it('rejects at the current time (certificates and MSO expired)', async () => {
    const { code, stderr } = await run(args(annexD('annexD_device_response.hex'), '--json'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/ERR_(DS_CHAIN|MSO_VALIDITY)/);
  });

  it('rejects a one-byte change in a disclosed value', async () => {
    const bytes = await annexDHex('annexD_device_response.hex');
    const at = Buffer.from(bytes).indexOf(Buffer.from([0x63, 0x44, 0x6f, 0x65])); // "Doe"
    expect(at).toBeGreaterThan(0);
    bytes[at + 2] = 0x70; // "Dpe"
    const file = join(dir, 'tampered.cbor');
    await writeFile(file, bytes);
    const { code, stdout, stderr } = await run(args(file, '--now', NOW, '--json'));
    expect(code).toBe(1);
    const { error } = JSON.parse(stdout) as { error: { code: string; message: string; check: string | null } };
    expect(['ERR_VALUE_DIGEST', 'ERR_ISSUER_SIGNATURE']).toContain(error.code);
    expect(error.check).toBe(error.code.slice(4));
    expect(stderr).toContain(error.code);
    expect(stdout + stderr).not.toContain('Dpe');
  });

  it('rejects a one-byte change in the issuer signature', async () => {
    const bytes = await annexDHex('annexD_device_response.hex');
    const signature = (await annexDHex('annexD_issuer_auth.hex')).subarray(-64);
    const at = Buffer.from(bytes).indexOf(Buffer.from(signature));
    bytes[at + 10]! ^= 0x01;
    const file = join(dir, 'bad-signature.cbor');
    await writeFile(file, bytes);
    const { code, stderr } = await run(args(file, '--now', NOW));
    expect(code).toBe(1);
    expect(stderr).toContain('ERR_ISSUER_SIGNATURE');
  });

  it('rejects a response whose DS does not chain to the given trust anchor', async () => {
    const { code, stderr } = await run([
      'verify', annexD('annexD_device_response.hex'),
      '--trust', annexD('annexD_reader_root.pem'),
      '--transcript', annexD('annexD_session_transcript_bytes.hex'),
      '--reader-key', readerKey, '--now', NOW,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('ERR_DS_CHAIN');
  });

  it('rejects a DeviceMac when the reader key is missing', async () => {
    const { code, stderr } = await run([
      'verify', annexD('annexD_device_response.hex'),
      '--trust', annexD('annexD_iaca.pem'),
      '--transcript', annexD('annexD_session_transcript_bytes.hex'), '--now', NOW,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('ERR_DEVICE_AUTH');
  });

  it('rejects a response for another session transcript', async () => {
    const other = encodeCbor([null, null, ['uketori-test', 'another session']]);
    const { code, stderr } = await run([
      'verify', annexD('annexD_device_response.hex'),
      '--trust', annexD('annexD_iaca.pem'), '--transcript', Buffer.from(other).toString('hex'),
      '--reader-key', readerKey, '--now', NOW,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('ERR_DEVICE_AUTH');
  });

  it('rejects a response with only documentErrors as ERR_NO_DOCUMENTS', async () => {
    const file = join(dir, 'empty-response.cbor');
    await writeFile(file, encodeCbor(new Map<string, unknown>([['version', '1.0'], ['documentErrors', [new Map([['org.iso.18013.5.1.mDL', 0]])]], ['status', 0]])));
    const { code, stdout, stderr } = await run(args(file, '--now', NOW, '--json'));
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as { error: { code: string } }).error.code).toBe('ERR_NO_DOCUMENTS');
    expect(stderr).toContain('ERR_NO_DOCUMENTS');
  });
});

describe('uketori verify: inputs', () => {
  it.each([
    ['raw CBOR', (b: Uint8Array) => b],
    ['hex with line breaks', (b: Uint8Array) => Buffer.from(b).toString('hex').replace(/(.{64})/g, '$1\n')],
    ['base64url', (b: Uint8Array) => Buffer.from(b).toString('base64url')],
    ['base64 with padding', (b: Uint8Array) => `${Buffer.from(b).toString('base64')}\n`],
  ])('detects a response file written as %s', async (name, encode) => {
    const file = join(dir, `response-${name.replace(/\W+/g, '-')}`);
    await writeFile(file, encode(await annexDHex('annexD_device_response.hex')));
    const { code } = await run(args(file, '--now', NOW));
    expect(code).toBe(0);
  });

  it('takes the transcript as hex text, as the bare array, or from a raw file', async () => {
    const tagged = await annexDHex('annexD_session_transcript_bytes.hex');
    const bare = (decodeCbor(tagged) as EncodedCbor).bytes;
    const rawFile = join(dir, 'transcript.cbor');
    await writeFile(rawFile, bare);
    for (const transcript of [Buffer.from(tagged).toString('hex'), Buffer.from(bare).toString('hex'), rawFile]) {
      const { code } = await run([
        'verify', annexD('annexD_device_response.hex'), '--trust', annexD('annexD_iaca.pem'),
        '--transcript', transcript, '--reader-key', readerKey, '--now', NOW,
      ]);
      expect(code).toBe(0);
    }
  });

  it('loads trust anchors from a directory, a DER file and a multi-certificate PEM', async () => {
    const trustDir = join(dir, 'anchors');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(trustDir, { recursive: true });
    const iacaPem = await readFile(annexD('annexD_iaca.pem'), 'utf8');
    const readerRootPem = await readFile(annexD('annexD_reader_root.pem'), 'utf8');
    await writeFile(join(trustDir, 'iaca.crt'), iacaPem);
    await writeFile(join(trustDir, 'notes.txt'), 'not a certificate');
    const der = join(dir, 'iaca.der');
    await writeFile(der, await annexDHex('annexD_iaca.der.hex'));
    const bundle = join(dir, 'bundle.pem');
    await writeFile(bundle, `${readerRootPem}\n${iacaPem}`);
    for (const trust of [trustDir, der, bundle]) {
      const { code } = await run([
        'verify', annexD('annexD_device_response.hex'), '--trust', trust,
        '--transcript', annexD('annexD_session_transcript_bytes.hex'), '--reader-key', readerKey, '--now', NOW,
      ]);
      expect(code, trust).toBe(0);
    }
  });

  it('accepts --trust more than once', async () => {
    const { code } = await run([
      'verify', annexD('annexD_device_response.hex'),
      '--trust', annexD('annexD_reader_root.pem'), '--trust', annexD('annexD_iaca.pem'),
      '--transcript', annexD('annexD_session_transcript_bytes.hex'), '--reader-key', readerKey, '--now', NOW, '--clock-skew', '0',
    ]);
    expect(code).toBe(0);
  });
});
