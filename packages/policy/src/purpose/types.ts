/**
 * A purpose as data. {@link PurposeDefinition} is the JSON a business writes (validated against
 * `purpose.schema.json`); {@link Purpose} is the checked, normalized, frozen form the gates use.
 *
 * @module
 */

import type { ElementRef } from '../catalogue.js';

/** Text in Japanese and English. */
export interface LocalizedText {
  readonly ja: string;
  readonly en: string;
}

/** A citation of a law, ordinance or standard. */
export interface LegalCitation {
  /** Name of the law or ordinance. */
  readonly law: LocalizedText;
  /** e-Gov LawId (法令ID), e.g. `420M60000F5A001`, when the law is Japanese. */
  readonly lawId?: string;
  /** Article, paragraph, item: `第6条第1項第1号ル` / `Art. 6(1)(i)(ru)`. */
  readonly article: LocalizedText;
  /** Where the text can be read. */
  readonly url?: string;
}

/**
 * One legal basis of a purpose, in force from `effectiveFrom` to `effectiveUntil` (inclusive,
 * Japan Standard Time calendar dates, `YYYY-MM-DD`). A renumbered item is two entries.
 */
export interface LegalBasisEntry extends LegalCitation {
  readonly effectiveFrom?: string;
  readonly effectiveUntil?: string;
  /** The day this citation was last checked against the official text. */
  readonly checked?: string;
}

/**
 * How long a retained element may be kept: `period` (ISO 8601 `PnYnMnD`) counted from the
 * verification, or from the end of the business relationship (e.g. 犯収法 6条2項: 7 years from
 * the day the contract ended).
 */
export interface RetentionRuleDefinition {
  readonly period: string;
  readonly from: 'verification' | 'relationship_end';
  /** The provision that sets the period. */
  readonly basis?: LegalCitation;
  readonly note?: LocalizedText;
}

/** One element a purpose may request, as written in a definition. */
export interface PurposeElementDefinition extends ElementRef {
  /**
   * `true`: must be received. A string: the name of an alternative group — at least one element of
   * the group must be received (e.g. `birth_date_unicode` or `birth_date`). Absent or `false`:
   * may be requested, need not be received.
   */
  readonly required?: boolean | string;
  /** The name of a {@link PurposeDefinition.retention} rule; absent: never retained. */
  readonly retain?: string;
  /** Defaults to the catalogue's sensitivity (portrait, individual number); may only add sensitivity. */
  readonly sensitive?: boolean;
}

/** The elements a purpose may request from one docType. */
export interface PurposeDocumentDefinition {
  readonly docType: string;
  readonly elements: readonly PurposeElementDefinition[];
}

/** デジタル認証アプリ (Digital Agency OpenID Provider) scopes. */
export type OidcScope = 'openid' | 'name' | 'address' | 'birthdate' | 'gender';

/** A purpose as written in JSON: the input of the loader. */
export interface PurposeDefinition {
  /** Optional pointer to the schema (ignored). */
  readonly $schema?: string;
  /** `^[a-z][a-z0-9_]{1,63}$`. */
  readonly id: string;
  readonly name: LocalizedText;
  /** What the holder is told: why the data is asked for and whether it is kept. */
  readonly userText: LocalizedText;
  /** `not_permitted`: the purpose exists to explain why this credential is not a legal method. */
  readonly status?: 'available' | 'not_permitted';
  /** Required when `status` is `not_permitted`. */
  readonly notPermitted?: { readonly reason: LocalizedText; readonly alternative: LocalizedText };
  /** Empty when no law prescribes the check (a business's own age policy). */
  readonly legalBasis: readonly LegalBasisEntry[];
  readonly documents: readonly PurposeDocumentDefinition[];
  readonly retention?: Readonly<Record<string, RetentionRuleDefinition>>;
  /**
   * The デジタル認証アプリ scopes covering the same attributes, and the provision a login there rests
   * on (absent: it cites none); absent: not available over OIDC. A purpose with no `documents`
   * and `scopes: ['openid']` is authentication only.
   */
  readonly oidc?: { readonly scopes: readonly OidcScope[]; readonly legalBasis?: readonly LegalBasisEntry[] };
  /** Free notes for reviewers (INFERENCE markers, open questions). */
  readonly notes?: LocalizedText;
}

/** A retention rule with its name. */
export interface RetentionRule extends RetentionRuleDefinition {
  readonly name: string;
}

/** One element of a checked purpose. */
export interface PurposeElement extends ElementRef {
  /** `true`, `false`, or the alternative group's name. */
  readonly required: boolean | string;
  /** The retention rule, or `undefined` when the element is never retained. */
  readonly retain: RetentionRule | undefined;
  readonly sensitive: boolean;
}

/** The elements of a checked purpose for one docType. */
export interface PurposeDocument {
  readonly docType: string;
  readonly elements: readonly PurposeElement[];
}

/** A checked, frozen purpose. Obtain one from a registry or `definePurpose`. */
export interface Purpose {
  readonly id: string;
  readonly name: LocalizedText;
  readonly userText: LocalizedText;
  readonly status: 'available' | 'not_permitted';
  readonly notPermitted: { readonly reason: LocalizedText; readonly alternative: LocalizedText } | undefined;
  readonly legalBasis: readonly LegalBasisEntry[];
  readonly documents: readonly PurposeDocument[];
  readonly retention: Readonly<Record<string, RetentionRule>>;
  readonly oidcScopes: readonly OidcScope[] | undefined;
  /** The legal basis of a login over the デジタル認証アプリ (`oidc.legalBasis`); empty when it cites none. */
  readonly oidcLegalBasis: readonly LegalBasisEntry[];
  readonly notes: LocalizedText | undefined;
  /** `preset` for the built-in purposes, `custom` for a business's own. */
  readonly origin: 'preset' | 'custom';
  /** The definition it was built from (frozen), for docs and re-serialization. */
  readonly definition: PurposeDefinition;
}
