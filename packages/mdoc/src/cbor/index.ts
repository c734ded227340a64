export { decodeCbor, DEFAULT_CBOR_LIMITS, type CborDecodeOptions, type CborLimits } from './decode.js';
export { encodeCbor, encodeArrayOfEncoded, embedCbor } from './encode.js';
export { CborSimple, CborTag, EncodedCbor, FullDate, TDate, byteStringHeader } from './types.js';
