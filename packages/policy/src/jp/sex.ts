/**
 * Sex: ISO `sex` is an ISO/IEC 5218 code (0 not known, 1 male, 2 female, 9 not applicable);
 * `sex_unicode` is the card's text, 男 or 女 (absent for 0 and 9). 番号法 16条 proviso: where a
 * My Number procedure uses sex, it is read electronically, as here — but no sector preset asks for it.
 *
 * @module
 */

import type { ElementsByNamespace } from '@uketori/mdoc';
import { ISO_23220_NAMESPACE, JP_NAMESPACE } from '../catalogue.js';
import { compact, valueError, valueOf } from './values.js';

/** Sex as ISO/IEC 5218 defines it. */
export type Sex = 'not_known' | 'male' | 'female' | 'not_applicable';

const FROM_5218: Readonly<Record<number, Sex>> = { 0: 'not_known', 1: 'male', 2: 'female', 9: 'not_applicable' };
const TO_5218: Readonly<Record<Sex, 0 | 1 | 2 | 9>> = { not_known: 0, male: 1, female: 2, not_applicable: 9 };

/**
 * An ISO/IEC 5218 code as {@link Sex}.
 *
 * @example
 * ```ts
 * sexFromIso5218(2); // 'female'
 * ```
 * @throws {PolicyValueError} `ERR_POLICY_VALUE` for anything but 0, 1, 2 or 9.
 */
export function sexFromIso5218(code: unknown, namespace = ISO_23220_NAMESPACE): Sex {
  const sex = typeof code === 'number' && Object.hasOwn(FROM_5218, code) ? FROM_5218[code] : undefined;
  if (sex === undefined) throw valueError(namespace, 'sex', 'expected an ISO/IEC 5218 code (0, 1, 2 or 9)');
  return sex;
}

/**
 * {@link Sex} as its ISO/IEC 5218 code.
 *
 * @example
 * ```ts
 * sexToIso5218('male'); // 1
 * ```
 */
export function sexToIso5218(sex: Sex): 0 | 1 | 2 | 9 {
  return TO_5218[sex];
}

/**
 * `sex_unicode` (男 / 女) as {@link Sex}.
 *
 * @example
 * ```ts
 * sexFromJapanese('女'); // 'female'
 * ```
 * @throws {PolicyValueError} `ERR_POLICY_VALUE` for any other text.
 */
export function sexFromJapanese(text: unknown): Sex {
  const t = typeof text === 'string' && text.length <= 8 ? compact(text) : undefined;
  if (t === '男') return 'male';
  if (t === '女') return 'female';
  throw valueError(JP_NAMESPACE, 'sex_unicode', 'expected 男 or 女');
}

/**
 * The sex of a document from ISO `sex` and/or `sex_unicode`; when both were received they must
 * agree (男 ↔ 1, 女 ↔ 2; the text is absent for 0 and 9). `undefined` when neither was received.
 *
 * @example
 * ```ts
 * sexOf(doc.issuerSigned); // 'female'
 * ```
 * @throws {PolicyValueError} `ERR_POLICY_VALUE` for a malformed value or two that disagree.
 */
export function sexOf(issuerSigned: ElementsByNamespace): Sex | undefined {
  const code = valueOf(issuerSigned, ISO_23220_NAMESPACE, 'sex');
  const text = valueOf(issuerSigned, JP_NAMESPACE, 'sex_unicode');
  const a = code === undefined ? undefined : sexFromIso5218(code);
  const b = text === undefined ? undefined : sexFromJapanese(text);
  if (a !== undefined && b !== undefined && a !== b) throw valueError(JP_NAMESPACE, 'sex_unicode', `disagrees with ${JSON.stringify(ISO_23220_NAMESPACE)}/"sex"`);
  return a ?? b;
}
