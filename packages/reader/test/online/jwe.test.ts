/**
 * The response JWE (ECDH-ES + A128GCM/A256GCM) and the request object signature, implemented on
 * node:crypto for the hot path: checked against RFC 7518 Appendix C, against jose as the
 * independent implementation in both directions, and against hostile headers.
 */
import { createCipheriv, createECDH, createHash, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, CompactEncrypt, compactDecrypt, compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '@uketori/mdoc';
import { answerOid4vp } from '@uketori/test-sender';
import { createOid4vpRequest, signRequestObject } from '../../src/index.js';
import { decryptResponse, generateResponseKey, jwkThumbprint, publicJwk, type ResponseEncryption } from '../../src/online/jwe.js';
import type { PrivateEcJwk } from '../../src/online/state.js';
import { codeOf, fixtures, kyc, NOW, RP_HOST } from './setup.js';

/** RFC 7518 §4.6.2 Concat KDF, for hand-made hostile JWEs only (the SDK decrypts with jose). */
function concatKdf(z: Uint8Array, enc: ResponseEncryption, apu: Uint8Array = new Uint8Array(0), apv: Uint8Array = new Uint8Array(0)): Uint8Array {
  const keyBytes = enc === 'A128GCM' ? 16 : 32;
  const prefixed = (bytes: Uint8Array): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length, 0);
    return Buffer.concat([length, bytes]);
  };
  const suppPubInfo = Buffer.alloc(4);
  suppPubInfo.writeUInt32BE(keyBytes * 8, 0);
  const digest = createHash('sha256').update(Uint8Array.of(0, 0, 0, 1)).update(z).update(prefixed(Buffer.from(enc, 'ascii'))).update(prefixed(apu)).update(prefixed(apv)).update(suppPubInfo).digest();
  return new Uint8Array(digest.subarray(0, keyBytes));
}

const b64 = (text: string): string => Buffer.from(text).toString('base64url');

/** A JWE made by hand, so that headers jose would refuse to produce can be sent. */
function handMade(key: PrivateEcJwk, options: { header?: Record<string, unknown>; enc?: ResponseEncryption; encryptedKey?: string; iv?: Buffer; epk?: unknown; payload?: unknown } = {}): string {
  const enc = options.enc ?? 'A128GCM';
  const eph = createECDH('prime256v1');
  const point = eph.generateKeys();
  const epk = 'epk' in options ? options.epk : { kty: 'EC', crv: 'P-256', x: base64urlEncode(point.subarray(1, 33)), y: base64urlEncode(point.subarray(33)) };
  const header = b64(JSON.stringify({ alg: 'ECDH-ES', enc, epk, ...options.header }));
  const z = eph.computeSecret(Buffer.concat([Uint8Array.of(4), base64urlDecode(key.x), base64urlDecode(key.y)]));
  const cek = concatKdf(z, enc);
  const iv = options.iv ?? randomBytes(12);
  const cipher = createCipheriv(enc === 'A128GCM' ? 'aes-128-gcm' : 'aes-256-gcm', cek, iv);
  cipher.setAAD(Buffer.from(header, 'ascii'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(options.payload ?? { vp_token: {}, state: 's' })), cipher.final()]);
  return [header, options.encryptedKey ?? '', iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

async function joseMade(key: PrivateEcJwk, enc: ResponseEncryption, extra: { kid?: string; apu?: Uint8Array; apv?: Uint8Array } = {}): Promise<string> {
  const jwe = new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ vp_token: { a: ['b'] }, state: 'xyz' }))).setProtectedHeader({
    alg: 'ECDH-ES',
    enc,
    ...(extra.kid === undefined ? {} : { kid: extra.kid }),
  });
  if (extra.apu !== undefined || extra.apv !== undefined) jwe.setKeyManagementParameters({ ...(extra.apu ? { apu: extra.apu } : {}), ...(extra.apv ? { apv: extra.apv } : {}) });
  return jwe.encrypt(await importJWK({ kty: 'EC', crv: 'P-256', x: key.x, y: key.y }, 'ECDH-ES'));
}

