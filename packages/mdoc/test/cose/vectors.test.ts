import { createECDH, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/codes.js';
import {
  coseKeyToPublicKey,
  coseX5Chain,
  decodeCbor,
  encodeCbor,
  macCoseMac0,
  parseCoseMac0,
  parseCoseSign1,
  publicKeyToCoseKey,
  signCoseSign1,
  verifyCoseMac0,
  verifyCoseSign1,
} from '../../src/index.js';
import { vectorHex, vectorText } from '../helpers/vectors.js';


describe('COSE_Sign1 from public vectors', () => {
  // cose/isomdl_sign1_es256.hex: ES256 over "This is the content.", key from its private scalar.
  const sign1 = parseCoseSign1(decodeCbor(vectorHex('cose/isomdl_sign1_es256.hex')));
  const d = vectorText('cose/isomdl_sign1_es256_private_d.hex').trim();
  const coseKey = decodeCbor(vectorHex('cose/isomdl_cose_key_ec_p256.hex'));

  /** The public key of the vector's private scalar. */
  function vectorKey() {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(d, 'hex'));
    const point = ecdh.getPublicKey();
    const jwk = { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') };
    return createPublicKey({ key: jwk, format: 'jwk' });
  }

  it('verifies the ES256 vector with the key of its private scalar', () => {
    expect(Buffer.from(sign1.payload!).toString()).toBe('This is the content.');
    expect(verifyCoseSign1(sign1, vectorKey())).toBe(true);
  });

  it('imports the EC2 P-256 COSE_Key vector', () => {
    const imported = coseKeyToPublicKey(coseKey);
    expect(imported.curve).toBe('P-256');
    expect(imported.key.asymmetricKeyType).toBe('ec');
  });

  it('rejects the vector after a one-byte change to payload, signature or protected header', () => {
    const key = vectorKey();
    const payload = Uint8Array.from(sign1.payload!);
    payload[0]! ^= 1;
    expect(verifyCoseSign1({ ...sign1, payload }, key)).toBe(false);
    const signature = Uint8Array.from(sign1.signature);
    signature[10]! ^= 1;
    expect(verifyCoseSign1({ ...sign1, signature }, key)).toBe(false);
    // The same protected header in a non-preferred encoding: the bytes as received count.
    expect(Buffer.from(sign1.protectedBytes).toString('hex')).toBe('a10126');
    const longForm = Uint8Array.of(0xa1, 0x01, 0x38, 0x06); // alg -7 with a one-byte argument
    expect(verifyCoseSign1({ ...sign1, protectedBytes: longForm }, key)).toBe(false);
  });

  it('verifies the Annex D issuerAuth with the DS certificate in its x5chain', async () => {
    const issuerAuth = parseCoseSign1(decodeCbor(vectorHex('iso18013-5-annex-d/annexD_issuer_auth.hex')));
    const [ds] = coseX5Chain(issuerAuth);
    const { X509Certificate } = await import('node:crypto');
    expect(verifyCoseSign1(issuerAuth, new X509Certificate(ds!).publicKey)).toBe(true);
  });

  it('verifies the Annex D readerAuth over its detached ReaderAuthenticationBytes', async () => {
    const readerAuth = parseCoseSign1(decodeCbor(vectorHex('iso18013-5-annex-d/annexD_reader_auth.hex')));
    expect(readerAuth.payload).toBeNull();
    const { X509Certificate } = await import('node:crypto');
    const key = new X509Certificate(coseX5Chain(readerAuth)[0]!).publicKey;
    const detachedPayload = vectorHex('iso18013-5-annex-d/annexD_reader_authentication_bytes.hex');
    expect(verifyCoseSign1(readerAuth, key, { detachedPayload })).toBe(true);
    expect(codeOf(() => verifyCoseSign1(readerAuth, key))).toBe('ERR_COSE_STRUCTURE');
  });

  it('verifies the Annex D DeviceMac (HMAC 256/256) with EMacKey from the derived-keys vector', () => {
    const deviceAuth = decodeCbor(vectorHex('iso18013-5-annex-d/annexD_device_auth.hex')) as Map<string, unknown>;
    const mac0 = parseCoseMac0(deviceAuth.get('deviceMac'));
    const emac = new Uint8Array(Buffer.from('dc2b9566fdaaae3c06baa40993cd0451aeba15e7677ef5305f6531f3533c35dd', 'hex'));
    const detachedPayload = vectorHex('iso18013-5-annex-d/annexD_device_authentication_bytes.hex');
    expect(verifyCoseMac0(mac0, emac, { detachedPayload })).toBe(true);
    emac[0]! ^= 1;
    expect(verifyCoseMac0(mac0, emac, { detachedPayload })).toBe(false);
  });
});

describe('COSE signing and keys', () => {
  const curves = [
    ['ES256', 'P-256'],
    ['ES384', 'P-384'],
    ['ES512', 'P-521'],
  ] as const;
  it.each(curves)('signs and verifies %s with a %s key, attached and detached', (alg, namedCurve) => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
    const payload = encodeCbor('payload');
    const attached = parseCoseSign1(decodeCbor(encodeCbor(signCoseSign1({ payload }, privateKey, alg))));
    expect(verifyCoseSign1(attached, publicKey)).toBe(true);
    const detached = parseCoseSign1(decodeCbor(encodeCbor(signCoseSign1({ payload, detached: true }, privateKey, alg))));
    expect(verifyCoseSign1(detached, publicKey, { detachedPayload: payload })).toBe(true);
    // round trip through COSE_Key
    expect(verifyCoseSign1(attached, coseKeyToPublicKey(publicKeyToCoseKey(publicKey)).key)).toBe(true);
  });

  it.each([
    ['ES256', 'brainpoolP256r1'],
    ['ES384', 'brainpoolP384r1'],
    ['ES512', 'brainpoolP512r1'],
  ] as const)('signs and verifies %s with a %s key (r || s sized by the curve)', (alg, namedCurve) => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
    const msg = parseCoseSign1(decodeCbor(encodeCbor(signCoseSign1({ payload: Uint8Array.of(1) }, privateKey, alg))));
    const imported = coseKeyToPublicKey(publicKeyToCoseKey(publicKey));
    expect(imported.curve).toBe(namedCurve);
    expect(verifyCoseSign1(msg, imported.key)).toBe(true);
  });

  it('signs and verifies EdDSA with an Ed25519 key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const msg = parseCoseSign1(decodeCbor(encodeCbor(signCoseSign1({ payload: Uint8Array.of(1) }, privateKey, 'EdDSA'))));
    expect(verifyCoseSign1(msg, coseKeyToPublicKey(publicKeyToCoseKey(publicKey)).key)).toBe(true);
  });

  it('refuses an algorithm that does not fit the key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const msg = parseCoseSign1(signCoseSign1({ payload: Uint8Array.of(1) }, privateKey, 'ES256'));
    expect(codeOf(() => verifyCoseSign1(msg, publicKey))).toBe('ERR_COSE_KEY');
  });

  it('accepts x5chain as one byte string or an array, in either header', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const a = Uint8Array.of(1);
    const b = Uint8Array.of(2);
    const one = parseCoseSign1(signCoseSign1({ payload: a, unprotectedHeaders: new Map([[33, a]]) }, privateKey, 'ES256'));
    expect(coseX5Chain(one)).toEqual([a]);
    const many = parseCoseSign1(decodeCbor(encodeCbor(signCoseSign1({ payload: a, protectedHeaders: new Map([[33, [a, b]]]) }, privateKey, 'ES256'))));
    expect(coseX5Chain(many)).toEqual([a, b]);
    const none = parseCoseSign1(signCoseSign1({ payload: a }, privateKey, 'ES256'));
    expect(codeOf(() => coseX5Chain(none))).toBe('ERR_COSE_X5CHAIN');
  });

  it('rejects structural problems with coded errors', () => {
    expect(codeOf(() => parseCoseSign1([1, 2, 3]))).toBe('ERR_COSE_STRUCTURE');
    expect(codeOf(() => parseCoseSign1([new Uint8Array(0), new Map(), null]))).toBe('ERR_COSE_STRUCTURE');
    // unknown critical header
    const crit = encodeCbor(new Map<number, unknown>([[1, -7], [2, [99]]]));
    expect(codeOf(() => parseCoseSign1([crit, new Map(), null, new Uint8Array(64)]))).toBe('ERR_COSE_STRUCTURE');
    // a label both protected and unprotected
    const alg = encodeCbor(new Map([[1, -7]]));
    expect(codeOf(() => parseCoseSign1([alg, new Map([[1, -7]]), null, new Uint8Array(64)]))).toBe('ERR_COSE_STRUCTURE');
    expect(codeOf(() => coseKeyToPublicKey(new Map([[1, 2], [-1, 1], [-2, new Uint8Array(31)], [-3, new Uint8Array(32)]])))).toBe('ERR_COSE_KEY');
    expect(codeOf(() => coseKeyToPublicKey(new Map([[1, 2], [-1, 1], [-2, new Uint8Array(32)], [-3, new Uint8Array(32)]])))).toBe('ERR_COSE_KEY');
  });

  it('computes and checks a COSE_Mac0', () => {
    const key = new Uint8Array(32).fill(7);
    const mac = parseCoseMac0(decodeCbor(encodeCbor(macCoseMac0({ payload: Uint8Array.of(1, 2), detached: true }, key))));
    expect(verifyCoseMac0(mac, key, { detachedPayload: Uint8Array.of(1, 2) })).toBe(true);
    expect(verifyCoseMac0(mac, key, { detachedPayload: Uint8Array.of(1, 3) })).toBe(false);
  });
});
