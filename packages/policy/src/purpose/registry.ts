/**
 * Purpose registries: the built-in presets plus a business's own purposes, each checked the same way.
 *
 * @module
 */

import { readFile, stat } from 'node:fs/promises';
import { UketoriTypeError } from '@uketori/mdoc';
import { PolicyRequestError, PurposeDefinitionError } from '../errors.js';
import { PRESET_DEFINITIONS, type PresetPurposeId } from '../presets/index.js';
import type { Purpose, PurposeDefinition } from './types.js';
import { definePurpose, type CheckPurposeOptions } from './validate.js';

/** The largest purpose file {@link loadPurposeFile} reads. */
export const MAX_PURPOSE_FILE_BYTES = 1024 * 1024;

/** A set of purposes by id. */
export interface PurposeRegistry {
  /**
   * The purpose with this id.
   *
   * @throws {PolicyRequestError} `ERR_POLICY_UNKNOWN_PURPOSE`.
   */
  get(id: PresetPurposeId | (string & {})): Purpose;
  has(id: string): boolean;
  /** Every purpose, presets first. */
  list(): readonly Purpose[];
}

/** Options of {@link createPurposeRegistry}. */
export interface CreatePurposeRegistryOptions extends CheckPurposeOptions {
  /** A business's own purposes: definitions (checked here) or purposes from {@link loadPurposeFile}. Default none. */
  readonly custom?: readonly (PurposeDefinition | Purpose | unknown)[];
  /** Include the built-in presets. Default `true`. */
  readonly presets?: boolean;
}

let presets: readonly Purpose[] | undefined;

/**
 * The built-in purposes, checked once on first use.
 *
 * @example
 * ```ts
 * presetPurposes().map((p) => p.id); // ['aml_kyc_jp', 'mobile_contract_jp', …]
 * ```
 */
export function presetPurposes(): readonly Purpose[] {
  presets ??= Object.freeze(PRESET_DEFINITIONS.map((def) => definePurpose(def, {}, 'preset')));
  return presets;
}

function isPurpose(value: unknown): value is Purpose {
  return value !== null && typeof value === 'object' && 'definition' in value && 'origin' in value;
}

/**
 * Builds a registry of the presets and `custom` purposes. Custom purposes go through the same
 * schema and rules as the presets (a `Purpose` object is re-checked from its definition), and may
 * not reuse a preset's id.
 *
 * @example
 * ```ts
 * const registry = createPurposeRegistry({ custom: await loadPurposeFile('purposes.json') });
 * const purpose = registry.get('hotel_checkin');
 * ```
 * @throws {PurposeDefinitionError} `ERR_POLICY_SCHEMA`, `ERR_POLICY_MYNUMBER_BASIS`, or
 *   `ERR_POLICY_DUPLICATE_ID` for an id used twice.
 */
export function createPurposeRegistry(options: CreatePurposeRegistryOptions = {}): PurposeRegistry {
  const byId = new Map<string, Purpose>();
  if (options.presets ?? true) for (const p of presetPurposes()) byId.set(p.id, p);
  const check: CheckPurposeOptions = options.unknownElements === undefined ? {} : { unknownElements: options.unknownElements };
  if (options.custom !== undefined && !Array.isArray(options.custom)) throw new UketoriTypeError('"options.custom" must be an array');
  for (const item of options.custom ?? []) {
    const purpose = definePurpose(isPurpose(item) ? item.definition : item, check, 'custom');
    if (byId.has(purpose.id)) {
      throw new PurposeDefinitionError('ERR_POLICY_DUPLICATE_ID', 'POLICY_PURPOSE', `purpose id ${JSON.stringify(purpose.id)} is already defined`, { purposeId: purpose.id });
    }
    byId.set(purpose.id, purpose);
  }
  const all = Object.freeze([...byId.values()]);
  return {
    get(id) {
      const purpose = byId.get(id);
      if (purpose === undefined) {
        const shown = /^[a-z][a-z0-9_]{1,63}$/.test(String(id)) ? JSON.stringify(id) : '(malformed id)';
        throw new PolicyRequestError('ERR_POLICY_UNKNOWN_PURPOSE', 'POLICY_REQUEST', `no purpose ${shown}`);
      }
      return purpose;
    },
    has: (id) => byId.has(id),
    list: () => all,
  };
}

let defaultRegistry: PurposeRegistry | undefined;

/**
 * A built-in purpose by id.
 *
 * @example
 * ```ts
 * const purpose = getPurpose('aml_kyc_jp');
 * ```
 * @throws {PolicyRequestError} `ERR_POLICY_UNKNOWN_PURPOSE`.
 */
export function getPurpose(id: PresetPurposeId | (string & {})): Purpose {
  defaultRegistry ??= createPurposeRegistry();
  return defaultRegistry.get(id);
}

/**
 * Reads and checks purposes from a JSON file: one definition, an array of them, or
 * `{ "purposes": [...] }`. The file is capped at {@link MAX_PURPOSE_FILE_BYTES}.
 *
 * @example
 * ```ts
 * const custom = await loadPurposeFile(new URL('./purposes.json', import.meta.url));
 * const registry = createPurposeRegistry({ custom });
 * ```
 * @throws {PurposeDefinitionError} `ERR_POLICY_SCHEMA` for a file that is too large or not JSON, or
 *   any error of {@link definePurpose}.
 */
export async function loadPurposeFile(path: string | URL, options: CheckPurposeOptions = {}): Promise<Purpose[]> {
  const info = await stat(path);
  if (info.size > MAX_PURPOSE_FILE_BYTES) {
    throw new PurposeDefinitionError('ERR_POLICY_SCHEMA', 'POLICY_PURPOSE', `purpose file is larger than ${MAX_PURPOSE_FILE_BYTES} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    // The parser's message can quote file content; keep it only as the cause.
    throw new PurposeDefinitionError('ERR_POLICY_SCHEMA', 'POLICY_PURPOSE', 'purpose file is not valid JSON', {}, cause);
  }
  const list = Array.isArray(parsed)
    ? parsed
    : parsed !== null && typeof parsed === 'object' && Array.isArray((parsed as { purposes?: unknown }).purposes)
      ? (parsed as { purposes: unknown[] }).purposes
      : [parsed];
  return list.map((def) => definePurpose(def, options, 'custom'));
}
