/**
 * The fault catalogue: every way the test sender can break a DeviceResponse on purpose, with the
 * error code a conforming verifier raises. Tests, the conformance suite and demos share this
 * list; an entry's id and expected code never change meaning once published.
 *
 * **Standard verifier setup** every expectation assumes: the only trust anchor is `pki.iaca`, its
 * CRL is `pki.crl`, the clock is the `now` given to `respond` (default: the credential's issuance
 * time) with a clock skew of at most one hour, the session transcript is the one given to
 * `respond`, and for `deviceAuth: 'mac'` the reader holds the ephemeral private key whose public
 * key was given to `respond`.
 *
 * @module
 */

import type { CheckId } from '@uketori/mdoc';

/** Where in the response a fault acts. */
export type FaultLayer =
  /** The encoded response as a whole. */
  | 'transport'
  /** DeviceResponse fields outside documents. */
  | 'response'
  /** The MSO, issuerAuth or the DS chain (the issuer's side). */
  | 'issuer'
  /** Disclosed IssuerSignedItems. */
  | 'element'
  /** deviceSigned: device namespaces and device authentication (the holder's side). */
  | 'device';

/** One catalogue entry. */
export interface FaultDescriptor {
  /** Stable id, kebab-case. */
  readonly id: string;
  /** What the fault does to the response, in one or two sentences. */
  readonly description: string;
  readonly layer: FaultLayer;
  /**
   * The check a conforming verifier fails, or `null` when it must accept the response (the fault
   * is for a later layer, e.g. the policy gate).
   */
  readonly check: CheckId | null;
  /** The error code the verifier throws (`ERR_` + check id, or a CBOR code), or `null`. */
  readonly expectedCode: string | null;
  /** The ISO clause (or other basis) the expectation rests on. */
  readonly clause: string;
}

/**
 * Every fault the test sender can inject, in a stable order.
 *
 * @example
 * ```ts
 * for (const fault of FAULT_CATALOGUE) {
 *   const bytes = await respond({ credentials, request, sessionTranscript, faults: [fault.id] });
 *   await expect(verify(bytes)).rejects.toMatchObject({ code: fault.expectedCode });
 * }
 * ```
 */
