import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annexD, annexDHex, run, tempDir } from './helpers.js';

describe('uketori inspect', () => {
  it('shows a DeviceResponse with tag-24 items, full-dates and the MSO decoded inline', async () => {
    const { code, stdout } = await run(['inspect', annexD('annexD_device_response.hex')]);
    expect(code).toBe(0);
    expect(stdout).toContain('24(<<{');
    expect(stdout).toContain('"elementIdentifier": "family_name"');
    expect(stdout).toContain('"elementValue": 1004("2019-10-20")');
    expect(stdout).toContain('"validFrom": 0("2020-10-01T13:30:02Z")');
    expect(stdout).toContain('/ payload / <<24(<<{');
  });

  it('decodes COSE protected headers and names the algorithm and the x5chain subject', async () => {
    const { stdout } = await run(['inspect', annexD('annexD_device_response.hex')]);
    expect(stdout).toContain('/ protected / <<{1 / alg /: -7 / ES256 /}>>');
    expect(stdout).toMatch(/33 \/ x5chain \/: h'[0-9a-f]{64}' … \(\d+ bytes\) \/ certificate: CN=utopia ds/);
    expect(stdout).toContain('"deviceMac": [');
    expect(stdout).toMatch(/\/ tag \/ h'[0-9a-f]{64}'/);
  });

  it('cuts long byte strings after 32 bytes and never dumps the portrait', async () => {
    const portrait = await annexDHex('annexD_portrait_jpeg.hex');
    const { stdout } = await run(['inspect', annexD('annexD_device_response.hex')]);
    expect(stdout).toContain(`h'${Buffer.from(portrait.subarray(0, 32)).toString('hex')}' … (${portrait.length} bytes)`);
    expect(stdout).not.toContain(Buffer.from(portrait.subarray(0, 33)).toString('hex'));
  });

  it('shows SessionTranscriptBytes as tag 24 around the transcript array', async () => {
    const { code, stdout } = await run(['inspect', annexD('annexD_session_transcript_bytes.hex')]);
    expect(code).toBe(0);
    expect(stdout.startsWith('24(<<[')).toBe(true);
  });

  it('reads raw CBOR and base64url as well as hex', async () => {
    const dir = await tempDir();
    const bytes = await annexDHex('annexD_issuer_auth.hex');
    await writeFile(join(dir, 'a.cbor'), bytes);
    await writeFile(join(dir, 'a.b64u'), Buffer.from(bytes).toString('base64url'));
    const expected = (await run(['inspect', annexD('annexD_issuer_auth.hex')])).stdout;
    expect(expected).toContain('/ protected / <<{1 / alg /: -7 / ES256 /}>>');
    expect((await run(['inspect', join(dir, 'a.cbor')])).stdout).toBe(expected);
    expect((await run(['inspect', join(dir, 'a.b64u')])).stdout).toBe(expected);
  });

  it('prints JSON with tags as {tag, value} and embedded CBOR decoded with --json', async () => {
    const { code, stdout } = await run(['inspect', '--json', annexD('annexD_device_response.hex')]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { documents: { issuerSigned: { nameSpaces: Record<string, { tag: number; value: Record<string, unknown> }[]> } }[] };
    const first = json.documents[0]!.issuerSigned.nameSpaces['org.iso.18013.5.1']![0]!;
    expect(first.tag).toBe(24);
    expect(first.value['elementIdentifier']).toBe('family_name');
  });

  it('exits 1 with a CBOR error code for bytes that are not one CBOR item', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bad.hex'), 'a2 01');
    const { code, stderr } = await run(['inspect', join(dir, 'bad.hex')]);
    expect(code).toBe(1);
    expect(stderr).toContain('ERR_CBOR_TRUNCATED');
  });
});
