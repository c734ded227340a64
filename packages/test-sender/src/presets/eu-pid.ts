/**
 * A test EU Person Identification Data credential in mdoc form (EUDI ARF, PID Rulebook:
 * docType and namespace `eu.europa.ec.eudi.pid.1`). Values are fictitious (the German specimen
 * holder) and the issuing authority says TEST.
 *
 * @module
 */

import { FullDate } from '@uketori/mdoc';
import { issueCredential } from '../credential/issue.js';
import type { TestCredential } from '../credential/types.js';
import { issueOptions, mergeElements, type PresetOptions } from './common.js';
import { ageInYears, ageOverElements, fullDateOf, plusYears } from './dates.js';

/** docType of the EU PID. */
export const EU_PID_DOCTYPE = 'eu.europa.ec.eudi.pid.1';
/** The EU PID namespace. */
export const EU_PID_NAMESPACE = 'eu.europa.ec.eudi.pid.1';

/** The holder of a test PID. */
export interface EuPidHolder {
  readonly familyName: string;
  readonly givenName: string;
  readonly birthDate: FullDate;
  readonly placeOfBirth: { readonly locality: string; readonly country: string };
  /** ISO 3166-1 alpha-2 codes. */
  readonly nationality: readonly string[];
  readonly residentCountry: string;
  readonly residentCity: string;
  readonly residentPostalCode: string;
  readonly residentStreet: string;
  /** ISO/IEC 5218. */
  readonly sex: 0 | 1 | 2 | 9;
}

/**
 * The default test holder: Erika Mustermann, born 1964-08-12 in Berlin, German, living in Köln.
 *
 * @example
 * ```ts
 * const holder = { ...defaultEuPidHolder(), nationality: ['DE', 'FR'] };
 * ```
 */
export function defaultEuPidHolder(): EuPidHolder {
  return {
    familyName: 'Mustermann',
    givenName: 'Erika',
    birthDate: new FullDate(1964, 8, 12),
    placeOfBirth: { locality: 'Berlin', country: 'DE' },
    nationality: ['DE'],
    residentCountry: 'DE',
    residentCity: 'Köln',
    residentPostalCode: '51147',
    residentStreet: 'Heidestraße 17',
    sex: 2,
  };
}

/** Options of {@link issueEuPid}. */
export interface IssueEuPidOptions extends PresetOptions {
  /** Replaces fields of {@link defaultEuPidHolder}. */
  readonly holder?: Partial<EuPidHolder>;
}

/**
 * Issues a test EU PID: family_name, given_name, birth_date, place_of_birth, nationality,
 * resident_country/city/postal_code/street, sex, age_in_years, age_birth_year, age_over_18,
 * age_over_21, issuance_date, expiry_date (five years on), issuing_authority, issuing_country
 * `DE`, document_number. NEVER FOR PRODUCTION.
 *
 * @example
 * ```ts
 * const pid = await issueEuPid({ pki, deviceKey: 'Ed25519' });
 * ```
 * @throws {UketoriTypeError} / {UketoriRangeError} as {@link issueCredential}.
 */
export function issueEuPid(options: IssueEuPidOptions): Promise<TestCredential> {
  const h: EuPidHolder = { ...defaultEuPidHolder(), ...options.holder };
  const at = options.now ?? options.pki.now;
  const issuanceDate = fullDateOf(at);
  const base = {
    [EU_PID_NAMESPACE]: {
      family_name: h.familyName,
      given_name: h.givenName,
      birth_date: h.birthDate,
      place_of_birth: { locality: h.placeOfBirth.locality, country: h.placeOfBirth.country },
      nationality: [...h.nationality],
      resident_country: h.residentCountry,
      resident_city: h.residentCity,
      resident_postal_code: h.residentPostalCode,
      resident_street: h.residentStreet,
      sex: h.sex,
      age_in_years: ageInYears(h.birthDate, at),
      age_birth_year: h.birthDate.year,
      ...ageOverElements(h.birthDate, at, [18, 21]),
      issuance_date: issuanceDate,
      expiry_date: plusYears(issuanceDate, 5),
      issuing_authority: 'uketori TEST PID Provider',
      // The test PKI's countryName: issuing_country must match the DS certificate (ISO 18013-5 §7.2.1).
      issuing_country: 'JP',
      document_number: 'TEST-PID-000001',
    },
  };
  return issueCredential({ ...issueOptions(options), docType: EU_PID_DOCTYPE, nameSpaces: mergeElements(base, options.elements) });
}
