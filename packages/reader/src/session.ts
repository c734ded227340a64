/**
 * `ReaderSession`: the stateful layer of an in-person verification (ISO/IEC 18013-5 §9.1.1).
 * From an engagement and a purpose it makes the ephemeral key, the SessionTranscript and the
 * request; it decrypts the answer, verifies it with `verifyDeviceResponse` (a DeviceMac with the
 * session's ephemeral key) and passes it through the purpose's response gate.
 *
 * @module
 */

import { CborError, verifyDeviceResponse, type OnCheck, type TrustStore, type VerifiedDeviceResponse } from '@uketori/mdoc';
import { gateResponse, type ElementSelection, type PolicyResult, type Purpose, type RequestPlan } from '@uketori/policy';
import type { DeviceEngagement } from './engagement.js';
import { ReaderError } from './errors.js';
import { deriveSessionKeys, generateEphemeralKey, SessionCipher } from './keys.js';
import { encodeSessionData, encodeSessionEstablishment, parseSessionData, SessionStatus, type SessionStatusCode } from './messages.js';
import type { ReaderAuthKey } from './reader-auth.js';
import { buildDeviceRequest } from './request.js';
import { buildSessionTranscript, type Handover, type SessionTranscript } from './transcript.js';
import type { Transport } from './transport.js';

/** Options of {@link ReaderSession.create}. */
export interface ReaderSessionOptions {
  /** The holder's engagement, parsed from the QR code or the NFC handover. Required. */
  readonly engagement: DeviceEngagement;
  /**
   * How the engagement arrived; default `{ type: 'qr' }`. For NFC, the `handover` of
   * `parseHandoverSelect` (`[HandoverSelect, HandoverRequest / null]`, §9.1.5.1).
   */
  readonly handover?: Handover;
  /** The purpose: what may be asked and what must come back. Required. */
  readonly purpose: Purpose;
  /** The docType to ask for, when the purpose accepts several. */
  readonly docType?: string;
  /** Elements besides the purpose's defaults (see `planRequest`). */
  readonly elements?: readonly ElementSelection[] | 'all';
  /** Trusted IACAs for the response. Required. */
  readonly trust: TrustStore;
  /** The business's reader key and certificate chain; readerAuth is left out without it. */
  readonly readerAuth?: ReaderAuthKey;
  /** DeviceRequest version; default `"1.0"`. */
  readonly requestVersion?: '1.0' | '1.1';
  /**
   * Which readerAuth to send (see `buildDeviceRequest`); default `"document"`. `"all"` is sent
   * only to a phone whose engagement declares ReaderAuthAllSupport (Capabilities, key 6); to any
   * other phone `"both"` is sent, so a phone that does not read `readerAuthAll` still sees each
   * DocRequest signed. {@link ReaderSession.readerAuthScope} tells which was used.
   */
  readonly readerAuthScope?: 'document' | 'all' | 'both';
  /** Verification time. Default: the current time. */
  readonly now?: Date;
  /** Clock skew tolerance in seconds; default that of `verifyDeviceResponse` (30). */
  readonly clockSkewSeconds?: number;
  /** Sees every mdoc check result. */
  readonly onCheck?: OnCheck;
  /** Transaction id for the audit record; default a random UUID. */
  readonly transactionId?: string;
}

/** The outcome of a session: the verified response and the purpose's decision on it. */
export interface ReaderSessionResult {
  /** Every document, fully verified by `@uketori/mdoc`. */
  readonly verified: VerifiedDeviceResponse;
  /** Only what the purpose allows, with findings and the audit record. */
  readonly policy: PolicyResult;
  /** True when the holder ended the session with this message (status 20). */
  readonly terminatedByHolder: boolean;
}

/** Where a {@link ReaderSession} is: before the request, waiting for the answer, answered, or ended. */
export type ReaderSessionState = 'new' | 'awaiting-response' | 'open' | 'terminated';

/**
 * One in-person session with one holder.
 *
 * @example
 * ```ts
 * const session = ReaderSession.create({ engagement: parseDeviceEngagementUri(qrText), purpose: getPurpose('aml_kyc_jp'), trust, readerAuth });
 * const { policy } = await session.run(transport);
 * policy.outcome; // 'complete'
 * ```
 */
export class ReaderSession {
  /** The SessionTranscript of this session (§9.1.5.1). */
  readonly transcript: SessionTranscript;
  /** The request plan of the purpose (for the response gate and audit). */
  readonly plan: RequestPlan;
  /** The readerAuth scope the request was built with (see {@link ReaderSessionOptions.readerAuthScope}). */
  readonly readerAuthScope: 'document' | 'all' | 'both';
  readonly #options: ReaderSessionOptions;
  readonly #readerKey: ReturnType<typeof generateEphemeralKey>;
  readonly #cipher: SessionCipher;
  readonly #request: Uint8Array;
  #state: ReaderSessionState = 'new';
  #endedByHolder = false;
  #closingStatus: SessionStatusCode = SessionStatus.termination;

