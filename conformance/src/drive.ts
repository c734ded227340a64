/**
 * The suite acting as the holder's wallet: it shows an engagement, reads the target's request,
 * answers it with `@uketori/test-sender` (good or broken on purpose), and records what the target
 * did. Evidence names elements and codes, never a value.
 *
 * @module
 */

import { encodeDeviceEngagement, generateEphemeralKey, parseDeviceRequest } from '@uketori/reader';
import { faultDescriptor, respond, type DocumentRequest, type FaultId, type FaultSpec } from '@uketori/test-sender';
import type { ConformanceTarget, TargetOutcome, TargetRequest } from './target.js';
import type { SuiteWorld } from './world.js';

/** A transaction the suite started on the target. */
export interface Session {
  /** The DeviceEngagement the wallet showed. */
  readonly engagement: Uint8Array;
  readonly request: TargetRequest;
}

/** What the target did with one input. */
export type Observation =
  | { readonly kind: 'accepted'; readonly outcome: Extract<TargetOutcome, { accepted: true }> }
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string | undefined }
  /** `receive` threw instead of answering. */
  | { readonly kind: 'crashed'; readonly error: string }
  /** `receive` did not answer in time. */
  | { readonly kind: 'timeout'; readonly ms: number }
  /** `receive` answered with something that is not an outcome. */
  | { readonly kind: 'invalid'; readonly detail: string };

/** One step of a check, as the report shows it. */
export interface Evidence {
  /** Stable step id, e.g. `good-answer`, `fault:expired-mso`, `inspect-request`. */
  readonly step: string;
  /** What the suite sent or looked at (no personal values). */
  readonly sent: string;
  /** What a conforming target does. */
  readonly expected: string;
  /** What this target did. */
  readonly observed: string;
  /** The code uketori raises for this input, when there is one. */
  readonly expectedCode?: string;
  /** The target's code, when it rejected. */
  readonly observedCode?: string;
  readonly passed: boolean;
}

/** An ItemsRequest element as the target asked for it. */
export interface RequestedElement {
  readonly namespace: string;
  readonly identifier: string;
  readonly intentToRetain: boolean;
}

/** One DocRequest of the target's DeviceRequest. */
export interface InspectedDocRequest {
  readonly docType: string;
  readonly elements: readonly RequestedElement[];
  /** ItemsRequestBytes as sent (`#6.24`). */
  readonly itemsRequestBytes: Uint8Array;
  readonly readerAuth: unknown;
}

/** The target's DeviceRequest, read. */
export interface InspectedRequest {
  readonly docRequests: readonly InspectedDocRequest[];
  readonly readerAuthAll: readonly unknown[] | undefined;
  /** DeviceRequestInfoBytes as sent (`#6.24`), or `null`. */
  readonly deviceRequestInfoBytes: Uint8Array | null;
}

/** A fresh DeviceEngagement (ISO/IEC 18013-5 §8.2.1.1) with a new EDeviceKey on P-256. */
export function newEngagement(): Uint8Array {
  return encodeDeviceEngagement({ eDeviceKey: generateEphemeralKey('P-256').privateKey });
}

/**
 * Reads a DeviceRequest into names and intents.
 *
 * @throws {Error} a coded error from `@uketori/reader` or `@uketori/mdoc` for a malformed request.
 */
export function inspectRequest(deviceRequest: Uint8Array): InspectedRequest {
  const parsed = parseDeviceRequest(deviceRequest);
  const docRequests = parsed.docRequests.map((d) => {
    const items: unknown = d.itemsRequest.decode();
    if (!(items instanceof Map)) throw new TypeError('ItemsRequest is not a map');
    const docType = items.get('docType');
    const nameSpaces = items.get('nameSpaces');
    if (typeof docType !== 'string' || !(nameSpaces instanceof Map)) throw new TypeError('ItemsRequest has no docType or nameSpaces');
    const elements: RequestedElement[] = [];
    // ItemsRequest.nameSpaces = { + NameSpace => { + DataElementIdentifier => IntentToRetain } } (§8.3.2.1.2.1)
    for (const [namespace, ids] of nameSpaces) {
      if (typeof namespace !== 'string' || !(ids instanceof Map)) throw new TypeError('ItemsRequest namespace is malformed');
      for (const [identifier, intent] of ids) {
        if (typeof identifier !== 'string' || typeof intent !== 'boolean') throw new TypeError('ItemsRequest element is malformed');
        elements.push({ namespace, identifier, intentToRetain: intent });
      }
    }
    return { docType, elements, itemsRequestBytes: d.itemsRequest.bytesWithTag(), readerAuth: d.readerAuth };
  });
  return { docRequests, readerAuthAll: parsed.readerAuthAll, deviceRequestInfoBytes: parsed.deviceRequestInfo?.bytesWithTag() ?? null };
}

