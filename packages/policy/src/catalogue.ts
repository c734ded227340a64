/**
 * The docTypes and data elements uketori knows, with their sensitivity. A purpose for one of
 * these docTypes may only name elements listed here (a typo guard: a purpose that asks for
 * `individual_number` instead of `individual_number_unicode` would otherwise pass every gate
 * and never match), and may not declare a sensitive element non-sensitive.
 *
 * @module
 */

/** docType of the My Number Card on smartphones (カード代替電磁的記録), notes/japan.md §2.2. */
export const MY_NUMBER_CARD_DOCTYPE = 'org.iso.23220.1.jp.mnc';
/** The Japan-specific namespace of the My Number Card. */
export const JP_NAMESPACE = 'org.iso.23220.1.jp';
/** The ISO/IEC 23220-2 namespace of the My Number Card. */
export const ISO_23220_NAMESPACE = 'org.iso.23220.1';
/** docType of the ISO/IEC 18013-5 mobile driving licence. */
export const MDL_DOCTYPE = 'org.iso.18013.5.1.mDL';
/** The ISO/IEC 18013-5 §7.2.1 namespace. */
export const MDL_NAMESPACE = 'org.iso.18013.5.1';
/** docType and namespace of the EU Person Identification Data (mdoc encoding, PID Rulebook). */
export const EU_PID_DOCTYPE = 'eu.europa.ec.eudi.pid.1';
/** The EU PID namespace. */
export const EU_PID_NAMESPACE = 'eu.europa.ec.eudi.pid.1';

/** A data element: namespace and identifier (ISO/IEC 18013-5 §8.3.2.1.2.1 DataElementIdentifier). */
export interface ElementRef {
  readonly namespace: string;
  readonly identifier: string;
}

/** One known element. */
export interface KnownElement {
  /** Meaning, for the docs and error messages. */
  readonly label: { readonly ja: string; readonly en: string };
  /** Never logged, dropped by serializers unless explicitly revealed, never retained unless a purpose says so. */
  readonly sensitive: boolean;
}

/** `age_over_NN` (ISO/IEC 18013-5 §7.2.5; ISO/IEC 23220-2): two digits. */
export const AGE_OVER = /^age_over_\d{2}$/;

const el = (ja: string, en: string, sensitive = false): KnownElement => ({ label: { ja, en }, sensitive });

