/**
 * The verification result for people and for JSON.
 *
 * @module
 */

import type { CheckResult, VerifiedDeviceResponse, VerifiedDocument } from '@uketori/mdoc';
import { isoDateTime, oneLine, renderShort, toJson, type Json } from './value.js';

type Elements = VerifiedDocument['issuerSigned'];

/**
 * The `--json` output of a verified response:
 * `{ "documents": [{ "docType", "elements": { ns: { id: value } } }], "checks": [...] }`.
 */
export function responseJson(result: VerifiedDeviceResponse): Json {
  return {
    documents: result.documents.map((doc) => ({ docType: doc.docType, elements: toJson(doc.issuerSigned) })),
    checks: result.checks.map((c) => toJson(c)),
  };
}

/** A readable summary: each document with its elements (never raw bytes), then the checks. */
export function renderResponse(result: VerifiedDeviceResponse): string {
  const lines: string[] = [`Verified: ${plural(result.documents.length, 'document')} (DeviceResponse ${result.version})`];
  for (const doc of result.documents) lines.push('', ...renderDocument(doc));
  for (const e of result.documentErrors) lines.push('', `Not returned: ${oneLine(e.docType)} (error ${e.code})`);
  lines.push('', 'Checks', ...renderChecks(result.checks).map((l) => `  ${l}`));
  return `${lines.join('\n')}\n`;
}

/** The lines describing one verified document. */
export function renderDocument(doc: VerifiedDocument): string[] {
  const { validity, issuer } = doc;
  const lines = [
    oneLine(doc.docType),
    `  issuer     ${oneLine(issuer.subject)}`,
    `  IACA       ${oneLine(issuer.iaca.subject)}${issuer.iaca.anchorSet === undefined ? '' : ` (${oneLine(issuer.iaca.anchorSet)})`}`,
    `  valid      ${isoDateTime(validity.validFrom)} to ${isoDateTime(validity.validUntil)} (signed ${isoDateTime(validity.signed)})`,
    `  device     ${doc.deviceAuthentication === 'mac' ? 'DeviceMac' : 'DeviceSignature'}`,
  ];
  lines.push(...renderElements(doc.issuerSigned, '  '));
  if (Object.keys(doc.deviceSigned).length > 0) {
    lines.push('  device-signed:', ...renderElements(doc.deviceSigned, '    '));
  }
  for (const [ns, errors] of Object.entries(doc.errors)) {
    for (const [id, code] of Object.entries(errors)) lines.push(`  not returned: ${oneLine(ns)} / ${oneLine(id)} (error ${code})`);
  }
  return lines;
}

/** Per namespace, one line per element: identifier, then a short rendering of the value. */
export function renderElements(elements: Elements, indent: string): string[] {
  const lines: string[] = [];
  for (const [ns, items] of Object.entries(elements)) {
    lines.push(`${indent}${oneLine(ns)}`);
    const ids = Object.keys(items);
    const width = Math.max(0, ...ids.map((id) => id.length));
    for (const id of ids) lines.push(`${indent}  ${oneLine(id).padEnd(width)}  ${renderShort(items[id])}`);
  }
  return lines;
}

/** One line per check: status, id, clause, and the document it is about. */
export function renderChecks(checks: readonly CheckResult[]): string[] {
  const width = Math.max(0, ...checks.map((c) => c.id.length));
  return checks.map((c) => {
    const doc = c.documentIndex === undefined ? '' : `  [document ${c.documentIndex}]`;
    return `${c.status.padEnd(7)}  ${c.id.padEnd(width)}  ${c.clause}${doc}`;
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