const BOTH: ResponseEncryption[] = ['A128GCM', 'A256GCM'];

describe('the per-request response key', () => {
  it('the hand-made JWE helper derives the RFC 7518 Appendix C key (so its hostile JWEs are otherwise well-formed)', () => {
    const bob = createECDH('prime256v1');
    bob.setPrivateKey(Buffer.from('VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw', 'base64url'));
    const alice = Buffer.concat([Uint8Array.of(4), Buffer.from('gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0', 'base64url'), Buffer.from('SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps', 'base64url')]);
    expect(base64urlEncode(concatKdf(bob.computeSecret(alice), 'A128GCM', Buffer.from('Alice'), Buffer.from('Bob')))).toBe('VqqN6vgjbSBcIijNcacQGg');
  });

  it('generates full-length P-256 keys that node:crypto imports, with kid, alg and use', () => {
    for (let i = 0; i < 1000; i++) {
      const key = generateResponseKey();
      expect([base64urlDecode(key.d).length, base64urlDecode(key.x).length, base64urlDecode(key.y).length]).toEqual([32, 32, 32]);
      const imported = createPrivateKey({ key: { kty: 'EC', crv: 'P-256', x: key.x, y: key.y, d: key.d }, format: 'jwk' });
      expect(imported.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    }
    const key = generateResponseKey();
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ECDH-ES', use: 'enc' });
    expect(publicJwk(key)).not.toHaveProperty('d');
  });

  it('computes the RFC 7638 thumbprint jose computes', async () => {
    const key = generateResponseKey();
    expect(base64urlEncode(await jwkThumbprint(key))).toBe(await calculateJwkThumbprint({ kty: key.kty, crv: key.crv, x: key.x, y: key.y }, 'sha256'));
  });
});

describe('response JWE decryption', () => {
  for (const enc of BOTH) {
    it(`opens what jose encrypts (${enc}, with and without kid, apu and apv)`, async () => {
      const key = generateResponseKey();
      for (const extra of [{}, { kid: key.kid! }, { apu: new TextEncoder().encode('mdoc-nonce'), apv: new TextEncoder().encode('nonce') }]) {
        const { payload, header } = await decryptResponse(await joseMade(key, enc, extra), key, BOTH);
        expect(payload).toEqual({ vp_token: { a: ['b'] }, state: 'xyz' });
        expect(header).toMatchObject({ alg: 'ECDH-ES', enc });
      }
    });
  }

  it('refuses an enc that was not offered, even one it implements', async () => {
    const key = generateResponseKey();
    expect(await codeOf(decryptResponse(await joseMade(key, 'A256GCM'), key, ['A128GCM']))).toBe('ERR_ONLINE_ALGORITHM');
    expect(await codeOf(decryptResponse(handMade(key, { header: { enc: 'A192GCM' } }), key, BOTH))).toBe('ERR_ONLINE_ALGORITHM');
  });

  it.each([
    ['crit', { header: { crit: ['exp'], exp: 1 } }, 'ERR_ONLINE_ALGORITHM'],
    ['zip', { header: { zip: 'DEF' } }, 'ERR_ONLINE_ALGORITHM'],
    ['another kid', { header: { kid: 'someone-else' } }, 'ERR_ONLINE_KEY'],
    ['a non-empty encrypted key', { encryptedKey: 'AAAA' }, 'ERR_ONLINE_DECRYPT'],
    ['a short iv', { iv: randomBytes(8) }, 'ERR_ONLINE_DECRYPT'],
    ['an epk off the curve', { epk: { kty: 'EC', crv: 'P-256', x: base64urlEncode(new Uint8Array(32).fill(1)), y: base64urlEncode(new Uint8Array(32).fill(2)) } }, 'ERR_ONLINE_DECRYPT'],
    ['an epk of another curve', { epk: { kty: 'EC', crv: 'P-384', x: 'AA', y: 'AA' } }, 'ERR_ONLINE_DECRYPT'],
    ['an epk with short coordinates', { epk: { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' } }, 'ERR_ONLINE_DECRYPT'],
    ['no epk', { epk: null }, 'ERR_ONLINE_DECRYPT'],
    ['apu not base64url', { header: { apu: 'a+b/' } }, 'ERR_ONLINE_DECRYPT'],
  ])('refuses a JWE with %s → %s', async (_name, options, code) => {
    const key = generateResponseKey();
    expect(await codeOf(decryptResponse(handMade(key, options), key, BOTH))).toBe(code);
  });

  it('refuses a JWE whose protected header was changed (it is the AAD), or encrypted to another key', async () => {
    const key = generateResponseKey();
    const good = handMade(key);
    expect((await decryptResponse(good, key, BOTH)).payload).toEqual({ vp_token: {}, state: 's' });
    const [h, ...rest] = good.split('.');
    const changed = b64(JSON.stringify({ ...decodeProtectedHeader(good), extra: 1 }));
    expect(await codeOf(decryptResponse([changed, ...rest].join('.'), key, BOTH))).toBe('ERR_ONLINE_DECRYPT');
    expect(h).not.toBe(changed);
    expect(await codeOf(decryptResponse(good, generateResponseKey(), BOTH))).toBe('ERR_ONLINE_DECRYPT');
  });

  it('refuses with a stored key whose public part does not match its private part', async () => {
    const key = generateResponseKey();
    const other = generateResponseKey();
    expect(await codeOf(decryptResponse(handMade(key), { ...key, x: other.x }, BOTH))).toBe('ERR_ONLINE_DECRYPT');
    expect(await codeOf(decryptResponse(handMade(key), { ...key, d: 'AA' }, BOTH))).toBe('ERR_ONLINE_DECRYPT');
  });

  it('refuses a payload that is not a JSON object', async () => {
    const key = generateResponseKey();
    expect(await codeOf(decryptResponse(handMade(key, { payload: [1, 2] }), key, BOTH))).toBe('ERR_ONLINE_STRUCTURE');
  });
});

describe('request object signature', () => {
  for (const [name, curve] of [['ES256', 'prime256v1'], ['ES384', 'secp384r1'], ['ES512', 'secp521r1']] as const) {
    it(`jose verifies the ${name} request object with its typ and x5c`, async () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const chain = [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5)];
      const jwt = await signRequestObject({ client_id: 'x509_hash:abc', nonce: 'n', dcql_query: { credentials: [] } }, { privateKey, certificateChain: chain });
      const { payload, protectedHeader } = await compactVerify(jwt, await importJWK(publicKey.export({ format: 'jwk' }), name));
      expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ client_id: 'x509_hash:abc', nonce: 'n', dcql_query: { credentials: [] } });
      expect(protectedHeader).toEqual({ alg: name, typ: 'oauth-authz-req+jwt', x5c: ['AQID', 'BAU='] });
    });
  }

  it('jose verifies an EdDSA request object', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const jwt = await signRequestObject({ a: 1 }, { privateKey, certificateChain: [Uint8Array.of(1)] });
    const { protectedHeader } = await compactVerify(jwt, await importJWK(publicKey.export({ format: 'jwk' }), 'EdDSA'));
    expect(protectedHeader.alg).toBe('EdDSA');
  });
});

describe('the test wallet, checked against jose', () => {
  it('encrypts a response JWE that jose opens with the transaction key', async () => {
    const f = await fixtures();
    const { state, requestObject } = await createOid4vpRequest({ purpose: kyc, signer: f.signer, requestUri: `https://${RP_HOST}/q`, responseUri: `https://${RP_HOST}/r`, now: NOW });
    const { body } = await answerOid4vp({ requestObject, credentials: [f.card], now: NOW });
    const key = state.responseKey!;
    const { plaintext, protectedHeader } = await compactDecrypt(body['response']!, await importJWK({ kty: key.kty, crv: key.crv, x: key.x, y: key.y, d: key.d }, 'ECDH-ES'));
    expect(protectedHeader).toMatchObject({ alg: 'ECDH-ES', enc: 'A128GCM', kid: key.kid });
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toMatchObject({ state: state.state });
  });
});
