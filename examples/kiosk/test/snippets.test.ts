import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex, PassThrough } from 'node:stream';
import { createTrustStore, encodeCbor } from '@uketori/mdoc';
import { getPurpose, planRequest } from '@uketori/policy';
import { createLoopbackTransport, createReaderTrustList, parseDeviceEngagement, parseSessionData, ReaderSession } from '@uketori/reader';
import { createLoopbackHolder, type HolderRequest } from '@uketori/reader/testing';
import { createTestPki, createTestReaderPki, issueMyNumberCard, respond, type TestCredential, type TestPki, type TestReaderPki } from '@uketori/test-sender';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyFromIphoneApp } from '../src/snippets/apple-raw-data.js';
import { negotiatedHandover, staticHandover } from '../src/snippets/nfc-handover.js';
import { productionSetup } from '../src/snippets/production-setup.js';
import { verifyInPerson } from '../src/snippets/quick-start.js';
import { whoIsAsking } from '../src/snippets/reader-trust.js';
import { deviceRequest11, sessionWith11Request } from '../src/snippets/request-versions.js';
import { streamTransport } from '../src/snippets/stream-transport.js';
import { answerOnce } from '../src/snippets/step-by-step.js';

// The guide's snippets, run for real against the test sender (the docs test checks they are the guide's blocks).
const NOW = new Date();
let pki: TestPki;
let readers: TestReaderPki;
let card: TestCredential;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  readers = await createTestReaderPki({ now: NOW });
  card = await issueMyNumberCard({ pki });
});

const trust = () => createTrustStore({ anchors: [pki.iaca.pem], crl: { crls: [pki.crl.der] } });
const readerAuth = () => ({ privateKey: readers.reader.privateKey, certificateChain: [readers.reader.der] });
const answer = ({ deviceRequest, sessionTranscript, eReaderKey }: HolderRequest) =>
  respond({ credentials: [card], request: deviceRequest, sessionTranscript, deviceAuth: 'mac', readerEphemeralPublicKey: eReaderKey, now: NOW });