  private constructor(options: ReaderSessionOptions) {
    this.#options = options;
    // §9.1.1.4: EReaderKey is on the curve of EDeviceKey.
    this.#readerKey = generateEphemeralKey(options.engagement.eDeviceKey.curve);
    this.transcript = buildSessionTranscript({
      deviceEngagementBytes: options.engagement.taggedBytes,
      eReaderKeyBytes: this.#readerKey.keyBytes,
      handover: options.handover ?? { type: 'qr' },
    });
    this.#cipher = new SessionCipher('reader', deriveSessionKeys(this.#readerKey.privateKey, options.engagement.eDeviceKey.key, this.transcript.bytes));
    const asked = options.readerAuthScope ?? 'document';
    this.readerAuthScope = asked === 'all' && options.engagement.capabilities?.readerAuthAllSupport !== true ? 'both' : asked;
    const built = buildDeviceRequest({
      purpose: options.purpose,
      sessionTranscript: this.transcript.transcript,
      ...(options.docType === undefined ? {} : { docType: options.docType }),
      ...(options.elements === undefined ? {} : { elements: options.elements }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.readerAuth === undefined ? {} : { readerAuth: options.readerAuth }),
      ...(options.requestVersion === undefined ? {} : { version: options.requestVersion }),
      readerAuthScope: this.readerAuthScope,
    });
    this.plan = built.plan;
    this.#request = built.bytes;
  }

  /**
   * Starts a session: ephemeral key on the engagement's curve, transcript, session keys, and the
   * DeviceRequest for the purpose (signed when a reader key is given).
   *
   * @example
   * ```ts
   * const session = ReaderSession.create({ engagement, purpose, trust });
   * ```
   * @throws {ReaderError} `ERR_ENGAGEMENT_KEY` when no session key can be agreed on.
   * @throws {PolicyRequestError} when the purpose cannot be served (from `@uketori/policy`).
   */
  static create(options: ReaderSessionOptions): ReaderSession {
    return new ReaderSession(options);
  }

  /** `new`, `awaiting-response`, `open` (a response was received) or `terminated`. */
  get state(): ReaderSessionState {
    return this.#state;
  }

