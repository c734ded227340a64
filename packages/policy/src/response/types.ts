/**
 * What the response gate returns.
 *
 * @module
 */

import type { ElementsByNamespace, VerifiedDocument } from '@uketori/mdoc';
import type { AuditRecord } from '../audit/record.js';
import type { ElementRef } from '../catalogue.js';
import type { LegalBasisEntry } from '../purpose/types.js';
import type { Retention } from '../retention.js';

/** Report codes of the response gate. */
export type PolicyFindingCode =
  /** An element the request did not ask for; removed from the result (ISO/IEC 18013-5 §8.3.2.1.2.2). */
  | 'UNREQUESTED_ELEMENT'
  /** A document of an accepted docType the request did not ask for; removed. */
  | 'UNREQUESTED_DOCUMENT'
  /** A required element (or every element of an alternative group) was not received. */
  | 'MISSING_REQUIRED'
  /** The holder reported a requested document as not returned (DeviceResponse documentErrors). */
  | 'DOCUMENT_NOT_RETURNED';

/** One finding, by name. */
export interface PolicyFinding {
  readonly code: PolicyFindingCode;
  readonly docType: string;
  readonly namespace?: string;
  readonly identifier?: string;
  /** For unrequested elements: whether the issuer or the device signed it. */
  readonly signedBy?: 'issuer' | 'device';
  /** For missing requirements: the alternatives, any one of which would do. */
  readonly anyOf?: readonly ElementRef[];
}

/** A requirement that was not met. */
export interface MissingRequirement {
  readonly docType: string;
  /** The alternative group's name, for grouped requirements. */
  readonly group?: string;
  /** Any one of these would satisfy it. */
  readonly anyOf: readonly ElementRef[];
}

/** An element removed from the result. */
export interface DroppedElement extends ElementRef {
  readonly docType: string;
  readonly signedBy: 'issuer' | 'device';
}

/** Retention of one kept element. */
export interface ElementRetention extends ElementRef {
  readonly sensitive: boolean;
  readonly retention: Retention;
}

/** One document after the gate: only requested elements, sensitive values boxed. */
export interface PolicyDocument {
  readonly docType: string;
  /** The DS and IACA it chained to (no personal data). */
  readonly issuer: VerifiedDocument['issuer'];
  readonly validity: VerifiedDocument['validity'];
  readonly deviceAuthentication: VerifiedDocument['deviceAuthentication'];
  readonly warnings: VerifiedDocument['warnings'];
  /**
   * Issuer-signed values that were requested. Sensitive elements (portrait, individual number) are
   * `SensitiveValue` boxes: serializers and loggers drop them; `reveal()` opens one.
   */
  readonly issuerSigned: ElementsByNamespace;
  /** Device-signed values that were requested (never counted towards requirements). */
  readonly deviceSigned: ElementsByNamespace;
  /** Per kept element: may it be retained, and until when. */
  readonly retention: readonly ElementRetention[];
  /** Requirements of the purpose this document does not meet. */
  readonly missing: readonly MissingRequirement[];
  /** True when `missing` is empty. */
  readonly complete: boolean;
}

/** The outcome of the response gate. */
export interface PolicyResult {
  readonly purposeId: string;
  readonly transactionId: string;
  /** `complete` when at least one document meets every requirement of the purpose. */
  readonly outcome: 'complete' | 'incomplete';
  /** The time of the decision. */
  readonly at: Date;
  /** The legal basis in force at `at`. */
  readonly legalBasis: readonly LegalBasisEntry[];
  readonly documents: readonly PolicyDocument[];
  readonly findings: readonly PolicyFinding[];
  readonly dropped: readonly DroppedElement[];
  /** When incomplete: what is missing (per document received, or per docType requested when none was). */
  readonly missing: readonly MissingRequirement[];
  /** The audit record of this decision. */
  readonly audit: AuditRecord;
  /** The safe serialization: sensitive elements left out, bytes as base64url (see `toSafeJSON`). */
  toJSON(): unknown;
}