describe('guide snippets (docs/in-person.md)', () => {
  it('quick-start: verifies in person from the QR text to the policy-checked result', async () => {
    const holder = createLoopbackHolder({ answer, readerTrust: createReaderTrustList({ roots: [readers.root.pem] }) });
    const policy = await verifyInPerson(holder.engagementUri, createLoopbackTransport(holder), trust(), readerAuth());
    expect(policy.outcome).toBe('complete');
  });

  it('stream-transport: carries a whole session over a framed byte stream', async () => {
    const holder = createLoopbackHolder({ answer });
    // The phone's end of the stream: unframe, hand to the holder, frame its replies.
    const toPhone = new PassThrough();
    const toReader = new PassThrough();
    const link = Duplex.from({ readable: toReader, writable: toPhone });
    let buffered = Buffer.alloc(0);
    toPhone.on('data', async (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= 4 + buffered.readUInt32BE(0)) {
        const message = buffered.subarray(4, 4 + buffered.readUInt32BE(0));
        buffered = buffered.subarray(4 + message.length);
        for (const reply of await holder.handle(new Uint8Array(message))) {
          const header = Buffer.alloc(4);
          header.writeUInt32BE(reply.length);
          toReader.write(Buffer.concat([header, reply]));
        }
      }
    });
    const policy = await verifyInPerson(holder.engagementUri, streamTransport(link), trust(), readerAuth());
    expect(policy.outcome).toBe('complete');
    expect(holder.terminated).toBe(true);
  });

  it('step-by-step: answers once, and tells the phone status 10 when an answer belongs to another session', async () => {
    const holder = createLoopbackHolder({ answer });
    const engagement = parseDeviceEngagement(holder.engagement);
    const loopback = createLoopbackTransport(holder);
    let answered: Uint8Array | undefined;
    const recording = { send: (m: Uint8Array) => loopback.send(m), receive: async () => (answered = await loopback.receive()), close: () => loopback.close() };
    const first = await answerOnce(ReaderSession.create({ engagement, purpose: getPurpose('aml_kyc_jp'), trust: trust(), now: NOW }), recording);
    expect(first.policy.outcome).toBe('complete');
    // the first session's answer, replayed into a second session with the same phone: other keys
    const second = ReaderSession.create({ engagement, purpose: getPurpose('aml_kyc_jp'), trust: trust(), now: NOW });
    const sent: Uint8Array[] = [];
    const replaying = { send: async (m: Uint8Array) => void sent.push(m), receive: async () => answered!, close: async () => {} };
    await expect(answerOnce(second, replaying)).rejects.toMatchObject({ code: 'ERR_SESSION_DECRYPT' });
    expect(parseSessionData(sent.at(-1)!)).toEqual({ status: 10 });
    expect(second.state).toBe('terminated');
  });

  it('stream-transport: reports an ended connection as ERR_TRANSPORT', async () => {
    const stream = new PassThrough();
    const transport = streamTransport(stream);
    stream.end();
    stream.resume();
    await expect(transport.receive()).rejects.toMatchObject({ code: 'ERR_TRANSPORT' });
  });

  it('nfc-handover: static and negotiated handover against a phone', async () => {
    const holder = createLoopbackHolder({ answer });
    const link = { readHandoverSelect: async () => holder.handoverSelect(), exchangeHandover: async (hr: Uint8Array) => holder.handoverSelect(hr) };
    expect((await staticHandover(link)).kind).toBe('static');
    const negotiated = await negotiatedHandover(link);
    expect(negotiated.kind).toBe('negotiated');
    expect(negotiated.retrievalMethods[0]).toMatchObject({ type: 'ble', centralClientMode: true });
  });

  it('request-versions: a 1.1 session signed with both readerAuth and readerAuthAll, and a 1.1 request', async () => {
    const holder = createLoopbackHolder({ answer, readerTrust: createReaderTrustList({ roots: [readers.root.pem] }) });
    const session = sessionWith11Request(parseDeviceEngagement(holder.engagement), trust(), readerAuth());
    expect((await session.run(createLoopbackTransport(holder))).policy.outcome).toBe('complete');
    const st = encodeCbor([null, null, null]);
    const readersFound = await whoIsAsking(deviceRequest11(st, readerAuth()), st, readers.root.pem, NOW);
    expect(readersFound[0]!.subject).toContain('uketori TEST reader');
  });

  it('reader-trust: names no reader for a request from an untrusted reader', async () => {
    const st = encodeCbor([null, null, null]);
    const other = await createTestReaderPki({ now: NOW });
    await expect(whoIsAsking(deviceRequest11(st, readerAuth()), st, other.root.pem, NOW)).rejects.toMatchObject({ code: 'ERR_READER_TRUST' });
  });

  it('apple-raw-data: verifies the triple an iPhone app posts', async () => {
    const purpose = getPurpose('age_20_plus');
    const sessionTranscript = encodeCbor([null, null, ['example', randomUUID()]]);
    const plan = planRequest(purpose);
    const responseData = await respond({ credentials: [card], request: [{ docType: plan.docType, nameSpaces: { 'org.iso.23220.1': ['age_over_20'] } }], sessionTranscript, deviceAuth: 'signature', now: NOW });
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
    const seen = new Set<string>();
    const post = { responseData: b64(responseData), sessionTranscript: b64(sessionTranscript) };
    const policy = await verifyFromIphoneApp(post, trust(), seen);
    expect(policy?.outcome).toBe('complete');
    await expect(verifyFromIphoneApp(post, trust(), seen)).rejects.toThrow('already received');
  });

  it('production-setup: loads the J-LIS anchor set and a reader key and chain from files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uketori-kiosk-'));
    writeFileSync(join(dir, 'reader-key.pem'), readers.reader.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    writeFileSync(join(dir, 'reader-chain.pem'), readers.reader.pem + readers.root.pem);
    const { trust: store, readerAuth: key } = productionSetup(dir);
    expect(typeof store.validateDocumentSigner).toBe('function');
    expect(key.certificateChain).toHaveLength(2);
    expect(Buffer.from(key.certificateChain[0]!).equals(Buffer.from(readers.reader.der))).toBe(true);
  });
});
