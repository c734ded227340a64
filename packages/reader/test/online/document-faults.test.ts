/**
 * Every document fault of the test sender's FAULT_CATALOGUE, carried through each online flow, is
 * rejected with the catalogue's code (or, for extra elements, accepted and reported by the policy).
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FAULT_CATALOGUE, answerAnnexC, answerAnnexD, answerAppleInApp, answerOid4vp, type FaultId } from '@uketori/test-sender';
import {
  createAnnexCRequest,
  createAnnexDRequest,
  createAppleInAppRequest,
  createOid4vpRequest,
  finishAnnexC,
  finishAnnexD,
  finishAppleInApp,
  finishOid4vp,
  type OnlineResult,
} from '../../src/index.js';
import { NOW, ORIGIN, RP_HOST, codeOf, fixtures, kyc } from './setup.js';

const merchant = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

type Flow = 'annex-c' | 'annex-d' | 'redirect' | 'apple';

async function through(flow: Flow, fault: FaultId): Promise<OnlineResult> {
  const f = await fixtures();
  const common = { credentials: [f.card], now: NOW, faults: [fault] };
  const finish = { purpose: kyc, trust: f.trust, now: NOW };
  switch (flow) {
    case 'annex-c': {
      const { request, state } = createAnnexCRequest({ purpose: kyc, origin: ORIGIN, now: NOW });
      return finishAnnexC(state, { ...finish, origin: ORIGIN, response: await answerAnnexC({ ...common, request, origin: ORIGIN }) });
    }
    case 'annex-d': {
      const { request, state } = await createAnnexDRequest({ purpose: kyc, origin: ORIGIN, now: NOW });
      return finishAnnexD(state, { ...finish, origin: ORIGIN, response: await answerAnnexD({ ...common, request, origin: ORIGIN }) });
    }
    case 'redirect': {
      const { requestObject, state } = await createOid4vpRequest({ purpose: kyc, signer: f.signer, requestUri: `https://${RP_HOST}/q`, responseUri: `https://${RP_HOST}/r`, now: NOW });
      return finishOid4vp(state, { ...finish, body: (await answerOid4vp({ ...common, requestObject })).body });
    }
    case 'apple': {
      const req = createAppleInAppRequest({ purpose: kyc, merchantId: 'merchant.example', teamId: 'TEAM', now: NOW });
      const nameSpaces: Record<string, string[]> = {};
      for (const e of req.elements) (nameSpaces[e.namespace] ??= []).push(e.identifier);
      const encryptedData = await answerAppleInApp({ ...common, nonce: req.nonce, merchantId: 'merchant.example', teamId: 'TEAM', recipientPublicKey: merchant.publicKey, request: { docType: req.docType, nameSpaces } });
      return finishAppleInApp(req.state, { ...finish, encryptedData, recipientKey: merchant.privateKey });
    }
  }
}

describe.each(['annex-c', 'annex-d', 'redirect', 'apple'] as const)('document faults through %s', (flow) => {
  it.each(FAULT_CATALOGUE.map((f) => [f.id, f.expectedCode] as const))('%s → %s', async (id, code) => {
    if (code === null) {
      const result = await through(flow, id);
      expect(result.policy.findings.map((x) => x.code)).toContain('UNREQUESTED_ELEMENT');
    } else expect(await codeOf(through(flow, id))).toBe(code);
  });
});
