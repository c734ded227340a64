/**
 * Policy cases as data: `{ purpose, request, response, expected }` (test/cases/*.json). The runner
 * loads the purpose, runs the request gate, has a test holder answer (test-sender, verified by
 * uketori), runs the response gate and returns what happened, by name, for comparison.
 */

import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DocumentRequest } from '@uketori/test-sender';
import {
  checkItemsRequest,
  createPurposeRegistry,
  definePurpose,
  elementName,
  gateResponse,
  getPurpose,
  isSensitiveValue,
  loadPurposeFile,
  oidcScopes,
  planRequest,
  planRequests,
  toDcqlQuery,
  toItemsRequest,
  type ElementRef,
  type ElementSelection,
  type PolicyResult,
  type Purpose,
  type RequestPlan,
} from '../../src/index.js';
import { answerList, holderAnswer, issue, NOW, pkiAt, type CredentialKind } from './holder.js';

/** `["namespace", "identifier"]`. */
type Pair = readonly [string, string];

/** One case file. */
export interface PolicyCase {
  readonly name: string;
  /** ISO 8601; default 2026-10-01T03:00:00Z. */
  readonly now?: string;
  /** A preset id, an inline definition, or `{ file, id }` (relative to test/cases). */
  readonly purpose: string | Record<string, unknown> | { readonly file: string; readonly id: string };
  /** Custom purposes loaded alongside (for duplicate-id cases). */
  readonly custom?: readonly Record<string, unknown>[];
  readonly request: null | {
    readonly channel?: 'mdoc' | 'oidc';
    readonly docType?: string;
    readonly docTypes?: readonly string[];
    readonly elements?: readonly (Pair | { readonly namespace: string; readonly identifier: string; readonly intentToRetain?: boolean })[] | 'all';
    readonly retain?: boolean;
    readonly scopes?: readonly string[];
    /** An ItemsRequest built elsewhere, checked by the gate: `{ docType, nameSpaces: { ns: { id: intentToRetain } } }`. */
    readonly itemsRequest?: { readonly docType: string; readonly nameSpaces: Record<string, Record<string, boolean>> };
    /** The stored plan is altered before the response arrives: these elements are added to the first plan. */
    readonly tamperPlan?: readonly Pair[];
  };
  readonly response: null | {
    /** Credentials the holder has. Default `["mnc"]`. */
    readonly holds?: readonly CredentialKind[];
    /** Elements missing from the holder's credentials. */
    readonly omit?: readonly Pair[];
    /** A misbehaving wallet answers these document requests instead of the reader's. */
    readonly answers?: readonly { readonly docType: string; readonly elements: readonly Pair[] }[];
    /** One extra unrequested element (validly signed). */
    readonly extra?: Pair;
  };
  readonly expected: Expected;
}

/** What a case expects; every field is optional. */
export interface Expected {
  readonly error?: string;
  readonly stage?: 'load' | 'request' | 'response';
  readonly errorElement?: string;
  readonly problemPath?: string;
  readonly legalBasis?: readonly string[];
  readonly itemsRequest?: unknown;
  readonly dcql?: unknown;
  readonly scopes?: readonly string[];
  readonly outcome?: 'complete' | 'incomplete';
  readonly received?: Record<string, readonly string[]>;
  readonly dropped?: readonly string[];
  readonly missing?: readonly string[];
  readonly findings?: readonly string[];
  readonly retention?: Record<string, { readonly retain: boolean; readonly untilDate?: string; readonly provisional?: boolean; readonly rule?: string }>;
  readonly sensitive?: readonly string[];
}

/** What actually happened, in the shape of {@link Expected}. */
export type Outcome = { -readonly [K in keyof Expected]?: Expected[K] };

const CASES_DIR = fileURLToPath(new URL('../cases/', import.meta.url));

