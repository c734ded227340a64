/**
 * The router's options and their resolved, validated form (the context every route reads).
 *
 * @module
 */

import { UketoriRangeError, UketoriTypeError, type TrustStore } from '@uketori/mdoc';
import type { AuditSink, PolicyResult, Purpose } from '@uketori/policy';
import { toSafeJSON } from '@uketori/policy';
import type { FlowAdapter } from '../flows/types.js';
import { createBrowserBinding, type BindingCookieOptions, type BrowserBinding } from '../http/binding.js';
import type { JsonObject, TransactionStore } from '../store/types.js';

/** A structured log event. It carries only these fields: never a value the holder sent. */
export interface UketoriLogEvent {
  readonly event:
    | 'transaction.created'
    | 'request.fetched'
    | 'response.accepted'
    | 'response.refused'
    | 'result.read'
    | 'request.refused'
    | 'hook.failed';
  readonly transactionId?: string;
  readonly flow?: string;
  readonly purposeId?: string;
  /** Outcome of an accepted response (`complete` / `incomplete`). */
  readonly outcome?: string;
  /** The stable error code of a refusal. */
  readonly code?: string;
  readonly status?: number;
}

/** Size limits of request bodies, in bytes. */
export interface RouterLimits {
  /** `POST /transactions`. Default 8 KiB. */
  readonly createBytes?: number;
  /** Wallet endpoints (`response_uri`, `request_uri` POST) and the DC API completion. Default 1 MiB. */
  readonly walletBytes?: number;
}

/** Options of {@link createUketoriRouter}. */
export interface UketoriRouterOptions {
  /** Where transactions live (`createMemoryTransactionStore()` for one process, `createRedisTransactionStore()` for many). */
  readonly store: TransactionStore;
  /** Trusted IACAs for every response. */
  readonly trust: TrustStore;
  /** The purposes a page may create transactions for (by `id`). */
  readonly purposes: readonly Purpose[];
  /** The flows offered (adapters carrying their own keys, e.g. readerAuth or the JAR signer). */
  readonly flows: readonly FlowAdapter[];
  /** The public absolute URL the router is mounted at, e.g. `https://shop.example/uketori` (https, or http on loopback). */
  readonly baseUrl: string;
  /** Serialized origins of the pages allowed to create transactions and relay DC API answers. */
  readonly allowedOrigins: readonly string[];
  /** Secret (≥ 32 bytes) signing the browser-binding cookie. */
  readonly cookieSecret: Uint8Array;
  /** Cookie attributes. Default name `uketori_binding`, `Secure`, `Path=/`. */
  readonly cookie?: BindingCookieOptions;
  /** Where the wallet sends the browser back after a same-device flow; `?transaction_id=…` and the flow's `#response_code=…` are added. */
  readonly sameDeviceRedirectUri?: string;
  /** How long a transaction accepts an answer, in seconds. Default 300. */
  readonly ttlSeconds?: number;
  /** How long a finished transaction's result stays readable, in seconds. Default 300. */
  readonly resultTtlSeconds?: number;
  readonly limits?: RouterLimits;
  /** Clock. Default `() => new Date()`. */
  readonly now?: () => Date;
  /** Receives the audit record of every decision: each gated result, and each refused answer (`outcome: "rejected"` with its code). */
  readonly audit?: AuditSink;
  /** Structured log hook; sees only {@link UketoriLogEvent} fields. */
  readonly logger?: (event: UketoriLogEvent) => void;
  /** Called once per accepted response, on the instance that accepted it, with the full result (sensitive values boxed). */
  readonly onResult?: (result: PolicyResult, transaction: { readonly id: string; readonly flow: string }) => void | Promise<void>;
  /** What the browser gets as `result`. Default `toSafeJSON(result)` (sensitive elements left out). */
  readonly resultView?: (result: PolicyResult) => JsonObject;
}

