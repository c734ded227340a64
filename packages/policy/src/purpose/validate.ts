/**
 * Checking a purpose definition: the JSON Schema (ajv), then the rules a schema cannot express.
 *
 * @module
 */

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { elementName, isKnownDocType, JP_NAMESPACE, knownElement, MY_NUMBER_CARD_DOCTYPE, type ElementRef } from '../catalogue.js';
import { PurposeDefinitionError, quoteElement } from '../errors.js';
import { PURPOSE_SCHEMA } from './schema.js';
import type { LegalBasisEntry, OidcScope, Purpose, PurposeDefinition, PurposeDocument, PurposeElement, RetentionRule } from './types.js';

/** e-Gov LawId of 番号法 (行政手続における特定の個人を識別するための番号の利用等に関する法律). */
export const MY_NUMBER_ACT_LAW_ID = '425AC0000000027';
/** The individual number element (個人番号). */
export const INDIVIDUAL_NUMBER: ElementRef = { namespace: JP_NAMESPACE, identifier: 'individual_number_unicode' };

/** Options of purpose checking. */
export interface CheckPurposeOptions {
  /**
   * `reject` (default): for a docType in uketori's catalogue, an element not in the catalogue is a
   * schema error (a typo guard). `allow`: accept it (documented opt-out for elements uketori does
   * not know yet); it is treated as non-sensitive unless the definition says otherwise.
   */
  readonly unknownElements?: 'reject' | 'allow';
}

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (validator === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    validator = ajv.compile(PURPOSE_SCHEMA);
  }
  return validator;
}

interface Problem {
  readonly path: string;
  readonly message: string;
}

function fail(id: string | undefined, problems: readonly Problem[], code: 'ERR_POLICY_SCHEMA' | 'ERR_POLICY_MYNUMBER_BASIS' = 'ERR_POLICY_SCHEMA'): never {
  const where = id === undefined ? 'purpose' : `purpose ${JSON.stringify(id)}`;
  const first = problems[0];
  const summary = first === undefined ? 'invalid' : `${first.path || '/'}: ${first.message}`;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new PurposeDefinitionError(code, 'POLICY_PURPOSE', `${where} is not valid: ${summary}${more}`, {
    ...(id === undefined ? {} : { purposeId: id }),
    problems,
  });
}

// Ajv messages name schema rules, never instance values (params hold schema values only).
function fromAjv(errors: readonly ErrorObject[] | null | undefined): Problem[] {
  return (errors ?? []).map((e) => ({
    path: e.instancePath,
    message: e.keyword === 'additionalProperties' ? `unknown property ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}` : (e.message ?? e.keyword),
  }));
}

function isDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** Scope → the My Number Card elements that carry the same attribute (デジタル認証アプリ userinfo claims). */
export const OIDC_SCOPE_ELEMENTS: Readonly<Record<Exclude<OidcScope, 'openid'>, readonly ElementRef[]>> = {
  name: [{ namespace: JP_NAMESPACE, identifier: 'full_name_unicode' }],
  address: [{ namespace: JP_NAMESPACE, identifier: 'resident_address_unicode' }],
  birthdate: [
    { namespace: JP_NAMESPACE, identifier: 'birth_date_unicode' },
    { namespace: 'org.iso.23220.1', identifier: 'birth_date' },
  ],
  gender: [
    { namespace: JP_NAMESPACE, identifier: 'sex_unicode' },
    { namespace: 'org.iso.23220.1', identifier: 'sex' },
  ],
};

function semanticProblems(def: PurposeDefinition, options: CheckPurposeOptions): Problem[] {
  const problems: Problem[] = [];
  const bases: [string, readonly LegalBasisEntry[]][] = [['/legalBasis', def.legalBasis], ['/oidc/legalBasis', def.oidc?.legalBasis ?? []]];
  for (const [at, entries] of bases) {
    for (const [i, basis] of entries.entries()) {
      for (const key of ['effectiveFrom', 'effectiveUntil', 'checked'] as const) {
        const v = basis[key];
        if (v !== undefined && !isDate(v)) problems.push({ path: `${at}/${i}/${key}`, message: 'not a calendar date' });
      }
      if (basis.effectiveFrom !== undefined && basis.effectiveUntil !== undefined && basis.effectiveFrom > basis.effectiveUntil) {
        problems.push({ path: `${at}/${i}`, message: 'effectiveFrom is after effectiveUntil' });
      }
    }
  }
  const rules = def.retention ?? {};
  const docTypes = new Set<string>();
  for (const [d, doc] of def.documents.entries()) {
    if (docTypes.has(doc.docType)) problems.push({ path: `/documents/${d}/docType`, message: 'docType listed twice' });
    docTypes.add(doc.docType);
    const seen = new Set<string>();
    const groups = new Map<string, number>();
    for (const [e, element] of doc.elements.entries()) {
      const path = `/documents/${d}/elements/${e}`;
      const name = elementName(element);
      if (seen.has(name)) problems.push({ path, message: `${quoteElement(element.namespace, element.identifier)} listed twice` });
      seen.add(name);
      if (element.retain !== undefined && !Object.hasOwn(rules, element.retain)) {
        problems.push({ path: `${path}/retain`, message: `no retention rule ${JSON.stringify(element.retain)}` });
      }
      if (typeof element.required === 'string') groups.set(element.required, (groups.get(element.required) ?? 0) + 1);
      if (isKnownDocType(doc.docType)) {
        const known = knownElement(doc.docType, element);
        if (known === undefined && (options.unknownElements ?? 'reject') === 'reject') {
          problems.push({ path, message: `${quoteElement(element.namespace, element.identifier)} is not an element of ${doc.docType}` });
        }
        if (known?.sensitive === true && element.sensitive === false) {
          problems.push({ path: `${path}/sensitive`, message: `${quoteElement(element.namespace, element.identifier)} is sensitive and cannot be declared otherwise` });
        }
      }
    }
    for (const [group, count] of groups) {
      if (count < 2) problems.push({ path: `/documents/${d}`, message: `alternative group ${JSON.stringify(group)} has a single element; use "required": true` });
    }
  }
  const mnc = def.documents.find((doc) => doc.docType === MY_NUMBER_CARD_DOCTYPE);
  for (const scope of def.oidc?.scopes ?? []) {
    if (scope === 'openid') continue;
    const backed = OIDC_SCOPE_ELEMENTS[scope].some((ref) => mnc?.elements.some((e) => e.namespace === ref.namespace && e.identifier === ref.identifier));
    if (!backed) problems.push({ path: '/oidc/scopes', message: `scope ${JSON.stringify(scope)} has no matching My Number Card element in the purpose` });
  }
  return problems;
}

