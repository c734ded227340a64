/**
 * @uketori/express — online mdoc verification (ISO/IEC 18013-7, OpenID4VP 1.0, DC API, Apple
 * Verify with Wallet in apps) as an express router, and the TransactionStore that keeps each
 * transaction's nonce and keys.
 *
 * @packageDocumentation
 */

export { StoreError, HttpError, type StoreErrorCode, type HttpErrorCode } from './errors.js';
export type {
  TransactionStore,
  TransactionRecord,
  TransactionStatus,
  NewTransaction,
  ConsumeOptions,
  WaitOptions,
  JsonValue,
  JsonObject,
} from './store/types.js';
export { createMemoryTransactionStore, type MemoryTransactionStoreOptions } from './store/memory.js';
export { createRedisTransactionStore, REDIS_CLIENT_DEFAULTS, type RedisTransactionStoreOptions } from './store/redis.js';
export { createSealer, type Sealer, type SealingKey } from './store/seal.js';
export { createUketoriRouter, type UketoriRouterOptions, type UketoriLogEvent, type RouterLimits } from './router.js';
export type { BindingCookieOptions } from './http/binding.js';
export type { Problem } from './http/problem.js';
export type {
  FlowAdapter,
  FlowChannel,
  FlowStart,
  FlowStartInput,
  FlowSubmission,
  FlowFinish,
  FlowFinishInput,
  RequestObjectInput,
} from './flows/types.js';
export { annexCFlow, type AnnexCFlowOptions } from './flows/annex-c.js';
export { annexDFlow, type AnnexDFlowOptions } from './flows/annex-d.js';
export { oid4vpFlow, type Oid4vpFlowOptions } from './flows/oid4vp.js';
export { appleInAppFlow, type AppleInAppFlowOptions } from './flows/apple-in-app.js';
