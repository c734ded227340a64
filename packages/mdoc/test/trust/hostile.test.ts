import { describe, expect, it } from 'vitest';
import { UketoriError } from '../../src/errors.js';
import { DerError, readRoot, readTime } from '../../src/trust/der.js';
import { parseCrl } from '../../src/trust/crl.js';
import { createTrustStore } from '../../src/trust/store.js';
import { loadVical } from '../../src/trust/vical.js';
import { makeCa, makeCrl } from './helpers/pki.js';
import { vectorCertDer, vectorHex, vectorText } from './helpers/vectors.js';

const DS = () => vectorCertDer('iso18013-5-annex-d/annexD_ds_cert.pem');
const opts = { now: new Date('2021-01-01T00:00:00Z'), clockSkewSeconds: 0 };

/** Runs `fn`; returns 'ok' or the error code; fails the test on an uncoded error. */
async function outcome(fn: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await fn();
    return 'ok';
  } catch (err) {
    if (!(err instanceof UketoriError)) throw new Error(`uncoded error: ${String(err)}`, { cause: err });
    return err.code;
  }
}

describe('hostile certificates in an x5chain', () => {
  it('every single-byte mutation of the DS certificate is rejected with a coded DS error', async () => {
    const trust = createTrustStore({ anchors: [vectorText('iso18013-5-annex-d/annexD_iaca.pem')], cacheSize: 0 });
    const original = DS();
    const codes = new Set<string>();
    for (let i = 0; i < original.length; i++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const bytes = new Uint8Array(original);
        bytes[i]! ^= flip;
        codes.add(await outcome(() => trust.validateDocumentSigner([bytes], opts)));
      }
    }
    expect([...codes].sort()).toEqual(['ERR_DS_CHAIN']);
  });

  it('every truncation of the DS certificate is a coded ERR_DS_CHAIN', async () => {
    const trust = createTrustStore({ anchors: [vectorText('iso18013-5-annex-d/annexD_iaca.pem')] });
    const original = DS();
    for (let n = 0; n < original.length; n++) {
      expect(await outcome(() => trust.validateDocumentSigner([original.subarray(0, n)], opts))).toBe('ERR_DS_CHAIN');
    }
  });

  it('an over-long x5chain is refused without parsing it', async () => {
    const trust = createTrustStore({ anchors: [vectorText('iso18013-5-annex-d/annexD_iaca.pem')] });
    expect(await outcome(() => trust.validateDocumentSigner(new Array(9).fill(DS()), opts))).toBe('ERR_DS_CHAIN');
  });
});

describe('hostile CRLs', () => {
  it('every single-byte mutation of a CRL is parsed or refused with ERR_CRL_PARSE at trust store creation', async () => {
    const iaca = await makeCa({ curve: 'P-256' });
    const crl = await makeCrl(iaca, { revoked: ['0a0b', '0c0d'] });
    for (let i = 0; i < crl.length; i++) {
      const bytes = new Uint8Array(crl);
      bytes[i]! ^= 0x55;
      const code = await outcome(() => createTrustStore({ anchors: [iaca.der], crl: { crls: [bytes] } }));
      expect(['ok', 'ERR_CRL_PARSE']).toContain(code);
    }
  });
});

describe('hostile VICALs', () => {
  it('mutations of the VICAL header and signer certificate are coded VICAL errors', async () => {
    const original = vectorHex('vical/aamva_vical_2025-11-18.cbor.hex');
    const anchors = [vectorText('vical/aamva_dts_root_ca.pem')];
    // The first 1 100 bytes hold the COSE structure, the protected header and the signer certificate.
    for (let i = 0; i < 1100; i += 3) {
      const bytes = new Uint8Array(original);
      bytes[i]! ^= 0x21;
      const code = await outcome(() => loadVical(bytes, { anchors, now: new Date('2025-12-01T00:00:00Z') }));
      expect(['ok', 'ERR_VICAL_STRUCTURE', 'ERR_VICAL_CHAIN', 'ERR_VICAL_SIGNATURE']).toContain(code);
    }
  });
});

describe('DER reader (X.690 DER only)', () => {
  const refuses = (hex: string) => expect(() => readRoot(new Uint8Array(Buffer.from(hex, 'hex')))).toThrow(DerError);

  it('refuses indefinite, non-minimal, oversized and overrunning lengths, high tags and trailing bytes', () => {
    refuses('3080'); // indefinite length
    refuses('30810100'); // length 1 in long form
    refuses('3085ffffffffff'); // five length octets
    refuses('3005020100'); // runs past the input
    refuses('1f2200'); // high tag number
    refuses('020100ff'); // trailing byte
  });

  it('reads UTCTime with the RFC 5280 century rule and refuses impossible dates', () => {
    const time = (text: string, tag = 0x17) => {
      const body = Buffer.from(text, 'latin1');
      const buf = new Uint8Array([tag, body.length, ...body]);
      return readTime(buf, readRoot(buf));
    };
    expect(time('491231235959Z').toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(time('500101000000Z').toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(time('20300528022303Z', 0x18).toISOString()).toBe('2030-05-28T02:23:03.000Z');
    expect(() => time('210230000000Z')).toThrow(DerError);
    // GeneralizedTime years are literal (RFC 5280 §4.1.2.5.2): 0050 is not 1950, 0099 is not 1999.
    expect(time('00500101000000Z', 0x18).toISOString()).toBe('0050-01-01T00:00:00.000Z');
    expect(time('00991231235959Z', 0x18).toISOString()).toBe('0099-12-31T23:59:59.000Z');
    expect(time('19491231235959Z', 0x18).toISOString()).toBe('1949-12-31T23:59:59.000Z');
    expect(() => time('00000229000000Z', 0x18)).not.toThrow(); // year 0 is a leap year
    expect(() => time('01000229000000Z', 0x18)).toThrow(DerError); // year 100 is not
    expect(() => time('211231246000Z')).toThrow(DerError);
    expect(() => time('2112312359Z')).toThrow(DerError);
  });

  it('parseCrl refuses a certificate handed to it as a CRL', () => {
    expect(() => parseCrl(DS())).toThrow(DerError);
  });
});
