import { describe, expect, it, vi } from 'vitest';
import { parseCrl } from '../../src/trust/crl.js';
import { createTrustStore } from '../../src/trust/store.js';
import { NOW, days, deltaCrlExtension, idpExtension, makeCa, makeCrl, makeDs, type IdpOptions } from './helpers/pki.js';
import { caught } from './helpers/vectors.js';

const opts = { now: NOW, clockSkewSeconds: 0 };
const PART_A = 'https://crl.example.test/part-a.crl';
const PART_B = 'https://crl.example.test/part-b.crl';

describe("partitioned CRLs: the issuingDistributionPoint must name the certificate's distribution point (RFC 5280 §6.3.3 (b)(2)(i))", () => {
  it('reads the IDP distributionPoint fullName URIs', async () => {
    const iaca = await makeCa();
    const crl = parseCrl(await makeCrl(iaca, { extensions: [idpExtension({ uris: [PART_A] })] }));
    expect(crl.distributionPoint).toEqual([PART_A]);
    expect(parseCrl(await makeCrl(iaca)).distributionPoint).toBeUndefined();
    const relative = parseCrl(await makeCrl(iaca, { extensions: [idpExtension({ relativeName: 'part-a' })] }));
    expect(relative.distributionPoint).toEqual([]); // names a partition uketori cannot compare: covers nothing
  });

  it("a newer CRL of another partition does not hide the older CRL of the DS's own partition", async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: PART_A });
    const own = await makeCrl(iaca, { thisUpdate: days(-3), revoked: [ds.cert.serialNumber], extensions: [idpExtension({ uris: [PART_A] })] });
    const other = await makeCrl(iaca, { thisUpdate: days(-1), extensions: [idpExtension({ uris: [PART_B] })] });
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { crls: [own, other] } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('is revoked by');
  });

  it("only another partition's CRL is the same as no CRL: ERR_DS_REVOCATION, or not-checked when not required", async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: PART_A });
    const crls = [await makeCrl(iaca, { extensions: [idpExtension({ uris: [PART_B] })] })];
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { crls } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('cover other certificates');
    const lenient = createTrustStore({ anchors: [iaca.der], crl: { crls, required: false } });
    expect((await lenient.validateDocumentSigner([ds.der], opts)).revocation).toBe('not-checked');
  });

  it('a DS without a CRL distribution point is not covered by a partitioned CRL', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const crls = [await makeCrl(iaca, { extensions: [idpExtension({ uris: [PART_A] })] })];
    expect((await caught(createTrustStore({ anchors: [iaca.der], crl: { crls } }).validateDocumentSigner([ds.der], opts))).code).toBe('ERR_DS_REVOCATION');
  });

  it("the DS's own partition applies; scheme and host compare without case (RFC 5280 §7.4)", async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: PART_A });
    const crls = [await makeCrl(iaca, { extensions: [idpExtension({ uris: ['HTTPS://CRL.Example.TEST/part-a.crl'] })] })];
    expect((await createTrustStore({ anchors: [iaca.der], crl: { crls } }).validateDocumentSigner([ds.der], opts)).revocation).toBe('good');
    const otherPath = [await makeCrl(iaca, { extensions: [idpExtension({ uris: ['https://crl.example.test/PART-A.crl'] })] })];
    expect((await caught(createTrustStore({ anchors: [iaca.der], crl: { crls: otherPath } }).validateDocumentSigner([ds.der], opts))).code).toBe(
      'ERR_DS_REVOCATION',
    );
  });

  it('a fetched CRL of another partition fails closed', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: PART_A });
    const wrong = await makeCrl(iaca, { extensions: [idpExtension({ uris: [PART_B] })] });
    const fetch = vi.fn(async () => wrong);
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { fetch } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('does not cover');
  });
});

describe('CRLs that cover certain kinds of certificates only (RFC 5280 §6.3.3 (b)(2)(ii)-(iv))', () => {
  async function pathWith(iacaIdp: IdpOptions) {
    const iaca = await makeCa();
    const intermediate = await makeCa({ issuer: iaca, curve: 'P-256' });
    const ds = await makeDs(intermediate);
    const crls = [await makeCrl(iaca, { extensions: [idpExtension(iacaIdp)] }), await makeCrl(intermediate)];
    return { trust: createTrustStore({ anchors: [iaca.der], crl: { crls } }), chain: [ds.der, intermediate.der] };
  }

  it('an IACA CRL for CA certificates only covers the intermediate CA', async () => {
    const { trust, chain } = await pathWith({ onlyCa: true });
    expect((await trust.validateDocumentSigner(chain, opts)).revocation).toBe('good');
  });

  it('an IACA CRL for end-entity certificates only does not cover the intermediate CA', async () => {
    const { trust, chain } = await pathWith({ onlyUser: true });
    expect((await caught(trust.validateDocumentSigner(chain, opts))).code).toBe('ERR_DS_REVOCATION');
  });

  it('a CRL for CA certificates only does not cover a DS, nor one for attribute certificates', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    for (const idp of [{ onlyCa: true }, { onlyAttribute: true }]) {
      const crls = [await makeCrl(iaca, { extensions: [idpExtension(idp)] })];
      expect((await caught(createTrustStore({ anchors: [iaca.der], crl: { crls } }).validateDocumentSigner([ds.der], opts))).code).toBe('ERR_DS_REVOCATION');
      const lenient = createTrustStore({ anchors: [iaca.der], crl: { crls, required: false } });
      expect((await lenient.validateDocumentSigner([ds.der], opts)).revocation).toBe('not-checked');
    }
  });

  it('an indirect or delta CRL that covers the DS is refused even when CRLs are not required', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    for (const [extension, reason] of [
      [idpExtension({ indirect: true }), 'indirect'],
      [deltaCrlExtension(), 'delta'],
    ] as const) {
      const crls = [await makeCrl(iaca, { extensions: [extension] })];
      const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { crls, required: false } }).validateDocumentSigner([ds.der], opts));
      expect(err.code).toBe('ERR_DS_REVOCATION');
      expect(err.message).toContain(reason);
    }
  });

  it('a delta CRL beside a full CRL does not decide: the full CRL does', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const crls = [await makeCrl(iaca, { thisUpdate: days(-2) }), await makeCrl(iaca, { thisUpdate: days(-1), extensions: [deltaCrlExtension()] })];
    expect((await createTrustStore({ anchors: [iaca.der], crl: { crls } }).validateDocumentSigner([ds.der], opts)).revocation).toBe('good');
  });
});