export const FAULT_CATALOGUE = [
  {
    id: 'tampered-value',
    description: 'One disclosed element value is changed after signing; its digestID and random salt stay, so its digest no longer matches the MSO.',
    layer: 'element',
    check: 'VALUE_DIGEST',
    expectedCode: 'ERR_VALUE_DIGEST',
    clause: 'ISO/IEC 18013-5 §9.3.1 step 3',
  },
  {
    id: 'missing-digest',
    description: 'One disclosed element carries a digestID that has no entry in the MSO valueDigests for its namespace.',
    layer: 'element',
    check: 'VALUE_DIGEST',
    expectedCode: 'ERR_VALUE_DIGEST',
    clause: 'ISO/IEC 18013-5 §9.3.1 step 3',
  },
  {
    id: 'extra-unrequested-elements',
    description: 'One issued element that was not requested is disclosed as well, validly signed. The verifier accepts it; the policy layer must drop and report it.',
    layer: 'element',
    check: null,
    expectedCode: null,
    clause: 'ISO/IEC 18013-5 §8.3.2.1.2.2 (the mdoc returns what was requested); uketori policy response gate',
  },
  {
    id: 'tampered-mso',
    description: 'One bit inside a value digest of the signed MSO is flipped in the issuerAuth payload; the MSO still decodes but the signature no longer covers it.',
    layer: 'issuer',
    check: 'ISSUER_SIGNATURE',
    expectedCode: 'ERR_ISSUER_SIGNATURE',
    clause: 'ISO/IEC 18013-5 §9.1.2.4, §9.3.1 step 1',
  },
  {
    id: 'tampered-issuer-signature',
    description: 'One bit of the issuerAuth signature is flipped.',
    layer: 'issuer',
    check: 'ISSUER_SIGNATURE',
    expectedCode: 'ERR_ISSUER_SIGNATURE',
    clause: 'ISO/IEC 18013-5 §9.1.2.4, §9.3.1 step 1',
  },
  {
    id: 'wrong-ds',
    description: 'The MSO is signed by a fresh key while x5chain carries the good DS certificate, whose key does not match.',
    layer: 'issuer',
    check: 'ISSUER_SIGNATURE',
    expectedCode: 'ERR_ISSUER_SIGNATURE',
    clause: 'ISO/IEC 18013-5 §9.1.2.4, §9.3.1 step 1',
  },
  {
    id: 'wrong-ds-profile',
    description: 'The MSO is signed by `pki.wrongProfileDs`, issued by the trusted IACA but with keyUsage keyCertSign and EKU serverAuth instead of digitalSignature and id-mdlDS.',
    layer: 'issuer',
    check: 'DS_PROFILE',
    expectedCode: 'ERR_DS_PROFILE',
    clause: 'ISO/IEC 18013-5 Annex B.1.4',
  },
  {
    id: 'untrusted-iaca',
    description: 'The MSO is signed by `pki.untrusted.ds`, which chains to an IACA the verifier does not trust.',
    layer: 'issuer',
    check: 'DS_CHAIN',
    expectedCode: 'ERR_DS_CHAIN',
    clause: 'ISO/IEC 18013-5 §9.3.3, Annex B.1',
  },
  {
    id: 'expired-ds',
    description: 'The MSO is signed by `pki.expiredDs`, whose validity ended one day before `now` (the MSO was signed within it and is itself valid).',
    layer: 'issuer',
    check: 'DS_CHAIN',
    expectedCode: 'ERR_DS_CHAIN',
    clause: 'ISO/IEC 18013-5 §9.3.3, Annex B.1',
  },
  {
    id: 'revoked-ds',
    description: 'The MSO is signed by `pki.revokedDs`, which `pki.crl` lists as revoked (keyCompromise). Needs the verifier to consult `pki.crl`.',
    layer: 'issuer',
    check: 'DS_REVOCATION',
    expectedCode: 'ERR_DS_REVOCATION',
    clause: 'ISO/IEC 18013-5 §9.3.3, Annex B.1.5',
  },
  {
    id: 'expired-mso',
    description: 'The MSO validity is validFrom = `now` − 2 days, validUntil = `now` − 1 day.',
    layer: 'issuer',
    check: 'MSO_VALIDITY',
    expectedCode: 'ERR_MSO_VALIDITY',
    clause: 'ISO/IEC 18013-5 §9.3.1 step 5',
  },
  {
    id: 'not-yet-valid-mso',
    description: 'The MSO validity starts one day after `now` (validFrom = `now` + 1 day).',
    layer: 'issuer',
    check: 'MSO_VALIDITY',
    expectedCode: 'ERR_MSO_VALIDITY',
    clause: 'ISO/IEC 18013-5 §9.3.1 step 5',
  },
  {
    id: 'mso-signed-outside-ds-validity',
    description: 'The MSO `signed` time (and validFrom) is one day before the DS certificate notBefore; the MSO is otherwise valid at `now`.',
    layer: 'issuer',
    check: 'MSO_SIGNED_IN_DS_VALIDITY',
    expectedCode: 'ERR_MSO_SIGNED_IN_DS_VALIDITY',
    clause: 'ISO/IEC 18013-5 §9.3.1 step 5',
  },
  {
    id: 'wrong-doctype',
    description: "The MSO docType is not the document's: `org.iso.18013.5.1.mDL` (or `eu.europa.ec.eudi.pid.1` when the document is an mDL), validly signed.",
    layer: 'issuer',
    check: 'MSO_DOCTYPE',
    expectedCode: 'ERR_MSO_DOCTYPE',
    clause: 'ISO/IEC 18013-5 §9.3.1 step 4',
  },
  {
    id: 'unsupported-digest-algorithm',
    description: 'The MSO digestAlgorithm is "SHA-1" (digests computed with SHA-1, validly signed).',
    layer: 'issuer',
    check: 'DIGEST_ALGORITHM',
    expectedCode: 'ERR_DIGEST_ALGORITHM',
    clause: 'ISO/IEC 18013-5 §9.1.2.5',
  },
  {
    id: 'unauthorized-device-signed-element',
    description: 'deviceSigned carries one element (validly device-signed) that the MSO keyAuthorizations do not cover: they authorize another element of the same namespace only.',
    layer: 'device',
    check: 'KEY_AUTHORIZATION',
    expectedCode: 'ERR_KEY_AUTHORIZATION',
    clause: 'ISO/IEC 18013-5 §9.1.2.4 (KeyAuthorizations)',
  },
  {
    id: 'wrong-transcript',
    description: 'Device authentication (signature or MAC, including the EMacKey salt) is computed over a different SessionTranscript.',
    layer: 'device',
    check: 'DEVICE_AUTH',
    expectedCode: 'ERR_DEVICE_AUTH',
    clause: 'ISO/IEC 18013-5 §9.1.3, §9.3.1 step 2',
  },
  {
    id: 'device-key-mismatch',
    description: 'Device authentication uses a fresh key of the same curve instead of the device key bound in the MSO.',
    layer: 'device',
    check: 'DEVICE_AUTH',
    expectedCode: 'ERR_DEVICE_AUTH',
    clause: 'ISO/IEC 18013-5 §9.1.3, §9.3.1 step 2',
  },
  {
    id: 'tampered-device-signature',
    description: 'One bit of the deviceSignature signature (or of the deviceMac tag) is flipped.',
    layer: 'device',
    check: 'DEVICE_AUTH',
    expectedCode: 'ERR_DEVICE_AUTH',
    clause: 'ISO/IEC 18013-5 §9.1.3, §9.3.1 step 2',
  },
  {
    id: 'status-error',
    description: 'The response status is 10 (general error; 11 or 12 with `{ id, status }`) while the documents are still present and valid.',
    layer: 'response',
    check: 'DEVICE_RESPONSE_STATUS',
    expectedCode: 'ERR_DEVICE_RESPONSE_STATUS',
    clause: 'ISO/IEC 18013-5 §8.3.2.1.2.3',
  },
  {
    id: 'malformed-cbor',
    description: 'The encoded DeviceResponse is cut to half its length.',
    layer: 'transport',
    check: 'DEVICE_RESPONSE_STRUCTURE',
    expectedCode: 'ERR_CBOR_TRUNCATED',
    clause: 'ISO/IEC 18013-5 §8.3.2.1.2.2; RFC 8949 §3',
  },
] as const satisfies readonly FaultDescriptor[];

/** The id of a catalogued fault. */
export type FaultId = (typeof FAULT_CATALOGUE)[number]['id'];

/** A fault with parameters. Plain ids use the defaults. */
export interface FaultSpec {
  readonly id: FaultId;
  /** The document to break, by docType; default the first document of the response. */
  readonly docType?: string;
  /**
   * The element to act on, for `tampered-value`, `missing-digest`, `extra-unrequested-elements`
   * and `unauthorized-device-signed-element`; default the first suitable one.
   */
  readonly element?: { readonly namespace: string; readonly identifier: string };
  /** For `status-error`: 10 (default), 11 or 12. */
  readonly status?: 10 | 11 | 12;
}

const BY_ID = new Map<string, FaultDescriptor>(FAULT_CATALOGUE.map((f) => [f.id, f]));

/**
 * The catalogue entry for `id`, or `undefined` when no fault has that id.
 *
 * @example
 * ```ts
 * faultDescriptor('expired-ds')?.expectedCode; // 'ERR_DS_CHAIN'
 * ```
 */
export function faultDescriptor(id: string): FaultDescriptor | undefined {
  return BY_ID.get(id);
}
