/**
 * @uketori/jpki-oidc/express — login and callback routes for express 5, bound to the browser
 * session. A separate entry point, so the core package never imports express.
 *
 * @example
 * ```ts
 * import { jpkiLoginRouter, memoryLoginStore } from '@uketori/jpki-oidc/express';
 *
 * app.use('/jpki', jpkiLoginRouter({ client, purpose: 'aml_kyc_jp', store: memoryLoginStore(), onResult }));
 * ```
 *
 * @module
 */

export { jpkiLoginRouter, type JpkiLoginRouterOptions } from './router.js';
export { memoryLoginStore, type LoginTransactionStore, type MemoryLoginStoreOptions } from './store.js';