/** Every case file under test/cases (not its subfolders), by file name. */
export async function loadCases(): Promise<{ file: string; case: PolicyCase }[]> {
  const files = (await readdir(CASES_DIR)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(files.map(async (file) => ({ file, case: JSON.parse(await readFile(CASES_DIR + file, 'utf8')) as PolicyCase })));
}

const ref = ([namespace, identifier]: Pair): ElementRef => ({ namespace, identifier });

async function loadPurpose(c: PolicyCase): Promise<Purpose> {
  if (typeof c.purpose === 'string') return getPurpose(c.purpose);
  if ('file' in c.purpose && typeof c.purpose.file === 'string') {
    const custom = await loadPurposeFile(CASES_DIR + c.purpose.file);
    return createPurposeRegistry({ custom }).get(c.purpose.id as string);
  }
  if (c.custom !== undefined) {
    const registry = createPurposeRegistry({ custom: [...c.custom, c.purpose] });
    return registry.get((c.purpose as { id: string }).id);
  }
  return definePurpose(c.purpose);
}

function selections(elements: NonNullable<PolicyCase['request']>['elements']): readonly ElementSelection[] | 'all' | undefined {
  if (elements === undefined || elements === 'all') return elements;
  return elements.map((e) => (Array.isArray(e) ? ref(e as Pair) : (e as ElementSelection)));
}

function plainItems(plan: RequestPlan): unknown {
  const m = toItemsRequest(plan);
  const ns = m.get('nameSpaces') as Map<string, Map<string, boolean>>;
  return { docType: m.get('docType'), nameSpaces: Object.fromEntries([...ns].map(([k, v]) => [k, Object.fromEntries(v)])) };
}

function makePlans(purpose: Purpose, req: NonNullable<PolicyCase['request']>, now: Date): RequestPlan[] {
  if (req.itemsRequest !== undefined) {
    const nameSpaces = new Map(Object.entries(req.itemsRequest.nameSpaces).map(([ns, ids]) => [ns, new Map(Object.entries(ids))]));
    return [checkItemsRequest(purpose, new Map<string, unknown>([['docType', req.itemsRequest.docType], ['nameSpaces', nameSpaces]]), { now })];
  }
  const elements = selections(req.elements);
  const base = { now, ...(req.retain === undefined ? {} : { retain: req.retain }) };
  if (req.docType !== undefined || elements !== undefined) {
    return [planRequest(purpose, { ...base, ...(req.docType === undefined ? {} : { docType: req.docType }), ...(elements === undefined ? {} : { elements }) })];
  }
  return planRequests(purpose, { ...base, ...(req.docTypes === undefined ? {} : { docTypes: req.docTypes }) });
}

function describeResult(result: PolicyResult, out: Outcome): void {
  out.outcome = result.outcome;
  const received: Record<string, string[]> = {};
  const sensitive: string[] = [];
  for (const doc of result.documents) {
    for (const [ns, values] of Object.entries(doc.issuerSigned)) {
      for (const [id, value] of Object.entries(values)) {
        (received[ns] ??= []).push(id);
        if (isSensitiveValue(value)) sensitive.push(`${ns}/${id}`);
      }
    }
  }
  for (const list of Object.values(received)) list.sort();
  out.received = received;
  out.sensitive = sensitive.sort();
  out.dropped = result.dropped.map(elementName).sort();
  out.missing = result.missing.map((m) => m.anyOf.map(elementName).join('|'));
  out.findings = result.findings.map((f) => [f.code, f.namespace === undefined ? undefined : `${f.namespace}/${f.identifier}`].filter(Boolean).join(' ')).sort();
  out.retention = Object.fromEntries(
    result.documents.flatMap((d) =>
      d.retention.map((r) => [
        elementName(r),
        r.retention.retain ? { retain: true, rule: r.retention.rule, untilDate: r.retention.untilDate, provisional: r.retention.provisional } : { retain: false },
      ]),
    ),
  );
}

function recordError(err: unknown, stage: NonNullable<Expected['stage']>, out: Outcome): void {
  const e = err as { code?: string; details?: { namespace?: string; identifier?: string; problems?: { path: string }[] } };
  if (typeof e.code !== 'string') throw err;
  out.error = e.code;
  out.stage = stage;
  if (e.details?.namespace !== undefined) out.errorElement = `${e.details.namespace}/${e.details.identifier}`;
  if (e.details?.problems?.[0] !== undefined) out.problemPath = e.details.problems[0].path;
}

/** Runs one case; returns the observed outcome and the gated result (when there is one). */
export async function runCase(c: PolicyCase): Promise<{ outcome: Outcome; result?: PolicyResult; plans?: RequestPlan[] }> {
  const now = c.now === undefined ? NOW : new Date(c.now);
  const out: Outcome = {};
  let purpose: Purpose;
  try {
    purpose = await loadPurpose(c);
  } catch (err) {
    recordError(err, 'load', out);
    return { outcome: out };
  }
  if (c.request === null) return { outcome: out };

  if (c.request.channel === 'oidc') {
    try {
      out.scopes = oidcScopes(purpose, { now, ...(c.request.scopes === undefined ? {} : { scopes: c.request.scopes }) });
    } catch (err) {
      recordError(err, 'request', out);
    }
    return { outcome: out };
  }

  let plans: RequestPlan[];
  try {
    plans = makePlans(purpose, c.request, now);
  } catch (err) {
    recordError(err, 'request', out);
    return { outcome: out };
  }
  out.legalBasis = plans[0]!.legalBasis.map((b) => b.article.ja);
  if (plans.length === 1) out.itemsRequest = plainItems(plans[0]!);
  out.dcql = JSON.parse(JSON.stringify(toDcqlQuery(plans)));
  if (c.response === null) return { outcome: out, plans };

  const pki = await pkiAt(now);
  const omit = (c.response.omit ?? []).map(ref);
  const credentials = await Promise.all((c.response.holds ?? ['mnc']).map((kind) => issue(kind, pki, omit)));
  const answers: DocumentRequest[] | undefined = c.response.answers?.map((a) => answerList(a.docType, a.elements.map(ref)));
  const verified = await holderAnswer({
    now,
    plans,
    credentials,
    ...(answers === undefined ? {} : { answers }),
    ...(c.response.extra === undefined ? {} : { extra: ref(c.response.extra) }),
  });

  let gatePlans = plans;
  if (c.request.tamperPlan !== undefined) {
    const [first, ...rest] = plans;
    const added = c.request.tamperPlan.map((p) => ({ ...ref(p), intentToRetain: false, required: false, sensitive: false }));
    gatePlans = [{ ...first!, elements: [...first!.elements, ...added] }, ...rest];
  }
  try {
    const result = gateResponse(purpose, gatePlans, verified, { now, transactionId: 'case-test' });
    describeResult(result, out);
    return { outcome: out, result, plans };
  } catch (err) {
    recordError(err, 'response', out);
    return { outcome: out, plans };
  }
}

/** The observed outcome restricted to the fields a case expects. */
export function pick(outcome: Outcome, expected: Expected): Outcome {
  return Object.fromEntries(Object.keys(expected).map((k) => [k, outcome[k as keyof Outcome]])) as Outcome;
}
