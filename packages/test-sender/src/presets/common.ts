/**
 * What every credential preset shares: its options and how element overrides merge.
 *
 * @module
 */

import type { ElementValues, IssueCredentialOptions } from '../credential/issue.js';

/** Options of every preset (`issueMyNumberCard`, `issueMdl`, `issueEuPid`). */
export interface PresetOptions extends Omit<IssueCredentialOptions, 'docType' | 'nameSpaces'> {
  /**
   * Elements to add or replace, per namespace, after the preset's own; `undefined` removes one
   * (for example to test a requested element the credential lacks).
   */
  readonly elements?: ElementValues;
}

/** `base` with `overrides` applied per namespace; `undefined` values remove elements. */
export function mergeElements(base: ElementValues, overrides: ElementValues | undefined): ElementValues {
  if (overrides === undefined) return base;
  const out: Record<string, Record<string, unknown>> = {};
  for (const ns of new Set([...Object.keys(base), ...Object.keys(overrides)])) {
    const merged: Record<string, unknown> = { ...base[ns], ...overrides[ns] };
    for (const [id, v] of Object.entries(merged)) if (v === undefined) delete merged[id];
    out[ns] = merged;
  }
  return out;
}

/** The issue options a preset passes on (everything but its own `elements`). */
export function issueOptions(options: PresetOptions): Omit<IssueCredentialOptions, 'docType' | 'nameSpaces'> {
  const { elements: _elements, ...rest } = options;
  return rest;
}
