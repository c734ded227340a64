/**
 * Lenient typing of date elements: wallets have been seen sending `birth_date` and similar as a
 * plain text string instead of `full-date` (tag 1004) or `tdate` (tag 0). The value is still
 * covered by its digest (computed over the bytes as received); here it is only given its type,
 * and the deviation is reported as a warning.
 *
 * @module
 */

import { FullDate, TDate } from '../cbor/types.js';

/** A deviation from the expected element encoding that did not fail verification. */
export interface ElementWarning {
  readonly namespace: string;
  readonly element: string;
  /** `DATE_AS_TEXT`: a date element arrived as a text string and was typed from it. */
  readonly code: 'DATE_AS_TEXT';
}

const DATE_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  // ISO/IEC 18013-5 §7.2.1
  'org.iso.18013.5.1': ['birth_date', 'issue_date', 'expiry_date', 'portrait_capture_date'],
  // ISO/IEC 23220-2 (My Number Card ISO namespace)
  'org.iso.23220.1': ['birth_date', 'issue_date', 'expiry_date', 'portrait_capture_date'],
  // EU PID rulebook (mdoc encoding)
  'eu.europa.ec.eudi.pid.1': ['birth_date', 'issuance_date', 'expiry_date'],
};

const PRIVILEGE_DATES = ['issue_date', 'expiry_date'];

function typedDate(value: unknown): FullDate | TDate | undefined {
  if (typeof value !== 'string') return undefined;
  const full = FullDate.parse(value);
  if (full !== undefined) return full;
  try {
    return new TDate(value);
  } catch {
    return undefined;
  }
}

/**
 * Returns the element value with date strings typed, recording a warning when it did so.
 * Only the known date elements (and the dates inside mDL `driving_privileges`) are touched.
 */
export function typeElement(namespace: string, element: string, value: unknown, warnings: ElementWarning[]): unknown {
  if (DATE_ELEMENTS[namespace]?.includes(element)) {
    const typed = typedDate(value);
    if (typed === undefined) return value;
    warnings.push({ namespace, element, code: 'DATE_AS_TEXT' });
    return typed;
  }
  if (namespace === 'org.iso.18013.5.1' && element === 'driving_privileges' && Array.isArray(value)) {
    let changed = false;
    const out = value.map((p: unknown) => {
      if (!(p instanceof Map)) return p;
      const copy = new Map(p);
      for (const key of PRIVILEGE_DATES) {
        const typed = typedDate(copy.get(key));
        if (typed !== undefined) {
          copy.set(key, typed);
          changed = true;
        }
      }
      return copy;
    });
    if (changed) warnings.push({ namespace, element, code: 'DATE_AS_TEXT' });
    return out;
  }
  return value;
}
