/**
 * VICAL, the Verified Issuer Certificate Authority List (ISO/IEC 18013-5 Annex C): a COSE_Sign1
 * whose payload lists IACA certificates. Verify it, then use its IACAs as trust anchors.
 *
 * @module
 */

import { decodeCbor, type CborLimits } from '../cbor/decode.js';
import { coseX5Chain, parseCoseSign1, verifyCoseSign1, type CoseMessage } from '../cose/sign1.js';
import { TrustError, UketoriRangeError, UketoriTypeError } from '../errors.js';
import { AnchorIndex, toTrustAnchors, type AnchorInput } from './anchors.js';
import { forMessage } from './name.js';
import { PathError, parseChain, validatePath, type ValidatedPath } from './path.js';
import { vicalSignerProfile } from './profile.js';
import { parseVicalPayload, type Vical } from './vical-payload.js';

/** Options of {@link loadVical}. */
export interface LoadVicalOptions {
  /** Trust anchors for the VICAL signer (e.g. the AAMVA DTS Root CA), not IACAs. */
  readonly anchors: readonly AnchorInput[];
  /** The verification time for the signer's certificate chain. */
  readonly now: Date;
  /** Tolerance applied to certificate validity, in seconds. Default 0. */
  readonly clockSkewSeconds?: number;
  /**
   * Keep only the IACAs listed for this docType (or any of these), each trusted for these docTypes
   * only even when the VICAL lists it for more. Default: all, with every listed docType.
   */
  readonly docType?: string | readonly string[];
  /** Overrides of the CBOR decoding limits (a VICAL is larger than a DeviceResponse's items). */
  readonly limits?: Partial<CborLimits>;
}

function fail(code: 'ERR_VICAL_STRUCTURE' | 'ERR_VICAL_CHAIN' | 'ERR_VICAL_SIGNATURE', message: string, cause?: unknown): never {
  throw new TrustError(code, message, cause === undefined ? {} : { cause });
}

function checkOptions(bytes: Uint8Array, options: LoadVicalOptions): ReadonlySet<string> | undefined {
  if (!(bytes instanceof Uint8Array)) throw new UketoriTypeError('"bytes" must be a Uint8Array');
  if (typeof options !== 'object' || options === null) throw new UketoriTypeError('"options" must be an object');
  if (!Array.isArray(options.anchors) || options.anchors.length === 0) throw new UketoriTypeError('"options.anchors" must be a non-empty array');
  if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime())) throw new UketoriTypeError('"options.now" must be a valid Date');
  const skew = options.clockSkewSeconds ?? 0;
  if (typeof skew !== 'number' || !(skew >= 0)) throw new UketoriRangeError('"options.clockSkewSeconds" must be a non-negative number');
  const { docType } = options;
  if (docType === undefined) return undefined;
  const list = typeof docType === 'string' ? [docType] : docType;
  if (!Array.isArray(list) || list.some((d) => typeof d !== 'string')) throw new UketoriTypeError('"options.docType" must be a string or an array of strings');
  return new Set(list);
}

/**
 * Verifies and reads a VICAL: decodes the COSE_Sign1, validates the signer certificate from its
 * x5chain up to `anchors` at `now` (signatures, validity, VICAL-signer profile), verifies the
 * COSE signature with it, and only then reads the payload. The result's `iacas` can be passed as
 * `anchors` to {@link createTrustStore}; each carries its `docTypes`.
 *
 * Whether a VICAL past its `nextUpdate` is still acceptable is the caller's policy: it is returned,
 * not enforced.
 *
 * @example
 * ```ts
 * const vical = loadVical(vicalBytes, { anchors: [aamvaRootPem], now: new Date(), docType: 'org.iso.18013.5.1.mDL' });
 * const trust = createTrustStore({ anchors: vical.iacas });
 * ```
 * @throws {TrustError} `ERR_VICAL_STRUCTURE` (not a COSE_Sign1 / bad payload), `ERR_VICAL_CHAIN`
 *   (signer not trusted, expired, or not a VICAL signer), `ERR_VICAL_SIGNATURE` (signature invalid);
 *   `ERR_CERTIFICATE_PARSE` / `ERR_ANCHOR_PIN` for bad `anchors`.
 * @throws {UketoriTypeError} / {UketoriRangeError} for options of the wrong type or range.
 */
export function loadVical(bytes: Uint8Array, options: LoadVicalOptions): Vical {
  const docTypes = checkOptions(bytes, options);
  const anchors = new AnchorIndex(toTrustAnchors(options.anchors));
  const decodeOptions = options.limits === undefined ? {} : { limits: options.limits };

  let message: CoseMessage;
  let x5chain: Uint8Array[];
  try {
    message = parseCoseSign1(decodeCbor(bytes, decodeOptions), decodeOptions);
    x5chain = coseX5Chain(message);
  } catch (cause) {
    fail('ERR_VICAL_STRUCTURE', 'VICAL is not a COSE_Sign1 with an x5chain', cause);
  }
  if (message.payload === null) fail('ERR_VICAL_STRUCTURE', 'VICAL payload is detached');

  // Annex C: the VICAL signer certificate chains to the VICAL provider's trust anchor.
  let path: ValidatedPath;
  try {
    const now = options.now.getTime();
    path = validatePath(parseChain(x5chain), anchors, { now, skewMs: (options.clockSkewSeconds ?? 0) * 1000, leafProfile: vicalSignerProfile });
  } catch (cause) {
    fail('ERR_VICAL_CHAIN', cause instanceof PathError ? `VICAL signer: ${cause.message}` : 'VICAL signer chain validation failed', cause);
  }
  const signer = path.certificates[0]!;

  let valid: boolean;
  try {
    valid = verifyCoseSign1(message, signer.publicKey);
  } catch (cause) {
    fail('ERR_VICAL_SIGNATURE', 'VICAL signature cannot be verified with the signer key', cause);
  }
  if (!valid) fail('ERR_VICAL_SIGNATURE', `VICAL signature does not verify with ${forMessage(signer.subject)}`);

  let payload: unknown;
  try {
    payload = decodeCbor(message.payload, decodeOptions);
  } catch (cause) {
    fail('ERR_VICAL_STRUCTURE', 'VICAL payload is not well-formed CBOR', cause);
  }
  return parseVicalPayload(payload, Object.freeze({ subject: signer.subject, fingerprint: signer.fingerprint }), docTypes);
}