/** The validated options every route uses. */
export interface RouterContext {
  readonly store: TransactionStore;
  readonly trust: TrustStore;
  readonly purposes: ReadonlyMap<string, Purpose>;
  readonly flows: ReadonlyMap<string, FlowAdapter>;
  readonly baseUrl: string;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly binding: BrowserBinding;
  readonly sameDeviceRedirectUri: string | undefined;
  readonly ttlSeconds: number;
  readonly resultTtlMs: number;
  readonly createBytes: number;
  readonly walletBytes: number;
  readonly now: () => Date;
  readonly audit: AuditSink | undefined;
  readonly log: (event: UketoriLogEvent) => void;
  readonly onResult: UketoriRouterOptions['onResult'];
  readonly resultView: (result: PolicyResult) => JsonObject;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

function httpUrl(name: string, value: unknown): URL {
  if (typeof value !== 'string') throw new UketoriTypeError(`${name} must be a string URL`);
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new UketoriTypeError(`${name} is not a URL`, 'ERR_INVALID_ARG_VALUE', { cause });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) throw new UketoriRangeError(`${name} must be https (http only on loopback)`);
  if (url.hash !== '' || url.search !== '') throw new UketoriRangeError(`${name} must have no query or fragment`);
  return url;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 1) throw new UketoriRangeError(`${name} must be a positive integer`);
  return v;
}

/** Validates the options. @throws {UketoriTypeError} / {UketoriRangeError} with `ERR_INVALID_ARG_*`. */
export function resolveOptions(options: UketoriRouterOptions): RouterContext {
  if (options === null || typeof options !== 'object') throw new UketoriTypeError('options must be an object');
  const { store, trust } = options;
  if (store === null || typeof store !== 'object' || typeof store.consume !== 'function') throw new UketoriTypeError('store must be a TransactionStore');
  if (trust === null || typeof trust !== 'object') throw new UketoriTypeError('trust must be a TrustStore');
  if (!Array.isArray(options.purposes) || options.purposes.length === 0) throw new UketoriTypeError('purposes must list at least one purpose');
  if (!Array.isArray(options.flows) || options.flows.length === 0) throw new UketoriTypeError('flows must list at least one flow adapter');
  const purposes = new Map(options.purposes.map((p) => [p.id, p]));
  const flows = new Map<string, FlowAdapter>();
  for (const flow of options.flows) {
    if (flow === null || typeof flow !== 'object' || typeof flow.start !== 'function' || typeof flow.finish !== 'function') throw new UketoriTypeError('each flow must be a FlowAdapter');
    if (flows.has(flow.id)) throw new UketoriRangeError(`flow "${flow.id}" is listed twice`);
    flows.set(flow.id, flow);
  }
  const base = httpUrl('baseUrl', options.baseUrl);
  const allowed = new Set<string>();
  if (!Array.isArray(options.allowedOrigins)) throw new UketoriTypeError('allowedOrigins must be an array of origins');
  for (const origin of options.allowedOrigins) {
    const url = httpUrl('allowedOrigins entry', origin);
    // Origins are compared byte for byte (notes/online.md §11.5): require the serialized form.
    if (url.origin !== origin) throw new UketoriRangeError('allowedOrigins entries must be serialized origins (scheme://host[:port], no path or trailing slash)');
    allowed.add(origin);
  }
  if (!(options.cookieSecret instanceof Uint8Array) || options.cookieSecret.length < 32) throw new UketoriRangeError('cookieSecret must be at least 32 bytes');
  const sameDevice = options.sameDeviceRedirectUri === undefined ? undefined : httpUrl('sameDeviceRedirectUri', options.sameDeviceRedirectUri).href;
  const logger = options.logger;
  return {
    store,
    trust,
    purposes,
    flows,
    baseUrl: base.href.replace(/\/+$/, ''),
    allowedOrigins: allowed,
    binding: createBrowserBinding(options.cookieSecret, options.cookie),
    sameDeviceRedirectUri: sameDevice,
    ttlSeconds: positive('ttlSeconds', options.ttlSeconds, 300),
    resultTtlMs: positive('resultTtlSeconds', options.resultTtlSeconds, 300) * 1000,
    createBytes: positive('limits.createBytes', options.limits?.createBytes, 8 * 1024),
    walletBytes: positive('limits.walletBytes', options.limits?.walletBytes, 1024 * 1024),
    now: options.now ?? (() => new Date()),
    audit: options.audit,
    log: (event) => {
      if (logger === undefined) return;
      try {
        logger(event);
      } catch {
        // A failing logger must not change an answer.
      }
    },
    onResult: options.onResult,
    resultView: options.resultView ?? ((result) => toSafeJSON(result) as JsonObject),
  };
}
