/**
 * The published JSON Schema (draft 2020-12) of a purpose definition. The package ships the same
 * schema as `@uketori/policy/purpose.schema.json` (a test keeps the file in sync with this
 * object). Rules JSON Schema cannot say — unique docTypes, known elements, the individual number
 * only with a My Number legal basis, scopes backed by elements — are checked by the loader.
 *
 * @module
 */

/** `$id` of the purpose schema. */
export const PURPOSE_SCHEMA_ID = 'https://uketori.dev/schema/purpose-1.json';

/** The fields of a citation of law; a legal basis adds its effective dates. */
const citationProperties = {
  law: { $ref: '#/$defs/localized' },
  lawId: { type: 'string', pattern: '^[0-9A-Z]{10,20}$' },
  article: { $ref: '#/$defs/localized' },
  url: { type: 'string', pattern: '^https://' },
} as const;

const localized = {
  type: 'object',
  additionalProperties: false,
  required: ['ja', 'en'],
  properties: {
    ja: { type: 'string', minLength: 1, maxLength: 2000 },
    en: { type: 'string', minLength: 1, maxLength: 2000 },
  },
} as const;

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const token = { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$' } as const;

/**
 * The purpose JSON Schema, as a plain object.
 *
 * @example
 * ```ts
 * import { PURPOSE_SCHEMA } from '@uketori/policy';
 * // or the file: import schema from '@uketori/policy/purpose.schema.json' with { type: 'json' };
 * ```
 */
export const PURPOSE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: PURPOSE_SCHEMA_ID,
  title: 'uketori purpose',
  description:
    'A purpose for receiving mdoc data: the elements it may request per docType, the ones it must receive, what may be retained and for how long, and its legal basis.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'userText', 'legalBasis', 'documents'],
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z][a-z0-9_]{1,63}$' },
    name: { $ref: '#/$defs/localized' },
    userText: { $ref: '#/$defs/localized' },
    status: { enum: ['available', 'not_permitted'] },
    notPermitted: {
      type: 'object',
      additionalProperties: false,
      required: ['reason', 'alternative'],
      properties: { reason: { $ref: '#/$defs/localized' }, alternative: { $ref: '#/$defs/localized' } },
    },
    legalBasis: { type: 'array', maxItems: 16, items: { $ref: '#/$defs/legalBasis' } },
    documents: { type: 'array', maxItems: 16, items: { $ref: '#/$defs/document' } },
    retention: {
      type: 'object',
      maxProperties: 16,
      propertyNames: { pattern: '^[a-z][a-z0-9_]{0,63}$' },
      additionalProperties: { $ref: '#/$defs/retention' },
    },
    oidc: {
      type: 'object',
      additionalProperties: false,
      required: ['scopes'],
      properties: {
        scopes: {
          type: 'array',
          uniqueItems: true,
          minItems: 1,
          contains: { const: 'openid' },
          items: { enum: ['openid', 'name', 'address', 'birthdate', 'gender'] },
        },
        legalBasis: {
          description: 'The provision a login over the デジタル認証アプリ rests on, when it is not the one of the card-substitute record (the JPKI method of 犯収法施行規則 6条1項1号 for aml_kyc_jp). Absent: the OIDC channel cites none.',
          type: 'array',
          maxItems: 16,
          items: { $ref: '#/$defs/legalBasis' },
        },
      },
    },
    notes: { $ref: '#/$defs/localized' },
  },
  allOf: [
    {
      if: { type: 'object', required: ['status'], properties: { status: { const: 'not_permitted' } } },
      then: { type: 'object', required: ['notPermitted'], properties: { notPermitted: true, documents: { type: 'array', maxItems: 0 }, oidc: false } },
      else: {
        type: 'object',
        properties: { notPermitted: false },
        // No credential elements only for authentication over the デジタル認証アプリ (scope openid alone).
        anyOf: [
          { properties: { documents: { type: 'array', minItems: 1 } } },
          { required: ['oidc'], properties: { oidc: { type: 'object', properties: { scopes: { type: 'array', maxItems: 1 } } } } },
        ],
      },
    },
  ],
  $defs: {
    localized,
    citation: {
      type: 'object',
      additionalProperties: false,
      required: ['law', 'article'],
      properties: citationProperties,
    },
    legalBasis: {
      type: 'object',
      additionalProperties: false,
      required: ['law', 'article'],
      properties: {
        ...citationProperties,
        effectiveFrom: date,
        effectiveUntil: date,
        checked: date,
      },
    },
    retention: {
      type: 'object',
      additionalProperties: false,
      required: ['period', 'from'],
      properties: {
        period: { type: 'string', pattern: '^P(?=\\d)(\\d{1,3}Y)?(\\d{1,3}M)?(\\d{1,4}D)?$' },
        from: { enum: ['verification', 'relationship_end'] },
        basis: { $ref: '#/$defs/citation' },
        note: { $ref: '#/$defs/localized' },
      },
    },
    document: {
      type: 'object',
      additionalProperties: false,
      required: ['docType', 'elements'],
      properties: {
        docType: token,
        elements: { type: 'array', minItems: 1, maxItems: 128, items: { $ref: '#/$defs/element' } },
      },
    },
    element: {
      type: 'object',
      additionalProperties: false,
      required: ['namespace', 'identifier'],
      properties: {
        namespace: token,
        identifier: { type: 'string', pattern: '^[A-Za-z0-9_]{1,128}$' },
        required: { anyOf: [{ type: 'boolean' }, { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' }] },
        retain: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' },
        sensitive: { type: 'boolean' },
      },
    },
  },
} as const;
