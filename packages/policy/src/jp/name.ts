/**
 * `full_name_unicode` (氏名): one string, family and given name separated by an ideographic
 * (full-width) space U+3000 — the card does not split them (notes/japan.md §2.3).
 *
 * @module
 */

import type { ElementsByNamespace } from '@uketori/mdoc';
import { JP_NAMESPACE } from '../catalogue.js';
import { valueError, valueOf } from './values.js';

/** U+3000 IDEOGRAPHIC SPACE, the separator of `full_name_unicode`. */
export const IDEOGRAPHIC_SPACE = '\u3000';

/** A name split at its full-width spaces. */
export interface FullNameParts {
  /** The name as received. */
  readonly fullName: string;
  /** The parts between full-width spaces (empty parts dropped). */
  readonly parts: readonly string[];
  /** The first part, when there are exactly two (the usual 氏 + 名). */
  readonly familyName?: string;
  /** The second part, when there are exactly two. */
  readonly givenName?: string;
}

const MAX_NAME = 256;

/**
 * Splits `full_name_unicode` at U+3000. Family and given name are named only when the name has
 * exactly two parts; names with one part or more than two (e.g. some foreign residents' names) keep
 * all `parts` and no guess is made.
 *
 * @example
 * ```ts
 * splitFullName('番号　花子'); // { fullName: '番号　花子', parts: ['番号', '花子'], familyName: '番号', givenName: '花子' }
 * ```
 * @throws {PolicyValueError} `ERR_POLICY_VALUE` when the value is not a non-empty string of at most 256 characters.
 */
export function splitFullName(fullName: unknown): FullNameParts {
  if (typeof fullName !== 'string' || fullName.trim().length === 0 || fullName.length > MAX_NAME) {
    throw valueError(JP_NAMESPACE, 'full_name_unicode', 'expected a non-empty text of at most 256 characters');
  }
  const parts = fullName.split(IDEOGRAPHIC_SPACE).map((p) => p.trim()).filter((p) => p.length > 0);
  const [family, given] = parts;
  return parts.length === 2 && family !== undefined && given !== undefined ? { fullName, parts, familyName: family, givenName: given } : { fullName, parts };
}

/**
 * The split `full_name_unicode` of a document, or `undefined` when it was not received.
 *
 * @example
 * ```ts
 * fullNameOf(result.documents[0]!.issuerSigned)?.familyName;
 * ```
 * @throws {PolicyValueError} `ERR_POLICY_VALUE` as {@link splitFullName}.
 */
export function fullNameOf(issuerSigned: ElementsByNamespace): FullNameParts | undefined {
  const value = valueOf(issuerSigned, JP_NAMESPACE, 'full_name_unicode');
  return value === undefined ? undefined : splitFullName(value);
}
