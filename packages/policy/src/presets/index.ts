/**
 * The built-in purposes.
 *
 * @module
 */

import type { PurposeDefinition } from '../purpose/types.js';
import { AGE_18_PLUS, AGE_20_PLUS, AGE_21_PLUS } from './age.js';
import { AML_KYC_JP, MOBILE_CONTRACT_JP, MYNUMBER_COLLECTION_JP, SECONDHAND_DEALER_JP } from './japan.js';

export { AGE_18_PLUS, AGE_20_PLUS, AGE_21_PLUS } from './age.js';
export { AML_KYC_JP, MOBILE_CONTRACT_JP, MYNUMBER_COLLECTION_JP, SECONDHAND_DEALER_JP } from './japan.js';

/** Ids of the built-in purposes. */
export type PresetPurposeId =
  | 'aml_kyc_jp'
  | 'mobile_contract_jp'
  | 'mynumber_collection_jp'
  | 'age_20_plus'
  | 'age_18_plus'
  | 'age_21_plus'
  | 'secondhand_dealer_jp';

/** The definitions of the built-in purposes, in documentation order. */
export const PRESET_DEFINITIONS: readonly PurposeDefinition[] = [
  AML_KYC_JP,
  MOBILE_CONTRACT_JP,
  MYNUMBER_COLLECTION_JP,
  AGE_20_PLUS,
  AGE_18_PLUS,
  AGE_21_PLUS,
  SECONDHAND_DEALER_JP,
];
