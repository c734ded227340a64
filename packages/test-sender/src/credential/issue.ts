/**
 * Issuing a test credential: IssuerSignedItems with random salts and digest ids, the MSO over
 * them, and issuerAuth signed by a test Document Signer (ISO/IEC 18013-5 §8.3.2.1.2.2, §9.1.2.4).
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import { embedCbor, UketoriRangeError, UketoriTypeError, type EncodedCbor } from '@uketori/mdoc';
import type { TestCertificate } from '../pki/certificate.js';
import type { TestPki } from '../pki/test-pki.js';
import { randomBytes, shuffled, uniqueRandomIds } from '../util/random.js';
import { addDays, assertDate, toSecond } from '../util/time.js';
import { generateDeviceKey, type DeviceKey, type DeviceKeyCurve } from './device-key.js';
import type { DigestAlgorithm } from './digest.js';
import { buildMso, signMso } from './mso.js';
import type { IssuerSignedItem, KeyAuthorizations, MsoParameters, TestCredential } from './types.js';

/** Bytes of random salt per IssuerSignedItem (ISO/IEC 18013-5 §9.1.2.5 asks for at least 16). */
export const ITEM_RANDOM_BYTES = 32;

/** Element values per namespace. An `undefined` value leaves the element out. */
export type ElementValues = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Options of {@link issueCredential}. */
export interface IssueCredentialOptions {
  /** The test PKI; its `ds` signs unless `signer` is given. */
  readonly pki: TestPki;
  readonly docType: string;
  /** Element values per namespace. */
  readonly nameSpaces: ElementValues;
  /** Issuance time, the MSO `signed` time; default `pki.now`. */
  readonly now?: Date;
  /** The Document Signer; default `pki.ds`. */
  readonly signer?: TestCertificate;
  /** The holder's device key, or the curve of a fresh one; default a fresh `P-256` key. */
  readonly deviceKey?: DeviceKey | DeviceKeyCurve;
  /** Default `SHA-256`. */
  readonly digestAlgorithm?: DigestAlgorithm;
  /** MSO validity; default `validFrom` = `now`, `validUntil` = `now` + 365 days, no `expectedUpdate`. */
  readonly validity?: { readonly validFrom?: Date; readonly validUntil?: Date; readonly expectedUpdate?: Date };
  /** MSO keyAuthorizations; default none (the device may sign no element). */
  readonly keyAuthorizations?: KeyAuthorizations;
}

function buildItems(nameSpaces: ElementValues): {
  items: Map<string, EncodedCbor<IssuerSignedItem>[]>;
  elements: Record<string, Record<string, unknown>>;
} {
  const items = new Map<string, EncodedCbor<IssuerSignedItem>[]>();
  const elements: Record<string, Record<string, unknown>> = {};
  for (const [ns, values] of Object.entries(nameSpaces)) {
    const entries = Object.entries(values).filter(([, v]) => v !== undefined);
    if (entries.length === 0) continue;
    const ids = uniqueRandomIds(entries.length);
    // Order is shuffled so that neither order nor digest ids reveal the element list (§9.1.2.5).
    const list = shuffled(entries).map(([id, value], i) =>
      embedCbor<IssuerSignedItem>(
        new Map<string, unknown>([
          ['digestID', ids[i]!],
          ['random', randomBytes(ITEM_RANDOM_BYTES)],
          ['elementIdentifier', id],
          ['elementValue', value],
        ]),
      ),
    );
    items.set(ns, list);
    elements[ns] = Object.fromEntries(entries);
  }
  if (items.size === 0) throw new UketoriRangeError('a credential needs at least one element');
  return { items, elements };
}

/** The parts a credential is signed from; faults change one and sign again. */
export interface CredentialParts {
  readonly docType: string;
  readonly nameSpaces: ReadonlyMap<string, readonly EncodedCbor<IssuerSignedItem>[]>;
  readonly elements: ElementValues;
  readonly msoParameters: MsoParameters;
  readonly signer: TestCertificate;
  readonly pki: TestPki;
  readonly deviceKey: DeviceKey;
  /** Signs with this key instead of the signer's (the certificate then does not match). */
  readonly signingKey?: KeyObject;
}

/** Builds the MSO for `parts` and signs it. */
export function signCredential(parts: CredentialParts): TestCredential {
  const mso = buildMso(parts.msoParameters, parts.nameSpaces, parts.deviceKey.publicKey);
  const issuerAuth = signMso(mso, parts.signer, parts.signingKey);
  return {
    docType: parts.docType,
    nameSpaces: parts.nameSpaces,
    elements: parts.elements,
    mso,
    msoParameters: parts.msoParameters,
    issuerAuth,
    signer: parts.signer,
    pki: parts.pki,
    deviceKey: parts.deviceKey,
  };
}

/**
 * Issues a test credential of any docType. NEVER FOR PRODUCTION.
 *
 * Each element becomes an IssuerSignedItem with a random digest id (unique per namespace) and 32
 * random bytes of salt; items are shuffled; the MSO holds one digest per item over its full
 * tag-24 encoding and binds the holder's device key; issuerAuth is signed by the test DS.
 *
 * @example
 * ```ts
 * const credential = await issueCredential({
 *   pki,
 *   docType: 'org.example.membership.1',
 *   nameSpaces: { 'org.example.membership.1': { member_id: 'TEST-0001', age_over_18: true } },
 * });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for a missing docType or an invalid date.
 * @throws {UketoriRangeError} `ERR_INVALID_ARG_VALUE` when there is no element, the validity
 *   window is empty, or the device key curve is unknown.
 */
export async function issueCredential(options: IssueCredentialOptions): Promise<TestCredential> {
  const { pki, docType } = options;
  if (typeof docType !== 'string' || docType === '') throw new UketoriTypeError('docType must be a non-empty string');
  if (options.nameSpaces === null || typeof options.nameSpaces !== 'object') throw new UketoriTypeError('nameSpaces must be an object');
  const issuedAt = options.now ?? pki.now;
  assertDate(issuedAt, 'now');
  const now = toSecond(issuedAt);
  const validFrom = options.validity?.validFrom ?? now;
  const validUntil = options.validity?.validUntil ?? addDays(now, 365);
  assertDate(validFrom, 'validity.validFrom');
  assertDate(validUntil, 'validity.validUntil');
  if (validUntil <= validFrom) throw new UketoriRangeError('validity.validUntil must be later than validFrom');
  const expectedUpdate = options.validity?.expectedUpdate;
  if (expectedUpdate !== undefined) assertDate(expectedUpdate, 'validity.expectedUpdate');
  const deviceKey = typeof options.deviceKey === 'object' ? options.deviceKey : generateDeviceKey(options.deviceKey ?? 'P-256');
  const { items, elements } = buildItems(options.nameSpaces);
  const msoParameters: MsoParameters = {
    docType,
    digestAlgorithm: options.digestAlgorithm ?? 'SHA-256',
    validityInfo: { signed: now, validFrom, validUntil, ...(expectedUpdate === undefined ? {} : { expectedUpdate }) },
    ...(options.keyAuthorizations === undefined ? {} : { keyAuthorizations: options.keyAuthorizations }),
  };
  return signCredential({ docType, nameSpaces: items, elements, msoParameters, signer: options.signer ?? pki.ds, pki, deviceKey });
}
