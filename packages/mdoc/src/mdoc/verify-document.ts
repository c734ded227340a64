/**
 * Verification of one mdoc Document (ISO/IEC 18013-5 §9.3.1).
 *
 * @module
 */

import { createHash, type KeyObject } from 'node:crypto';
import { decodeCbor, type CborDecodeOptions } from '../cbor/decode.js';
import { EncodedCbor } from '../cbor/types.js';
import type { Checker } from './checker.js';
import { coseKeyToPublicKey, parseCoseKey, type ParsedCoseKey } from '../cose/key.js';
import { coseX5Chain, parseCoseMac0, parseCoseSign1, verifyCoseMac0, verifyCoseSign1, type CoseMessage } from '../cose/sign1.js';
import { UketoriError } from '../errors.js';
import type { DocumentSignerInfo, TrustStore } from '../trust/types.js';
import { bytesEqual } from '../util/base64url.js';
import { deviceAuthenticationBytes, readerEMacKey } from './device-authentication.js';
import { asMap, date, embedded, plainValue, setOwn, structureError, text } from './structure.js';
import type { VerifiedDocument } from './types.js';
import { typeElement, type ElementWarning } from './element-types.js';

const DIGESTS = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;
type DigestName = keyof typeof DIGESTS;

/** What a document verification needs from the response-level verification. */
export interface DocumentContext {
  readonly trust: TrustStore;
  readonly sessionTranscript: Uint8Array;
  readonly readerKey: KeyObject | undefined;
  readonly now: Date;
  readonly skewMs: number;
  readonly decode: CborDecodeOptions;
  readonly checker: Checker;
}

interface IssuerSignedItem {
  readonly bytes: EncodedCbor;
  readonly digestID: number;
  readonly elementIdentifier: string;
  readonly elementValue: unknown;
}

/** Verifies one Document; returns it with only verified values, or throws the first failure. */
export async function verifyDocument(doc: unknown, index: number, ctx: DocumentContext): Promise<VerifiedDocument> {
  try {
    return await verifyDocumentSteps(doc, index, ctx);
  } catch (err) {
    // Failures the steps recorded are rethrown as they are; anything else (a structure problem
    // found between checks) is recorded here, so onCheck sees every failure.
    throw ctx.checker.recorded(err) ? err : ctx.checker.failed('DEVICE_RESPONSE_STRUCTURE', index, err);
  }
}

