export { HeaderLabel, HMAC_256_256, signatureAlgorithm, algorithmId, type SignatureAlgorithm } from './algorithms.js';
export { NODE_EC_CURVE_NAMES, coseKeyToPublicKey, coseKeyToJwk, publicKeyToCoseKey, keyCurve, CoseKeyLabel, CoseKty, type ImportedPublicKey } from './key.js';
export {
  parseCoseSign1,
  parseCoseMac0,
  coseHeader,
  coseX5Chain,
  coseSign1Algorithm,
  verifyCoseSign1,
  verifyCoseMac0,
  signCoseSign1,
  macCoseMac0,
  type CoseMessage,
  type CoseHeaders,
  type CoseVerifyOptions,
  type CoseCreateInput,
  type CoseArray,
} from './sign1.js';
