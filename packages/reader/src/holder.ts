/**
 * The device side of a proximity session, for loopback tests and demos: it makes a
 * DeviceEngagement, derives the session keys from the reader's SessionEstablishment, decrypts each
 * request and encrypts the answer (ISO/IEC 18013-5 §9.1.1). The answer itself comes from a
 * callback, e.g. `respond` of `@uketori/test-sender`. NEVER FOR PRODUCTION: it answers any reader.
 *
 * @module
 */

import { randomUUID, type KeyObject } from 'node:crypto';
import { EncodedCbor } from '@uketori/mdoc';
import type { BleCarrier } from './carriers.js';
import { deviceEngagementUri, encodeDeviceEngagement } from './engagement.js';
import { ReaderError } from './errors.js';
import { encodeHandoverSelect, parseHandoverRequest } from './handover.js';
import { skipReaderTrust, type VerifiedReaderAuth } from './reader-auth.js';
import type { ReaderTrustList } from './reader-trust.js';
import { verifyDeviceRequest } from './request-auth.js';
import { deriveSessionKeys, generateEphemeralKey, SessionCipher, type SessionCurve } from './keys.js';
import { encodeSessionData, parseSessionData, parseSessionEstablishment, SessionStatus } from './messages.js';
import { buildSessionTranscript, type Handover } from './transcript.js';
import type { MessageHandler } from './transport.js';

/** What the holder is asked, for {@link LoopbackHolderOptions.answer}. */
export interface HolderRequest {
  /** The decrypted DeviceRequest. */
  readonly deviceRequest: Uint8Array;
  /** The encoded SessionTranscript (the array). */
  readonly sessionTranscript: Uint8Array;
  /** The reader's ephemeral public key (for a DeviceMac). */
  readonly eReaderKey: KeyObject;
  /** The verified reader authentication (empty when the holder has no `readerTrust` and the request is unsigned). */
  readonly readerAuth: readonly VerifiedReaderAuth[];
}

/** Options of {@link createLoopbackHolder}. */
export interface LoopbackHolderOptions {
  /** Produces the DeviceResponse bytes for a request. */
  readonly answer: (request: HolderRequest) => Promise<Uint8Array>;
  /** Curve of EDeviceKey; default `P-256`. It must match the credential's device key for a DeviceMac. */
  readonly curve?: SessionCurve;
  /** The handover the reader will use; default QR. */
  readonly handover?: Handover;
  /** DeviceRetrievalMethods put in the engagement; default none. */
  readonly retrievalMethods?: readonly (readonly [number, number, Map<number, unknown>])[];
  /**
   * Declare ReaderAuthAllSupport: the engagement becomes a 2nd-edition one (version 1.1, empty
   * OriginInfos, Capabilities `{3: true}`), as Apple Wallet sends. Default `false` (version 1.0).
   */
  readonly readerAuthAllSupport?: boolean;
  /**
   * Reader roots the holder trusts. When given, every request must carry reader authentication
   * that chains to one of them (§9.1.4, Annex B.1.7), or the holder refuses it: it ends the session
   * with status 20 and keeps the error in {@link LoopbackHolder.refusal}. Without it the holder
   * verifies any signature present but trusts any reader.
   */
  readonly readerTrust?: ReaderTrustList;
  /** The holder's clock, for the reader certificate. Default: now. */
  readonly now?: Date;
}

/** A loopback holder: its engagement and its message handler. */
export interface LoopbackHolder extends MessageHandler {
  /** The DeviceEngagement it shows (as the bytes a reader receives). */
  readonly engagement: Uint8Array;
  /** The same engagement as a QR `mdoc:` URI. */
  readonly engagementUri: string;
  /** True once the session ended (status 20 received or sent). */
  readonly terminated: boolean;
  /** Why the holder refused the reader's request, if it did (e.g. `ERR_READER_TRUST`). */
  readonly refusal: ReaderError | undefined;
  /**
   * Answers an NFC engagement with a Handover Select message (§8.2.2.1) holding this holder's
   * engagement and a BLE carrier (mdoc central client mode). Without a request: static handover,
   * with a fresh UUID. With the reader's Handover Request: negotiated handover, selecting the
   * first BLE carrier offered with central client mode (its UUID stays the reader's). From then
   * on the holder uses `[HandoverSelect, HandoverRequest / null]` as its handover.
   */
  handoverSelect(handoverRequest?: Uint8Array): Uint8Array;
}

/**
 * Creates the holder side of a session for the loopback transport. `handle` behaves as a device
 * does: a message it cannot decode or decrypt is answered with SessionData status 11 or 10 and
 * ends the session; after the end, messages are ignored.
 *
 * @example
 * ```ts
 * const holder = createLoopbackHolder({
 *   answer: ({ deviceRequest, sessionTranscript, eReaderKey }) =>
 *     respond({ credentials: [card], request: deviceRequest, sessionTranscript, deviceAuth: 'mac', readerEphemeralPublicKey: eReaderKey }),
 * });
 * const session = ReaderSession.create({ engagement: parseDeviceEngagement(holder.engagement), purpose, trust });
 * const result = await session.run(createLoopbackTransport(holder));
 * ```
 * @throws {Error} from `handle`: whatever `answer` throws.
 */
