import { describe, expect, it, vi } from 'vitest';
import { TrustError } from '../../src/errors.js';
import { httpCrlFetcher } from '../../src/trust/crl-fetch.js';
import { createTrustStore } from '../../src/trust/store.js';
import { KU, NOW, crlPem, days, makeCa, makeCrl, makeDs } from './helpers/pki.js';
import { caught } from './helpers/vectors.js';

const opts = { now: NOW, clockSkewSeconds: 0 };
const DS_CRL_URL = 'https://crl.example.test/ds.crl';
const IACA_CRL_URL = 'https://crl.example.test/iaca.crl';

/** A fetcher serving fixed bytes per URL, counting calls. */
function fetcherOf(table: Record<string, Uint8Array>) {
  return vi.fn(async (url: string) => {
    const bytes = table[url];
    if (bytes === undefined) throw new Error(`404 ${url}`);
    return bytes;
  });
}

describe('revocation by a CRL supplied up front (ISO 18013-5 Annex B.1.5, RFC 5280 §6.3)', () => {
  it('a DS on the IACA CRL fails with ERR_DS_REVOCATION', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { serialNumber: '00c0ffee' });
    const crl = await makeCrl(iaca, { revoked: ['c0ffee'] });
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { crls: [crl] } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain(`is revoked by`);
  });

  it('a DS not on the CRL is reported as revocation "good"', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const crl = await makeCrl(iaca, { revoked: ['0bad'] });
    const info = await createTrustStore({ anchors: [iaca.der], crl: { crls: [crlPem(crl)] } }).validateDocumentSigner([ds.der], opts);
    expect(info.revocation).toBe('good');
  });

  it('a CRL naming the IACA but signed by another key fails closed with ERR_DS_REVOCATION', async () => {
    const iaca = await makeCa();
    const other = await makeCa({ curve: 'P-256' });
    const ds = await makeDs(iaca);
    const forged = await makeCrl(iaca, { signer: other });
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { crls: [forged] } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('invalid signature');
  });

  it('an expired CRL (nextUpdate before now - skew) fails closed with ERR_DS_REVOCATION', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const crl = await makeCrl(iaca, { thisUpdate: days(-10), nextUpdate: days(-1) });
    const trust = createTrustStore({ anchors: [iaca.der], crl: { crls: [crl] } });
    const err = await caught(trust.validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('expired');
    // ... but within the clock skew it is still current.
    await expect(trust.validateDocumentSigner([ds.der], { now: NOW, clockSkewSeconds: 2 * 86_400 })).resolves.toMatchObject({ revocation: 'good' });
  });

  it('a CRL without nextUpdate fails closed with ERR_DS_REVOCATION', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const crl = await makeCrl(iaca, { nextUpdate: null });
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { crls: [crl] } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
  });

  it('a revoked intermediate CA fails with ERR_DS_REVOCATION', async () => {
    const iaca = await makeCa();
    const intermediate = await makeCa({ issuer: iaca, curve: 'P-256' });
    const ds = await makeDs(intermediate);
    const crls = [await makeCrl(iaca, { revoked: [intermediate.cert.serialNumber] }), await makeCrl(intermediate)];
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { crls } }).validateDocumentSigner([ds.der, intermediate.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain(`certificate ${intermediate.name.split(', ').reverse().join(',')} is revoked`);
  });

  it('an issuer with no CRL source fails with ERR_DS_REVOCATION, or is "not-checked" when CRLs are explicitly not required', async () => {
    const iaca = await makeCa();
    const unrelated = await makeCa();
    const ds = await makeDs(iaca);
    const crls = [await makeCrl(unrelated)];
    const strict = createTrustStore({ anchors: [iaca.der], crl: { crls } });
    expect((await caught(strict.validateDocumentSigner([ds.der], opts))).code).toBe('ERR_DS_REVOCATION');
    const lenient = createTrustStore({ anchors: [iaca.der], crl: { crls, required: false } });
    expect((await lenient.validateDocumentSigner([ds.der], opts)).revocation).toBe('not-checked');
  });

  it('a CRL from an IACA whose keyUsage lacks cRLSign fails closed with ERR_DS_REVOCATION', async () => {
    const iaca = await makeCa({ keyUsage: KU.keyCertSign });
    const ds = await makeDs(iaca);
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { crls: [await makeCrl(iaca)] } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('cRLSign');
  });

  it('a supplied CRL that is not a CRL is refused when the trust store is created (ERR_CRL_PARSE)', async () => {
    const iaca = await makeCa();
    const err = await caught(() => createTrustStore({ anchors: [iaca.der], crl: { crls: [iaca.der] } }));
    expect(err).toBeInstanceOf(TrustError);
    expect(err.code).toBe('ERR_CRL_PARSE');
  });
});

