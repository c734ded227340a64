/**
 * The reference receiver: a receiving program built the way uketori means it to be used —
 * `createPolicyGate` plans the request and gates the answer, `verifyDeviceResponse` checks it
 * against the test trust store and CRL, readerAuth signs every request, each transaction is
 * answered once, and the log holds names and codes only. It passes every criterion; the broken
 * receivers (`broken.ts`) each override one step of it.
 *
 * Test PKI only (the environment the suite gives it): NEVER a production configuration.
 *
 * @module
 */

import { randomUUID } from 'node:crypto';
import {
  createTrustStore,
  decodeCbor,
  embedCbor,
  encodeCbor,
  verifyDeviceResponse,
  type TrustStore,
  type VerifiedDeviceResponse,
} from '@uketori/mdoc';
import { createPolicyGate, toItemsRequest, type AuditSink, type PolicyGate, type PolicyRequest, type PolicyResult, type Purpose, type RequestPlan } from '@uketori/policy';
import {
  buildSessionTranscript,
  generateEphemeralKey,
  parseDeviceEngagement,
  readerAuthenticationBytes,
  signReaderAuth,
  type EphemeralKey,
  type ReaderAuthKey,
} from '@uketori/reader';
import type {
  AcceptedOutcome,
  ConformanceTarget,
  ElementNames,
  ReceiveInput,
  RejectedOutcome,
  StartInput,
  TargetDescription,
  TargetEnvironment,
  TargetOutcome,
  TargetRequest,
  TargetText,
} from '../target.js';
import { SUITE_VERSION } from '../version.js';

/** An open transaction of the reference receiver. */
export interface ReceiverTransaction {
  readonly id: string;
  readonly purpose: Purpose;
  /** The encoded SessionTranscript. */
  readonly sessionTranscript: Uint8Array;
  /** EReaderKey, for a DeviceMac. */
  readonly readerKey: EphemeralKey;
  /** What the policy gate planned (and the response is gated against). */
  readonly request: PolicyRequest;
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^ERR_[A-Z0-9_]{1,64}$/.test(code) ? code : 'ERR_INTERNAL';
}

/**
 * `{ ns: [ids] }` from element references, in order, without duplicates.
 *
 * @example
 * ```ts
 * toElementNames([{ namespace: 'org.iso.23220.1', identifier: 'age_over_20' }]); // { 'org.iso.23220.1': ['age_over_20'] }
 * ```
 */
export function toElementNames(refs: Iterable<{ readonly namespace: string; readonly identifier: string }>): ElementNames {
  const out = new Map<string, string[]>();
  for (const { namespace, identifier } of refs) {
    const list = out.get(namespace) ?? [];
    if (!list.includes(identifier)) list.push(identifier);
    out.set(namespace, list);
  }
  return Object.fromEntries(out);
}

/**
 * The reference receiving program, for the suite's self-test and as a model. Subclasses alter one
 * protected step to make a deliberately broken receiver.
 *
 * @example
 * ```ts
 * const report = await runConformance({ target: (env) => new ReferenceReceiver(env), purpose: 'aml_kyc_jp' });
 * report.summary.conformant; // true
 * ```
 */
export class ReferenceReceiver implements ConformanceTarget {
  /** Log lines and audit records, as written. */
  protected readonly lines: string[] = [];
  protected readonly gate: PolicyGate;
  protected readonly trust: TrustStore;
  protected readonly transactions = new Map<string, ReceiverTransaction>();

  constructor(
    protected readonly env: TargetEnvironment,
    protected readonly name = 'uketori reference receiver',
  ) {
    const sink: AuditSink = { write: (record) => void this.lines.push(JSON.stringify(record)) };
    this.gate = createPolicyGate({ audit: sink, clock: env.now });
    this.trust = this.createTrustStore();
  }

  describe(): TargetDescription {
    return { name: this.name, version: SUITE_VERSION, vendor: 'uketori' };
  }

  logs(): readonly string[] {
    return [...this.lines];
  }

  async start(input: StartInput): Promise<TargetRequest> {
    const engagement = parseDeviceEngagement(input.deviceEngagement);
    const purpose = this.gate.registry.get(input.purposeId);
    const id = randomUUID();
    // ISO/IEC 18013-5 §9.1.1.4: EReaderKey on the curve of EDeviceKey; §9.1.5.1: the transcript.
    const readerKey = this.readerKey(engagement.eDeviceKey.curve);
    const { transcript } = buildSessionTranscript({ deviceEngagementBytes: engagement.taggedBytes, eReaderKeyBytes: readerKey.keyBytes, handover: { type: 'qr' } });
    const docType = purpose.documents[0]?.docType;
    const request = await this.gate.request(purpose.id, { transactionId: id, ...(docType === undefined ? {} : { docType }) });
    const plan = request.plans[0]!;
    this.transactions.set(id, { id, purpose, sessionTranscript: transcript, readerKey, request });
    this.lines.push(JSON.stringify({ event: 'request', transactionId: id, purposeId: purpose.id }));
    const text = this.purposeText(purpose);
    return { transactionId: id, sessionTranscript: transcript, deviceRequest: this.encodeRequest(this.requestPlan(plan, purpose), transcript), ...(text === undefined ? {} : { purposeText: text }) };
  }