async function verifyDocumentSteps(doc: unknown, index: number, ctx: DocumentContext): Promise<VerifiedDocument> {
  const { checker } = ctx;
  const path = `documents[${index}]`;
  const document = asMap(doc, path);
  const docType = text(document, 'docType', path);
  const issuerSigned = asMap(document.get('issuerSigned'), `${path}.issuerSigned`);
  const deviceSigned = asMap(document.get('deviceSigned'), `${path}.deviceSigned`);

  // §9.3.1 step 1 and §9.3.3: the DS certificate chain to a trusted IACA.
  let issuerAuth: CoseMessage;
  let chain: Uint8Array[];
  try {
    issuerAuth = parseCoseSign1(issuerSigned.get('issuerAuth'), ctx.decode);
  } catch (err) {
    throw checker.failed('DEVICE_RESPONSE_STRUCTURE', index, err);
  }
  try {
    chain = coseX5Chain(issuerAuth);
  } catch (err) {
    throw checker.failed('DS_CHAIN', index, err);
  }
  let signer: DocumentSignerInfo;
  try {
    signer = await ctx.trust.validateDocumentSigner(chain, { now: ctx.now, clockSkewSeconds: ctx.skewMs / 1000, docType });
  } catch (err) {
    throw checker.failed('DS_CHAIN', index, err);
  }
  checker.pass('DS_PROFILE', index);
  checker.pass('DS_CHAIN', index, signer.subject);
  if (signer.revocation === 'good') checker.pass('DS_REVOCATION', index);
  else if (signer.revocation === 'partial') checker.skip('DS_REVOCATION', index, 'checked for part of the chain only (crl.required is false)');
  else checker.skip('DS_REVOCATION', index, 'no CRL checking configured');

  // §9.1.2.4: issuerAuth signature over the MSO with the DS key.
  let signatureValid: boolean;
  try {
    signatureValid = verifyCoseSign1(issuerAuth, signer.publicKey);
  } catch (err) {
    throw checker.failed('ISSUER_SIGNATURE', index, err);
  }
  if (!signatureValid) throw checker.fail('ISSUER_SIGNATURE', index, `${path}: issuerAuth signature does not verify`);
  checker.pass('ISSUER_SIGNATURE', index);

  const mso = decodeMso(issuerAuth, ctx, path, index);
  // §9.1.2.4: MobileSecurityObject version "1.0" (later minor versions stay compatible).
  if (!/^1\.\d+$/.test(text(mso, 'version', `${path}.mso`))) structureError(`${path}.mso.version`, 'unsupported major version');

  if (text(mso, 'docType', `${path}.mso`) !== docType) {
    throw checker.fail('MSO_DOCTYPE', index, `${path}: MSO docType differs from the document docType`);
  }
  checker.pass('MSO_DOCTYPE', index);

  const digestAlgorithm = text(mso, 'digestAlgorithm', `${path}.mso`);
  if (!(digestAlgorithm in DIGESTS)) throw checker.fail('DIGEST_ALGORITHM', index, `${path}: unsupported digestAlgorithm`);
  checker.pass('DIGEST_ALGORITHM', index, digestAlgorithm);

  const validity = checkValidity(mso, signer, ctx, path, index);

  const warnings: ElementWarning[] = [];
  const issuerValues: Record<string, Record<string, unknown>> = checkDigests(issuerSigned, mso, DIGESTS[digestAlgorithm as DigestName], ctx, path, index, warnings);

  checkIssuingCountry(issuerValues, signer, ctx, index);

  const deviceKeyInfo = asMap(mso.get('deviceKeyInfo'), `${path}.mso.deviceKeyInfo`);
  const coseKey = deviceKeyInfo.get('deviceKey');
  let deviceKey: ParsedCoseKey;
  try {
    deviceKey = parseCoseKey(coseKey);
  } catch (err) {
    throw checker.failed('DEVICE_KEY', index, err);
  }
  checker.pass('DEVICE_KEY', index);

  const { deviceNameSpaces, method } = checkDeviceAuth(deviceSigned, docType, deviceKey, coseKey, ctx, path, index);
  const deviceValues = checkKeyAuthorizations(deviceNameSpaces, deviceKeyInfo, ctx, path, index, warnings);

  return {
    docType,
    issuerSigned: issuerValues,
    deviceSigned: deviceValues,
    errors: documentElementErrors(document.get('errors'), path),
    validity,
    digestAlgorithm: digestAlgorithm as DigestName,
    issuer: {
      notBefore: signer.notBefore,
      notAfter: signer.notAfter,
      subject: signer.subject,
      country: signer.country,
      stateOrProvince: signer.stateOrProvince,
      iaca: signer.iaca,
      revocation: signer.revocation,
    },
    deviceAuthentication: method,
    warnings,
    ...(deviceKey.jwk === undefined ? {} : { deviceKey: deviceKey.jwk }),
  };
}

function decodeMso(issuerAuth: CoseMessage, ctx: DocumentContext, path: string, index: number): Map<unknown, unknown> {
  try {
    if (issuerAuth.payload === null) structureError(`${path}.issuerAuth`, 'payload is detached');
    // §9.1.2.4: the payload is MobileSecurityObjectBytes = #6.24(bstr .cbor MobileSecurityObject).
    const outer = decodeCbor(issuerAuth.payload, ctx.decode);
    const mso = outer instanceof EncodedCbor ? outer.decode(ctx.decode) : outer;
    return asMap(mso, `${path}.mso`);
  } catch (err) {
    throw ctx.checker.failed('DEVICE_RESPONSE_STRUCTURE', index, err);
  }
}