describe('revocation by a fetched CRL', () => {
  it('fetches the CRL named by the DS distribution point; a revoked DS fails with ERR_DS_REVOCATION', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: DS_CRL_URL });
    const fetch = fetcherOf({ [DS_CRL_URL]: await makeCrl(iaca, { revoked: [ds.cert.serialNumber] }) });
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { fetch } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(fetch).toHaveBeenCalledWith(DS_CRL_URL);
  });

  it("falls back to the root IACA's own distribution point when the DS names none", async () => {
    const iaca = await makeCa({ crlUrl: IACA_CRL_URL });
    const ds = await makeDs(iaca);
    const fetch = fetcherOf({ [IACA_CRL_URL]: await makeCrl(iaca) });
    const info = await createTrustStore({ anchors: [iaca.der], crl: { fetch } }).validateDocumentSigner([ds.der], opts);
    expect(info.revocation).toBe('good');
    expect(fetch).toHaveBeenCalledWith(IACA_CRL_URL);
  });

  it("uses an anchor's configured crlUrl (as the jp-jlis-mnc set carries)", async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const fetch = fetcherOf({ [IACA_CRL_URL]: await makeCrl(iaca, { revoked: [ds.cert.serialNumber] }) });
    const trust = createTrustStore({ anchors: [{ certificate: iaca.der, crlUrl: IACA_CRL_URL }], crl: { fetch } });
    expect((await caught(trust.validateDocumentSigner([ds.der], opts))).code).toBe('ERR_DS_REVOCATION');
  });

  it('a fetch failure fails closed with ERR_DS_REVOCATION saying the CRL is unavailable', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: DS_CRL_URL });
    const fetch = vi.fn(async () => {
      throw new Error('ECONNRESET');
    });
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { fetch } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('unavailable');
    expect((err.cause as Error).message).toBe('ECONNRESET');
  });

  it('a fetched body that is not a CRL fails closed as unavailable', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: DS_CRL_URL });
    const fetch = fetcherOf({ [DS_CRL_URL]: new TextEncoder().encode('<html>maintenance</html>') });
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { fetch } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('unavailable');
  });

  it('a fetched CRL signed by another key fails closed with ERR_DS_REVOCATION', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: DS_CRL_URL });
    const fetch = fetcherOf({ [DS_CRL_URL]: await makeCrl(iaca, { signer: await makeCa() }) });
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { fetch } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('not signed by');
  });

  it('an expired fetched CRL fails closed with ERR_DS_REVOCATION', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: DS_CRL_URL });
    const fetch = fetcherOf({ [DS_CRL_URL]: await makeCrl(iaca, { thisUpdate: days(-20), nextUpdate: days(-10) }) });
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { fetch } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('expired');
  });

  it('a fetcher returning PEM text works', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: DS_CRL_URL });
    const fetch = fetcherOf({ [DS_CRL_URL]: new TextEncoder().encode(crlPem(await makeCrl(iaca))) });
    expect((await createTrustStore({ anchors: [iaca.der], crl: { fetch } }).validateDocumentSigner([ds.der], opts)).revocation).toBe('good');
  });

  it('caches a fetched CRL until its nextUpdate: other DS of the same IACA reuse it, later ones refetch', async () => {
    const iaca = await makeCa();
    const [a, b] = [await makeDs(iaca, { crlUrl: DS_CRL_URL }), await makeDs(iaca, { crlUrl: DS_CRL_URL })];
    const fetch = fetcherOf({ [DS_CRL_URL]: await makeCrl(iaca, { nextUpdate: days(7) }) });
    const trust = createTrustStore({ anchors: [iaca.der], crl: { fetch, maxAgeSeconds: 30 * 86_400 } });
    await trust.validateDocumentSigner([a.der], opts);
    await trust.validateDocumentSigner([b.der], { now: days(3), clockSkewSeconds: 0 });
    expect(fetch).toHaveBeenCalledTimes(1);
    // Past nextUpdate the cached CRL is stale; the same (now expired) CRL is fetched again and refused.
    const err = await caught(trust.validateDocumentSigner([b.der], { now: days(8), clockSkewSeconds: 0 }));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('refetches after maxAgeSeconds even when nextUpdate is later', async () => {
    const iaca = await makeCa();
    const [a, b] = [await makeDs(iaca, { crlUrl: DS_CRL_URL }), await makeDs(iaca, { crlUrl: DS_CRL_URL })];
    const fetch = fetcherOf({ [DS_CRL_URL]: await makeCrl(iaca, { nextUpdate: days(30) }) });
    const trust = createTrustStore({ anchors: [iaca.der], crl: { fetch, maxAgeSeconds: 3600 } });
    await trust.validateDocumentSigner([a.der], opts);
    await trust.validateDocumentSigner([b.der], { now: days(1), clockSkewSeconds: 0 });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('concurrent validations share one download', async () => {
    const iaca = await makeCa();
    const dss = await Promise.all([1, 2, 3].map(() => makeDs(iaca, { crlUrl: DS_CRL_URL })));
    const fetch = fetcherOf({ [DS_CRL_URL]: await makeCrl(iaca) });
    const trust = createTrustStore({ anchors: [iaca.der], crl: { fetch } });
    await Promise.all(dss.map((ds) => trust.validateDocumentSigner([ds.der], opts)));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a supplied CRL takes precedence; an expired one is replaced by fetching', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: DS_CRL_URL });
    const fetch = fetcherOf({ [DS_CRL_URL]: await makeCrl(iaca, { thisUpdate: days(1), nextUpdate: days(20) }) });
    const stale = await makeCrl(iaca, { thisUpdate: days(-10), nextUpdate: days(-1) });
    const fresh = await makeCrl(iaca);
    await createTrustStore({ anchors: [iaca.der], crl: { crls: [fresh], fetch } }).validateDocumentSigner([ds.der], opts);
    expect(fetch).not.toHaveBeenCalled();
    const info = await createTrustStore({ anchors: [iaca.der], crl: { crls: [stale], fetch } }).validateDocumentSigner([ds.der], opts);
    expect(info.revocation).toBe('good');
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('httpCrlFetcher', () => {
  const respond = (body: Uint8Array | string, init: ResponseInit = {}) => vi.fn(async () => new Response(body, init));

  it('downloads the CRL bytes, which the trust store then uses', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: DS_CRL_URL });
    const http = respond(await makeCrl(iaca, { revoked: [ds.cert.serialNumber] }));
    const trust = createTrustStore({ anchors: [iaca.der], crl: { fetch: httpCrlFetcher({ fetch: http as unknown as typeof fetch }) } });
    expect((await caught(trust.validateDocumentSigner([ds.der], opts))).code).toBe('ERR_DS_REVOCATION');
    expect(http.mock.calls[0]![0]).toBe(DS_CRL_URL);
  });

  it('rejects a non-2xx answer, an oversized body and a non-http(s) URL', async () => {
    await expect(httpCrlFetcher({ fetch: respond('gone', { status: 404 }) as unknown as typeof fetch })(DS_CRL_URL)).rejects.toThrow('HTTP 404');
    await expect(httpCrlFetcher({ fetch: respond(new Uint8Array(2048)) as unknown as typeof fetch, maxBytes: 1024 })(DS_CRL_URL)).rejects.toThrow(RangeError);
    await expect(httpCrlFetcher({ fetch: respond('x') as unknown as typeof fetch })('ldap://example.test/crl')).rejects.toThrow(TypeError);
  });
});
