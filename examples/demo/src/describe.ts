/**
 * What the page shows before anything is asked: for each purpose, the elements it requests, which
 * are required, which are retained and for how long, which are sensitive, and the law that allows
 * it — all read from the purpose definition, so the page cannot say anything the request gate
 * would not enforce.
 *
 * @module
 */

import { legalBasisAt, type Purpose } from '@uketori/policy';

/** One element as the page lists it. */
export interface ElementView {
  readonly namespace: string;
  readonly identifier: string;
  readonly required: boolean;
  /** ISO 8601 period and its start, or `null` when the element is not retained. */
  readonly retain: { readonly period: string; readonly from: string } | null;
  readonly sensitive: boolean;
}

/** A purpose as the page shows it. */
export interface PurposeView {
  readonly id: string;
  readonly name: { readonly ja: string; readonly en: string };
  readonly userText: { readonly ja: string; readonly en: string };
  readonly legalBasis: readonly { readonly ja: string; readonly en: string }[];
  readonly documents: readonly { readonly docType: string; readonly elements: readonly ElementView[] }[];
}

/** The page's view of `purpose` at `now` (the legal basis in force that day). */
export function describePurpose(purpose: Purpose, now: Date): PurposeView {
  return {
    id: purpose.id,
    name: purpose.name,
    userText: purpose.userText,
    legalBasis: legalBasisAt(purpose, now).map((entry) => ({
      ja: `${entry.law.ja} ${entry.article.ja}`,
      en: `${entry.law.en}, ${entry.article.en}`,
    })),
    documents: purpose.documents.map((doc) => ({
      docType: doc.docType,
      elements: doc.elements.map((element) => ({
        namespace: element.namespace,
        identifier: element.identifier,
        required: element.required !== false,
        retain: element.retain === undefined ? null : { period: element.retain.period, from: element.retain.from },
        sensitive: element.sensitive,
      })),
    })),
  };
}
