/**
 * The kiosk against a test phone: `@uketori/test-sender` issues a test My Number Card and answers
 * through the loopback holder. NEVER FOR PRODUCTION — the trust anchor here is the test IACA.
 */
import { randomUUID } from 'node:crypto';
import { createTrustStore } from '@uketori/mdoc';
import type { AuditSink } from '@uketori/policy';
import { buildHandoverRequest, createLoopbackTransport, createReaderTrustList } from '@uketori/reader';
import { createLoopbackHolder, type LoopbackHolder } from '@uketori/reader/testing';
import { createTestPki, createTestReaderPki, issueMyNumberCard, respond, type FaultId } from '@uketori/test-sender';
import { runKiosk, type KioskPurpose, type KioskResult } from './index.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  readonly purpose: KioskPurpose;
  /** How the phone engages: QR code, or NFC static or negotiated handover. */
  readonly engagement: 'qr' | 'nfc-static' | 'nfc-negotiated';
  readonly audit: AuditSink;
  /** Faults the test phone injects into its answer (see `FAULT_CATALOGUE`). */
  readonly faults?: readonly FaultId[];
  readonly now?: Date;
  readonly print?: (line: string) => void;
}

/** One kiosk run against a test phone, with a test reader certificate the phone trusts. */
export async function runDemo(options: DemoOptions): Promise<KioskResult> {
  const now = options.now ?? new Date();
  const pki = await createTestPki({ now });
  const readers = await createTestReaderPki({ now });
  const card = await issueMyNumberCard({ pki });
  const holder: LoopbackHolder = createLoopbackHolder({
    // the test phone refuses a reader whose certificate does not chain to the test reader root
    readerTrust: createReaderTrustList({ roots: [readers.root.pem] }),
    now,
    answer: ({ deviceRequest, sessionTranscript, eReaderKey }) =>
      respond({ credentials: [card], request: deviceRequest, sessionTranscript, deviceAuth: 'mac', readerEphemeralPublicKey: eReaderKey, faults: options.faults ?? [], now }),
  });
  let engagement: string | Uint8Array = holder.engagementUri;
  let handoverRequest: Uint8Array | undefined;
  if (options.engagement === 'nfc-static') engagement = holder.handoverSelect();
  if (options.engagement === 'nfc-negotiated') {
    handoverRequest = buildHandoverRequest({ carriers: [{ type: 'ble', centralClientMode: true, peripheralServerMode: false, uuid: randomUUID() }] }).bytes;
    engagement = holder.handoverSelect(handoverRequest);
  }
  return runKiosk({
    purpose: options.purpose,
    engagement,
    ...(handoverRequest === undefined ? {} : { handoverRequest }),
    transport: createLoopbackTransport(holder),
    trust: createTrustStore({ anchors: [pki.iaca.pem], crl: { crls: [pki.crl.der] } }),
    readerAuth: { privateKey: readers.reader.privateKey, certificateChain: [readers.reader.der] },
    audit: options.audit,
    now,
    ...(options.print === undefined ? {} : { print: options.print }),
  });
}