function checkValidity(mso: Map<unknown, unknown>, signer: DocumentSignerInfo, ctx: DocumentContext, path: string, index: number): VerifiedDocument['validity'] {
  const info = asMap(mso.get('validityInfo'), `${path}.mso.validityInfo`);
  const p = `${path}.mso.validityInfo`;
  const signed = date(info, 'signed', p);
  const validFrom = date(info, 'validFrom', p);
  const validUntil = date(info, 'validUntil', p);
  const expected = info.get('expectedUpdate');
  const now = ctx.now.getTime();
  // §9.1.2.4: validFrom is not before signed, and validUntil is after validFrom.
  if (validFrom.getTime() + ctx.skewMs < signed.getTime() || validUntil.getTime() <= validFrom.getTime()) {
    throw ctx.checker.fail('MSO_VALIDITY', index, `${path}: MSO validityInfo is inconsistent`);
  }
  // §9.3.1 step 5: validFrom <= now <= validUntil.
  if (validFrom.getTime() - ctx.skewMs > now) throw ctx.checker.fail('MSO_VALIDITY', index, `${path}: MSO is not yet valid`);
  if (validUntil.getTime() + ctx.skewMs < now) throw ctx.checker.fail('MSO_VALIDITY', index, `${path}: MSO has expired`);
  ctx.checker.pass('MSO_VALIDITY', index);
  // §9.3.1 step 5: the MSO was signed while the DS certificate was valid.
  if (signed.getTime() + ctx.skewMs < signer.notBefore.getTime() || signed.getTime() - ctx.skewMs > signer.notAfter.getTime()) {
    throw ctx.checker.fail('MSO_SIGNED_IN_DS_VALIDITY', index, `${path}: MSO signed outside the document signer certificate validity`);
  }
  ctx.checker.pass('MSO_SIGNED_IN_DS_VALIDITY', index);
  const validity: { -readonly [K in keyof VerifiedDocument['validity']]: VerifiedDocument['validity'][K] } = { signed, validFrom, validUntil };
  if (expected instanceof Date) validity.expectedUpdate = expected;
  return validity;
}

function parseItem(item: unknown, ctx: DocumentContext, path: string): IssuerSignedItem {
  if (!(item instanceof EncodedCbor)) structureError(path, 'expected IssuerSignedItemBytes #6.24(bstr)');
  const m = asMap(item.decode(ctx.decode), path);
  const digestID = m.get('digestID');
  if (typeof digestID !== 'number' || !Number.isInteger(digestID) || digestID < 0) structureError(`${path}.digestID`, 'expected an unsigned integer');
  const random = m.get('random');
  if (!(random instanceof Uint8Array) || random.length < 16) structureError(`${path}.random`, 'expected at least 16 random bytes');
  const elementIdentifier = text(m, 'elementIdentifier', path);
  if (!m.has('elementValue')) structureError(`${path}.elementValue`, 'missing');
  return { bytes: item, digestID, elementIdentifier, elementValue: m.get('elementValue') };
}

