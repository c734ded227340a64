/**
 * One Document of a DeviceResponse (ISO/IEC 18013-5 §8.3.2.1.2.2): the requested elements
 * only (selective disclosure), issuerAuth, deviceSigned with device authentication, and errors
 * for requested elements the credential lacks. Document-level faults are applied here.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import { embedCbor, encodeCbor, UketoriRangeError, type CoseArray, type EncodedCbor } from '@uketori/mdoc';
import { generateDeviceKey } from '../credential/device-key.js';
import { valueDigest } from '../credential/digest.js';
import type { IssuerSignedItem, TestCredential } from '../credential/types.js';
import type { FaultId, FaultSpec } from '../faults/catalogue.js';
import { tamperItemValue, withUnknownDigestId } from '../faults/elements.js';
import { applyIssuerFaults, type UnauthorizedElement } from '../faults/issuer.js';
import { flipBit, indexOfBytes } from '../util/bytes.js';
import { randomBytes } from '../util/random.js';
import { deviceAuth, type DeviceAuthMode } from './device-auth.js';
import type { ParsedDocumentRequest } from './request.js';

/** ISO/IEC 18013-5 §8.3.2.1.2.3 ErrorCode 0: data not returned. */
export const ERROR_DATA_NOT_RETURNED = 0;

/** What a document is built from besides its credential and request. */
export interface DocumentContext {
  readonly sessionTranscript: Uint8Array;
  readonly deviceAuth: DeviceAuthMode;
  readonly readerEphemeralPublicKey?: KeyObject;
  /** The time the verifier checks at (validity faults are laid around it); default issuance time. */
  readonly now?: Date;
}

type Disclosed = Map<string, EncodedCbor<IssuerSignedItem>[]>;

function identifierOf(item: EncodedCbor<IssuerSignedItem>): string {
  return item.decode().get('elementIdentifier') as string;
}

function digestIdOf(item: EncodedCbor<IssuerSignedItem>): number {
  return item.decode().get('digestID') as number;
}

function noTarget(fault: FaultId, what: string): never {
  throw new UketoriRangeError(`fault "${fault}" has no ${what} to act on`);
}

/** The disclosed item a fault acts on: the named one, or the first disclosed. */
function disclosedTarget(disclosed: Disclosed, spec: FaultSpec): { ns: string; index: number } {
  for (const [ns, items] of disclosed) {
    for (let i = 0; i < items.length; i++) {
      if (spec.element === undefined || (spec.element.namespace === ns && spec.element.identifier === identifierOf(items[i]!))) return { ns, index: i };
    }
  }
  return noTarget(spec.id, 'disclosed element');
}

/** Selective disclosure: requested elements in issuance order; the missing ones as errors. */
function select(credential: TestCredential, request: ParsedDocumentRequest): { disclosed: Disclosed; errors: Map<string, Map<string, number>> } {
  const disclosed: Disclosed = new Map();
  const errors = new Map<string, Map<string, number>>();
  for (const [ns, ids] of request.nameSpaces) {
    const items = credential.nameSpaces.get(ns) ?? [];
    const wanted = new Set(ids);
    const chosen = items.filter((item) => wanted.has(identifierOf(item)));
    if (chosen.length > 0) disclosed.set(ns, chosen);
    const held = new Set(chosen.map(identifierOf));
    const missing = ids.filter((id) => !held.has(id));
    // §8.3.2.1.2.2: Errors = { + NameSpace => { + DataElementIdentifier => ErrorCode } }
    if (missing.length > 0) errors.set(ns, new Map(missing.map((id) => [id, ERROR_DATA_NOT_RETURNED])));
  }
  return { disclosed, errors };
}

function addUnrequested(credential: TestCredential, request: ParsedDocumentRequest, disclosed: Disclosed, spec: FaultSpec): void {
  for (const [ns, items] of credential.nameSpaces) {
    const requested = new Set(request.nameSpaces.get(ns) ?? []);
    for (const item of items) {
      const id = identifierOf(item);
      const named = spec.element === undefined || (spec.element.namespace === ns && spec.element.identifier === id);
      if (requested.has(id) || !named) continue;
      disclosed.set(ns, [...(disclosed.get(ns) ?? []), item]);
      return;
    }
  }
  noTarget(spec.id, 'unrequested element');
}

/** Flips a bit inside one value digest in the issuerAuth payload (MSO still decodes). */
function tamperMso(credential: TestCredential, disclosed: Disclosed, issuerAuth: CoseArray): CoseArray {
  const shown = new Set<EncodedCbor>([...disclosed.values()].flat());
  const all = [...credential.nameSpaces.values()].flat();
  const item = all.find((i) => !shown.has(i)) ?? all[0]!;
  const payload = issuerAuth[2]!;
  const at = indexOfBytes(payload, valueDigest(credential.msoParameters.digestAlgorithm, item));
  if (at < 0) throw new Error('value digest not found in the MSO');
  return [issuerAuth[0], issuerAuth[1], flipBit(payload, at), issuerAuth[3]];
}