function asksForIndividualNumber(def: PurposeDefinition): boolean {
  return def.documents.some((doc) => doc.elements.some((e) => e.namespace === INDIVIDUAL_NUMBER.namespace && e.identifier === INDIVIDUAL_NUMBER.identifier));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function normalize(def: PurposeDefinition, origin: Purpose['origin']): Purpose {
  const retention: Record<string, RetentionRule> = {};
  for (const [name, rule] of Object.entries(def.retention ?? {})) retention[name] = { name, ...rule };
  const documents: PurposeDocument[] = def.documents.map((doc) => ({
    docType: doc.docType,
    elements: doc.elements.map(
      (e): PurposeElement => ({
        namespace: e.namespace,
        identifier: e.identifier,
        required: e.required ?? false,
        retain: e.retain === undefined ? undefined : retention[e.retain],
        sensitive: e.sensitive ?? knownElement(doc.docType, e)?.sensitive ?? false,
      }),
    ),
  }));
  return deepFreeze({
    id: def.id,
    name: def.name,
    userText: def.userText,
    status: def.status ?? 'available',
    notPermitted: def.notPermitted,
    legalBasis: def.legalBasis,
    documents,
    retention,
    oidcScopes: def.oidc?.scopes,
    oidcLegalBasis: def.oidc?.legalBasis ?? [],
    notes: def.notes,
    origin,
    definition: def,
  });
}

/**
 * Checks a purpose definition and returns the frozen {@link Purpose}: the JSON Schema first, then
 * unique docTypes and elements, known element identifiers, sensitivity, retention rule names,
 * alternative groups, dates, OIDC scopes backed by elements, and — 番号法 20条 — the individual
 * number only when a legal basis cites 番号法 (LawId 425AC0000000027).
 *
 * @example
 * ```ts
 * const purpose = definePurpose(JSON.parse(await readFile('purposes/hotel.json', 'utf8')));
 * ```
 * @throws {PurposeDefinitionError} `ERR_POLICY_SCHEMA` with `details.problems` (JSON pointers and
 *   rule messages, never values); `ERR_POLICY_MYNUMBER_BASIS` when the individual number is asked
 *   for without a My Number legal basis.
 */
export function definePurpose(definition: unknown, options: CheckPurposeOptions = {}, origin: Purpose['origin'] = 'custom'): Purpose {
  const validate = schemaValidator();
  const id = definition !== null && typeof definition === 'object' && typeof (definition as { id?: unknown }).id === 'string' ? (definition as { id: string }).id : undefined;
  const safeId = id !== undefined && /^[a-z][a-z0-9_]{1,63}$/.test(id) ? id : undefined;
  if (!validate(definition)) fail(safeId, fromAjv(validate.errors));
  const def = structuredClone(definition) as PurposeDefinition;
  const problems = semanticProblems(def, options);
  if (problems.length > 0) fail(def.id, problems);
  // 番号法 20条: nobody may collect or keep specific personal information (the individual number)
  // except as 19条 allows — a purpose that asks for it must rest on 番号法 itself.
  if (asksForIndividualNumber(def) && !def.legalBasis.some((b) => b.lawId === MY_NUMBER_ACT_LAW_ID)) {
    fail(def.id, [{ path: '/documents', message: `${quoteElement(INDIVIDUAL_NUMBER.namespace, INDIVIDUAL_NUMBER.identifier)} requires a 番号法 legal basis (lawId ${MY_NUMBER_ACT_LAW_ID})` }], 'ERR_POLICY_MYNUMBER_BASIS');
  }
  return normalize(def, origin);
}
