/** ISO/IEC 18013-7 Annex C (org-iso-mdoc over the DC API) end to end against the test wallet. */
import { describe, expect, it } from 'vitest';
import { decodeCbor, base64urlDecode, EncodedCbor } from '@uketori/mdoc';
import { MDL_DOCTYPE, ONLINE_FAULT_CATALOGUE, answerAnnexC, type OnlineFaultId } from '@uketori/test-sender';
import { createAnnexCRequest, finishAnnexC, parseDeviceRequest, readerAuthenticationAllBytes, verifyReaderAuth, buildOnlineSessionTranscript, skipReaderTrust } from '../../src/index.js';
import { NOW, ORIGIN, age21, codeOf, fixtures, kyc } from './setup.js';

async function transaction(purpose = kyc, docType?: string) {
  const f = await fixtures();
  return createAnnexCRequest({ purpose, origin: ORIGIN, readerAuth: f.signer, now: NOW, ...(docType === undefined ? {} : { docType }) });
}

describe('Annex C: My Number Card (aml_kyc_jp)', () => {
  it('verifies and gates an answer, with readerAuthAll over the dcapi transcript', async () => {
    const f = await fixtures();
    const { request, state } = await transaction();
    expect(request.protocol).toBe('org-iso-mdoc');
    // EncryptionInfo = ["dcapi", {nonce ≥ 16 bytes, recipientPublicKey COSE_Key}]
    const info = decodeCbor(base64urlDecode(request.data.encryptionInfo)) as [string, Map<string, unknown>];
    expect(info[0]).toBe('dcapi');
    expect((info[1].get('nonce') as Uint8Array).length).toBeGreaterThanOrEqual(16);
    expect([...(info[1].get('recipientPublicKey') as Map<number, unknown>).keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 1]);
    // the readerAuthAll signature covers the transcript with this origin and EncryptionInfo
    const parsed = parseDeviceRequest(base64urlDecode(request.data.deviceRequest));
    expect(parsed.version).toBe('1.1');
    const st = buildOnlineSessionTranscript({ type: 'dcapi', encryptionInfo: request.data.encryptionInfo, origin: ORIGIN });
    const payload = readerAuthenticationAllBytes(st.transcript, [parsed.docRequests[0]!.itemsRequest.bytesWithTag()], parsed.deviceRequestInfo?.bytesWithTag() ?? null);
    await expect(verifyReaderAuth(parsed.readerAuthAll![0], payload, { trust: skipReaderTrust, now: NOW })).resolves.toMatchObject({ reader: undefined });
    // over another origin it does not verify
    const other = buildOnlineSessionTranscript({ type: 'dcapi', encryptionInfo: request.data.encryptionInfo, origin: 'https://evil.example' });
    const otherPayload = readerAuthenticationAllBytes(other.transcript, [parsed.docRequests[0]!.itemsRequest.bytesWithTag()], parsed.deviceRequestInfo?.bytesWithTag() ?? null);
    await expect(verifyReaderAuth(parsed.readerAuthAll![0], otherPayload, { trust: skipReaderTrust, now: NOW })).rejects.toMatchObject({ code: 'ERR_READER_AUTH' });
    expect(parsed.docRequests[0]!.itemsRequest).toBeInstanceOf(EncodedCbor);

    // the state survives JSON (a Redis store)
    const stored = JSON.parse(JSON.stringify(state)) as typeof state;
    const data = await answerAnnexC({ request, origin: ORIGIN, credentials: [f.card], now: NOW });
    const result = await finishAnnexC(stored, { response: data, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW });
    expect(result.flow).toBe('dc-api-annex-c');
    expect(result.handover).toBe('dcapi');
    expect(result.policy.outcome).toBe('complete');
    expect(result.policy.transactionId).toBe(state.transactionId);
    expect(result.verified.documents[0]!.deviceAuthentication).toBe('signature');
    expect(result.sessionTranscript.transcript).toEqual(st.transcript);
  });

  it('refuses a response relayed through another origin with ERR_ONLINE_ORIGIN (byte for byte: no trailing slash)', async () => {
    const f = await fixtures();
    const { request, state } = await transaction();
    const data = await answerAnnexC({ request, origin: ORIGIN, credentials: [f.card], now: NOW });
    expect(await codeOf(finishAnnexC(state, { response: data, origin: `${ORIGIN}/`, purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_ONLINE_ORIGIN');
    expect(await codeOf(finishAnnexC(state, { response: data, origin: 'https://SHOP.example', purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_ONLINE_ORIGIN');
  });

  it('refuses a response after the transaction expired, and for another purpose', async () => {
    const f = await fixtures();
    const { request, state } = await transaction();
    const data = await answerAnnexC({ request, origin: ORIGIN, credentials: [f.card], now: NOW });
    const late = new Date(NOW.getTime() + 301_000);
    expect(await codeOf(finishAnnexC(state, { response: data, origin: ORIGIN, purpose: kyc, trust: f.trust, now: late }))).toBe('ERR_ONLINE_EXPIRED');
    expect(await codeOf(finishAnnexC(state, { response: data, origin: ORIGIN, purpose: age21, trust: f.trust, now: NOW }))).toBe('ERR_ONLINE_TRANSACTION');
  });
});

describe('Annex C: mDL (age_21_plus)', () => {
  it('verifies an mDL age answer', async () => {
    const f = await fixtures();
    const { request, state } = await transaction(age21, MDL_DOCTYPE);
    const data = await answerAnnexC({ request, origin: ORIGIN, credentials: [f.mdl], now: NOW });
    const result = await finishAnnexC(state, { response: data, origin: ORIGIN, purpose: age21, trust: f.trust, now: NOW });
    expect(result.policy.outcome).toBe('complete');
    expect(result.policy.documents[0]!.issuerSigned).toEqual({ 'org.iso.18013.5.1': { age_over_21: true } });
  });
});

describe('Annex C: online faults', () => {
  const faults = ONLINE_FAULT_CATALOGUE.filter((f) => f.kind === 'wallet' && 'dc-api-annex-c' in f.expected);
  it.each(faults.map((f) => [f.id, (f.expected as Record<string, string | null>)['dc-api-annex-c']] as const))('%s → %s', async (id, code) => {
    const f = await fixtures();
    const { request, state } = await transaction();
    const data = await answerAnnexC({ request, origin: ORIGIN, credentials: [f.card], now: NOW, onlineFaults: [id as OnlineFaultId] });
    const outcome = finishAnnexC(state, { response: data, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW });
    if (code === null) {
      const result = await outcome;
      expect(result.policy.findings.map((x) => x.code)).toContain('UNREQUESTED_ELEMENT');
    } else expect(await codeOf(outcome)).toBe(code);
  });

  it('response-for-another-transaction → ERR_ONLINE_DECRYPT', async () => {
    const f = await fixtures();
    const a = await transaction();
    const b = await transaction();
    const data = await answerAnnexC({ request: a.request, origin: ORIGIN, credentials: [f.card], now: NOW });
    expect(await codeOf(finishAnnexC(b.state, { response: data, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW }))).toBe('ERR_ONLINE_DECRYPT');
    // the same answer still verifies for its own transaction
    expect((await finishAnnexC(a.state, { response: data, origin: ORIGIN, purpose: kyc, trust: f.trust, now: NOW })).policy.outcome).toBe('complete');
  });
});
