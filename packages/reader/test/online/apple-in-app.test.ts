/** Apple Verify with Wallet in apps: the APPLE-HPKE-v1 envelope verified on the server. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCbor } from '@uketori/mdoc';
import { ONLINE_FAULT_CATALOGUE, answerAppleInApp, type OnlineFaultId } from '@uketori/test-sender';
import { createAppleInAppRequest, finishAppleInApp } from '../../src/index.js';
import { NOW, age21, codeOf, fixtures, kyc } from './setup.js';

const merchant = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ids = { merchantId: 'merchant.jp.example.uketori', teamId: 'TEAM123456' };

async function run(purpose = kyc, onlineFaults: OnlineFaultId[] = [], docType?: string) {
  const f = await fixtures();
  const req = createAppleInAppRequest({ purpose, ...ids, now: NOW, ...(docType === undefined ? {} : { docType }) });
  const nameSpaces: Record<string, string[]> = {};
  for (const e of req.elements) (nameSpaces[e.namespace] ??= []).push(e.identifier);
  const encryptedData = await answerAppleInApp({
    nonce: req.nonce,
    ...ids,
    recipientPublicKey: merchant.publicKey,
    request: { docType: req.docType, nameSpaces },
    credentials: [f.card, f.mdl],
    now: NOW,
    onlineFaults,
  });
  return { encryptedData, finish: () => finishAppleInApp(req.state, { encryptedData, recipientKey: merchant.privateKey, purpose, trust: f.trust, now: NOW }) };
}

describe('Apple in-app', () => {
  it('verifies a My Number Card envelope', async () => {
    const { encryptedData, finish } = await run();
    const envelope = decodeCbor(encryptedData) as Map<string, unknown>;
    expect(envelope.get('algorithm')).toBe('APPLE-HPKE-v1');
    const result = await finish();
    expect(result.flow).toBe('apple-in-app');
    expect(result.policy.outcome).toBe('complete');
  });

  it('verifies an mDL age envelope', async () => {
    const result = await (await run(age21, [], 'org.iso.18013.5.1.mDL')).finish();
    expect(result.policy.documents[0]!.issuerSigned).toEqual({ 'org.iso.18013.5.1': { age_over_21: true } });
  });

  const faults = ONLINE_FAULT_CATALOGUE.filter((f) => f.kind === 'wallet' && 'apple-in-app' in f.expected);
  it.each(faults.map((f) => [f.id, (f.expected as Record<string, string | null>)['apple-in-app']] as const))('%s → %s', async (id, code) => {
    const { finish } = await run(kyc, [id as OnlineFaultId]);
    if (code === null) expect((await finish()).policy.findings.map((x) => x.code)).toContain('UNREQUESTED_ELEMENT');
    else expect(await codeOf(finish())).toBe(code);
  });

  it('response-for-another-transaction → ERR_ONLINE_TRANSCRIPT', async () => {
    const f = await fixtures();
    const { encryptedData } = await run();
    const other = createAppleInAppRequest({ purpose: kyc, ...ids, now: NOW });
    expect(await codeOf(finishAppleInApp(other.state, { encryptedData, recipientKey: merchant.privateKey, purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_ONLINE_TRANSCRIPT');
  });
});
