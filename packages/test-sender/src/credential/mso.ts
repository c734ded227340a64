/**
 * MobileSecurityObject construction and signing (ISO/IEC 18013-5 §9.1.2.4).
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import { embedCbor, HeaderLabel, publicKeyToCoseKey, signCoseSign1, TDate, type CoseArray, type EncodedCbor } from '@uketori/mdoc';
import { coseAlgorithmFor } from '../pki/keys.js';
import type { TestCertificate } from '../pki/certificate.js';
import { toSecond } from '../util/time.js';
import { valueDigest } from './digest.js';
import type { IssuerSignedItem, KeyAuthorizations, MsoParameters, ValidityInfo } from './types.js';

function keyAuthorizationsMap(ka: KeyAuthorizations): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (ka.nameSpaces !== undefined) out.set('nameSpaces', [...ka.nameSpaces]);
  if (ka.dataElements !== undefined) out.set('dataElements', new Map(Object.entries(ka.dataElements).map(([ns, ids]) => [ns, [...ids]])));
  return out;
}

function validityInfoMap(v: ValidityInfo): Map<string, TDate> {
  // ISO/IEC 18013-5 §9.1.2.4: ValidityInfo = { signed, validFrom, validUntil, ? expectedUpdate }, all tdate.
  const out = new Map<string, TDate>([
    ['signed', new TDate(toSecond(v.signed))],
    ['validFrom', new TDate(toSecond(v.validFrom))],
    ['validUntil', new TDate(toSecond(v.validUntil))],
  ]);
  if (v.expectedUpdate !== undefined) out.set('expectedUpdate', new TDate(toSecond(v.expectedUpdate)));
  return out;
}

/**
 * Builds MobileSecurityObjectBytes content: the MSO with one value digest per item, each over the
 * item's full tag-24 encoding.
 */
export function buildMso(
  params: MsoParameters,
  nameSpaces: ReadonlyMap<string, readonly EncodedCbor<IssuerSignedItem>[]>,
  deviceKey: KeyObject,
): EncodedCbor<Map<string, unknown>> {
  const valueDigests = new Map<string, Map<number, Uint8Array>>();
  for (const [ns, items] of nameSpaces) {
    const digests = items.map((item) => [item.decode().get('digestID') as number, valueDigest(params.digestAlgorithm, item)] as const);
    valueDigests.set(ns, new Map([...digests].sort((a, b) => a[0] - b[0])));
  }
  const deviceKeyInfo = new Map<string, unknown>([['deviceKey', publicKeyToCoseKey(deviceKey)]]);
  if (params.keyAuthorizations !== undefined) deviceKeyInfo.set('keyAuthorizations', keyAuthorizationsMap(params.keyAuthorizations));
  return embedCbor(
    new Map<string, unknown>([
      ['version', '1.0'],
      ['digestAlgorithm', params.digestAlgorithm],
      ['valueDigests', valueDigests],
      ['deviceKeyInfo', deviceKeyInfo],
      ['docType', params.docType],
      ['validityInfo', validityInfoMap(params.validityInfo)],
    ]),
  );
}

/**
 * Signs an MSO as issuerAuth: COSE_Sign1 with `alg` protected, the DS certificate as x5chain
 * (RFC 9360 label 33) unprotected, and payload MobileSecurityObjectBytes = `#6.24(bstr .cbor MSO)`
 * (ISO/IEC 18013-5 §9.1.2.4).
 *
 * `signingKey` defaults to the signer's own key; a different one yields a signature the
 * certificate does not vouch for.
 */
export function signMso(mso: EncodedCbor, signer: TestCertificate, signingKey: KeyObject = signer.privateKey): CoseArray {
  return signCoseSign1(
    { payload: mso.bytesWithTag(), unprotectedHeaders: new Map([[HeaderLabel.x5chain, signer.der]]) },
    signingKey,
    coseAlgorithmFor(signer.curve),
  );
}

