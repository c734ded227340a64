import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeCbor, toHex } from '@uketori/mdoc';
import { MY_NUMBER_CARD_DOCTYPE, ISO_23220_NAMESPACE, createTestPki, issueMyNumberCard, respond } from '@uketori/test-sender';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from './helpers.js';

const NOW = new Date('2026-10-01T03:00:00Z');

async function sample(faults: 'revoked-ds'[] = []) {
  const pki = await createTestPki({ now: NOW });
  const card = await issueMyNumberCard({ pki });
  const sessionTranscript = encodeCbor([null, null, ['cli-crl-test', new Uint8Array(16)]]);
  const response = await respond({
    credentials: [card],
    request: [{ docType: MY_NUMBER_CARD_DOCTYPE, nameSpaces: { [ISO_23220_NAMESPACE]: ['age_over_20'] } }],
    sessionTranscript,
    faults,
    now: NOW,
  });
  const dir = await tempDir();
  await writeFile(join(dir, 'response.hex'), toHex(response));
  await writeFile(join(dir, 'transcript.hex'), toHex(sessionTranscript));
  await writeFile(join(dir, 'iaca.pem'), pki.iaca.pem);
  await writeFile(join(dir, 'crl.pem'), pki.crl.pem);
  await writeFile(join(dir, 'crl.der'), pki.crl.der);
  return dir;
}

const args = (dir: string, ...more: string[]) => [
  'verify', join(dir, 'response.hex'), '--trust', join(dir, 'iaca.pem'), '--transcript', join(dir, 'transcript.hex'), '--now', NOW.toISOString(), '--json', ...more,
];

describe('uketori verify --crl', () => {
  it('checks revocation with a CRL given as PEM or DER', async () => {
    const dir = await sample();
    for (const crl of ['crl.pem', 'crl.der']) {
      const out = await run(args(dir, '--crl', join(dir, crl)));
      expect(out.code).toBe(0);
      expect(JSON.parse(out.stdout).checks.find((c: { id: string }) => c.id === 'DS_REVOCATION').status).toBe('passed');
    }
  });

  it('rejects a revoked document signer with ERR_DS_REVOCATION', async () => {
    const dir = await sample(['revoked-ds']);
    const out = await run(args(dir, '--crl', join(dir, 'crl.pem')));
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout).error.code).toBe('ERR_DS_REVOCATION');
    // without --crl the same response passes, with revocation not checked
    expect((await run(args(dir))).code).toBe(0);
  });
});
