// @animo-id/mdoc 0.5.2 adapter.
//
// @animo-id/mdoc ships no crypto: the caller passes an `MdocContext`. The one below is built on
// node:crypto only (no pure-JS crypto), so @animo-id/mdoc is measured with the fastest crypto
// Node has:
// - x509: node:crypto `X509Certificate` (parse, chain signatures, validity, issuer fields);
// - cose.sign1.verify: `crypto.verify` with an imported JWK (ieee-p1363 signatures);
// - cose.mac0.verify: HMAC-SHA-256 + `timingSafeEqual`;
// - crypto.calculateEphemeralMacKeyJwk: ECDH (`createECDH`) + `hkdfSync` (ISO/IEC 18013-5 §9.1.3.5);
// - crypto.digest: `createHash`.
// The verification time is passed as `now` to `verifyDeviceResponse` (MSO validity) and, because
// `validateCertificateChain` receives no time, closed over by the context's chain validation.
// Nothing is cached between verifications: every run parses the certificates again, as the
// library's context interface hands them over as DER each time.

import {
  X509Certificate,
  createECDH,
  createHash,
  createHmac,
  createPublicKey,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
  verify as cryptoVerify,
} from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const id = 'animo';

export async function load() {
  const mod = await import('@animo-id/mdoc');
  const version = require('@animo-id/mdoc/package.json').version;
  return { name: `@animo-id/mdoc ${version}`, mod };
}

const DIGEST = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const SIG_HASH = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: null };
const MAC_HASH = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };
const CURVE = { 32: 'prime256v1', 48: 'secp384r1', 66: 'secp521r1' };

/** Splits node's newline-separated DN ("C=US\nCN=x") into the values of one attribute. */
function dnField(dn, field) {
  return dn
    .split('\n')
    .filter((line) => line.startsWith(`${field}=`))
    .map((line) => line.slice(field.length + 1));
}

function validAt(cert, now) {
  return new Date(cert.validFrom) <= now && now <= new Date(cert.validTo);
}

/** An MdocContext on node:crypto; `now` is the verification time used for certificate validity. */
export function createNodeMdocContext({ now } = {}) {
  const at = () => now ?? new Date();
  return {
    crypto: {
      random: (length) => new Uint8Array(randomBytes(length)),
      digest: ({ digestAlgorithm, bytes }) => {
        const alg = DIGEST[digestAlgorithm];
        if (!alg) throw new Error(`unsupported digest ${digestAlgorithm}`);
        return new Uint8Array(createHash(alg).update(bytes).digest());
      },
      calculateEphemeralMacKeyJwk: ({ privateKey, publicKey, sessionTranscriptBytes }) => {
        // privateKey: the raw scalar d; publicKey: the uncompressed point 0x04 || x || y.
        const curve = CURVE[privateKey.length];
        if (!curve) throw new Error(`unsupported private key length ${privateKey.length}`);
        const ecdh = createECDH(curve);
        ecdh.setPrivateKey(privateKey);
        const z = ecdh.computeSecret(publicKey);
        const salt = createHash('sha256').update(sessionTranscriptBytes).digest();
        const key = Buffer.from(hkdfSync('sha256', z, salt, 'EMacKey', 32));
        return { kty: 'oct', k: key.toString('base64url'), alg: 'HS256' };
      },
    },
    cose: {
      sign1: {
        sign: () => {
          throw new Error('not used by the verifier');
        },
        verify: ({ sign1, jwk, options }) => {
          const { alg, signature, data } = sign1.getRawVerificationData(options);
          if (!(alg in SIG_HASH)) throw new Error(`unsupported alg ${alg}`);
          const key = createPublicKey({ key: jwk, format: 'jwk' });
          return cryptoVerify(SIG_HASH[alg], data, { key, dsaEncoding: 'ieee-p1363' }, signature);
        },
      },
      mac0: {
        sign: () => {
          throw new Error('not used by the verifier');
        },
        verify: ({ mac0, jwk, options }) => {
          const { alg, signature, data } = mac0.getRawVerificationData(options);
          const hash = MAC_HASH[alg];
          if (!hash) throw new Error(`unsupported MAC alg ${alg}`);
          const tag = createHmac(hash, Buffer.from(jwk.k, 'base64url')).update(data).digest();
          return tag.length === signature.length && timingSafeEqual(tag, signature);
        },
      },
    },
    x509: {
      getIssuerNameField: ({ certificate, field }) => dnField(new X509Certificate(certificate).issuer, field),
      getPublicKey: ({ certificate, alg }) => {
        const jwk = new X509Certificate(certificate).publicKey.export({ format: 'jwk' });
        return alg ? { ...jwk, alg } : jwk;
      },
      validateCertificateChain: ({ trustedCertificates, x5chain }) => {
        const time = at();
        const chain = x5chain.map((der) => new X509Certificate(der));
        for (let i = 0; i < chain.length; i++) {
          const cert = chain[i];
          if (!validAt(cert, time)) throw new Error(`certificate ${i} (${cert.subject.replace(/\n/g, ', ')}) not valid at ${time.toISOString()}`);
          const issuer = chain[i + 1];
          if (issuer && !(cert.checkIssued(issuer) && cert.verify(issuer.publicKey))) {
            throw new Error(`certificate ${i} is not signed by certificate ${i + 1}`);
          }
        }
        const last = chain[chain.length - 1];
        const anchor = trustedCertificates
          .map((der) => new X509Certificate(der))
          .find((ca) => ca.ca && last.checkIssued(ca) && last.verify(ca.publicKey));
        if (!anchor) throw new Error('chain does not end at a trusted certificate');
        if (!validAt(anchor, time)) throw new Error(`trust anchor not valid at ${time.toISOString()}`);
      },
      getCertificateData: ({ certificate }) => {
        const cert = new X509Certificate(certificate);
        return {
          issuerName: cert.issuer.split('\n').join(', '),
          subjectName: cert.subject.split('\n').join(', '),
          serialNumber: cert.serialNumber,
          thumbprint: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
          notBefore: new Date(cert.validFrom),
          notAfter: new Date(cert.validTo),
          pem: cert.toString(),
        };
      },
    },
  };
}

export function prepare({ mod }, fx) {
  const verifier = new mod.Verifier();
  const ctx = createNodeMdocContext({ now: fx.now });
  return {
    async run() {
      let checks = 0;
      const failed = [];
      try {
        await verifier.verifyDeviceResponse(
          {
            encodedDeviceResponse: fx.deviceResponse,
            encodedSessionTranscript: fx.sessionTranscriptBytes,
            ephemeralReaderKey: fx.readerKeyJwk,
            trustedCertificates: fx.trustAnchorsDer,
            now: fx.now,
            onCheck: (c) => {
              checks++;
              if (c.status === 'FAILED') failed.push({ id: c.check, reason: c.reason });
            },
          },
          ctx,
        );
      } catch (err) {
        return { ok: false, fullWork: false, checks, failed, error: `${err.name}: ${err.message}` };
      }
      return { ok: failed.length === 0, fullWork: true, checks, failed };
    },
  };
}
