/**
 * Real holder answers for policy tests: the test sender issues the credentials and answers the
 * reader's DeviceRequest (built from the plans through the request gate) or, for a misbehaving
 * wallet, a different list of document requests; uketori's verifier checks the result.
 */

import { randomBytes } from 'node:crypto';
import { createTrustStore, embedCbor, encodeCbor, verifyDeviceResponse, type VerifiedDeviceResponse } from '@uketori/mdoc';
import {
  createTestPki,
  issueEuPid,
  issueMdl,
  issueMyNumberCard,
  respond,
  type DocumentRequest,
  type FaultSpec,
  type TestCredential,
  type TestPki,
} from '@uketori/test-sender';
import { toItemsRequest, type ElementRef, type RequestPlan } from '../../src/index.js';

/** The reference time of the policy tests. */
export const NOW = new Date('2026-10-01T03:00:00Z');

/** Credential kinds a test holder can hold. */
export type CredentialKind = 'mnc' | 'mdl' | 'eu_pid';

const pkis = new Map<string, Promise<TestPki>>();

/** A test PKI laid around `now` (cached). */
export function pkiAt(now: Date): Promise<TestPki> {
  const key = now.toISOString();
  let pki = pkis.get(key);
  if (pki === undefined) pkis.set(key, (pki = createTestPki({ now })));
  return pki;
}

/** Issues a credential of `kind`, leaving out `omit` (elements the holder's credential lacks). */
export async function issue(kind: CredentialKind, pki: TestPki, omit: readonly ElementRef[] = []): Promise<TestCredential> {
  const elements: Record<string, Record<string, undefined>> = {};
  for (const { namespace, identifier } of omit) (elements[namespace] ??= {})[identifier] = undefined;
  const options = { pki, elements };
  if (kind === 'mnc') return issueMyNumberCard(options);
  if (kind === 'mdl') return issueMdl(options);
  return issueEuPid(options);
}

/** Every element identifier a credential holds, by namespace. */
export function heldElements(credential: TestCredential): ElementRef[] {
  const out: ElementRef[] = [];
  for (const [namespace, items] of credential.nameSpaces) {
    for (const item of items) out.push({ namespace, identifier: item.decode().get('elementIdentifier') as string });
  }
  return out;
}

/** The reader's DeviceRequest for the plans: `{ version, docRequests: [{ itemsRequest: #6.24(ItemsRequest) }] }`. */
export function deviceRequest(plans: readonly RequestPlan[]): Uint8Array {
  const docRequests = plans.map((p) => new Map([['itemsRequest', embedCbor(toItemsRequest(p))]]));
  return encodeCbor(new Map<string, unknown>([['version', '1.0'], ['docRequests', docRequests]]));
}

/** A plain document request disclosing exactly `elements`. */
export function answerList(docType: string, elements: readonly ElementRef[]): DocumentRequest {
  const nameSpaces: Record<string, string[]> = {};
  for (const { namespace, identifier } of elements) (nameSpaces[namespace] ??= []).push(identifier);
  return { docType, nameSpaces };
}

/** Options of {@link holderAnswer}. */
export interface HolderAnswerOptions {
  readonly now: Date;
  readonly plans: readonly RequestPlan[];
  readonly credentials: readonly TestCredential[];
  /** A misbehaving wallet answers these instead of the reader's request. */
  readonly answers?: readonly DocumentRequest[];
  /** One unrequested element disclosed on top (test-sender fault `extra-unrequested-elements`). */
  readonly extra?: ElementRef;
}

/** The holder's answer, verified by uketori's verifier with the test IACA (and its CRL). */
export async function holderAnswer(options: HolderAnswerOptions): Promise<VerifiedDeviceResponse> {
  const pki = await pkiAt(options.now);
  const sessionTranscript = encodeCbor([null, null, ['uketori-policy-test', new Uint8Array(randomBytes(16))]]);
  const faults: FaultSpec[] = options.extra === undefined ? [] : [{ id: 'extra-unrequested-elements', element: options.extra }];
  const bytes = await respond({
    credentials: options.credentials,
    request: options.answers ?? deviceRequest(options.plans),
    sessionTranscript,
    faults,
    now: options.now,
  });
  const trust = createTrustStore({ anchors: [pki.iaca.pem], crl: { crls: [pki.crl.der] } });
  return verifyDeviceResponse(bytes, { trust, sessionTranscript, now: options.now });
}
