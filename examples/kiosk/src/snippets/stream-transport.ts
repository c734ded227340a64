import type { Duplex } from 'node:stream';
import { ReaderError, type Transport } from '@uketori/reader';

/**
 * A Transport over a byte stream (a serial BLE/NFC bridge, a socket): each session message is
 * framed as a 4-byte big-endian length and the message. A real BLE transport does the framing of
 * ISO/IEC 18013-5 §8.3.3.1.1 (GATT characteristics, 1-byte continuation header) the same way:
 * whole messages in, whole messages out.
 */
export function streamTransport(stream: Duplex, maxMessageBytes = 8 * 1024 * 1024): Transport {
  let buffered = Buffer.alloc(0);
  const waiting: ((message: Uint8Array | Error) => void)[] = [];
  const ready: (Uint8Array | Error)[] = [];
  const deliver = (item: Uint8Array | Error) => (waiting.length > 0 ? waiting.shift()!(item) : ready.push(item));
  stream.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4) {
      const length = buffered.readUInt32BE(0);
      if (length > maxMessageBytes) return deliver(new ReaderError('ERR_TRANSPORT', 'incoming message exceeds the size limit'));
      if (buffered.length < 4 + length) break;
      deliver(new Uint8Array(buffered.subarray(4, 4 + length)));
      buffered = buffered.subarray(4 + length);
    }
  });
  stream.on('end', () => deliver(new ReaderError('ERR_TRANSPORT', 'the connection ended')));
  stream.on('error', (cause) => deliver(new ReaderError('ERR_TRANSPORT', 'the connection failed', { cause })));
  return {
    async send(message) {
      const header = Buffer.alloc(4);
      header.writeUInt32BE(message.length);
      await new Promise<void>((resolve, reject) => stream.write(Buffer.concat([header, message]), (err) => (err ? reject(new ReaderError('ERR_TRANSPORT', 'send failed', { cause: err })) : resolve())));
    },
    async receive() {
      const next = ready.shift() ?? (await new Promise<Uint8Array | Error>((resolve) => waiting.push(resolve)));
      if (next instanceof Error) throw next;
      return next;
    },
    async close() {
      stream.end();
    },
  };
}