/** §9.3.1 step 3: every IssuerSignedItem's digest over its received tag-24 bytes equals the MSO's. */
function checkDigests(issuerSigned: Map<unknown, unknown>, mso: Map<unknown, unknown>, hash: string, ctx: DocumentContext, path: string, index: number, warnings: ElementWarning[]) {
  const out: Record<string, Record<string, unknown>> = {};
  const nameSpaces = issuerSigned.get('nameSpaces');
  if (nameSpaces === undefined) {
    ctx.checker.skip('VALUE_DIGEST', index, 'no issuer-signed elements');
    return out;
  }
  let count = 0;
  const valueDigests = asMap(mso.get('valueDigests'), `${path}.mso.valueDigests`);
  for (const [ns, items] of asMap(nameSpaces, `${path}.issuerSigned.nameSpaces`)) {
    if (typeof ns !== 'string' || !Array.isArray(items) || items.length === 0) {
      structureError(`${path}.issuerSigned.nameSpaces`, 'expected namespace → non-empty array of items');
    }
    const digests = valueDigests.get(ns);
    const values: Record<string, unknown> = {};
    for (let i = 0; i < items.length; i++) {
      const item = parseItem(items[i], ctx, `${path}.issuerSigned.nameSpaces["${ns}"][${i}]`);
      const where = `"${ns}"/"${item.elementIdentifier}"`;
      const expected = digests instanceof Map ? digests.get(item.digestID) : undefined;
      if (!(expected instanceof Uint8Array)) throw ctx.checker.fail('VALUE_DIGEST', index, `${where}: no digest in the MSO for its digestID`);
      const actual = createHash(hash).update(item.bytes.bytesWithTag()).digest();
      if (!bytesEqual(actual, expected)) throw ctx.checker.fail('VALUE_DIGEST', index, `${where}: digest mismatch`);
      if (Object.hasOwn(values, item.elementIdentifier)) structureError(`${path}.issuerSigned`, `${where} appears twice`);
      setOwn(values, item.elementIdentifier, plainValue(typeElement(ns, item.elementIdentifier, item.elementValue, warnings)));
      count++;
    }
    setOwn(out, ns, values);
  }
  ctx.checker.pass('VALUE_DIGEST', index, `${count} elements`);
  return out;
}

const ISSUING_NAMESPACES = ['org.iso.18013.5.1', 'org.iso.23220.1', 'eu.europa.ec.eudi.pid.1'];

/**
 * ISO/IEC 18013-5 §7.2.1 and Annex B.1.4: issuing_country is the countryName of the document
 * signer (and of its IACA); issuing_jurisdiction, when both are present, its stateOrProvinceName.
 * Checked when the holder discloses them.
 */
function checkIssuingCountry(values: Record<string, Record<string, unknown>>, signer: DocumentSignerInfo, ctx: DocumentContext, index: number): void {
  let compared = false;
  for (const ns of ISSUING_NAMESPACES) {
    const country = values[ns]?.['issuing_country'];
    if (typeof country === 'string') {
      compared = true;
      if (signer.country === undefined || country.toUpperCase() !== signer.country.toUpperCase()) {
        throw ctx.checker.fail('ISSUING_COUNTRY', index, `"${ns}"/"issuing_country" does not match the document signer certificate countryName`);
      }
    }
    const jurisdiction = values[ns]?.['issuing_jurisdiction'];
    if (typeof jurisdiction === 'string' && signer.stateOrProvince !== undefined) {
      compared = true;
      if (jurisdiction !== signer.stateOrProvince) {
        throw ctx.checker.fail('ISSUING_COUNTRY', index, `"${ns}"/"issuing_jurisdiction" does not match the document signer certificate stateOrProvinceName`);
      }
    }
  }
  if (compared) ctx.checker.pass('ISSUING_COUNTRY', index);
  else ctx.checker.skip('ISSUING_COUNTRY', index, 'issuing_country not disclosed');
}

