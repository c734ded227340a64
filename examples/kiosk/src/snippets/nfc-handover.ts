import { randomUUID } from 'node:crypto';
import { buildHandoverRequest, parseHandoverSelect, type HandoverSelect } from '@uketori/reader';

/** The NFC part of a reader: how it turns what it read from the phone into an engagement. */
export interface NfcLink {
  /** Static handover: read the Handover Select message from the phone's NDEF file. */
  readHandoverSelect(): Promise<Uint8Array>;
  /** Negotiated handover: write a Handover Request, read the Handover Select (TNEP, Connection Handover 1.5). */
  exchangeHandover(handoverRequest: Uint8Array): Promise<Uint8Array>;
}

/** Static handover: the Handover Select alone goes into the SessionTranscript as [Hs, null]. */
export async function staticHandover(nfc: NfcLink): Promise<HandoverSelect> {
  return parseHandoverSelect(await nfc.readHandoverSelect());
}

/** Negotiated handover: the reader offers carriers; [Hs, Hr] go into the SessionTranscript. */
export async function negotiatedHandover(nfc: NfcLink): Promise<HandoverSelect> {
  const request = buildHandoverRequest({
    carriers: [
      // the phone connects to the reader as BLE central (mdoc central client mode) to this service UUID
      { type: 'ble', centralClientMode: true, peripheralServerMode: false, uuid: randomUUID() },
      { type: 'nfc', maxCommandDataLength: 255, maxResponseDataLength: 256 },
    ],
  });
  const select = parseHandoverSelect(await nfc.exchangeHandover(request.bytes), { handoverRequest: request.bytes });
  // select.engagement → ReaderSession.create({ engagement, handover: select.handover, … })
  // select.retrievalMethods → which BLE UUID / NFC limits to connect with
  return select;
}
