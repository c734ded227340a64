/**
 * The result of a デジタル認証アプリ login, shaped like the result of an mdoc presentation
 * (`ReaderSessionResult` in `@uketori/reader`: `{ verified, policy }`, where `policy` is the
 * `PolicyResult` of `gateResponse`), so a business reads both channels with one code path:
 * `result.policy.outcome`, `result.policy.documents[0].issuerSigned[namespace][identifier]`,
 * `result.policy.missing`, `result.policy.audit`.
 *
 * @module
 */

import type { ElementsByNamespace } from '@uketori/mdoc';
import type { AuditRecord, ElementRetention, LegalBasisEntry, MissingRequirement, PolicyFindingCode, PolicyResult } from '@uketori/policy';
import type { ClaimSource } from './claims.js';
import type { OidcCheckResult } from './errors.js';
import type { JPKI_OIDC_CHANNEL } from './plan.js';

/** What the login proved, with no personal value (the pairwise `sub` aside). */
export interface VerifiedOidcLogin {
  readonly channel: typeof JPKI_OIDC_CHANNEL;
  /** The OpenID Provider (ID token `iss`). */
  readonly issuer: string;
  /** The subject identifier the provider issued for this client (ID token `sub`). */
  readonly subject: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly authTime?: Date;
  /** Authentication context class (ID token `acr`), when sent. */
  readonly acr?: string;
  /** The scopes the provider granted. */
  readonly grantedScopes: readonly string[];
  /** Every check performed, in order. */
  readonly checks: readonly OidcCheckResult[];
}

/** Report codes of the OIDC response gate: the policy's, plus claims and scopes nobody asked for. */
export type JpkiOidcFindingCode =
  | PolicyFindingCode
  /** A personal claim no requested scope covers (e.g. a claim beyond the basic 4 items); removed. */
  | 'UNREQUESTED_CLAIM'
  /** The provider granted a scope the login did not request; its claims were removed. */
  | 'UNREQUESTED_SCOPE';

/** One finding, by name. */
export interface JpkiOidcFinding {
  readonly code: JpkiOidcFindingCode;
  readonly docType: string;
  readonly namespace?: string;
  readonly identifier?: string;
  /** For claims: the claim name and where it came from. */
  readonly claim?: string;
  readonly source?: ClaimSource;
  /** For scopes: the scope name. */
  readonly scope?: string;
  /** For missing requirements: the alternatives, any one of which would do. */
  readonly anyOf?: MissingRequirement['anyOf'];
}

/** The one document of a login: the card holder's attributes as My Number Card elements. */
export interface JpkiOidcDocument {
  /** `org.iso.23220.1.jp.mnc`: the elements are named as on the card. */
  readonly docType: string;
  readonly channel: typeof JPKI_OIDC_CHANNEL;
  /** Who asserted the values: the provider and the subject it authenticated. */
  readonly issuer: { readonly issuer: string; readonly subject: string };
  /** The ID token's validity. */
  readonly validity: { readonly issuedAt: Date; readonly expiresAt: Date };
  /**
   * Values the provider asserted for the requested scopes, by My Number Card element (the ID token
   * is signed; the UserInfo response comes over TLS from the same provider for the same `sub`).
   * Sensitive elements are `SensitiveValue` boxes, as on the mdoc path.
   */
  readonly issuerSigned: ElementsByNamespace;
  /** Always empty: this channel has no device-signed data. */
  readonly deviceSigned: ElementsByNamespace;
  readonly retention: readonly ElementRetention[];
  readonly missing: readonly MissingRequirement[];
  readonly complete: boolean;
}

/** An audit record of the OIDC channel: the policy's record plus the channel and the scopes. */
export interface JpkiOidcAuditRecord extends AuditRecord {
  readonly channel: typeof JPKI_OIDC_CHANNEL;
  /** Requested scopes (request records) or granted scopes (response records). */
  readonly scopes: readonly string[];
}

/** A personal claim removed from the result, and the element it would have been (for the basic 4 items). */
export interface DroppedOidcClaim {
  readonly claim: string;
  readonly source: ClaimSource;
  readonly namespace?: string;
  readonly identifier?: string;
}

/** The outcome of the OIDC response gate, shaped like the policy's `PolicyResult`. */
export interface JpkiOidcPolicyResult {
  readonly channel: typeof JPKI_OIDC_CHANNEL;
  readonly purposeId: string;
  readonly transactionId: string;
  readonly outcome: 'complete' | 'incomplete';
  readonly at: Date;
  readonly legalBasis: readonly LegalBasisEntry[];
  readonly documents: readonly JpkiOidcDocument[];
  readonly findings: readonly JpkiOidcFinding[];
  /** Personal claims removed, by name. */
  readonly dropped: readonly DroppedOidcClaim[];
  readonly missing: readonly MissingRequirement[];
  readonly audit: JpkiOidcAuditRecord;
  /** The safe serialization: sensitive elements left out, dates as ISO 8601. */
  toJSON(): unknown;
}

/** A finished login: `{ verified, policy }`, as `ReaderSessionResult` is for an mdoc. */
export interface JpkiOidcResult {
  readonly verified: VerifiedOidcLogin;
  readonly policy: JpkiOidcPolicyResult;
}

/**
 * What a business reads from either channel: an mdoc `PolicyResult` and a
 * {@link JpkiOidcPolicyResult} both satisfy it, so one function handles both.
 *
 * @example
 * ```ts
 * function onboard(result: VerificationResultView) {
 *   if (result.outcome !== 'complete') return reject(result.missing);
 *   const doc = result.documents[0]!;
 *   const name = doc.issuerSigned['org.iso.23220.1.jp']?.['full_name_unicode'];
 *   const birth = birthDateOf(doc.issuerSigned); // works for both channels
 *   audit.write(result.audit);
 * }
 * ```
 */
export interface VerificationResultView {
  readonly purposeId: string;
  readonly transactionId: string;
  readonly outcome: 'complete' | 'incomplete';
  readonly at: Date;
  readonly legalBasis: readonly LegalBasisEntry[];
  readonly documents: readonly {
    readonly docType: string;
    readonly issuerSigned: ElementsByNamespace;
    readonly deviceSigned: ElementsByNamespace;
    readonly retention: readonly ElementRetention[];
    readonly missing: readonly MissingRequirement[];
    readonly complete: boolean;
  }[];
  readonly findings: readonly { readonly code: string; readonly docType: string }[];
  readonly missing: readonly MissingRequirement[];
  readonly audit: AuditRecord;
  toJSON(): unknown;
}

/**
 * The channel a result came from: `jpki-oidc` for a デジタル認証アプリ login, `mdoc` for a policy
 * result of an mdoc presentation.
 *
 * @example
 * ```ts
 * channelOf(result) === 'jpki-oidc'; // the physical card via the デジタル認証アプリ
 * ```
 */
export function channelOf(result: VerificationResultView): 'mdoc' | typeof JPKI_OIDC_CHANNEL {
  return (result as { channel?: unknown }).channel === 'jpki-oidc' ? 'jpki-oidc' : 'mdoc';
}

// Compile-time proof that both channels fit the shared view.
type Assignable<T extends VerificationResultView> = T;
type _PolicyResultFits = Assignable<PolicyResult>;
type _JpkiOidcPolicyResultFits = Assignable<JpkiOidcPolicyResult>;