/** §9.1.3: DeviceSignature or DeviceMac over DeviceAuthenticationBytes for the caller's transcript. */
function checkDeviceAuth(deviceSigned: Map<unknown, unknown>, docType: string, deviceKey: ParsedCoseKey, coseKey: unknown, ctx: DocumentContext, path: string, index: number) {
  const deviceNameSpaces = embedded(deviceSigned, 'nameSpaces', `${path}.deviceSigned`);
  const deviceAuth = asMap(deviceSigned.get('deviceAuth'), `${path}.deviceSigned.deviceAuth`);
  const signature = deviceAuth.get('deviceSignature');
  const mac = deviceAuth.get('deviceMac');
  if ((signature === undefined) === (mac === undefined)) structureError(`${path}.deviceSigned.deviceAuth`, 'expected exactly one of deviceSignature and deviceMac');
  const payload = deviceAuthenticationBytes(ctx.sessionTranscript, docType, deviceNameSpaces);
  let method: 'signature' | 'mac';
  let valid: boolean;
  try {
    const message = signature !== undefined ? parseCoseSign1(signature, ctx.decode) : parseCoseMac0(mac, ctx.decode);
    // The payload is detached (nil); a wallet that attaches it must attach exactly these bytes.
    const attachedOk = message.payload === null || bytesEqual(message.payload, payload);
    const options = message.payload === null ? { detachedPayload: payload } : {};
    if (signature !== undefined) {
      method = 'signature';
      valid = attachedOk && verifyCoseSign1(message, coseKeyToPublicKey(coseKey).key, options);
    } else {
      method = 'mac';
      if (ctx.readerKey === undefined) {
        throw UketoriError.fromCheck('DEVICE_AUTH', `${path}: DeviceMac needs the reader's ephemeral private key (readerKey)`);
      }
      const macKey = readerEMacKey(ctx.readerKey, deviceKey, coseKey, ctx.sessionTranscript);
      valid = attachedOk && verifyCoseMac0(message, macKey, options);
    }
  } catch (err) {
    throw ctx.checker.failed('DEVICE_AUTH', index, err);
  }
  if (!valid) throw ctx.checker.fail('DEVICE_AUTH', index, `${path}: device ${method} does not verify over this session transcript`);
  ctx.checker.pass('DEVICE_AUTH', index, method);
  return { deviceNameSpaces, method };
}

/** §9.1.2.4 KeyAuthorizations: a device-signed element must be authorized by namespace or element. */
function checkKeyAuthorizations(deviceNameSpaces: EncodedCbor, deviceKeyInfo: Map<unknown, unknown>, ctx: DocumentContext, path: string, index: number, warnings: ElementWarning[]) {
  const out: Record<string, Record<string, unknown>> = {};
  const decoded = asMap(deviceNameSpaces.decode(ctx.decode), `${path}.deviceSigned.nameSpaces`);
  if (decoded.size === 0) {
    ctx.checker.skip('KEY_AUTHORIZATION', index, 'no device-signed elements');
    return out;
  }
  const auth = deviceKeyInfo.get('keyAuthorizations');
  const authMap = auth instanceof Map ? auth : new Map();
  const nsAllowed = authMap.get('nameSpaces');
  const elementsAllowed = authMap.get('dataElements');
  for (const [ns, elements] of decoded) {
    if (typeof ns !== 'string') structureError(`${path}.deviceSigned.nameSpaces`, 'namespace is not a text string');
    const values: Record<string, unknown> = {};
    const wholeNs = Array.isArray(nsAllowed) && nsAllowed.includes(ns);
    const allowedIds = elementsAllowed instanceof Map ? elementsAllowed.get(ns) : undefined;
    for (const [id, value] of asMap(elements, `${path}.deviceSigned.nameSpaces["${ns}"]`)) {
      if (typeof id !== 'string') structureError(`${path}.deviceSigned.nameSpaces["${ns}"]`, 'element identifier is not a text string');
      if (!wholeNs && !(Array.isArray(allowedIds) && allowedIds.includes(id))) {
        throw ctx.checker.fail('KEY_AUTHORIZATION', index, `"${ns}"/"${id}": device-signed but not authorized by keyAuthorizations`);
      }
      setOwn(values, id, plainValue(typeElement(ns, id, value, warnings)));
    }
    setOwn(out, ns, values);
  }
  ctx.checker.pass('KEY_AUTHORIZATION', index);
  return out;
}

function documentElementErrors(errors: unknown, path: string): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  if (errors === undefined) return out;
  for (const [ns, items] of asMap(errors, `${path}.errors`)) {
    const codes: Record<string, number> = {};
    for (const [id, code] of asMap(items, `${path}.errors`)) {
      if (typeof ns !== 'string' || typeof id !== 'string' || typeof code !== 'number') structureError(`${path}.errors`, 'expected namespace → element → error code');
      setOwn(codes, id, code);
    }
    setOwn(out, String(ns), codes);
  }
  return out;
}
