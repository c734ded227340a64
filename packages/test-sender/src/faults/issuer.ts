/**
 * Faults on the issuer's side that need a new MSO signature: another signer, another validity,
 * docType, digest algorithm or keyAuthorizations. The credential is signed again with the change.
 *
 * @module
 */

import { generateKeyPairSync } from 'node:crypto';
import type { EncodedCbor } from '@uketori/mdoc';
import { signCredential, type CredentialParts } from '../credential/issue.js';
import type { IssuerSignedItem, TestCredential } from '../credential/types.js';
import { addDays } from '../util/time.js';
import type { FaultId } from './catalogue.js';

/** The faults this module handles. */
export const ISSUER_FAULTS: ReadonlySet<FaultId> = new Set<FaultId>([
  'wrong-ds',
  'wrong-ds-profile',
  'untrusted-iaca',
  'expired-ds',
  'revoked-ds',
  'expired-mso',
  'not-yet-valid-mso',
  'mso-signed-outside-ds-validity',
  'wrong-doctype',
  'unsupported-digest-algorithm',
]);

const OTHER_DOCTYPE = 'org.iso.18013.5.1.mDL';
const OTHER_DOCTYPE_FOR_MDL = 'eu.europa.ec.eudi.pid.1';

/** An element for device signing that keyAuthorizations will not cover. */
export interface UnauthorizedElement {
  readonly namespace: string;
  readonly identifier: string;
}

function partsOf(c: TestCredential): CredentialParts {
  return {
    docType: c.docType,
    nameSpaces: c.nameSpaces,
    elements: c.elements,
    msoParameters: c.msoParameters,
    signer: c.signer,
    pki: c.pki,
    deviceKey: c.deviceKey,
  };
}

function withValidity(p: CredentialParts, signed: Date, validFrom: Date, validUntil: Date): CredentialParts {
  return { ...p, msoParameters: { ...p.msoParameters, validityInfo: { signed, validFrom, validUntil } } };
}

function apply(p: CredentialParts, fault: FaultId, now: Date): CredentialParts {
  const { pki } = p;
  const validUntil = p.msoParameters.validityInfo.validUntil;
  const until = validUntil > now ? validUntil : addDays(now, 365);
  switch (fault) {
    case 'wrong-ds': {
      const curve = p.signer.curve === 'P-256' ? 'prime256v1' : 'secp384r1';
      return { ...p, signingKey: generateKeyPairSync('ec', { namedCurve: curve }).privateKey };
    }
    case 'wrong-ds-profile':
      return { ...p, signer: pki.wrongProfileDs };
    case 'untrusted-iaca':
      return { ...p, signer: pki.untrusted.ds };
    case 'revoked-ds':
      return { ...p, signer: pki.revokedDs };
    case 'expired-ds': {
      // Signed inside the expired DS's validity, so only the chain check at `now` fails.
      const signed = addDays(pki.expiredDs.notAfter, -1);
      return withValidity({ ...p, signer: pki.expiredDs }, signed, signed, until);
    }
    case 'expired-mso':
      return withValidity(p, addDays(now, -2), addDays(now, -2), addDays(now, -1));
    case 'not-yet-valid-mso':
      return withValidity(p, now, addDays(now, 1), addDays(now, 365));
    case 'mso-signed-outside-ds-validity': {
      const signed = addDays(p.signer.notBefore, -1);
      return withValidity(p, signed, signed, until);
    }
    case 'wrong-doctype':
      return { ...p, msoParameters: { ...p.msoParameters, docType: p.docType === OTHER_DOCTYPE ? OTHER_DOCTYPE_FOR_MDL : OTHER_DOCTYPE } };
    case 'unsupported-digest-algorithm':
      return { ...p, msoParameters: { ...p.msoParameters, digestAlgorithm: 'SHA-1' } };
    default:
      return p;
  }
}

/**
 * The credential signed again with the issuer-side `faults` applied (in order; a later fault
 * wins where two touch the same field), and, when `unauthorized` is given, with keyAuthorizations
 * that authorize only another element of its namespace. Returns `credential` itself when nothing
 * applies.
 */
export function applyIssuerFaults(
  credential: TestCredential,
  faults: readonly FaultId[],
  now: Date,
  unauthorized?: UnauthorizedElement,
): TestCredential {
  const relevant = faults.filter((f) => ISSUER_FAULTS.has(f));
  if (relevant.length === 0 && unauthorized === undefined) return credential;
  let parts = partsOf(credential);
  for (const fault of relevant) parts = apply(parts, fault, now);
  if (unauthorized !== undefined) {
    const other = otherElement(credential, unauthorized);
    parts = { ...parts, msoParameters: { ...parts.msoParameters, keyAuthorizations: { dataElements: { [unauthorized.namespace]: [other] } } } };
  }
  return signCredential(parts);
}

function otherElement(credential: TestCredential, target: UnauthorizedElement): string {
  const items: readonly EncodedCbor<IssuerSignedItem>[] = credential.nameSpaces.get(target.namespace) ?? [];
  for (const item of items) {
    const id = item.decode().get('elementIdentifier');
    if (typeof id === 'string' && id !== target.identifier) return id;
  }
  return target.identifier === 'uketori_test_authorized' ? 'uketori_test_authorized_2' : 'uketori_test_authorized';
}
