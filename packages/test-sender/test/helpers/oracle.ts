/**
 * A test oracle: decodes a DeviceResponse and evaluates, independently of the sender's code, each
 * property the uketori verifier checks. Used to prove that every catalogued fault breaks exactly
 * the property it claims and nothing else. Not a verifier: no limits, no error handling.
 */

import { createHash, X509Certificate as NodeX509, type KeyObject } from 'node:crypto';
import { ExtendedKeyUsageExtension, KeyUsageFlags, KeyUsagesExtension, X509Certificate, X509Crl } from '../../src/pki/x509.js';
import {
  coseKeyToPublicKey,
  coseX5Chain,
  decodeCbor,
  deriveEMacKey,
  deviceAuthenticationBytes,
  EncodedCbor,
  parseCoseMac0,
  parseCoseSign1,
  verifyCoseMac0,
  verifyCoseSign1,
  type CheckId,
} from '@uketori/mdoc';
import type { TestPki } from '../../src/index.js';

export type Decoded = Map<string, unknown>;

export interface OracleContext {
  readonly pki: TestPki;
  readonly now: Date;
  readonly sessionTranscript: Uint8Array;
  /** For deviceMac. */
  readonly readerEphemeralPrivateKey?: KeyObject;
}

/** Property id (a verifier check id) → holds. */
export type Properties = Partial<Record<CheckId, boolean>>;

const HASH: Record<string, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512', 'SHA-1': 'sha1' };

export function get<T = unknown>(map: unknown, key: string | number): T {
  if (!(map instanceof Map)) throw new Error(`not a map looking for ${String(key)}`);
  return map.get(key) as T;
}

export function documentsOf(bytes: Uint8Array): Decoded[] {
  return (get<Decoded[]>(decodeCbor(bytes), 'documents') ?? []) as Decoded[];
}

export function msoOf(doc: Decoded): Decoded {
  const issuerAuth = get<unknown[]>(get(doc, 'issuerSigned'), 'issuerAuth');
  const payload = issuerAuth[2] as Uint8Array;
  return (decodeCbor(payload) as EncodedCbor<Decoded>).decode();
}

export function disclosedOf(doc: Decoded): Map<string, Decoded[]> {
  const ns = get<Map<string, EncodedCbor<Decoded>[]>>(get(doc, 'issuerSigned'), 'nameSpaces') ?? new Map();
  return new Map([...ns].map(([k, items]) => [k, items.map((i) => i.decode())]));
}

/** Disclosed element identifiers as `ns/id` strings. */
export function disclosedIds(doc: Decoded): string[] {
  return [...disclosedOf(doc)].flatMap(([ns, items]) => items.map((i) => `${ns}/${String(i.get('elementIdentifier'))}`));
}

export function leafCertificate(doc: Decoded): Uint8Array {
  const issuerAuth = get<unknown>(get(doc, 'issuerSigned'), 'issuerAuth');
  return coseX5Chain(parseCoseSign1(issuerAuth))[0]!;
}

function within(t: Date, from: Date, until: Date): boolean {
  return from.getTime() <= t.getTime() && t.getTime() <= until.getTime();
}

function deviceAuthHolds(doc: Decoded, deviceKey: KeyObject, ctx: OracleContext): boolean {
  const deviceSigned = get(doc, 'deviceSigned');
  const nameSpaces = get<EncodedCbor>(deviceSigned, 'nameSpaces');
  const auth = get<Map<string, unknown>>(deviceSigned, 'deviceAuth');
  const payload = deviceAuthenticationBytes(ctx.sessionTranscript, get<string>(doc, 'docType'), nameSpaces);
  if (auth.has('deviceSignature')) return verifyCoseSign1(parseCoseSign1(auth.get('deviceSignature')), deviceKey, { detachedPayload: payload });
  const macKey = deriveEMacKey(ctx.readerEphemeralPrivateKey!, deviceKey, ctx.sessionTranscript);
  return verifyCoseMac0(parseCoseMac0(auth.get('deviceMac')), macKey, { detachedPayload: payload });
}

