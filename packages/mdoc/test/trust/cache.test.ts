import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTrustStore } from '../../src/trust/store.js';
import { NOW, days, makeCa, makeCrl, makeDs } from './helpers/pki.js';
import { caught, vectorCertDer, vectorText } from './helpers/vectors.js';

const opts = { now: NOW, clockSkewSeconds: 0 };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('chain validation cache (per SHA-256 of the DER chain)', () => {
  it('a second validation of the same chain verifies no signature', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const trust = createTrustStore({ anchors: [iaca.der] });
    const verify = vi.spyOn(X509Certificate.prototype, 'verify');
    const first = await trust.validateDocumentSigner([ds.der], opts);
    const verifications = verify.mock.calls.length;
    expect(verifications).toBeGreaterThan(0);
    const second = await trust.validateDocumentSigner([new Uint8Array(ds.der)], { now: days(1), clockSkewSeconds: 0 });
    expect(verify.mock.calls.length).toBe(verifications);
    expect(second).toEqual(first);
  });

  it('a resolver is consulted only on a cache miss', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const resolver = vi.fn(async () => [iaca.pem]);
    const trust = createTrustStore({ anchors: resolver });
    await trust.validateDocumentSigner([ds.der], opts);
    await trust.validateDocumentSigner([ds.der], opts);
    expect(resolver).toHaveBeenCalledTimes(1);
    expect(resolver.mock.calls[0]![0]).toMatchObject({ subject: ds.name.split(', ').reverse().join(','), issuer: iaca.name.split(', ').reverse().join(',') });
  });

  it('a chain validated against a resolver is validated again after resolverCacheSeconds (default 300)', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    let answer: unknown[] = [iaca.pem];
    const resolver = vi.fn(async () => answer as never);
    const clock = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const trust = createTrustStore({ anchors: resolver });
    await trust.validateDocumentSigner([ds.der], opts);
    clock.mockReturnValue(1_000_000 + 299_000);
    await trust.validateDocumentSigner([ds.der], opts);
    expect(resolver).toHaveBeenCalledTimes(1);
    // The IACA was withdrawn from the resolver's source: after 300 s the cached chain no longer stands.
    answer = [];
    clock.mockReturnValue(1_000_000 + 300_001);
    expect((await caught(trust.validateDocumentSigner([ds.der], opts))).code).toBe('ERR_DS_CHAIN');
    expect(resolver).toHaveBeenCalledTimes(2);
  });

  it('resolverCacheSeconds is configurable and must be a non-negative number', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const resolver = vi.fn(async () => [iaca.pem]);
    const clock = vi.spyOn(Date, 'now').mockReturnValue(5_000);
    const trust = createTrustStore({ anchors: resolver, resolverCacheSeconds: 10 });
    await trust.validateDocumentSigner([ds.der], opts);
    clock.mockReturnValue(5_000 + 10_001);
    await trust.validateDocumentSigner([ds.der], opts);
    await trust.validateDocumentSigner([ds.der], opts);
    expect(resolver).toHaveBeenCalledTimes(2);
    expect((await caught(() => createTrustStore({ anchors: resolver, resolverCacheSeconds: -1 }))).code).toBe('ERR_INVALID_ARG_VALUE');
  });

  it('a static anchor list is not revalidated by wall-clock time', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const trust = createTrustStore({ anchors: [iaca.der] });
    const clock = vi.spyOn(Date, 'now').mockReturnValue(0);
    await trust.validateDocumentSigner([ds.der], opts);
    const verify = vi.spyOn(X509Certificate.prototype, 'verify');
    clock.mockReturnValue(365 * 86_400_000);
    await trust.validateDocumentSigner([ds.der], opts);
    expect(verify).not.toHaveBeenCalled();
  });

  it('the cached result still honours now: after the DS expires the same chain fails with ERR_DS_CHAIN', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { notAfter: days(10) });
    const trust = createTrustStore({ anchors: [iaca.der] });
    await trust.validateDocumentSigner([ds.der], opts);
    const err = await caught(trust.validateDocumentSigner([ds.der], { now: days(11), clockSkewSeconds: 0 }));
    expect(err.code).toBe('ERR_DS_CHAIN');
    expect(err.message).toContain('expired');
  });

  it('the cached result honours the IACA validity too (the window is the whole path)', async () => {
    const iaca = await makeCa({ notAfter: days(5) });
    const ds = await makeDs(iaca, { notAfter: days(100) });
    const trust = createTrustStore({ anchors: [iaca.der] });
    await trust.validateDocumentSigner([ds.der], opts);
    expect((await caught(trust.validateDocumentSigner([ds.der], { now: days(6), clockSkewSeconds: 0 }))).code).toBe('ERR_DS_CHAIN');
  });

  it('the cached result still applies the docType restriction', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const trust = createTrustStore({ anchors: [{ certificate: iaca.der, docTypes: ['org.iso.23220.1.jp.mnc'] }] });
    await trust.validateDocumentSigner([ds.der], { ...opts, docType: 'org.iso.23220.1.jp.mnc' });
    expect((await caught(trust.validateDocumentSigner([ds.der], { ...opts, docType: 'org.iso.18013.5.1.mDL' }))).code).toBe('ERR_DS_CHAIN');
  });

  it('is bounded: with cacheSize 1 a second chain evicts the first', async () => {
    const iaca = await makeCa();
    const [a, b] = [await makeDs(iaca), await makeDs(iaca)];
    const resolver = vi.fn(async () => [iaca.der]);
    const trust = createTrustStore({ anchors: resolver, cacheSize: 1 });
    await trust.validateDocumentSigner([a.der], opts);
    await trust.validateDocumentSigner([b.der], opts);
    await trust.validateDocumentSigner([b.der], opts);
    expect(resolver).toHaveBeenCalledTimes(2);
    await trust.validateDocumentSigner([a.der], opts);
    expect(resolver).toHaveBeenCalledTimes(3);
  });

  it('clearCache forgets validated chains', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const resolver = vi.fn(async () => [iaca.der]);
    const trust = createTrustStore({ anchors: resolver });
    await trust.validateDocumentSigner([ds.der], opts);
    trust.clearCache();
    await trust.validateDocumentSigner([ds.der], opts);
    expect(resolver).toHaveBeenCalledTimes(2);
  });

  it('a failed validation is not cached', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    let answer: unknown[] = [];
    const trust = createTrustStore({ anchors: async () => answer as never });
    expect((await caught(trust.validateDocumentSigner([ds.der], opts))).code).toBe('ERR_DS_CHAIN');
    answer = [iaca.der];
    await expect(trust.validateDocumentSigner([ds.der], opts)).resolves.toBeDefined();
  });

  it('reuses the revocation result until the CRL nextUpdate, then checks again', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca, { crlUrl: 'https://crl.example.test/a.crl' });
    const good = await makeCrl(iaca, { nextUpdate: days(7) });
    const revoked = await makeCrl(iaca, { thisUpdate: days(7), nextUpdate: days(14), revoked: [ds.cert.serialNumber] });
    let served = good;
    const fetch = vi.fn(async () => served);
    const trust = createTrustStore({ anchors: [iaca.der], crl: { fetch, maxAgeSeconds: 30 * 86_400 } });
    expect((await trust.validateDocumentSigner([ds.der], opts)).revocation).toBe('good');
    expect((await trust.validateDocumentSigner([ds.der], { now: days(6), clockSkewSeconds: 0 })).revocation).toBe('good');
    expect(fetch).toHaveBeenCalledTimes(1);
    served = revoked;
    const err = await caught(trust.validateDocumentSigner([ds.der], { now: days(8), clockSkewSeconds: 0 }));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('the cached path costs microseconds (Annex D chain, 5000 lookups)', async () => {
    const trust = createTrustStore({ anchors: [vectorText('iso18013-5-annex-d/annexD_iaca.pem')] });
    const chain = [vectorCertDer('iso18013-5-annex-d/annexD_ds_cert.pem')];
    const now = { now: new Date('2021-01-01T00:00:00Z'), clockSkewSeconds: 300 };
    await trust.validateDocumentSigner(chain, now);
    for (let i = 0; i < 500; i++) await trust.validateDocumentSigner(chain, now); // warm up
    const n = 5000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await trust.validateDocumentSigner(chain, now);
    const perCallUs = Number(process.hrtime.bigint() - start) / n / 1000;
    // Typically 2-5 µs; the bound is loose so that a loaded CI machine does not flake.
    expect(perCallUs).toBeLessThan(50);
  });
});
