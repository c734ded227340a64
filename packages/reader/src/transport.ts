/**
 * Transports carry session messages (SessionEstablishment, SessionData) between reader and holder.
 * A BLE, NFC or Wi-Fi Aware implementation does the framing of its medium (§8.3.3) and hands
 * whole messages to and from a {@link Transport}.
 *
 * @module
 */

import { ReaderError } from './errors.js';

/**
 * One reader–holder connection, message by message.
 *
 * @example
 * ```ts
 * const transport: Transport = {
 *   async send(message) { await ble.write(frame(message)); },
 *   async receive() { return unframe(await ble.read()); },
 *   async close() { await ble.disconnect(); },
 * };
 * ```
 */
export interface Transport {
  /** Delivers one whole message to the holder. */
  send(message: Uint8Array): Promise<void>;
  /** The next whole message from the holder. Rejects when the connection ends first. */
  receive(): Promise<Uint8Array>;
  /** Ends the connection. Idempotent. */
  close(): Promise<void>;
}

/** Something that answers each message from the reader with zero or more messages. */
export interface MessageHandler {
  handle(message: Uint8Array): Promise<readonly Uint8Array[]>;
}

/**
 * An in-memory transport to a holder in the same process (tests, demos, the kiosk example).
 * Each message sent is handed to `holder`; its replies queue up for {@link Transport.receive}.
 *
 * @example
 * ```ts
 * import { createLoopbackHolder } from '@uketori/reader/testing';
 *
 * const holder = createLoopbackHolder({ answer });
 * const transport = createLoopbackTransport(holder);
 * ```
 * @throws {ReaderError} `ERR_TRANSPORT` from `receive` when no reply is queued or the transport is closed.
 */
export function createLoopbackTransport(holder: MessageHandler): Transport {
  const inbox: Uint8Array[] = [];
  let closed = false;
  return {
    async send(message) {
      if (closed) throw new ReaderError('ERR_TRANSPORT', 'loopback transport is closed');
      inbox.push(...(await holder.handle(message.slice())));
    },
    async receive() {
      if (closed) throw new ReaderError('ERR_TRANSPORT', 'loopback transport is closed');
      const next = inbox.shift();
      if (next === undefined) throw new ReaderError('ERR_TRANSPORT', 'the holder sent no message');
      return next;
    },
    async close() {
      closed = true;
      inbox.length = 0;
    },
  };
}
