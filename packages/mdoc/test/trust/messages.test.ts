import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_TEXT, forMessage } from '../../src/trust/name.js';
import { parseCertificate } from '../../src/trust/certificate.js';
import { createTrustStore } from '../../src/trust/store.js';
import { NOW, makeCa, makeCrl, makeDs } from './helpers/pki.js';
import { caught } from './helpers/vectors.js';

const opts = { now: NOW, clockSkewSeconds: 0 };
// C0/C1 controls, DEL, line/paragraph separators and bidi overrides.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = 'Evil\n[INFO] chain ok\u001b[0m\u202eKCA';

describe('names from untrusted certificates reach messages escaped and bounded', () => {
  it('a control character in a subject is an RFC 4514 hex pair in the parsed name', async () => {
    const ca = await makeCa({ name: [{ CN: [HOSTILE] }, { C: ['JP'] }] });
    const subject = parseCertificate(ca.der).subject;
    expect(subject).not.toMatch(UNSAFE);
    expect(subject).toBe('C=JP,CN=Evil\\0A[INFO] chain ok\\1B[0m\\E2\\80\\AEKCA');
  });

  it('an untrusted issuer and subject in a chain error message are escaped', async () => {
    const rogue = await makeCa({ name: [{ CN: [HOSTILE] }, { C: ['JP'] }] });
    const ds = await makeDs(rogue, { name: [{ CN: [`${HOSTILE} DS`] }, { C: ['JP'] }] });
    const trust = createTrustStore({ anchors: [(await makeCa()).der] });
    const err = await caught(trust.validateDocumentSigner([ds.der, rogue.der], opts));
    expect(err.code).toBe('ERR_DS_CHAIN');
    expect(err.message).toContain('\\0A[INFO]');
    expect(err.message).not.toMatch(UNSAFE);
  });

  it('a long subject is cut in a revocation message', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { name: `CN=${'x'.repeat(1000)}, C=JP` });
    const crls = [await makeCrl(iaca, { revoked: [ds.cert.serialNumber] })];
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { crls } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('…');
    expect(err.message.length).toBeLessThan(2 * MAX_MESSAGE_TEXT + 100);
  });

  it('forMessage escapes and caps any text, without splitting a surrogate pair', () => {
    expect(forMessage('a\u0007b')).toBe('a\\07b');
    expect(forMessage('y'.repeat(MAX_MESSAGE_TEXT))).toBe('y'.repeat(MAX_MESSAGE_TEXT));
    const cut = forMessage('😀'.repeat(MAX_MESSAGE_TEXT + 1));
    expect([...cut]).toHaveLength(MAX_MESSAGE_TEXT + 1);
    expect(cut.endsWith('😀…')).toBe(true);
  });
});

describe('the DS certificate country and state (for issuing_country / issuing_jurisdiction)', () => {
  it('reports the DS subject C and ST as decoded', async () => {
    const iaca = await makeCa({ name: 'CN=State IACA, ST=US-MD, C=US' });
    const ds = await makeDs(iaca, { name: 'CN=State DS, ST=US-MD, C=US' });
    const info = await createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts);
    expect(info.country).toBe('US');
    expect(info.stateOrProvince).toBe('US-MD');
  });

  it('is undefined when absent or ambiguous, and comes from the DS, not the IACA', async () => {
    const iaca = await makeCa({ name: 'CN=Prefecture IACA, ST=JP-13, C=JP' });
    const plain = await makeDs(iaca, { name: 'CN=Plain DS, C=JP' });
    const trust = createTrustStore({ anchors: [iaca.der] });
    expect(await trust.validateDocumentSigner([plain.der], opts)).toMatchObject({ country: 'JP', stateOrProvince: undefined });
    const twice = await makeDs(iaca, { name: 'CN=Two Countries DS, C=JP, C=US' });
    expect((await trust.validateDocumentSigner([twice.der], opts)).country).toBeUndefined();
    const none = await makeDs(iaca, { name: 'CN=Stateless DS' });
    expect((await trust.validateDocumentSigner([none.der], opts)).country).toBeUndefined();
  });
});
