/**
 * @uketori/jpki-oidc — the physical My Number Card through the Digital Agency's デジタル認証アプリ
 * (OpenID Connect, authorization code flow with PKCE S256 and `private_key_jwt`), with the purpose
 * deciding the scopes and a result shaped like an mdoc result, so one code path handles both
 * channels (notes/japan.md §5: Android phones hold only JPKI certificates today; many people carry
 * only the plastic card).
 *
 * @example
 * ```ts
 * import { createJpkiClient } from '@uketori/jpki-oidc';
 *
 * const client = createJpkiClient({ environment: 'sandbox', clientId, privateKey, kid, redirectUri });
 * const { url, transaction } = await client.startLogin('aml_kyc_jp'); // scope=openid name address birthdate
 * // … redirect to url; on the callback:
 * const { policy } = await client.finishLogin(callbackUrl, transaction);
 * policy.documents[0]!.issuerSigned['org.iso.23220.1.jp']!['full_name_unicode']; // as on the mdoc path
 * ```
 *
 * @packageDocumentation
 */

export { OIDC_CHECKS, JpkiOidcError, checkFailed, type OidcCheckId, type OidcCheckResult, type OnOidcCheck, type JpkiOidcErrorCode, type JpkiOidcErrorDetails } from './errors.js';
export { JPKI_ISSUERS, JPKI_ID_TOKEN_ALG, environmentMetadata, realmMetadata, type JpkiEnvironment, type ProviderMetadata } from './environments.js';
export { JPKI_OIDC_CHANNEL, planOidcRequest, scopeOf, type AttributeScope, type OidcPlannedElement, type OidcRequestPlan, type PlanOidcRequestOptions } from './plan.js';
export { PROTOCOL_CLAIMS, ATTRIBUTE_CLAIMS, collectClaims, elementValue, type ClaimSource, type ClaimsOutcome, type DroppedClaim } from './claims.js';
export { gateOidcLogin, type GateOidcLoginOptions, type OidcGateInput } from './gate.js';
export { requestRecord, failureRecord } from './audit.js';
export { importClientKey, type ClientAssertionAlg, type ClientPrivateKey } from './keys.js';
export {
  createJpkiClient,
  allowLoopbackHttp,
  type JpkiClient,
  type JpkiClientOptions,
  type LoginTransaction,
  type StartLoginOptions,
  type FinishLoginOptions,
  type FetchLike,
} from './client.js';
export {
  channelOf,
  type VerifiedOidcLogin,
  type JpkiOidcFinding,
  type JpkiOidcFindingCode,
  type JpkiOidcDocument,
  type JpkiOidcAuditRecord,
  type DroppedOidcClaim,
  type JpkiOidcPolicyResult,
  type JpkiOidcResult,
  type VerificationResultView,
} from './types.js';
