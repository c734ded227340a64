/**
 * What every test-wallet answer shares: options, fault bookkeeping, and DCQL / vp_token handling
 * (OpenID4VP 1.0 §6, §8.1). NEVER FOR PRODUCTION.
 *
 * @module
 */

import { base64urlEncode, UketoriRangeError, UketoriTypeError } from '@uketori/mdoc';
import type { TestCredential } from '../credential/types.js';
import type { FaultId, FaultSpec } from '../faults/catalogue.js';
import { respond } from '../respond/respond.js';
import type { DocumentRequest } from '../respond/request.js';
import { onlineFaultDescriptor, type OnlineFaultId } from './faults.js';

/** Options every test-wallet answer takes. */
export interface WalletAnswerOptions {
  /** The credentials the wallet holds. */
  readonly credentials: readonly TestCredential[];
  /** Document faults (see `FAULT_CATALOGUE`), applied to the DeviceResponse. */
  readonly faults?: readonly (FaultId | FaultSpec)[];
  /** Online faults (see `ONLINE_FAULT_CATALOGUE`), applied around it. */
  readonly onlineFaults?: readonly OnlineFaultId[];
  /** The verifier's clock, for document faults that move validity windows. */
  readonly now?: Date;
}

/** The online faults of `options`, checked. */
export function faultSet(options: WalletAnswerOptions): ReadonlySet<OnlineFaultId> {
  if (options === null || typeof options !== 'object' || !Array.isArray(options.credentials)) throw new UketoriTypeError('"credentials" must be an array');
  const list = options.onlineFaults ?? [];
  if (!Array.isArray(list)) throw new UketoriTypeError('"onlineFaults" must be an array');
  for (const id of list) if (onlineFaultDescriptor(id)?.kind !== 'wallet') throw new UketoriRangeError(`unknown wallet fault ${JSON.stringify(id)}`);
  return new Set(list);
}

/** A DeviceResponse for `request` over `sessionTranscript`, with the document faults (and over-disclosure). */
export function deviceResponse(options: WalletAnswerOptions, faults: ReadonlySet<OnlineFaultId>, request: Uint8Array | readonly DocumentRequest[], sessionTranscript: Uint8Array): Promise<Uint8Array> {
  const docFaults: (FaultId | FaultSpec)[] = [...(options.faults ?? [])];
  if (faults.has('over-disclosure')) docFaults.push('extra-unrequested-elements');
  return respond({ credentials: options.credentials, request, sessionTranscript, faults: docFaults, ...(options.now === undefined ? {} : { now: options.now }) });
}

/** One DCQL credential query the wallet can answer. */
export interface DcqlAnswerable {
  readonly id: string;
  readonly request: DocumentRequest;
}

/** The credential queries to answer: every held one, or the first satisfiable `credential_sets` option. */
export function answerableQueries(dcql: unknown, credentials: readonly TestCredential[]): DcqlAnswerable[] {
  const q = dcql as { credentials?: unknown; credential_sets?: { options?: string[][] }[] } | undefined;
  if (q === undefined || q === null || !Array.isArray(q.credentials)) throw new UketoriRangeError('the request has no dcql_query.credentials');
  const all: DcqlAnswerable[] = [];
  for (const c of q.credentials as { id: string; format: string; meta?: { doctype_value?: string }; claims?: { path: string[] }[] }[]) {
    const docType = c.meta?.doctype_value;
    if (c.format !== 'mso_mdoc' || typeof docType !== 'string' || !credentials.some((h) => h.docType === docType)) continue;
    const nameSpaces: Record<string, string[]> = {};
    for (const claim of c.claims ?? []) {
      const [ns, id] = claim.path;
      if (typeof ns === 'string' && typeof id === 'string') (nameSpaces[ns] ??= []).push(id);
    }
    all.push({ id: c.id, request: { docType, nameSpaces } });
  }
  const sets = q.credential_sets;
  if (Array.isArray(sets) && sets.length > 0) {
    for (const option of sets[0]!.options ?? []) {
      const picked = option.map((id) => all.find((a) => a.id === id));
      if (picked.every((p) => p !== undefined)) return picked as DcqlAnswerable[];
    }
    return [];
  }
  return all;
}

/** The vp_token `{ id: [base64url DeviceResponse] }`, with the vp_token faults. */
export async function vpToken(options: WalletAnswerOptions, faults: ReadonlySet<OnlineFaultId>, dcql: unknown, sessionTranscript: Uint8Array): Promise<Record<string, string[]>> {
  const token: Record<string, string[]> = {};
  for (const q of answerableQueries(dcql, options.credentials)) {
    const id = faults.has('unexpected-credential-id') ? `${q.id}_unrequested` : q.id;
    token[id] = [base64urlEncode(await deviceResponse(options, faults, [q.request], sessionTranscript))];
  }
  return faults.has('missing-vp-token-entry') ? {} : token;
}
