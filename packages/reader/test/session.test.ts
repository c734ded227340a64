import { createTrustStore } from '@uketori/mdoc';
import { getPurpose } from '@uketori/policy';
import { createTestPki, FAULT_CATALOGUE, issueMyNumberCard, respond, type FaultId, type TestCredential, type TestPki } from '@uketori/test-sender';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createLoopbackTransport,
  deriveSessionKeys,
  encodeSessionData,
  generateEphemeralKey,
  parseDeviceEngagementUri,
  parseDeviceRequest,
  parseSessionData,
  parseHandoverSelect,
  parseSessionEstablishment,
  buildSessionTranscript,
  encodeDeviceEngagement,
  parseDeviceEngagement,
  ReaderSession,
  SessionCipher,
  verifyReaderAuth,
  readerAuthenticationBytes,
  readerAuthenticationAllBytes,
  skipReaderTrust,
  type Transport,
} from '../src/index.js';
import { createLoopbackHolder, type HolderRequest } from '../src/testing.js';

const NOW = new Date('2026-10-01T03:00:00Z');
const purpose = getPurpose('aml_kyc_jp');
let pki: TestPki;
let card: TestCredential;

beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  card = await issueMyNumberCard({ pki });
});

const trust = () => createTrustStore({ anchors: [pki.iaca.pem], crl: { crls: [pki.crl.der] } });

function answerWith(faults: readonly FaultId[] = [], deviceAuth: 'mac' | 'signature' = 'mac') {
  return ({ deviceRequest, sessionTranscript, eReaderKey }: HolderRequest) =>
    respond({ credentials: [card], request: deviceRequest, sessionTranscript, deviceAuth, readerEphemeralPublicKey: eReaderKey, faults, now: NOW });
}

/** A transport that records what passes, both ways. */
function recording(inner: Transport) {
  const sent: Uint8Array[] = [];
  const received: Uint8Array[] = [];
  const transport: Transport = {
    send: async (m) => {
      sent.push(m);
      await inner.send(m);
    },
    receive: async () => {
      const m = await inner.receive();
      received.push(m);
      return m;
    },
    close: () => inner.close(),
  };
  return { transport, sent, received };
}

