/**
 * The issued test credential and the pieces of its MSO (ISO/IEC 18013-5 §8.3.2.1.2.2, §9.1.2.4).
 *
 * @module
 */

import type { CoseArray, EncodedCbor } from '@uketori/mdoc';
import type { TestCertificate } from '../pki/certificate.js';
import type { TestPki } from '../pki/test-pki.js';
import type { DeviceKey } from './device-key.js';

/** IssuerSignedItem as a CBOR map: digestID, random, elementIdentifier, elementValue. */
export type IssuerSignedItem = Map<string, unknown>;

/** MSO ValidityInfo (ISO/IEC 18013-5 §9.1.2.4). Times are encoded as tdate, to the second. */
export interface ValidityInfo {
  readonly signed: Date;
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly expectedUpdate?: Date;
}

/** MSO KeyAuthorizations: the data the device key may sign itself (ISO/IEC 18013-5 §9.1.2.4). */
export interface KeyAuthorizations {
  /** Namespaces whose every element the device may sign. */
  readonly nameSpaces?: readonly string[];
  /** Single elements the device may sign, per namespace. */
  readonly dataElements?: Readonly<Record<string, readonly string[]>>;
}

/** Everything an MSO says besides the value digests. */
export interface MsoParameters {
  readonly docType: string;
  /** `SHA-256`, `SHA-384` or `SHA-512` (anything else only through a fault). */
  readonly digestAlgorithm: string;
  readonly validityInfo: ValidityInfo;
  readonly keyAuthorizations?: KeyAuthorizations;
}

/** A credential issued by the test PKI to a test holder. NEVER FOR PRODUCTION. */
export interface TestCredential {
  readonly docType: string;
  /**
   * IssuerSignedItemBytes per namespace, in issuance order (shuffled). Each entry's `bytes` is
   * what the digest covers (with its tag-24 header).
   */
  readonly nameSpaces: ReadonlyMap<string, readonly EncodedCbor<IssuerSignedItem>[]>;
  /** The element values as issued, per namespace. */
  readonly elements: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The MSO as signed (MobileSecurityObjectBytes content). */
  readonly mso: EncodedCbor<Map<string, unknown>>;
  readonly msoParameters: MsoParameters;
  /** issuerAuth: COSE_Sign1 over `#6.24(MSO)`, untagged array. */
  readonly issuerAuth: CoseArray;
  /** The Document Signer that signed the MSO. */
  readonly signer: TestCertificate;
  /** The PKI the signer belongs to (faults use its other signers). */
  readonly pki: TestPki;
  /** The holder's device key, bound in the MSO. */
  readonly deviceKey: DeviceKey;
}