/** The known elements per docType, then namespace. `age_over_NN` is accepted in each namespace that has ages. */
export const KNOWN_ELEMENTS: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, KnownElement>>>>>> = {
  // notes/japan.md §2.3 (multipaz MyNumberCard.kt, Apple PKIdentityNationalIDCardDescriptor)
  [MY_NUMBER_CARD_DOCTYPE]: {
    [JP_NAMESPACE]: {
      full_name_unicode: el('氏名', 'full name'),
      resident_address_unicode: el('住所', 'address'),
      local_gov_code_unicode: el('市町村コード', 'municipality code'),
      individual_number_unicode: el('個人番号', 'individual number (My Number)', true),
      portrait: el('顔写真', 'portrait', true),
      sex_unicode: el('性別', 'sex (text)'),
      birth_date_unicode: el('生年月日', 'date of birth (text)'),
    },
    [ISO_23220_NAMESPACE]: {
      sex: el('性別 (ISO/IEC 5218)', 'sex (ISO/IEC 5218)'),
      birth_date: el('生年月日', 'date of birth'),
      age_in_years: el('年齢', 'age in years'),
    },
  },
  // ISO/IEC 18013-5 §7.2.1, Table 5
  [MDL_DOCTYPE]: {
    [MDL_NAMESPACE]: {
      family_name: el('姓', 'family name'),
      given_name: el('名', 'given name'),
      birth_date: el('生年月日', 'date of birth'),
      issue_date: el('交付年月日', 'issue date'),
      expiry_date: el('有効期限', 'expiry date'),
      issuing_country: el('発行国', 'issuing country'),
      issuing_authority: el('発行機関', 'issuing authority'),
      document_number: el('免許証番号', 'licence number'),
      portrait: el('顔写真', 'portrait', true),
      driving_privileges: el('運転できる車両', 'driving privileges'),
      un_distinguishing_sign: el('国際識別記号', 'UN distinguishing sign'),
      administrative_number: el('管理番号', 'administrative number'),
      sex: el('性別', 'sex'),
      height: el('身長', 'height'),
      weight: el('体重', 'weight'),
      eye_colour: el('目の色', 'eye colour'),
      hair_colour: el('髪の色', 'hair colour'),
      birth_place: el('出生地', 'place of birth'),
      resident_address: el('住所', 'resident address'),
      portrait_capture_date: el('写真撮影日', 'portrait capture date'),
      age_in_years: el('年齢', 'age in years'),
      age_birth_year: el('生年', 'year of birth'),
      issuing_jurisdiction: el('発行地域', 'issuing jurisdiction'),
      nationality: el('国籍', 'nationality'),
      resident_city: el('居住市区町村', 'resident city'),
      resident_state: el('居住州', 'resident state'),
      resident_postal_code: el('郵便番号', 'resident postal code'),
      resident_country: el('居住国', 'resident country'),
      family_name_national_character: el('姓 (各国文字)', 'family name (national characters)'),
      given_name_national_character: el('名 (各国文字)', 'given name (national characters)'),
      signature_usual_mark: el('署名', 'signature or usual mark', true),
      biometric_template_face: el('生体テンプレート (顔)', 'biometric template (face)', true),
      biometric_template_finger: el('生体テンプレート (指紋)', 'biometric template (finger)', true),
      biometric_template_signature_sign: el('生体テンプレート (署名)', 'biometric template (signature)', true),
      biometric_template_iris: el('生体テンプレート (虹彩)', 'biometric template (iris)', true),
    },
  },
  // EUDI ARF, PID Rulebook (mdoc encoding); both the older and the current identifiers
  [EU_PID_DOCTYPE]: {
    [EU_PID_NAMESPACE]: {
      family_name: el('姓', 'family name'),
      given_name: el('名', 'given name'),
      birth_date: el('生年月日', 'date of birth'),
      age_in_years: el('年齢', 'age in years'),
      age_birth_year: el('生年', 'year of birth'),
      family_name_birth: el('出生時の姓', 'family name at birth'),
      given_name_birth: el('出生時の名', 'given name at birth'),
      place_of_birth: el('出生地', 'place of birth'),
      birth_place: el('出生地', 'place of birth'),
      birth_country: el('出生国', 'country of birth'),
      birth_state: el('出生州', 'state of birth'),
      birth_city: el('出生市区町村', 'city of birth'),
      nationality: el('国籍', 'nationality'),
      resident_address: el('住所', 'resident address'),
      resident_country: el('居住国', 'resident country'),
      resident_state: el('居住州', 'resident state'),
      resident_city: el('居住市区町村', 'resident city'),
      resident_postal_code: el('郵便番号', 'resident postal code'),
      resident_street: el('通り', 'resident street'),
      resident_house_number: el('番地', 'resident house number'),
      sex: el('性別', 'sex'),
      gender: el('性別', 'gender'),
      personal_administrative_number: el('行政上の個人番号', 'personal administrative number', true),
      portrait: el('顔写真', 'portrait', true),
      email_address: el('メールアドレス', 'email address'),
      mobile_phone_number: el('携帯電話番号', 'mobile phone number'),
      issuance_date: el('発行日', 'issuance date'),
      expiry_date: el('有効期限', 'expiry date'),
      issuing_authority: el('発行機関', 'issuing authority'),
      issuing_country: el('発行国', 'issuing country'),
      issuing_jurisdiction: el('発行地域', 'issuing jurisdiction'),
      document_number: el('文書番号', 'document number'),
      administrative_number: el('管理番号', 'administrative number'),
    },
  },
};

/** Namespaces in which `age_over_NN` is a known element. */
const AGE_NAMESPACES: Readonly<Record<string, string>> = {
  [MY_NUMBER_CARD_DOCTYPE]: ISO_23220_NAMESPACE,
  [MDL_DOCTYPE]: MDL_NAMESPACE,
  [EU_PID_DOCTYPE]: EU_PID_NAMESPACE,
};

/**
 * True when uketori has an element catalogue for `docType`.
 *
 * @example
 * ```ts
 * isKnownDocType('org.iso.18013.5.1.mDL'); // true
 * ```
 */
export function isKnownDocType(docType: string): boolean {
  return Object.hasOwn(KNOWN_ELEMENTS, docType);
}

/**
 * The catalogue entry of an element, or `undefined` when the docType is unknown or the element is
 * not in its catalogue.
 *
 * @example
 * ```ts
 * knownElement('org.iso.23220.1.jp.mnc', { namespace: 'org.iso.23220.1.jp', identifier: 'portrait' })?.sensitive; // true
 * ```
 */
export function knownElement(docType: string, ref: ElementRef): KnownElement | undefined {
  const byNs = KNOWN_ELEMENTS[docType];
  if (byNs === undefined) return undefined;
  const ns = Object.hasOwn(byNs, ref.namespace) ? byNs[ref.namespace] : undefined;
  if (ns !== undefined && Object.hasOwn(ns, ref.identifier)) return ns[ref.identifier];
  if (AGE_NAMESPACES[docType] === ref.namespace && AGE_OVER.test(ref.identifier)) {
    const n = ref.identifier.slice(-2);
    return el(`${Number(n)}歳以上`, `age over ${n}`);
  }
  return undefined;
}

/**
 * `namespace/identifier`: the compact element name used in audit records and reports.
 *
 * @example
 * ```ts
 * elementName({ namespace: 'org.iso.23220.1', identifier: 'age_over_20' }); // 'org.iso.23220.1/age_over_20'
 * ```
 */
export function elementName(ref: ElementRef): string {
  return `${ref.namespace}/${ref.identifier}`;
}

/** True when both refer to the same element. */
export function sameElement(a: ElementRef, b: ElementRef): boolean {
  return a.namespace === b.namespace && a.identifier === b.identifier;
}
