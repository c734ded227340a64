/**
 * Reading element values out of a document's issuer-signed elements, for the Japanese helpers.
 *
 * @module
 */

import type { ElementsByNamespace } from '@uketori/mdoc';
import { PolicyValueError, quoteElement } from '../errors.js';
import { reveal } from '../response/sensitive.js';

/** The value of an element (unboxed when sensitive), or `undefined` when absent. */
export function valueOf(elements: ElementsByNamespace, namespace: string, identifier: string): unknown {
  const ns = Object.hasOwn(elements, namespace) ? elements[namespace] : undefined;
  return ns !== undefined && Object.hasOwn(ns, identifier) ? reveal(ns[identifier]) : undefined;
}

/** A value error naming the element (never its value). */
export function valueError(namespace: string, identifier: string, problem: string): PolicyValueError {
  return new PolicyValueError('ERR_POLICY_VALUE', 'POLICY_RESPONSE', `${quoteElement(namespace, identifier)}: ${problem}`, { namespace, identifier });
}

/** NFKC (full-width digits and letters to ASCII) with every kind of white space removed. */
export function compact(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}
