/**
 * The TransactionStore contract: where a transaction's secret state (nonce, ephemeral private
 * keys) lives between the request and the wallet's answer, and where its outcome waits for the
 * browser. OpenID4VP 1.0 §13.3 and §14.2 (session fixation); ISO/IEC 18013-7 Annex C/D keep the
 * same lifecycle: create → (request fetched) → consume exactly once → outcome read.
 *
 * @module
 */

/** A JSON value: what a store keeps. Everything it stores must survive `JSON.stringify`. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** Lifecycle state of a stored transaction. */
export type TransactionStatus =
  /** Created; the secret state is present; no response accepted yet. */
  | 'pending'
  /** Consumed: a response was accepted (or refused) once; the secret state is gone, the outcome is set. */
  | 'done';

/** A transaction as a store returns it. */
export interface TransactionRecord {
  /** The transaction id (URL-safe, ≥128 bits of randomness when the router makes it). */
  readonly id: string;
  /** 1 after `create`, +1 on every `update` and on `consume`: the compare-and-set token. */
  readonly version: number;
  readonly status: TransactionStatus;
  /** When the store forgets the record, in ms since the epoch. */
  readonly expiresAt: number;
  /** Public data: purpose, flow, binding hashes, request parameters. Not encrypted at rest. */
  readonly data: JsonObject;
  /** Secret state (private keys, nonces) while `pending`; `undefined` once consumed. Encrypted at rest where the store supports it. */
  readonly secret: JsonObject | undefined;
  /** The outcome once `done` (may hold personal data; encrypted at rest where supported). */
  readonly outcome: JsonObject | undefined;
}

/** What {@link TransactionStore.create} takes. */
export interface NewTransaction {
  readonly id: string;
  readonly data: JsonObject;
  readonly secret: JsonObject;
  /** Time to live in ms (≥ 1). The record disappears after it, whatever its state. */
  readonly ttlMs: number;
}

/** Options of {@link TransactionStore.consume}. */
export interface ConsumeOptions {
  /** New time to live for the finished record (ms), e.g. how long its outcome stays readable. Default: keep the current expiry. */
  readonly ttlMs?: number;
}

/** Options of {@link TransactionStore.waitForOutcome}. */
export interface WaitOptions {
  /** Give up after this many ms and resolve with the record as it is then. */
  readonly timeoutMs: number;
  /** Stops waiting early (e.g. the SSE client went away). */
  readonly signal?: AbortSignal;
}

/**
 * Where transactions live. Every method is atomic with respect to every other call on any
 * instance sharing the same backing store; every failure is a `StoreError` with a stable code.
 *
 * @example
 * ```ts
 * const store = createMemoryTransactionStore();
 * await store.create({ id, data: { flow: 'openid4vp' }, secret: { nonce }, ttlMs: 300_000 });
 * const tx = await store.get(id);
 * await store.consume(id, { outcome: 'complete' }); // once; a second call throws ERR_TRANSACTION_CONSUMED
 * ```
 */
export interface TransactionStore {
  /**
   * Stores a new pending transaction.
   * @throws {StoreError} `ERR_TRANSACTION_EXISTS`, `ERR_STORE_FULL`, `ERR_STORE_UNAVAILABLE`.
   */
  create(tx: NewTransaction): Promise<TransactionRecord>;
  /**
   * Reads a transaction; `undefined` when it does not exist or has expired.
   * @throws {StoreError} `ERR_STORE_UNAVAILABLE`, `ERR_STORE_INTEGRITY`.
   */
  get(id: string): Promise<TransactionRecord | undefined>;
  /**
   * Compare-and-set of the public data: replaces `data` when the stored version is `expectedVersion`.
   * @throws {StoreError} `ERR_TRANSACTION_NOT_FOUND`, `ERR_TRANSACTION_CONFLICT`, `ERR_STORE_UNAVAILABLE`.
   */
  update(id: string, expectedVersion: number, data: JsonObject): Promise<TransactionRecord>;
  /**
   * Ends a pending transaction exactly once: in one atomic step the secret state is deleted, the
   * outcome stored and every waiter (on any instance) notified.
   * @throws {StoreError} `ERR_TRANSACTION_CONSUMED` (already done), `ERR_TRANSACTION_NOT_FOUND`, `ERR_STORE_UNAVAILABLE`.
   */
  consume(id: string, outcome: JsonObject, options?: ConsumeOptions): Promise<TransactionRecord>;
  /**
   * Resolves with the record once it is `done`, or with the record as it is when the timeout
   * passes or the signal aborts (then still `pending`).
   * @throws {StoreError} `ERR_TRANSACTION_NOT_FOUND`, `ERR_STORE_UNAVAILABLE`.
   */
  waitForOutcome(id: string, options: WaitOptions): Promise<TransactionRecord>;
  /**
   * Forgets a transaction. Resolves `true` when it existed.
   * @throws {StoreError} `ERR_STORE_UNAVAILABLE`.
   */
  delete(id: string): Promise<boolean>;
  /** Releases timers and connections. The store is unusable afterwards. */
  close(): Promise<void>;
}