/** The plain request list the test sender answers, from an inspected request. */
export function plainRequest(inspected: InspectedRequest): DocumentRequest[] {
  return inspected.docRequests.map((d) => {
    const nameSpaces: Record<string, string[]> = {};
    for (const e of d.elements) (nameSpaces[e.namespace] ??= []).push(e.identifier);
    return { docType: d.docType, nameSpaces };
  });
}

/** `ns/id` names of elements. */
export function names(elements: Iterable<{ readonly namespace: string; readonly identifier: string }>): string[] {
  return [...elements].map((e) => `${e.namespace}/${e.identifier}`);
}

/** `ns/id` names in an outcome's `{ ns: [ids] }` map. */
export function outcomeNames(map: Readonly<Record<string, readonly string[]>> | undefined): string[] {
  if (map === null || typeof map !== 'object') return [];
  return Object.entries(map).flatMap(([ns, ids]) => (Array.isArray(ids) ? ids.map((id) => `${ns}/${String(id)}`) : []));
}

function isOutcome(value: unknown): value is TargetOutcome {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  if (v['accepted'] === true) return typeof v['elements'] === 'object' && v['elements'] !== null && typeof v['retained'] === 'object' && v['retained'] !== null;
  return v['accepted'] === false && typeof v['code'] === 'string';
}

/**
 * The suite as the holder's wallet, driving one target for one check: it starts transactions,
 * answers them with the test sender and records what the target did.
 *
 * @example
 * ```ts
 * const wallet = new Wallet(world, await factory(world.environment), 10_000);
 * const session = await wallet.session();
 * const observation = await wallet.submit(session, await wallet.answer(session, { faults: ['expired-mso'] }));
 * observation.kind; // 'rejected' from a conforming target
 * ```
 */
export class Wallet {
  constructor(
    readonly world: SuiteWorld,
    readonly target: ConformanceTarget,
    readonly timeoutMs: number,
  ) {}

  /** Starts a transaction, showing `engagement` (default: a fresh one). */
  async session(engagement: Uint8Array = newEngagement()): Promise<Session> {
    const request = await this.target.start({ purposeId: this.world.purpose.id, deviceEngagement: engagement });
    if (request === null || typeof request !== 'object' || typeof request.transactionId !== 'string') throw new TypeError('start() did not return a TargetRequest with a transactionId');
    if (!(request.sessionTranscript instanceof Uint8Array) || !(request.deviceRequest instanceof Uint8Array)) {
      throw new TypeError('start() must return the sessionTranscript and deviceRequest as Uint8Array');
    }
    return { engagement, request };
  }

  /**
   * The holder's answer to a session's request: what it asked for (or `request`), device-signed
   * over its transcript (or `sessionTranscript`), broken by `faults`.
   */
  async answer(session: Session, options: { readonly faults?: readonly (FaultId | FaultSpec)[]; readonly request?: readonly DocumentRequest[]; readonly sessionTranscript?: Uint8Array } = {}): Promise<Uint8Array> {
    return respond({
      credentials: this.world.credentials,
      request: options.request ?? plainRequest(inspectRequest(session.request.deviceRequest)),
      sessionTranscript: options.sessionTranscript ?? session.request.sessionTranscript,
      faults: options.faults ?? [],
      now: this.world.now,
    });
  }

