/**
 * Options and results of {@link verifyDeviceResponse}.
 *
 * @module
 */

import type { JsonWebKey, KeyObject } from 'node:crypto';
import type { CborLimits } from '../cbor/decode.js';
import type { CheckResult, OnCheck } from '../checks.js';
import type { DocumentSignerInfo, TrustStore } from '../trust/types.js';
import type { ElementWarning } from './element-types.js';

/** Options of `verifyDeviceResponse`. */
export interface VerifyDeviceResponseOptions {
  /** Trusted IACAs (see `createTrustStore`). Required. */
  readonly trust: TrustStore;
  /**
   * The SessionTranscript the device authenticated, as encoded CBOR: the array itself
   * (`[DeviceEngagementBytes, EReaderKeyBytes, Handover]`), or SessionTranscriptBytes
   * (`#6.24(bstr .cbor SessionTranscript)`) — both are accepted and the inner bytes are used
   * as received. Required: device authentication is never skipped.
   */
  readonly sessionTranscript: Uint8Array;
  /**
   * The reader's ephemeral private key (EReaderKey.Priv), needed to verify a DeviceMac
   * (ISO/IEC 18013-5 §9.1.3.5). A `KeyObject` or a private JWK. Without it a DeviceMac is
   * rejected with `ERR_DEVICE_AUTH`.
   */
  readonly readerKey?: KeyObject | JsonWebKey;
  /** The verification time. Default: the current time. */
  readonly now?: Date;
  /** Tolerance, in seconds, for MSO validity and certificate validity. Default 30. */
  readonly clockSkewSeconds?: number;
  /** Sees every check result as it happens. */
  readonly onCheck?: OnCheck;
  /** Limits on the received bytes; see `DEFAULT_CBOR_LIMITS`. */
  readonly limits?: Partial<CborLimits>;
}

/** Element values by namespace, then element identifier. */
export type ElementsByNamespace = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** One verified document: only elements whose every check passed. */
export interface VerifiedDocument {
  /** The document's docType (equal to the MSO docType). */
  readonly docType: string;
  /**
   * Issuer-signed element values, each of which matched its MSO digest. Values are typed:
   * `Uint8Array` (byte strings such as `portrait`), `FullDate` (full-date), `TDate`/`Date`
   * (tdate), numbers, strings, booleans, arrays and plain objects (for CBOR maps).
   */
  readonly issuerSigned: ElementsByNamespace;
  /** Device-signed element values (authorized by the MSO keyAuthorizations). Usually empty. */
  readonly deviceSigned: ElementsByNamespace;
  /** Elements the holder reported as not returned: namespace → element → ErrorCode (§8.3.2.1.2.3). */
  readonly errors: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** MSO validityInfo (§9.1.2.4). */
  readonly validity: {
    readonly signed: Date;
    readonly validFrom: Date;
    readonly validUntil: Date;
    readonly expectedUpdate?: Date;
  };
  /** MSO digestAlgorithm. */
  readonly digestAlgorithm: 'SHA-256' | 'SHA-384' | 'SHA-512';
  /** The document signer and the IACA it chains to. */
  readonly issuer: Omit<DocumentSignerInfo, 'publicKey'>;
  /** How the device authenticated the session: `signature` or `mac`. */
  readonly deviceAuthentication: 'signature' | 'mac';
  /** Encoding deviations that did not fail verification (e.g. a date sent as text). */
  readonly warnings: readonly ElementWarning[];
  /** The MSO device public key, as a JWK (absent for curves JWK cannot express, e.g. brainpool). */
  readonly deviceKey?: JsonWebKey;
}

/** A document the holder could not return (DeviceResponse `documentErrors`). */
export interface DocumentError {
  readonly docType: string;
  /** ErrorCode (§8.3.2.1.2.3); 0 = data not returned. */
  readonly code: number;
}

/** The result of `verifyDeviceResponse`: every returned document verified. */
export interface VerifiedDeviceResponse {
  /** DeviceResponse version. */
  readonly version: string;
  /** DeviceResponse status (always 0 for a verified response). */
  readonly status: number;
  /** Every document in the response, each fully verified, in response order. */
  readonly documents: readonly VerifiedDocument[];
  /** Documents the holder could not return. */
  readonly documentErrors: readonly DocumentError[];
  /** Every check performed, in order. */
  readonly checks: readonly CheckResult[];
}
