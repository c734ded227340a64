/**
 * The criteria catalogue: `criteria/<id>.json`, each validated against
 * `schema/criterion.schema.json` (ajv, JSON Schema 2020-12), in the order `criteria/index.json`
 * gives.
 *
 * @module
 */

import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { ConformanceError } from './errors.js';

/** Text in Japanese and English. */
export interface Localized {
  readonly ja: string;
  readonly en: string;
}

/** One basis of a criterion: a law article, an ordinance item, an ISO clause, an OpenID4VP section. */
export interface CriterionBasis {
  /** The law, ordinance or standard. */
  readonly source: string;
  /** Article, item, clause or section. */
  readonly clause: string;
  /** What it says, in a sentence. */
  readonly citation: Localized;
  readonly url?: string;
}

/** One step of the check that evidences a criterion. */
export interface CriterionStep {
  /** Step id, as the report's evidence shows it (`good-answer`, `fault:expired-mso`, …). */
  readonly step: string;
  readonly expect: 'accept' | 'reject' | 'inspect';
  readonly description: string;
}

/** A criterion of the review. */
export interface Criterion {
  /** Stable id (kebab-case); never changes meaning once published. */
  readonly id: string;
  readonly title: Localized;
  /** The requirement sentence. */
  readonly requirement: Localized;
  readonly basis: readonly CriterionBasis[];
  /** `statutory`: restates a statutory obligation; `inferred`: inferred (see the schema). */
  readonly kind: 'statutory' | 'inferred';
  /** `mandatory` failures make the run non-conformant. */
  readonly severity: 'mandatory' | 'recommended';
  /** The steps of the in-process check. */
  readonly checks: readonly CriterionStep[];
  /** The black-box review over HTTP: its steps, and a severity of its own where the online flow needs it. */
  readonly http: CriterionHttp;
  readonly notes?: Localized;
}

/** How a criterion is reviewed over HTTP. */
export interface CriterionHttp {
  /** Overrides `severity` for the HTTP review. */
  readonly severity?: 'mandatory' | 'recommended';
  readonly checks: readonly CriterionStep[];
}

/** What a criterion is as one runner reviews it: the runner's steps and severity. */
export type CriterionView = Omit<Criterion, 'http'>;

/**
 * A criterion as the in-process or the HTTP runner reviews it: over HTTP, the steps of the HTTP
 * check and its severity.
 *
 * @example
 * ```ts
 * const online = loadCatalogue().criteria.map((c) => criterionFor(c, 'http'));
 * online.find((c) => c.id === 'reader-authentication')?.severity; // 'mandatory'
 * ```
 */
export function criterionFor(criterion: Criterion, runner: 'in-process' | 'http'): CriterionView {
  const { http, ...rest } = criterion;
  return runner === 'in-process' ? rest : { ...rest, severity: http.severity ?? criterion.severity, checks: http.checks };
}

/** The whole catalogue. */
export interface Catalogue {
  /** Catalogue version (`criteria/index.json`). */
  readonly version: string;
  readonly criteria: readonly Criterion[];
}

const ROOT = new URL('../', import.meta.url);

/** Where the catalogue files are. */
export const CATALOGUE_DIR = new URL('criteria/', ROOT);
/** The criterion JSON Schema file. */
export const CRITERION_SCHEMA_FILE = new URL('schema/criterion.schema.json', ROOT);

function readJson(url: URL): unknown {
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch (cause) {
    throw new ConformanceError('ERR_CONFORMANCE_CATALOGUE', `cannot read ${url.pathname.split('/').slice(-2).join('/')}`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ConformanceError('ERR_CONFORMANCE_CATALOGUE', `${url.pathname.split('/').slice(-2).join('/')} is not valid JSON`, { cause });
  }
}

let validator: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null | undefined } | undefined;

/**
 * Validates one criterion object against the schema.
 *
 * @example
 * ```ts
 * validateCriterion(JSON.parse(readFileSync('criteria/doctype.json', 'utf8')));
 * ```
 * @throws {ConformanceError} `ERR_CONFORMANCE_CATALOGUE` listing the schema violations.
 */
export function validateCriterion(data: unknown, name = 'criterion'): Criterion {
  validator ??= new Ajv2020({ allErrors: true, strict: true }).compile(readJson(CRITERION_SCHEMA_FILE) as object);
  if (!validator(data)) {
    const problems = (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
    throw new ConformanceError('ERR_CONFORMANCE_CATALOGUE', `${name} does not match criterion.schema.json: ${problems}`);
  }
  const { $schema: _schema, ...criterion } = data as Criterion & { $schema?: string };
  return criterion;
}

let cached: Catalogue | undefined;

/**
 * Loads and validates the catalogue (once per process).
 *
 * @example
 * ```ts
 * const { criteria } = loadCatalogue();
 * criteria.filter((c) => c.severity === 'mandatory').map((c) => c.id);
 * ```
 * @throws {ConformanceError} `ERR_CONFORMANCE_CATALOGUE` for a file that is missing, not JSON, not
 *   valid, named differently from its id, or listed twice.
 */
export function loadCatalogue(): Catalogue {
  if (cached !== undefined) return cached;
  const index = readJson(new URL('index.json', CATALOGUE_DIR)) as { version?: unknown; criteria?: unknown };
  if (typeof index.version !== 'string' || !Array.isArray(index.criteria) || !index.criteria.every((id) => typeof id === 'string' && /^[a-z][a-z0-9-]{1,63}$/.test(id))) {
    throw new ConformanceError('ERR_CONFORMANCE_CATALOGUE', 'criteria/index.json must hold a version and a list of criterion ids');
  }
  const ids = index.criteria as string[];
  if (new Set(ids).size !== ids.length) throw new ConformanceError('ERR_CONFORMANCE_CATALOGUE', 'criteria/index.json lists an id twice');
  const criteria = ids.map((id) => {
    const criterion = validateCriterion(readJson(new URL(`${id}.json`, CATALOGUE_DIR)), `criteria/${id}.json`);
    if (criterion.id !== id) throw new ConformanceError('ERR_CONFORMANCE_CATALOGUE', `criteria/${id}.json has id ${JSON.stringify(criterion.id)}`);
    return criterion;
  });
  cached = Object.freeze({ version: index.version, criteria: Object.freeze(criteria) });
  return cached;
}