  /**
   * The first message: SessionEstablishment with the encrypted DeviceRequest (§9.1.1.4).
   *
   * @example
   * ```ts
   * await transport.send(session.establish());
   * ```
   * @throws {ReaderError} `ERR_SESSION_STATE` when called twice.
   */
  establish(): Uint8Array {
    if (this.#state !== 'new') throw new ReaderError('ERR_SESSION_STATE', 'the session is already established');
    this.#state = 'awaiting-response';
    return encodeSessionEstablishment(this.#readerKey.keyBytes, this.#cipher.encrypt(this.#request));
  }

  /**
   * A further request in the same session (SessionData with the next counter), once a response
   * to the previous one arrived.
   *
   * @example
   * ```ts
   * await transport.send(session.requestAgain());
   * ```
   * @throws {ReaderError} `ERR_SESSION_STATE` before the first response or after termination.
   */
  requestAgain(): Uint8Array {
    if (this.#state !== 'open') throw new ReaderError('ERR_SESSION_STATE', 'no response to the previous request yet, or the session ended');
    this.#state = 'awaiting-response';
    return encodeSessionData({ data: this.#cipher.encrypt(this.#request) });
  }

  /**
   * Handles a SessionData from the holder: status, decryption (counter checked), verification
   * through `verifyDeviceResponse` with the session's ephemeral key, then the purpose's gate.
   *
   * A session-layer failure ends the session (ISO/IEC 18013-5 §9.1.1.5, table 20): a message
   * that does not decode or carries an unknown status, one that does not decrypt or has the
   * wrong counter, a response nobody asked for, or a response that is not CBOR. Later messages
   * are refused, and {@link ReaderSession.terminate} then returns the status to tell the holder
   * (10 for encryption and counters, 11 for decoding, 20 otherwise) — unless the holder ended
   * the session itself ({@link ReaderSession.endedByHolder}). A response that decrypts but
   * fails verification leaves the session open for {@link ReaderSession.requestAgain}.
   *
   * @example
   * ```ts
   * try {
   *   const { verified, policy } = await session.receive(await transport.receive());
   * } catch (err) {
   *   if (!session.endedByHolder) await transport.send(session.terminate());
   *   throw err;
   * }
   * ```
   * @throws {ReaderError} `ERR_SESSION_STRUCTURE`, `ERR_SESSION_DECRYPT`, `ERR_SESSION_COUNTER`,
   *   `ERR_SESSION_STATUS` (the holder sent status 10 or 11), `ERR_SESSION_TERMINATED` (status 20
   *   without data, or after the end), `ERR_SESSION_STATE` (before {@link ReaderSession.establish},
   *   or a response nobody asked for).
   * @throws {UketoriError} every code of `verifyDeviceResponse` (`ERR_ISSUER_SIGNATURE`, …) and of
   *   `gateResponse` (`ERR_POLICY_DOCTYPE`, …).
   */
  async receive(message: Uint8Array): Promise<ReaderSessionResult> {
    if (this.#state === 'terminated') throw new ReaderError('ERR_SESSION_TERMINATED', 'the session has ended');
    if (this.#state === 'new') throw new ReaderError('ERR_SESSION_STATE', 'establish() the session before receiving');
    let parsed: ReturnType<typeof parseSessionData>;
    try {
      parsed = parseSessionData(message);
    } catch (err) {
      return this.#fail(SessionStatus.decodingError, err);
    }
    const { data, status } = parsed;
    if (status === SessionStatus.encryptionError || status === SessionStatus.decodingError) {
      this.#endedByHolder = true;
      this.#state = 'terminated';
      throw new ReaderError('ERR_SESSION_STATUS', `the holder reported session error ${status}`);
    }
    if (status !== undefined && status !== SessionStatus.termination) {
      return this.#fail(SessionStatus.decodingError, new ReaderError('ERR_SESSION_STRUCTURE', `SessionData: unknown status ${status}`));
    }
    const terminatedByHolder = status === SessionStatus.termination;
    if (data === undefined) {
      this.#endedByHolder = true;
      this.#state = 'terminated';
      throw new ReaderError('ERR_SESSION_TERMINATED', 'the holder ended the session without a response');
    }
    if (this.#state !== 'awaiting-response') {
      if (terminatedByHolder) this.#endedByHolder = true;
      return this.#fail(SessionStatus.termination, new ReaderError('ERR_SESSION_STATE', 'a response arrived that was not asked for'));
    }
    let response: Uint8Array;
    try {
      response = this.#cipher.decrypt(data);
    } catch (err) {
      return this.#fail(SessionStatus.encryptionError, err);
    }
    this.#state = terminatedByHolder ? 'terminated' : 'open';
    if (terminatedByHolder) this.#endedByHolder = true;
    const o = this.#options;
    let verified: VerifiedDeviceResponse;
    try {
      verified = await verifyDeviceResponse(response, {
        trust: o.trust,
        sessionTranscript: this.transcript.transcript,
        readerKey: this.#readerKey.privateKey,
        ...(o.now === undefined ? {} : { now: o.now }),
        ...(o.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: o.clockSkewSeconds }),
        ...(o.onCheck === undefined ? {} : { onCheck: o.onCheck }),
      });
    } catch (err) {
      // table 20: a message whose content is not CBOR ends the session with status 11
      if (err instanceof CborError) return this.#fail(SessionStatus.decodingError, err);
      throw err;
    }
    const policy = gateResponse(o.purpose, this.plan, verified, {
      ...(o.now === undefined ? {} : { now: o.now }),
      ...(o.transactionId === undefined ? {} : { transactionId: o.transactionId }),
    });
    return { verified, policy, terminatedByHolder };
  }

  /**
   * True once the holder has ended the session (status 10, 11 or 20): nothing more is sent to it.
   *
   * @example
   * ```ts
   * if (!session.endedByHolder) await transport.send(session.terminate());
   * ```
   */
  get endedByHolder(): boolean {
    return this.#endedByHolder;
  }

  /**
   * Ends the session and returns the message that tells the holder (§9.1.1.4): SessionData with
   * status 20, or 10 / 11 when {@link ReaderSession.receive} ended it on an encryption or
   * decoding error. Calling it again returns the same message; later messages are refused.
   *
   * @example
   * ```ts
   * await transport.send(session.terminate());
   * ```
   */
  terminate(): Uint8Array {
    this.#state = 'terminated';
    return encodeSessionData({ status: this.#closingStatus });
  }

  /**
   * Runs the whole exchange over a transport: SessionEstablishment, one response, termination
   * (status 20) and close. On an error the holder is told (status 10 for encryption and
   * counters, 11 for a message that does not decode, 20 otherwise) before the error is rethrown,
   * unless the holder ended the session or the transport failed.
   *
   * @example
   * ```ts
   * const { policy } = await ReaderSession.create({ engagement, purpose, trust, now }).run(transport);
   * ```
   * @throws {ReaderError} and `UketoriError` as {@link ReaderSession.receive}, and `ERR_TRANSPORT`.
   */
  async run(transport: Transport): Promise<ReaderSessionResult> {
    try {
      await transport.send(this.establish());
      const result = await this.receive(await transport.receive());
      if (!result.terminatedByHolder) await transport.send(this.terminate());
      return result;
    } catch (err) {
      const transportFailed = err instanceof ReaderError && err.code === 'ERR_TRANSPORT';
      if (!this.#endedByHolder && !transportFailed) {
        try {
          await transport.send(this.terminate());
        } catch {
          // the connection is going away anyway; the original error is what the caller needs
        }
      }
      throw err;
    } finally {
      this.#state = 'terminated';
      await transport.close();
    }
  }

  #fail(status: SessionStatusCode, err: unknown): never {
    this.#state = 'terminated';
    this.#closingStatus = status;
    throw err;
  }
}