function keyAuthorizationHolds(doc: Decoded, mso: Decoded): boolean {
  const signed = get<EncodedCbor<Map<string, Map<string, unknown>>>>(get(doc, 'deviceSigned'), 'nameSpaces').decode();
  const ka = get<Decoded | undefined>(get(mso, 'deviceKeyInfo'), 'keyAuthorizations');
  const nss = (ka?.get('nameSpaces') as string[] | undefined) ?? [];
  const elements = (ka?.get('dataElements') as Map<string, string[]> | undefined) ?? new Map<string, string[]>();
  for (const [ns, items] of signed) {
    for (const id of items.keys()) if (!nss.includes(ns) && !(elements.get(ns) ?? []).includes(id)) return false;
  }
  return true;
}

/** Evaluates every property for one document. */
export function documentProperties(doc: Decoded, ctx: OracleContext): Properties {
  const mso = msoOf(doc);
  const leafDer = leafCertificate(doc);
  const leaf = new NodeX509(leafDer);
  const peculiarLeaf = new X509Certificate(leafDer);
  const iaca = new NodeX509(ctx.pki.iaca.der);
  const dsNotBefore = new Date(leaf.validFrom);
  const dsNotAfter = new Date(leaf.validTo);
  const keyUsage = peculiarLeaf.getExtension(KeyUsagesExtension);
  const eku = peculiarLeaf.getExtension(ExtendedKeyUsageExtension);
  const validity = get<Decoded>(mso, 'validityInfo');
  const algorithm = get<string>(mso, 'digestAlgorithm');
  const valueDigests = get<Map<string, Map<number, Uint8Array>>>(mso, 'valueDigests');
  const issuerAuth = get<unknown[]>(get(doc, 'issuerSigned'), 'issuerAuth');
  const items = get<Map<string, EncodedCbor<Decoded>[]>>(get(doc, 'issuerSigned'), 'nameSpaces') ?? new Map();
  const deviceKey = coseKeyToPublicKey(get(get(mso, 'deviceKeyInfo'), 'deviceKey')).key;
  let digestsHold = true;
  for (const [ns, list] of items) {
    for (const item of list) {
      const expected = valueDigests.get(ns)?.get(item.decode().get('digestID') as number);
      const actual = createHash(HASH[algorithm]!).update(item.bytesWithTag()).digest();
      if (expected === undefined || !actual.equals(expected)) digestsHold = false;
    }
  }
  return {
    ISSUER_SIGNATURE: verifyCoseSign1(parseCoseSign1(issuerAuth), leaf.publicKey),
    DS_PROFILE: keyUsage !== null && (keyUsage.usages & KeyUsageFlags.digitalSignature) !== 0 && eku !== null && eku.usages.includes('1.0.18013.5.1.2'),
    DS_CHAIN: leaf.checkIssued(iaca) && leaf.verify(iaca.publicKey) && within(ctx.now, dsNotBefore, dsNotAfter),
    DS_REVOCATION: new X509Crl(ctx.pki.crl.der).findRevoked(peculiarLeaf) === null,
    MSO_DOCTYPE: get(mso, 'docType') === get(doc, 'docType'),
    MSO_VALIDITY: within(ctx.now, get<Date>(validity, 'validFrom'), get<Date>(validity, 'validUntil')),
    MSO_SIGNED_IN_DS_VALIDITY: within(get<Date>(validity, 'signed'), dsNotBefore, dsNotAfter),
    DIGEST_ALGORITHM: ['SHA-256', 'SHA-384', 'SHA-512'].includes(algorithm),
    VALUE_DIGEST: digestsHold,
    DEVICE_AUTH: deviceAuthHolds(doc, deviceKey, ctx),
    KEY_AUTHORIZATION: keyAuthorizationHolds(doc, mso),
  };
}

/** Evaluates every property of the response (the first document's document properties). */
export function responseProperties(bytes: Uint8Array, ctx: OracleContext): Properties {
  const response = decodeCbor(bytes);
  const docs = documentsOf(bytes);
  return { DEVICE_RESPONSE_STATUS: get(response, 'status') === 0, ...(docs[0] === undefined ? {} : documentProperties(docs[0], ctx)) };
}

/** The ids of the properties that do not hold. */
export function failing(props: Properties): string[] {
  return Object.entries(props)
    .filter(([, ok]) => !ok)
    .map(([id]) => id)
    .sort();
}
