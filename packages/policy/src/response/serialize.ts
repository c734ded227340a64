/**
 * The safe serialization of a policy result: sensitive elements are left out unless explicitly
 * revealed, byte strings become base64url, dates ISO 8601 text. `PolicyResult.toJSON()` uses it,
 * so `JSON.stringify(result)` and JSON loggers never write a portrait or an individual number.
 *
 * @module
 */

import { base64urlEncode, FullDate, type ElementsByNamespace } from '@uketori/mdoc';
import { elementName, type ElementRef } from '../catalogue.js';
import { isSensitiveValue } from './sensitive.js';
import type { PolicyDocument, PolicyResult } from './types.js';

/** Options of {@link toSafeJSON}. */
export interface SafeJSONOptions {
  /** Sensitive elements to include anyway: `'all'` or a list. Default none. */
  readonly reveal?: 'all' | readonly ElementRef[];
}

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A value as JSON: bytes → base64url, `FullDate` → `YYYY-MM-DD`, `Date` → ISO 8601, `Map` → object,
 * bigint → decimal text. A sensitive box is never opened here (callers decide before).
 */
export function jsonValue(value: unknown, depth = 0): JsonValue | undefined {
  if (depth > 32) return null;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (isSensitiveValue(value)) return undefined;
  if (value instanceof Uint8Array) return base64urlEncode(value);
  if (value instanceof FullDate) return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map((v) => jsonValue(v, depth + 1) ?? null);
  const entries: [string, JsonValue][] = [];
  const source = value instanceof Map ? [...value] : Object.entries(value);
  for (const [k, v] of source) {
    const j = jsonValue(v, depth + 1);
    if (j !== undefined) entries.push([String(k), j]);
  }
  return Object.fromEntries(entries);
}

function elementsJSON(elements: ElementsByNamespace, revealed: (ref: ElementRef) => boolean, redacted: string[]): Record<string, Record<string, JsonValue>> {
  const out: [string, Record<string, JsonValue>][] = [];
  for (const [namespace, values] of Object.entries(elements)) {
    const ns: [string, JsonValue][] = [];
    for (const [identifier, value] of Object.entries(values)) {
      if (isSensitiveValue(value)) {
        if (!revealed({ namespace, identifier })) {
          redacted.push(elementName({ namespace, identifier }));
          continue;
        }
        const j = jsonValue(value.reveal());
        if (j !== undefined) ns.push([identifier, j]);
        continue;
      }
      const j = jsonValue(value);
      if (j !== undefined) ns.push([identifier, j]);
    }
    out.push([namespace, Object.fromEntries(ns)]);
  }
  return Object.fromEntries(out);
}

function documentJSON(doc: PolicyDocument, revealed: (ref: ElementRef) => boolean): JsonValue {
  const redacted: string[] = [];
  const issuerSigned = elementsJSON(doc.issuerSigned, revealed, redacted);
  const deviceSigned = elementsJSON(doc.deviceSigned, revealed, redacted);
  return jsonValue({
    docType: doc.docType,
    issuer: {
      subject: doc.issuer.subject,
      notBefore: doc.issuer.notBefore,
      notAfter: doc.issuer.notAfter,
      revocation: doc.issuer.revocation,
      iaca: doc.issuer.iaca,
    },
    validity: doc.validity,
    deviceAuthentication: doc.deviceAuthentication,
    warnings: doc.warnings,
    issuerSigned,
    deviceSigned,
    redacted,
    retention: doc.retention,
    missing: doc.missing,
    complete: doc.complete,
  })!;
}

/**
 * The result as JSON with sensitive elements left out (their names are listed in each document's
 * `redacted`), unless `reveal` names them.
 *
 * @example
 * ```ts
 * logger.info(toSafeJSON(result)); // no portrait, no individual number
 * await store.put(toSafeJSON(result, { reveal: [{ namespace: 'org.iso.23220.1.jp', identifier: 'portrait' }] }));
 * ```
 */
export function toSafeJSON(result: PolicyResult, options: SafeJSONOptions = {}): JsonValue {
  const reveal = options.reveal ?? [];
  const revealed = (ref: ElementRef): boolean => reveal === 'all' || reveal.some((r) => r.namespace === ref.namespace && r.identifier === ref.identifier);
  return {
    purposeId: result.purposeId,
    transactionId: result.transactionId,
    outcome: result.outcome,
    at: result.at.toISOString(),
    legalBasis: jsonValue(result.legalBasis)!,
    documents: result.documents.map((d) => documentJSON(d, revealed)),
    findings: jsonValue(result.findings)!,
    dropped: jsonValue(result.dropped)!,
    missing: jsonValue(result.missing)!,
    audit: jsonValue(result.audit)!,
  };
}

/**
 * A copy of a result's document values with sensitive elements removed (or revealed when named):
 * for handing the values to code that should not see sensitive data.
 *
 * @example
 * ```ts
 * const plain = redact(result.documents[0]!.issuerSigned); // no portrait key at all
 * ```
 */
export function redact(elements: ElementsByNamespace, options: SafeJSONOptions = {}): ElementsByNamespace {
  const reveal = options.reveal ?? [];
  const out: [string, Record<string, unknown>][] = [];
  for (const [namespace, values] of Object.entries(elements)) {
    const ns: [string, unknown][] = [];
    for (const [identifier, value] of Object.entries(values)) {
      if (!isSensitiveValue(value)) ns.push([identifier, value]);
      else if (reveal === 'all' || reveal.some((r) => r.namespace === namespace && r.identifier === identifier)) ns.push([identifier, value.reveal()]);
    }
    out.push([namespace, Object.fromEntries(ns)]);
  }
  return Object.fromEntries(out);
}