describe('ReaderSession: a full in-person My Number Card session', () => {
  it.each(['mac', 'signature'] as const)('runs from the QR engagement to a policy-checked result (device %s)', async (deviceAuth) => {
    const holder = createLoopbackHolder({ answer: answerWith([], deviceAuth) });
    const session = ReaderSession.create({
      engagement: parseDeviceEngagementUri(holder.engagementUri),
      purpose,
      trust: trust(),
      now: NOW,
      readerAuth: { privateKey: pki.ds.privateKey, certificateChain: [pki.ds.der] },
    });
    const { transport, sent } = recording(createLoopbackTransport(holder));
    const result = await session.run(transport);
    expect(result.verified.documents[0]!.deviceAuthentication).toBe(deviceAuth);
    expect(result.policy.outcome).toBe('complete');
    expect(result.policy.purposeId).toBe('aml_kyc_jp');
    expect(result.policy.dropped).toEqual([]);
    // the reader sent SessionEstablishment, then termination (status 20); the holder saw the end
    expect(parseSessionData(sent[1]!)).toEqual({ status: 20 });
    expect(holder.terminated).toBe(true);
    expect(session.state).toBe('terminated');
  });

  it('sends a request whose readerAuth verifies over the session transcript', async () => {
    let seen: HolderRequest | undefined;
    const holder = createLoopbackHolder({ answer: async (r) => ((seen = r), answerWith()(r)) });
    const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW, readerAuth: { privateKey: pki.ds.privateKey, certificateChain: [pki.ds.der] } });
    await session.run(createLoopbackTransport(holder));
    expect(Buffer.from(seen!.sessionTranscript).equals(Buffer.from(session.transcript.transcript))).toBe(true);
    const doc = parseDeviceRequest(seen!.deviceRequest).docRequests[0]!;
    await verifyReaderAuth(doc.readerAuth, readerAuthenticationBytes(session.transcript.transcript, doc.itemsRequest.bytesWithTag()), { trust: skipReaderTrust });
  });

  it('runs over an NFC static handover, with the Handover Select in the transcript, and a 1.1 request signed with readerAuthAll', async () => {
    let seen: HolderRequest | undefined;
    const holder = createLoopbackHolder({ answer: async (r) => ((seen = r), answerWith()(r)) });
    const hs = parseHandoverSelect(holder.handoverSelect());
    const session = ReaderSession.create({
      engagement: hs.engagement,
      handover: hs.handover,
      purpose,
      trust: trust(),
      now: NOW,
      readerAuth: { privateKey: pki.ds.privateKey, certificateChain: [pki.ds.der] },
      requestVersion: '1.1',
      readerAuthScope: 'all',
    });
    expect((await session.run(createLoopbackTransport(holder))).policy.outcome).toBe('complete');
    // the transcript both sides used holds the Handover Select bytes as sent
    expect(Buffer.from(seen!.sessionTranscript).equals(Buffer.from(session.transcript.transcript))).toBe(true);
    const request = parseDeviceRequest(seen!.deviceRequest);
    expect(request.version).toBe('1.1');
    const payload = readerAuthenticationAllBytes(session.transcript.transcript, [request.docRequests[0]!.itemsRequest.bytesWithTag()], request.deviceRequestInfo!.bytesWithTag());
    await verifyReaderAuth(request.readerAuthAll![0], payload, { trust: skipReaderTrust });
  });

  it('fails closed when reader and holder disagree on the handover (different transcripts)', async () => {
    const holder = createLoopbackHolder({ handover: { type: 'nfc', handoverSelect: Uint8Array.of(1) }, answer: answerWith() });
    const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW });
    // the holder derives other session keys, cannot read the request and answers status 10
    await expect(session.run(createLoopbackTransport(holder))).rejects.toMatchObject({ code: 'ERR_SESSION_STATUS' });
    expect(holder.terminated).toBe(true);
  });

  it.each(['P-384', 'X25519'] as const)('agrees on %s session keys when the engagement asks for them (device signature)', async (curve) => {
    const holder = createLoopbackHolder({ curve, answer: answerWith([], 'signature') });
    const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW });
    expect((await session.run(createLoopbackTransport(holder))).policy.outcome).toBe('complete');
  });

  it('drops and reports an unrequested element the holder disclosed', async () => {
    const holder = createLoopbackHolder({ answer: answerWith(['extra-unrequested-elements']) });
    const result = await ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW }).run(createLoopbackTransport(holder));
    expect(result.policy.dropped.length).toBeGreaterThan(0);
  });

  const rejected = FAULT_CATALOGUE.filter((f) => f.expectedCode !== null);
  it.each(rejected.map((f) => [f.id, f.expectedCode] as const))('rejects the fault %s with %s and tells the holder', async (id, code) => {
    const holder = createLoopbackHolder({ answer: answerWith([id as FaultId]) });
    const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW });
    const { transport, sent } = recording(createLoopbackTransport(holder));
    await expect(session.run(transport)).rejects.toMatchObject({ code });
    // table 20: a response that is not CBOR is a decoding error (11); a verification failure ends the session (20)
    expect(parseSessionData(sent.at(-1)!).status).toBe(code.startsWith('ERR_CBOR_') ? 11 : 20);
    expect(session.state).toBe('terminated');
  });

  it.each(rejected.map((f) => [f.id, f.expectedCode] as const))('rejects the fault %s with %s in a DeviceSignature response too', async (id, code) => {
    const holder = createLoopbackHolder({ answer: answerWith([id as FaultId], 'signature') });
    const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW });
    await expect(session.run(createLoopbackTransport(holder))).rejects.toMatchObject({ code });
  });

  it('rejects a replayed response with ERR_SESSION_COUNTER and ends the session with status 10', async () => {
    const holder = createLoopbackHolder({ answer: answerWith() });
    const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW });
    const transport = createLoopbackTransport(holder);
    await transport.send(session.establish());
    const first = await transport.receive();
    expect((await session.receive(first)).policy.outcome).toBe('complete');
    await transport.send(session.requestAgain());
    await expect(session.receive(first)).rejects.toMatchObject({ code: 'ERR_SESSION_COUNTER', message: expect.stringContaining('replayed') });
    // §9.1.1.5: the session is over; even the genuine second response is refused
    expect(session.state).toBe('terminated');
    expect(session.endedByHolder).toBe(false);
    expect(parseSessionData(session.terminate())).toEqual({ status: 10 });
    await expect(session.receive(await transport.receive())).rejects.toMatchObject({ code: 'ERR_SESSION_TERMINATED' });
  });

  it('recognises a replay however many messages ago it was first received', async () => {
    const holder = createLoopbackHolder({ answer: answerWith() });
    const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW });
    const transport = createLoopbackTransport(holder);
    await transport.send(session.establish());
    const first = await transport.receive();
    await session.receive(first);
    for (let i = 0; i < 20; i++) {
      await transport.send(session.requestAgain());
      expect((await session.receive(await transport.receive())).policy.outcome).toBe('complete');
    }
    await transport.send(session.requestAgain());
    await expect(session.receive(first)).rejects.toMatchObject({ code: 'ERR_SESSION_COUNTER' });
  });

  it('ends the session on a tampered message (status 10), an undecodable one or an unknown status (11), and an unasked response (20)', async () => {
    const cases: [string, (genuine: Uint8Array) => Uint8Array, string, number][] = [
      ['tampered', (m) => { const { data } = parseSessionData(m); const d = Uint8Array.from(data!); d[5]! ^= 1; return encodeSessionData({ data: d }); }, 'ERR_SESSION_DECRYPT', 10],
      ['not CBOR', () => Uint8Array.of(0xa1, 0x64), 'ERR_SESSION_STRUCTURE', 11],
      ['unknown status', (m) => encodeSessionData({ data: parseSessionData(m).data!, status: 99 }), 'ERR_SESSION_STRUCTURE', 11],
    ];
    for (const [, mutate, code, status] of cases) {
      const holder = createLoopbackHolder({ answer: answerWith() });
      const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW });
      const transport = createLoopbackTransport(holder);
      await transport.send(session.establish());
      const genuine = await transport.receive();
      await expect(session.receive(mutate(genuine))).rejects.toMatchObject({ code });
      expect(session.state).toBe('terminated');
      expect(parseSessionData(session.terminate())).toEqual({ status });
      // the genuine message, which would have decrypted, is refused too
      await expect(session.receive(genuine)).rejects.toMatchObject({ code: 'ERR_SESSION_TERMINATED' });
    }
    // a second response without a second request
    const holder = createLoopbackHolder({ answer: answerWith() });
    const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW });
    const transport = createLoopbackTransport(holder);
    await transport.send(session.establish());
    await session.receive(await transport.receive());
    await expect(session.receive(encodeSessionData({ data: Uint8Array.of(1, 2, 3) }))).rejects.toMatchObject({ code: 'ERR_SESSION_STATE' });
    expect(parseSessionData(session.terminate())).toEqual({ status: 20 });
  });

  it('does not answer a holder that ended the session itself', async () => {
    const engagement = parseDeviceEngagement(createLoopbackHolder({ answer: answerWith() }).engagement);
    for (const status of [10, 11, 20]) {
      const sent: Uint8Array[] = [];
      const transport: Transport = { send: async (m) => void sent.push(m), receive: async () => encodeSessionData({ status }), close: async () => {} };
      const session = ReaderSession.create({ engagement, purpose, trust: trust(), now: NOW });
      await expect(session.run(transport)).rejects.toMatchObject({ code: status === 20 ? 'ERR_SESSION_TERMINATED' : 'ERR_SESSION_STATUS' });
      expect(session.endedByHolder).toBe(true);
      expect(sent).toHaveLength(1); // only the SessionEstablishment
    }
  });

  it('refuses to receive before establishing, without ending the session', async () => {
    const engagement = parseDeviceEngagement(createLoopbackHolder({ answer: answerWith() }).engagement);
    const session = ReaderSession.create({ engagement, purpose, trust: trust(), now: NOW });
    await expect(session.receive(encodeSessionData({ status: 20 }))).rejects.toMatchObject({ code: 'ERR_SESSION_STATE' });
    expect(session.state).toBe('new');
  });

  it('rejects a response under a skipped counter with ERR_SESSION_COUNTER and tells the holder status 10', async () => {
    // a holder built from the primitives, which encrypts one message too many before answering
    const eDeviceKey = generateEphemeralKey('P-256');
    const engagement = parseDeviceEngagement(encodeDeviceEngagement({ eDeviceKey: eDeviceKey.privateKey }));
    const toHolder: Uint8Array[] = [];
    let reply: Uint8Array | undefined;
    const transport: Transport = {
      async send(m) {
        toHolder.push(m);
        if (toHolder.length > 1) return;
        const est = parseSessionEstablishment(m);
        const st = buildSessionTranscript({ deviceEngagementBytes: engagement.taggedBytes, eReaderKeyBytes: est.eReaderKeyBytes, handover: { type: 'qr' } });
        const cipher = new SessionCipher('device', deriveSessionKeys(eDeviceKey.privateKey, est.eReaderKey.key, st.bytes));
        const request = cipher.decrypt(est.data);
        cipher.encrypt(Uint8Array.of(0)); // counter 1 used up and never sent
        const response = await answerWith()({ deviceRequest: request, sessionTranscript: st.transcript, eReaderKey: est.eReaderKey.key });
        reply = encodeSessionData({ data: cipher.encrypt(response) });
      },
      receive: async () => reply!,
      close: async () => {},
    };
    const session = ReaderSession.create({ engagement, purpose, trust: trust(), now: NOW });
    await expect(session.run(transport)).rejects.toMatchObject({ code: 'ERR_SESSION_COUNTER' });
    expect(parseSessionData(toHolder.at(-1)!)).toEqual({ status: 10 });
  });

  it('rejects a response from another session (wrong keys) with ERR_SESSION_DECRYPT', async () => {
    const holder = createLoopbackHolder({ answer: answerWith() });
    const engagement = parseDeviceEngagement(holder.engagement);
    const a = ReaderSession.create({ engagement, purpose, trust: trust(), now: NOW });
    const b = ReaderSession.create({ engagement, purpose, trust: trust(), now: NOW });
    const transport = createLoopbackTransport(holder);
    await transport.send(a.establish());
    b.establish();
    await expect(b.receive(await transport.receive())).rejects.toMatchObject({ code: 'ERR_SESSION_DECRYPT' });
  });

  it('reports holder status 10/11 as ERR_SESSION_STATUS and status 20 without data as ERR_SESSION_TERMINATED', async () => {
    const engagement = parseDeviceEngagement(createLoopbackHolder({ answer: answerWith() }).engagement);
    for (const [status, code] of [[10, 'ERR_SESSION_STATUS'], [11, 'ERR_SESSION_STATUS'], [20, 'ERR_SESSION_TERMINATED']] as const) {
      const session = ReaderSession.create({ engagement, purpose, trust: trust(), now: NOW });
      session.establish();
      await expect(session.receive(encodeSessionData({ status }))).rejects.toMatchObject({ code });
      await expect(session.receive(encodeSessionData({ status: 20 }))).rejects.toMatchObject({ code: 'ERR_SESSION_TERMINATED' });
    }
  });

  it('refuses to establish twice, to ask again before an answer, and any message after termination', async () => {
    const holder = createLoopbackHolder({ answer: answerWith() });
    const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust: trust(), now: NOW });
    expect(() => session.requestAgain()).toThrow(expect.objectContaining({ code: 'ERR_SESSION_STATE' }));
    const transport = createLoopbackTransport(holder);
    await transport.send(session.establish());
    expect(() => session.establish()).toThrow(expect.objectContaining({ code: 'ERR_SESSION_STATE' }));
    const message = await transport.receive();
    expect(parseSessionData(session.terminate())).toEqual({ status: 20 });
    await expect(session.receive(message)).rejects.toMatchObject({ code: 'ERR_SESSION_TERMINATED' });
  });

  it('surfaces a holder that sends nothing as ERR_TRANSPORT', async () => {
    const engagement = parseDeviceEngagement(createLoopbackHolder({ answer: answerWith() }).engagement);
    const session = ReaderSession.create({ engagement, purpose, trust: trust(), now: NOW });
    const silent = createLoopbackTransport({ handle: async () => [] });
    await expect(session.run(silent)).rejects.toMatchObject({ code: 'ERR_TRANSPORT' });
  });
});
