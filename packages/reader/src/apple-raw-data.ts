/**
 * Server-side verification of what Apple's "Tap to Present ID on iPhone" (ProximityReader, the
 * ID Verifier API) hands an iPhone reader app for a *raw data* request
 * (`MobileDriversLicenseRawDataRequest`, `MobileNationalIDCardRawDataRequest`,
 * `MobilePhotoIDRawDataRequest`, `MobileDocumentAnyOfRawDataRequest`): the app forwards the
 * response's three `Data` properties to a server, which runs the full ISO/IEC 18013-5 verification.
 *
 * What the sources say about the three values (Apple documents only their Swift type, `Data`):
 * - Apple: `responseData` — "The data the document holder returns"; `sessionTranscript` — "The
 *   session transcript of the document request"; `ephemeralReaderKey` — "The session's ephemeral
 *   reader key", available from iOS 26.4 only (responseData and sessionTranscript from iOS 17/18).
 *   https://developer.apple.com/documentation/proximityreader/mobilenationalidcardrawdatarequest/response
 *   https://developer.apple.com/documentation/proximityreader/mobiledriverslicenserawdatarequest/response
 *   https://developer.apple.com/documentation/proximityreader/mobiledocumentanyofrawdatarequest/response/ephemeralreaderkey
 * - SpruceID's merged implementation of exactly this triple (spruceid/sprucekit-mobile PR #340,
 *   `verify_device_response` in rust/src/mdl/reader.rs) takes `responseData` as the CBOR-encoded
 *   DeviceResponse (not SessionData), `sessionTranscript` as the CBOR-encoded SessionTranscript
 *   (used as is, not wrapped in tag 24), and `ephemeralReaderKey` as a 32-byte P-256 private key
 *   (empty when absent).
 *
 * Only those forms are accepted. No source found documents another key encoding (such as a
 * 97-byte SecKey external representation) or an encrypted SessionData here, so none is guessed at:
 * anything else is refused with a coded error.
 *
 * @module
 */

import { createECDH, createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { coseKeyToPublicKey, decodeCbor, EncodedCbor, UketoriTypeError, verifyDeviceResponse, type OnCheck, type TrustStore, type VerifiedDeviceResponse } from '@uketori/mdoc';
import { gateResponse, type PolicyResult, type Purpose, type RequestPlan } from '@uketori/policy';
import { ReaderError } from './errors.js';

/**
 * A triple from Apple's ID Verifier raw data request that cannot be used as it stands (code
 * `ERR_APPLE_RAW_DATA`). The message names the field, never its value: `ephemeralReaderKey` is a
 * private key.
 *
 * @example
 * ```ts
 * try {
 *   await verifyAppleRawData({ responseData, sessionTranscript, ephemeralReaderKey, trust });
 * } catch (err) {
 *   if (err instanceof AppleRawDataError) {
 *     // the app sent something that is not what ProximityReader returns
 *   }
 * }
 * ```
 */
export class AppleRawDataError extends ReaderError {
  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super('ERR_APPLE_RAW_DATA', message, options);
  }
}

/** The purpose's response gate to run after verification (see `gateResponse` in `@uketori/policy`). */
export interface AppleRawDataPolicy {
  /** The purpose the data was asked for. */
  readonly purpose: Purpose;
  /**
   * The plan (or plans, one per accepted docType) matching the elements the app put in its
   * ProximityReader request, as made with `planRequest` / `planRequests`.
   */
  readonly plan: RequestPlan | readonly RequestPlan[];
  /** Transaction id for the audit record; default a random UUID. */
  readonly transactionId?: string;
}