  async receive(input: ReceiveInput): Promise<TargetOutcome> {
    this.preflight(input.deviceResponse);
    try {
      const tx = typeof input.transactionId === 'string' ? this.transactions.get(input.transactionId) : undefined;
      if (tx === undefined) return this.reject(undefined, 'ERR_UNKNOWN_TRANSACTION', 'no open transaction with this id');
      // OpenID4VP 1.0 §13.3 step 10 / ISO 18013-5 session end: the transaction is answered once, whatever the answer holds.
      this.consume(tx);
      if (!(input.deviceResponse instanceof Uint8Array)) return this.reject(tx, 'ERR_INVALID_ARG_TYPE', 'deviceResponse must be a Uint8Array');
      let verified: VerifiedDeviceResponse;
      try {
        verified = await this.verify(input.deviceResponse, tx);
      } catch (err) {
        return this.reject(tx, codeOf(err), err instanceof Error ? err.message : 'verification failed');
      }
      return await this.decide(tx, verified);
    } catch (err) {
      return this.reject(undefined, codeOf(err), 'internal error');
    }
  }

  /** The trust store: the environment's anchors, with its CRLs required (ISO/IEC 18013-5 §9.3.3). */
  protected createTrustStore(): TrustStore {
    return createTrustStore({ anchors: [...this.env.trustAnchors], crl: { crls: [...this.env.crls] } });
  }

  /** A fresh ephemeral reader key per session. */
  protected readerKey(curve: string): EphemeralKey {
    return generateEphemeralKey(curve);
  }

  /** The plan that is encoded into the DeviceRequest (the gate's, unchanged). */
  protected requestPlan(plan: RequestPlan, _purpose: Purpose): RequestPlan {
    return plan;
  }

  /** What the person is shown: the purpose's own text. */
  protected purposeText(purpose: Purpose): TargetText | undefined {
    return purpose.userText;
  }

  /** The key that signs readerAuth. */
  protected readerAuthKey(): ReaderAuthKey | undefined {
    return { privateKey: this.env.readerKey.privateKey, certificateChain: [...this.env.readerKey.certificateChain] };
  }

  /** DeviceRequest (§8.3.2.1.2.1) with readerAuth (§9.1.4) over `sessionTranscript`. */
  protected encodeRequest(plan: RequestPlan, sessionTranscript: Uint8Array): Uint8Array {
    const itemsRequestBytes = embedCbor(toItemsRequest(plan)).bytesWithTag();
    const docRequest = new Map<string, unknown>([['itemsRequest', decodeCbor(itemsRequestBytes)]]);
    const key = this.readerAuthKey();
    if (key !== undefined) docRequest.set('readerAuth', signReaderAuth(readerAuthenticationBytes(sessionTranscript, itemsRequestBytes), key));
    return encodeCbor(new Map<string, unknown>([['version', '1.0'], ['docRequests', [docRequest]]]));
  }

  /** Looks at the raw bytes before anything else (nothing to do here: `verifyDeviceResponse` bounds its input). */
  protected preflight(_bytes: Uint8Array): void {}

  /** Closes a transaction so that it cannot be answered again. */
  protected consume(tx: ReceiverTransaction): void {
    this.transactions.delete(tx.id);
  }

  /** mdoc verification (ISO/IEC 18013-5 §9.3) against the transaction's transcript. */
  protected verify(bytes: Uint8Array, tx: ReceiverTransaction): Promise<VerifiedDeviceResponse> {
    return verifyDeviceResponse(bytes, { trust: this.trust, sessionTranscript: tx.sessionTranscript, readerKey: tx.readerKey.privateKey, now: this.env.now() });
  }

  /** The policy gate: only requested elements, every requirement met. */
  protected async decide(tx: ReceiverTransaction, verified: VerifiedDeviceResponse): Promise<TargetOutcome> {
    let result: PolicyResult;
    try {
      result = await this.gate.response(tx.request, verified);
    } catch (err) {
      return this.reject(tx, codeOf(err), err instanceof Error ? err.message : 'policy refused the answer');
    }
    if (result.outcome !== 'complete') {
      const missing = result.missing.map((m) => m.anyOf.map((r) => `${r.namespace}/${r.identifier}`).join('|'));
      return this.reject(tx, 'ERR_POLICY_INCOMPLETE', `answer does not meet the purpose: missing ${missing.join(', ') || 'the requested document'}`);
    }
    const outcome = this.accepted(result);
    this.lines.push(JSON.stringify({ event: 'accepted', transactionId: tx.id, elements: outcome.elements, retained: outcome.retained }));
    return outcome;
  }

  /** What is handed on (requested elements that arrived) and kept (where the purpose allows and the request said so). */
  protected accepted(result: PolicyResult): AcceptedOutcome {
    const kept = result.documents.flatMap((d) =>
      [...Object.entries(d.issuerSigned), ...Object.entries(d.deviceSigned)].flatMap(([namespace, values]) => Object.keys(values).map((identifier) => ({ namespace, identifier }))),
    );
    const retained = result.documents.flatMap((d) => d.retention.filter((r) => r.retention.retain));
    return { accepted: true, elements: toElementNames(kept), retained: toElementNames(retained) };
  }

  /** A coded rejection, logged with its code and uketori's message (names only). */
  protected reject(tx: ReceiverTransaction | undefined, code: string, message: string): RejectedOutcome {
    this.lines.push(JSON.stringify({ event: 'rejected', ...(tx === undefined ? {} : { transactionId: tx.id }), code, message }));
    return { accepted: false, code, message };
  }
}

/**
 * The reference receiver as a target factory.
 *
 * @example
 * ```ts
 * // my-target.mjs
 * export { referenceReceiver as default } from '@uketori/conformance';
 * ```
 */
export function referenceReceiver(environment: TargetEnvironment): ConformanceTarget {
  return new ReferenceReceiver(environment);
}