export function createLoopbackHolder(options: LoopbackHolderOptions): LoopbackHolder {
  const eDeviceKey = generateEphemeralKey(options.curve ?? 'P-256');
  const engagement = encodeDeviceEngagement({
    eDeviceKey: eDeviceKey.privateKey,
    ...(options.retrievalMethods === undefined ? {} : { retrievalMethods: options.retrievalMethods }),
    ...(options.readerAuthAllSupport === true ? { version: '1.1', extraKeys: [[5, []], [6, new Map([[3, true]])]] as const } : {}),
  });
  let handover: Handover = options.handover ?? { type: 'qr' };
  let session: { cipher: SessionCipher; sessionTranscript: Uint8Array; eReaderKey: KeyObject } | undefined;
  let terminated = false;
  let refusal: ReaderError | undefined;

  /** The decrypted request in `message`, or `undefined` when it carries none (or ends the session). */
  function open(message: Uint8Array): Uint8Array | undefined {
    if (session === undefined) {
      // §9.1.1.4: the first message is SessionEstablishment; the transcript uses the reader key as received.
      const est = parseSessionEstablishment(message);
      const transcript = buildSessionTranscript({ deviceEngagementBytes: new EncodedCbor(engagement).bytesWithTag(), eReaderKeyBytes: est.eReaderKeyBytes, handover });
      const keys = deriveSessionKeys(eDeviceKey.privateKey, est.eReaderKey.key, transcript.bytes);
      session = { cipher: new SessionCipher('device', keys), sessionTranscript: transcript.transcript, eReaderKey: est.eReaderKey.key };
      return session.cipher.decrypt(est.data);
    }
    const data = parseSessionData(message);
    if (data.status !== undefined) terminated = true; // 10, 11 and 20 all end the session
    if (data.data === undefined) return undefined;
    const request = session.cipher.decrypt(data.data);
    return terminated ? undefined : request;
  }

  async function reply(deviceRequest: Uint8Array): Promise<Uint8Array[]> {
    const s = session!;
    let readerAuth: readonly VerifiedReaderAuth[];
    try {
      // §9.1.4: the mdoc verifies reader authentication before it releases anything.
      readerAuth = (
        await verifyDeviceRequest(deviceRequest, s.sessionTranscript, {
          trust: options.readerTrust ?? skipReaderTrust,
          ...(options.now === undefined ? {} : { now: options.now }),
        })
      ).readerAuth;
    } catch (err) {
      if (!(err instanceof ReaderError)) throw err;
      refusal = err;
      terminated = true;
      return [encodeSessionData({ status: SessionStatus.termination })];
    }
    const response = await options.answer({ deviceRequest, sessionTranscript: s.sessionTranscript, eReaderKey: s.eReaderKey, readerAuth });
    return [encodeSessionData({ data: s.cipher.encrypt(response) })];
  }

  return {
    engagement,
    engagementUri: deviceEngagementUri(engagement),
    get terminated() {
      return terminated;
    },
    get refusal() {
      return refusal;
    },
    handoverSelect(handoverRequest) {
      let ble: BleCarrier = { type: 'ble', centralClientMode: true, peripheralServerMode: false, uuid: randomUUID() };
      if (handoverRequest !== undefined) {
        const offered = parseHandoverRequest(handoverRequest).carriers.find((c) => c.carrier.type === 'ble' && c.carrier.centralClientMode);
        if (offered === undefined) throw new ReaderError('ERR_ENGAGEMENT_STRUCTURE', 'Handover Request: no BLE carrier with mdoc central client mode to select');
        // The UUID is the reader's (it advertises it); the Handover Select leaves it out (as in Annex D).
        ble = { type: 'ble', centralClientMode: true, peripheralServerMode: false };
      }
      const hs = encodeHandoverSelect({ deviceEngagement: engagement, carriers: [ble] });
      handover = handoverRequest === undefined ? { type: 'nfc', handoverSelect: hs } : { type: 'nfc', handoverSelect: hs, handoverRequest };
      return hs;
    },
    async handle(message) {
      if (terminated) return [];
      let request: Uint8Array | undefined;
      try {
        request = open(message);
      } catch (err) {
        // §9.1.1.4: the mdoc answers a message it cannot decrypt or decode with status 10 or 11 and ends.
        if (!(err instanceof ReaderError)) throw err;
        terminated = true;
        const status = err.code === 'ERR_SESSION_DECRYPT' || err.code === 'ERR_SESSION_COUNTER' ? SessionStatus.encryptionError : SessionStatus.decodingError;
        return [encodeSessionData({ status })];
      }
      return request === undefined ? [] : reply(request);
    },
  };
}