/** Input of {@link verifyAppleRawData}. */
export interface AppleRawDataInput {
  /** `Response.responseData`: the encoded DeviceResponse (ISO/IEC 18013-5 §8.3.2.1.2.2). Required. */
  readonly responseData: Uint8Array;
  /** `Response.sessionTranscript`: the encoded SessionTranscript (§9.1.5.1). Required. */
  readonly sessionTranscript: Uint8Array;
  /**
   * `Response.ephemeralReaderKey` (iOS 26.4+): the reader's ephemeral P-256 private key, 32 bytes.
   * Needed for a DeviceMac; absent or empty (earlier iOS), a DeviceMac is rejected with
   * `ERR_DEVICE_AUTH` and only a DeviceSignature can verify.
   */
  readonly ephemeralReaderKey?: Uint8Array;
  /** Trusted IACAs. Required. */
  readonly trust: TrustStore;
  /** Verification time. Default: the current time. */
  readonly now?: Date;
  /** Clock skew tolerance in seconds; default that of `verifyDeviceResponse` (30). */
  readonly clockSkewSeconds?: number;
  /** Sees every mdoc check result. */
  readonly onCheck?: OnCheck;
  /** When given, the verified response is passed through the purpose's response gate. */
  readonly policy?: AppleRawDataPolicy;
}

/** The outcome of {@link verifyAppleRawData}. */
export interface AppleRawDataResult {
  /** Every document, fully verified by `@uketori/mdoc`. */
  readonly verified: VerifiedDeviceResponse;
  /** The purpose's decision, when `policy` was given. */
  readonly policy?: PolicyResult;
  /**
   * SHA-256 of `sessionTranscript` (hex). The transcript holds the session's fresh ephemeral
   * reader key, so it is unique per presentation: a server refuses a digest it has seen before
   * (keep them for at least the MSO validity check window) to stop an app replaying a triple.
   */
  readonly transcriptDigest: string;
}

// Order of the P-256 group (SEC 2, §2.4.2): a private key d must be in [1, n - 1].
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

function bigintOf(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/**
 * Turns `ephemeralReaderKey` (a raw 32-byte P-256 scalar, as SpruceID's implementation reads it)
 * into a private `KeyObject`; the public point is derived with `createECDH`.
 */
function readerKeyFrom(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) {
    throw new AppleRawDataError(`ephemeralReaderKey must be a 32-byte P-256 private key, got ${raw.length} bytes`);
  }
  const d = bigintOf(raw);
  if (d === 0n || d >= P256_ORDER) throw new AppleRawDataError('ephemeralReaderKey is not a valid P-256 private key');
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(raw);
    const point = ecdh.getPublicKey(); // 0x04 || X || Y
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
    return createPrivateKey({
      key: { kty: 'EC', crv: 'P-256', d: b64(raw), x: b64(point.subarray(1, 33)), y: b64(point.subarray(33, 65)) },
      format: 'jwk',
    });
  } catch (cause) {
    throw new AppleRawDataError('ephemeralReaderKey is not a valid P-256 private key', { cause });
  }
}

/**
 * The EReaderKey the transcript names must be the public half of `ephemeralReaderKey`:
 * SessionTranscript = [DeviceEngagementBytes, EReaderKeyBytes, Handover] (§9.1.5.1).
 */
function checkReaderKeyInTranscript(sessionTranscript: Uint8Array, readerKey: KeyObject): void {
  let transcript: unknown;
  let eReaderKey: KeyObject;
  try {
    transcript = decodeCbor(sessionTranscript, { limits: { maxDepth: 16 } });
    if (transcript instanceof EncodedCbor) transcript = transcript.decode({ limits: { maxDepth: 16 } });
    const keyBytes = Array.isArray(transcript) && transcript.length === 3 ? transcript[1] : undefined;
    if (!(keyBytes instanceof EncodedCbor)) throw new Error('no EReaderKeyBytes');
    eReaderKey = coseKeyToPublicKey(keyBytes.decode({ limits: { maxDepth: 4 } })).key;
  } catch (cause) {
    throw new AppleRawDataError('sessionTranscript is not [DeviceEngagementBytes, EReaderKeyBytes, Handover] with a COSE_Key', { cause });
  }
  const mine = createPublicKey(readerKey).export({ format: 'jwk' });
  const named = eReaderKey.export({ format: 'jwk' });
  if (mine.crv !== named.crv || mine.x !== named.x || mine.y !== named.y) {
    throw new AppleRawDataError('ephemeralReaderKey is not the private key of the EReaderKey in sessionTranscript');
  }
}

