/**
 * Where audit records go. The default sink appends one JSON line per record to a file opened in
 * append mode (`O_APPEND`: every write lands at the end, never over earlier records) and fsyncs
 * after each record, so a decision is on disk before its result is returned.
 *
 * @module
 */

import { open, type FileHandle } from 'node:fs/promises';
import { UketoriTypeError } from '@uketori/mdoc';
import type { AuditRecord } from './record.js';

/** Anything that can store audit records. `write` resolves once the record is durable. */
export interface AuditSink {
  write(record: AuditRecord): Promise<void> | void;
  /** Releases resources (file handles, connections). */
  close?(): Promise<void> | void;
}

/** Options of {@link jsonLinesAuditSink}. */
export interface JsonLinesAuditSinkOptions {
  /** File mode when the file is created. Default `0o600`. */
  readonly mode?: number;
}

/** The JSON Lines sink returned by {@link jsonLinesAuditSink}. */
export interface JsonLinesAuditSink extends AuditSink {
  readonly path: string;
  write(record: AuditRecord): Promise<void>;
  close(): Promise<void>;
}

/**
 * An append-only JSON Lines audit sink: the file is opened with flag `a` on first use, each record
 * is one line written then fsync'd, and writes are serialized in call order.
 *
 * @example
 * ```ts
 * const audit = jsonLinesAuditSink('/var/log/uketori/audit.jsonl');
 * const gate = createPolicyGate({ audit });
 * // …
 * await audit.close();
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for an empty path.
 */
export function jsonLinesAuditSink(path: string, options: JsonLinesAuditSinkOptions = {}): JsonLinesAuditSink {
  if (typeof path !== 'string' || path.length === 0) throw new UketoriTypeError('"path" must be a non-empty string');
  let handle: Promise<FileHandle> | undefined;
  let queue: Promise<void> = Promise.resolve();
  let closed = false;

  // A failed open is retried by the next write; the failed write still fails its caller.
  const file = (): Promise<FileHandle> =>
    (handle ??= open(path, 'a', options.mode ?? 0o600).catch((err: unknown) => {
      handle = undefined;
      throw err;
    }));

  return {
    path,
    write(record) {
      if (closed) return Promise.reject(new UketoriTypeError('audit sink is closed', 'ERR_INVALID_STATE'));
      const line = `${JSON.stringify(record)}\n`;
      const next = queue.then(async () => {
        const fh = await file();
        await fh.appendFile(line, 'utf8');
        await fh.sync();
      });
      // A failed write fails its own caller; later writes still run.
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      closed = true;
      await queue;
      if (handle !== undefined) {
        const fh = await handle.catch(() => undefined);
        handle = undefined;
        await fh?.close();
      }
    },
  };
}

/**
 * A sink that keeps records in memory, for tests and for forwarding to another store.
 *
 * @example
 * ```ts
 * const audit = memoryAuditSink();
 * const gate = createPolicyGate({ audit });
 * // … audit.records
 * ```
 */
export function memoryAuditSink(): AuditSink & { readonly records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  return {
    records,
    write(record) {
      records.push(record);
    },
  };
}
