/**
 * Verifying a captured DeviceResponse with the library API: what `uketori verify` does, in one
 * function a business can copy into its own tooling. The capture, the SessionTranscript of the
 * session it was captured in, and the trusted IACA are files; so are the optional CRL and reader
 * key (for a response authenticated with a DeviceMac, ISO/IEC 18013-5 §9.1.3.5).
 *
 * @module
 */

import type { JsonWebKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createTrustStore, isUketoriError, UketoriTypeError, verifyDeviceResponse, type VerifiedDeviceResponse } from '@uketori/mdoc';

/** The files to verify. */
export interface CaptureFiles {
  /** The DeviceResponse: raw CBOR, or hex (whitespace allowed). */
  readonly response: string;
  /** The SessionTranscript (the CBOR array or tag-24 SessionTranscriptBytes): raw CBOR or hex. */
  readonly transcript: string;
  /** The trusted IACA certificate(s), PEM. */
  readonly trust: string;
  /** A CRL of the IACA (DER or PEM); with it, revocation is checked and fails closed. */
  readonly crl?: string;
  /** The reader's ephemeral private key as a JWK file, for a DeviceMac. */
  readonly readerKey?: string;
  /** The verification time. Default now. */
  readonly now?: Date;
}

/** The outcome: the verified response, or the stable code of the check that failed. */
export type CaptureOutcome =
  | { readonly ok: true; readonly response: VerifiedDeviceResponse }
  | { readonly ok: false; readonly code: string; readonly check: string | null; readonly message: string };

/**
 * File content as bytes: hex text (whitespace allowed) is decoded, anything else is taken as raw CBOR.
 *
 * @example
 * ```ts
 * const response = await readBytes('sample/response.hex');
 * ```
 * @throws file system errors (`ENOENT`, …) for a file that cannot be read.
 */
export async function readBytes(path: string): Promise<Uint8Array> {
  const data = new Uint8Array(await readFile(path));
  const text = Buffer.from(data).toString('latin1').replace(/\s+/g, '');
  return text.length > 0 && text.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(text) ? new Uint8Array(Buffer.from(text, 'hex')) : data;
}

/**
 * Verifies a captured DeviceResponse: DS chain to the IACA (and CRL), issuerAuth signature, MSO
 * docType and validity, every element digest, and device authentication over the transcript.
 *
 * @example
 * ```ts
 * const outcome = await verifyCapture({ response: 'sample/response.hex', transcript: 'sample/transcript.hex', trust: 'sample/iaca.pem' });
 * if (!outcome.ok) console.error(outcome.code); // e.g. ERR_VALUE_DIGEST
 * ```
 * @throws {UketoriTypeError} / file system errors for inputs that cannot be read or used (not a
 *   rejection: a rejection is `{ ok: false, code }`).
 */
export async function verifyCapture(files: CaptureFiles): Promise<CaptureOutcome> {
  const [response, sessionTranscript, iacas] = await Promise.all([readBytes(files.response), readBytes(files.transcript), readFile(files.trust, 'utf8')]);
  const crls = files.crl === undefined ? [] : [new Uint8Array(await readFile(files.crl))];
  let readerKey: JsonWebKey | undefined;
  if (files.readerKey !== undefined) {
    try {
      readerKey = JSON.parse(await readFile(files.readerKey, 'utf8')) as JsonWebKey;
    } catch (cause) {
      throw new UketoriTypeError('the reader key file is not a JSON Web Key', 'ERR_INVALID_ARG_VALUE', { cause });
    }
  }
  const trust = createTrustStore(crls.length === 0 ? { anchors: [iacas] } : { anchors: [iacas], crl: { crls } });
  try {
    const verified = await verifyDeviceResponse(response, {
      trust,
      sessionTranscript,
      ...(readerKey === undefined ? {} : { readerKey }),
      ...(files.now === undefined ? {} : { now: files.now }),
    });
    return { ok: true, response: verified };
  } catch (err) {
    // Every failed check throws an UketoriError with a stable code; anything else is a bug, not a verdict.
    if (!isUketoriError(err) || err instanceof UketoriTypeError) throw err;
    const check = 'check' in err && typeof err.check === 'string' ? err.check : null;
    return { ok: false, code: err.code, check, message: err.message };
  }
}