  /** Sends bytes as the answer of a session and records what the target did. */
  async submit(session: Session, deviceResponse: Uint8Array): Promise<Observation> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Observation>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout', ms: this.timeoutMs }), this.timeoutMs);
    });
    const received = (async (): Promise<Observation> => {
      try {
        const outcome: unknown = await this.target.receive({ transactionId: session.request.transactionId, deviceResponse });
        if (!isOutcome(outcome)) return { kind: 'invalid', detail: 'receive() returned something that is not a TargetOutcome' };
        return outcome.accepted ? { kind: 'accepted', outcome } : { kind: 'rejected', code: outcome.code, message: outcome.message };
      } catch (err) {
        return { kind: 'crashed', error: err instanceof Error ? err.name : typeof err };
      }
    })();
    try {
      return await Promise.race([received, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** How an observation reads in a report. */
export function describeObservation(o: Observation): string {
  switch (o.kind) {
    case 'accepted':
      return `accepted (handed on: ${outcomeNames(o.outcome.elements).join(', ') || 'nothing'})`;
    case 'rejected':
      return `rejected with ${o.code}`;
    case 'crashed':
      return `crashed: receive() threw ${o.error}`;
    case 'timeout':
      return `no answer within ${o.ms} ms`;
    case 'invalid':
      return o.detail;
  }
}

/** Evidence for an input a conforming target accepts. */
export function expectAccepted(step: string, sent: string, o: Observation): Evidence {
  return { step, sent, expected: 'accepted', observed: describeObservation(o), ...(o.kind === 'rejected' ? { observedCode: o.code } : {}), passed: o.kind === 'accepted' };
}

/** Evidence for an input a conforming target rejects with a coded error (a crash or hang is not a rejection). */
export function expectRejected(step: string, sent: string, o: Observation, expectedCode?: string | null): Evidence {
  return {
    step,
    sent,
    expected: 'rejected with a coded error',
    observed: describeObservation(o),
    ...(expectedCode == null ? {} : { expectedCode }),
    ...(o.kind === 'rejected' ? { observedCode: o.code } : {}),
    passed: o.kind === 'rejected',
  };
}

/** Evidence for a finding that needs no answer (an inspection). */
export function inspection(step: string, sent: string, expected: string, observed: string, passed: boolean): Evidence {
  return { step, sent, expected, observed, passed };
}

/** The good answer in a fresh session: the baseline every response-side check starts from. */
export async function goodAnswer(wallet: Wallet): Promise<{ evidence: Evidence; observation: Observation; session: Session; bytes: Uint8Array }> {
  const session = await wallet.session();
  const bytes = await wallet.answer(session);
  const observation = await wallet.submit(session, bytes);
  return { evidence: expectAccepted('good-answer', `a valid DeviceResponse (${bytes.length} bytes) with exactly the requested elements`, observation), observation, session, bytes };
}

/** Each fault in a fresh session: the target must reject every one. */
export async function faultEvidence(wallet: Wallet, faults: readonly FaultId[]): Promise<Evidence[]> {
  const out: Evidence[] = [];
  for (const fault of faults) {
    const session = await wallet.session();
    const bytes = await wallet.answer(session, { faults: [fault] });
    const descriptor = faultDescriptor(fault);
    out.push(expectRejected(`fault:${fault}`, `DeviceResponse with test-sender fault "${fault}": ${descriptor?.description ?? ''}`, await wallet.submit(session, bytes), descriptor?.expectedCode));
  }
  return out;
}

/** The target's request in a fresh session, read; or the evidence that it could not be read. */
export async function readRequest(wallet: Wallet, step = 'inspect-request'): Promise<{ session: Session; request: InspectedRequest } | { failed: Evidence }> {
  const session = await wallet.session();
  try {
    return { session, request: inspectRequest(session.request.deviceRequest) };
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    return { failed: inspection(step, 'the DeviceRequest of a new transaction', 'a well-formed DeviceRequest (ISO/IEC 18013-5 §8.3.2.1.2.1)', `not well-formed${typeof code === 'string' ? ` (${code})` : ''}`, false) };
  }
}
