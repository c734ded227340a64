// Reference rows, not a library: the node:crypto work that any verifier must do for the case, with
// every input extracted beforehand. No CBOR decoding, no structure checks, no key import.
//
//   node:crypto floor              issuerAuth signature (ECDSA) + one digest per disclosed element +
//                                  device authentication: for a DeviceMac, ECDH with a fresh context
//                                  + SHA-256(SessionTranscriptBytes) + HKDF + HMAC; for a
//                                  DeviceSignature, importing the MSO device key (JWK → KeyObject:
//                                  it differs per holder, so no verifier can cache it) and one ECDSA
//                                  verification
//   node:crypto floor (+ DS chain)  the same, plus parsing the DS certificate (DER) and verifying
//                                  its signature with the IACA key (what a verifier without a chain
//                                  cache also pays)
//
// @uketori/mdoc's decoder is used only to extract the inputs, once, before timing. Each crypto
// result is checked, so a floor row that does not verify is reported as failed.

import { X509Certificate, createECDH, createPublicKey, createHash, createHmac, hkdfSync, timingSafeEqual, verify as cryptoVerify } from 'node:crypto';

const HASH = { [-7]: 'sha256', [-35]: 'sha384', [-36]: 'sha512' };
const CURVE = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };
const DIGEST = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

async function load() {
  const mod = await import('@uketori/mdoc');
  for (const n of ['decodeCbor', 'encodeCbor', 'parseCoseSign1', 'parseCoseMac0', 'coseX5Chain', 'coseKeyToPublicKey', 'deviceAuthenticationBytes']) {
    if (typeof mod[n] !== 'function') throw new Error(`@uketori/mdoc does not export ${n} (needed to extract the floor's inputs)`);
  }
  return mod;
}

/** Extracts, once, everything the floor's crypto needs from the fixture's bytes. */
function extract(m, fx) {
  const response = m.decodeCbor(fx.deviceResponse);
  const doc = response.get('documents')[0];
  const issuerSigned = doc.get('issuerSigned');
  const deviceSigned = doc.get('deviceSigned');
  const issuerAuth = m.parseCoseSign1(issuerSigned.get('issuerAuth'));
  const [dsDer] = m.coseX5Chain(issuerAuth);
  const ds = new X509Certificate(dsDer);
  const iaca = new X509Certificate(fx.trustAnchorsDer[0]);
  const mso = issuerAuth.payload instanceof Uint8Array ? m.decodeCbor(issuerAuth.payload) : undefined;
  const msoMap = mso?.decode ? mso.decode() : mso;
  const digestAlg = DIGEST[msoMap.get('digestAlgorithm')];
  const valueDigests = msoMap.get('valueDigests');
  const items = [];
  for (const [ns, list] of issuerSigned.get('nameSpaces')) {
    for (const item of list) {
      items.push({ bytes: item.bytesWithTag(), expected: valueDigests.get(ns).get(item.decode().get('digestID')) });
    }
  }
  const signature1 = (msg, payload) => m.encodeCbor(['Signature1', msg.protectedBytes, new Uint8Array(0), payload]);
  const issuer = {
    hash: HASH[issuerAuth.protectedHeaders.get(1)],
    data: signature1(issuerAuth, issuerAuth.payload),
    signature: issuerAuth.signature,
    key: ds.publicKey,
  };
  const deviceKey = m.coseKeyToPublicKey(msoMap.get('deviceKeyInfo').get('deviceKey'));
  const payload = m.deviceAuthenticationBytes(fx.sessionTranscript, doc.get('docType'), deviceSigned.get('nameSpaces'));
  const auth = deviceSigned.get('deviceAuth');
  let device;
  if (auth.has('deviceMac')) {
    const mac = m.parseCoseMac0(auth.get('deviceMac'));
    device = {
      mode: 'mac',
      curve: CURVE[deviceKey.curve],
      d: Buffer.from(fx.readerKeyJwk.d, 'base64url'),
      point: deviceKey.key.export({ format: 'jwk' }),
      data: m.encodeCbor(['MAC0', mac.protectedBytes, new Uint8Array(0), payload]),
      tag: mac.signature,
    };
    device.point = Buffer.concat([Buffer.from([4]), Buffer.from(device.point.x, 'base64url'), Buffer.from(device.point.y, 'base64url')]);
  } else {
    const sig = m.parseCoseSign1(auth.get('deviceSignature'));
    device = {
      mode: 'signature',
      hash: HASH[sig.protectedHeaders.get(1)],
      data: signature1(sig, payload),
      signature: sig.signature,
      jwk: deviceKey.key.export({ format: 'jwk' }),
    };
  }
  return { dsDer, iacaKey: iaca.publicKey, digestAlg, items, issuer, device };
}

function floorRun(x, fx, withChain) {
  let ok = true;
  if (withChain) ok = new X509Certificate(x.dsDer).verify(x.iacaKey) && ok;
  ok = cryptoVerify(x.issuer.hash, x.issuer.data, { key: x.issuer.key, dsaEncoding: 'ieee-p1363' }, x.issuer.signature) && ok;
  for (const item of x.items) {
    ok = timingSafeEqual(createHash(x.digestAlg).update(item.bytes).digest(), item.expected) && ok;
  }
  const d = x.device;
  if (d.mode === 'mac') {
    const ecdh = createECDH(d.curve);
    ecdh.setPrivateKey(d.d);
    const z = ecdh.computeSecret(d.point);
    const salt = createHash('sha256').update(fx.sessionTranscriptBytes).digest();
    const key = Buffer.from(hkdfSync('sha256', z, salt, 'EMacKey', 32));
    ok = timingSafeEqual(createHmac('sha256', key).update(d.data).digest(), d.tag) && ok;
  } else {
    const key = createPublicKey({ key: d.jwk, format: 'jwk' });
    ok = cryptoVerify(d.hash, d.data, { key, dsaEncoding: 'ieee-p1363' }, d.signature) && ok;
  }
  return ok;
}

function adapter(id, name, withChain) {
  return {
    id,
    reference: true,
    async load() {
      return { name, mod: await load() };
    },
    prepare({ mod }, fx) {
      const x = extract(mod, fx);
      return {
        async run() {
          const ok = floorRun(x, fx, withChain);
          return { ok, fullWork: true, checks: 1, failed: ok ? [] : [{ id: 'CRYPTO', reason: 'a floor operation did not verify' }] };
        },
      };
    },
  };
}

export const floor = adapter('floor', 'node:crypto floor', false);
export const floorChain = adapter('floor-chain', 'node:crypto floor (+ DS chain)', true);