function requireBytes(value: unknown, name: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new UketoriTypeError(`"${name}" must be a Uint8Array`);
  if (value.length === 0) throw new AppleRawDataError(`${name} is empty`);
  return value;
}

/**
 * Verifies the `(responseData, sessionTranscript, ephemeralReaderKey)` triple that Apple's ID
 * Verifier raw data request returns to an iPhone app (ProximityReader,
 * https://developer.apple.com/documentation/proximityreader/mobilenationalidcardrawdatarequest/response),
 * once the app has sent it to the server: `verifyDeviceResponse` against the given transcript,
 * with the ephemeral reader key for a DeviceMac, then, when `policy` is given, the purpose's
 * response gate.
 *
 * The app must send the three values byte for byte (e.g. base64 of each `Data`). Nothing in the
 * triple proves it is fresh: the server should refuse a `transcriptDigest` it has seen before.
 *
 * @example
 * ```ts
 * import { verifyAppleRawData } from '@uketori/reader';
 * import { getPurpose, planRequest } from '@uketori/policy';
 *
 * const purpose = getPurpose('aml_kyc_jp');
 * const { verified, policy } = await verifyAppleRawData({
 *   responseData: b64(body.responseData),
 *   sessionTranscript: b64(body.sessionTranscript),
 *   ephemeralReaderKey: b64(body.ephemeralReaderKey),
 *   trust,
 *   policy: { purpose, plan: planRequest(purpose) },
 * });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` when an input is not a `Uint8Array`.
 * @throws {AppleRawDataError} `ERR_APPLE_RAW_DATA` for an empty responseData or sessionTranscript,
 *   an ephemeralReaderKey that is not a 32-byte P-256 private key, or one that is not the private
 *   key of the EReaderKey the transcript names.
 * @throws {UketoriError} every code of `verifyDeviceResponse` (`ERR_VALUE_DIGEST`,
 *   `ERR_DEVICE_AUTH`, …) and, with `policy`, of `gateResponse` (`ERR_POLICY_DOCTYPE`, …).
 */
export async function verifyAppleRawData(input: AppleRawDataInput): Promise<AppleRawDataResult> {
  if (input === null || typeof input !== 'object') throw new UketoriTypeError('"input" must be an object');
  const responseData = requireBytes(input.responseData, 'responseData');
  const sessionTranscript = requireBytes(input.sessionTranscript, 'sessionTranscript');
  const rawKey = input.ephemeralReaderKey;
  if (rawKey !== undefined && !(rawKey instanceof Uint8Array)) throw new UketoriTypeError('"ephemeralReaderKey" must be a Uint8Array');
  const readerKey = rawKey === undefined || rawKey.length === 0 ? undefined : readerKeyFrom(rawKey);
  if (readerKey !== undefined) checkReaderKeyInTranscript(sessionTranscript, readerKey);
  const transcriptDigest = createHash('sha256').update(sessionTranscript).digest('hex');

  const verified = await verifyDeviceResponse(responseData, {
    trust: input.trust,
    sessionTranscript,
    ...(readerKey === undefined ? {} : { readerKey }),
    ...(input.now === undefined ? {} : { now: input.now }),
    ...(input.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: input.clockSkewSeconds }),
    ...(input.onCheck === undefined ? {} : { onCheck: input.onCheck }),
  });
  if (input.policy === undefined) return { verified, transcriptDigest };
  const { purpose, plan, transactionId } = input.policy;
  const policy = gateResponse(purpose, plan, verified, {
    ...(input.now === undefined ? {} : { now: input.now }),
    ...(transactionId === undefined ? {} : { transactionId }),
  });
  return { verified, policy, transcriptDigest };
}