function flipSignature(message: CoseArray): CoseArray {
  return [message[0], message[1], message[2], flipBit(message[3], message[3].length >> 1)];
}

/** The element the `unauthorized-device-signed-element` fault device-signs. */
function unauthorizedTarget(credential: TestCredential, request: ParsedDocumentRequest, spec: FaultSpec): UnauthorizedElement {
  if (spec.element !== undefined) return { namespace: spec.element.namespace, identifier: spec.element.identifier };
  for (const [ns, ids] of request.nameSpaces) if (ids[0] !== undefined) return { namespace: ns, identifier: ids[0] };
  for (const [ns, items] of credential.nameSpaces) if (items[0] !== undefined) return { namespace: ns, identifier: identifierOf(items[0]) };
  return noTarget(spec.id, 'element');
}

/** A different, well-formed SessionTranscript for the `wrong-transcript` fault. */
function otherTranscript(): Uint8Array {
  return encodeCbor([null, null, ['uketori-test-sender', 'wrong-transcript', randomBytes(16)]]);
}

/**
 * Builds one Document for `request` from `credential`, with `faults` (document-level ones) applied.
 *
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` when a fault has nothing to act on.
 */
export function buildDocument(
  original: TestCredential,
  request: ParsedDocumentRequest,
  faults: readonly FaultSpec[],
  ctx: DocumentContext,
): Map<string, unknown> {
  const spec = (id: FaultId): FaultSpec | undefined => faults.find((f) => f.id === id);
  const now = ctx.now ?? original.msoParameters.validityInfo.signed;
  const unauthorizedSpec = spec('unauthorized-device-signed-element');
  const unauthorized = unauthorizedSpec === undefined ? undefined : unauthorizedTarget(original, request, unauthorizedSpec);
  const credential = applyIssuerFaults(original, faults.map((f) => f.id), now, unauthorized);

  const { disclosed, errors } = select(credential, request);
  const extra = spec('extra-unrequested-elements');
  if (extra !== undefined) addUnrequested(credential, request, disclosed, extra);
  const tamper = spec('tampered-value');
  if (tamper !== undefined) {
    const { ns, index } = disclosedTarget(disclosed, tamper);
    disclosed.get(ns)![index] = tamperItemValue(disclosed.get(ns)![index]!);
  }
  const missing = spec('missing-digest');
  if (missing !== undefined) {
    const { ns, index } = disclosedTarget(disclosed, missing);
    const known = (credential.nameSpaces.get(ns) ?? []).map(digestIdOf);
    disclosed.get(ns)![index] = withUnknownDigestId(disclosed.get(ns)![index]!, known);
  }

  let issuerAuth = credential.issuerAuth;
  if (spec('tampered-mso') !== undefined) issuerAuth = tamperMso(credential, disclosed, issuerAuth);
  if (spec('tampered-issuer-signature') !== undefined) issuerAuth = flipSignature(issuerAuth);
  // §8.3.2.1.2.2: IssuerSigned = { ? "nameSpaces": IssuerNameSpaces, "issuerAuth": IssuerAuth }
  const issuerSigned = new Map<string, unknown>();
  if (disclosed.size > 0) issuerSigned.set('nameSpaces', disclosed);
  issuerSigned.set('issuerAuth', issuerAuth);

  // DeviceNameSpacesBytes = #6.24(bstr .cbor DeviceNameSpaces); empty unless a fault device-signs.
  const deviceNameSpaces =
    unauthorized === undefined
      ? embedCbor(new Map())
      : embedCbor(new Map([[unauthorized.namespace, new Map([[unauthorized.identifier, credential.elements[unauthorized.namespace]?.[unauthorized.identifier] ?? true]])]]));
  let auth = deviceAuth({
    mode: ctx.deviceAuth,
    docType: request.docType,
    sessionTranscript: spec('wrong-transcript') === undefined ? ctx.sessionTranscript : otherTranscript(),
    deviceNameSpaces,
    deviceKey: spec('device-key-mismatch') === undefined ? credential.deviceKey : generateDeviceKey(credential.deviceKey.curve),
    ...(ctx.readerEphemeralPublicKey === undefined ? {} : { readerEphemeralPublicKey: ctx.readerEphemeralPublicKey }),
  });
  if (spec('tampered-device-signature') !== undefined) auth = new Map([...auth].map(([k, v]) => [k, flipSignature(v)]));
  const deviceSigned = new Map<string, unknown>([
    ['nameSpaces', deviceNameSpaces],
    ['deviceAuth', auth],
  ]);

  const document = new Map<string, unknown>([
    ['docType', request.docType],
    ['issuerSigned', issuerSigned],
    ['deviceSigned', deviceSigned],
  ]);
  if (errors.size > 0) document.set('errors', errors);
  return document;
}
