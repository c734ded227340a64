/**
 * SessionTranscript (ISO/IEC 18013-5 §9.1.5.1) for proximity presentations.
 *
 * ```cddl
 * SessionTranscript = [DeviceEngagementBytes, EReaderKeyBytes, Handover]
 * Handover = QRHandover / NFCHandover
 * QRHandover = null
 * NFCHandover = [HandoverSelect : bstr, HandoverRequest : bstr / null]
 * ```
 *
 * DeviceEngagementBytes and EReaderKeyBytes are spliced in as received, never re-encoded.
 *
 * @module
 */

import { encodeArrayOfEncoded, encodeCbor, sessionTranscriptBytes, UketoriTypeError } from '@uketori/mdoc';

/** How the engagement reached the reader (§9.1.5.1). */
export type Handover =
  /** QR code engagement: Handover is `null`. */
  | { readonly type: 'qr' }
  /**
   * NFC engagement: the Handover Select message and, for negotiated handover, the Handover
   * Request message, both as the NDEF messages exchanged (static handover: no request).
   */
  | { readonly type: 'nfc'; readonly handoverSelect: Uint8Array; readonly handoverRequest?: Uint8Array };

/** Input of {@link buildSessionTranscript}. */
export interface SessionTranscriptInput {
  /** DeviceEngagementBytes = #6.24(bstr .cbor DeviceEngagement) as received (see `DeviceEngagement.taggedBytes`). */
  readonly deviceEngagementBytes: Uint8Array;
  /** EReaderKeyBytes = #6.24(bstr .cbor EReaderKey) as sent in SessionEstablishment. */
  readonly eReaderKeyBytes: Uint8Array;
  readonly handover: Handover;
}

/** A SessionTranscript in both encodings the protocol needs. */
export interface SessionTranscript {
  /** The encoded SessionTranscript array (what `verifyDeviceResponse` and `respond` take). */
  readonly transcript: Uint8Array;
  /** SessionTranscriptBytes = #6.24(bstr .cbor SessionTranscript) (the HKDF salt's input, §9.1.1.5). */
  readonly bytes: Uint8Array;
}

function tagged24(bytes: unknown, name: string): Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length < 3 || bytes[0] !== 0xd8 || bytes[1] !== 0x18) {
    throw new UketoriTypeError(`"${name}" must be #6.24(bstr) bytes`);
  }
  return bytes;
}

function handoverBytes(handover: Handover): Uint8Array {
  if (handover === null || typeof handover !== 'object') throw new UketoriTypeError('"handover" must be an object');
  if (handover.type === 'qr') return encodeCbor(null);
  if (handover.type === 'nfc') {
    if (!(handover.handoverSelect instanceof Uint8Array)) throw new UketoriTypeError('"handover.handoverSelect" must be a Uint8Array');
    const request = handover.handoverRequest;
    if (request !== undefined && !(request instanceof Uint8Array)) throw new UketoriTypeError('"handover.handoverRequest" must be a Uint8Array');
    return encodeCbor([handover.handoverSelect, request ?? null]);
  }
  throw new UketoriTypeError('"handover.type" must be "qr" or "nfc"');
}

/**
 * Builds the SessionTranscript for a proximity session (ISO/IEC 18013-5 §9.1.5.1) from the
 * engagement bytes as received, the reader key bytes as sent, and the handover.
 *
 * @example
 * ```ts
 * const st = buildSessionTranscript({
 *   deviceEngagementBytes: engagement.taggedBytes,
 *   eReaderKeyBytes,
 *   handover: { type: 'qr' },
 * });
 * await verifyDeviceResponse(response, { trust, sessionTranscript: st.transcript, readerKey });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` when an input is not the expected bytes.
 */
export function buildSessionTranscript(input: SessionTranscriptInput): SessionTranscript {
  const transcript = encodeArrayOfEncoded([
    tagged24(input.deviceEngagementBytes, 'deviceEngagementBytes'),
    tagged24(input.eReaderKeyBytes, 'eReaderKeyBytes'),
    handoverBytes(input.handover),
  ]);
  return { transcript, bytes: sessionTranscriptBytes(transcript) };
}
