import { describe, expect, it, vi } from 'vitest';
import { createTrustStore } from '../../src/trust/store.js';
import { NOW, makeCa, makeCrl, makeDs } from './helpers/pki.js';
import { caught } from './helpers/vectors.js';

const opts = { now: NOW, clockSkewSeconds: 0 };

describe('once CRLs are configured, revocation is required by default (fail closed, ISO 18013-5 §9.3.3)', () => {
  it('supplied CRLs, none from the DS issuer: ERR_DS_REVOCATION naming the issuer', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const err = await caught(createTrustStore({ anchors: [iaca.der], crl: { crls: [await makeCrl(await makeCa())] } }).validateDocumentSigner([ds.der], opts));
    expect(err.code).toBe('ERR_DS_REVOCATION');
    expect(err.message).toContain('no CRL source is configured for');
  });

  it('a fetcher but no URL to fetch (no distribution point, no anchor crlUrl): ERR_DS_REVOCATION', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const fetch = vi.fn(async () => new Uint8Array());
    expect((await caught(createTrustStore({ anchors: [iaca.der], crl: { fetch } }).validateDocumentSigner([ds.der], opts))).code).toBe('ERR_DS_REVOCATION');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('an empty CRL list is configuration too: ERR_DS_REVOCATION', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    expect((await caught(createTrustStore({ anchors: [iaca.der], crl: { crls: [] } }).validateDocumentSigner([ds.der], opts))).code).toBe('ERR_DS_REVOCATION');
  });

  it('without the crl option nothing changes: revocation is "not-checked"', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    expect((await createTrustStore({ anchors: [iaca.der] }).validateDocumentSigner([ds.der], opts)).revocation).toBe('not-checked');
  });

  it('"required" must be a boolean', async () => {
    const iaca = await makeCa();
    const err = await caught(() => createTrustStore({ anchors: [iaca.der], crl: { crls: [], required: 'no' as never } }));
    expect(err.code).toBe('ERR_INVALID_ARG_TYPE');
  });
});

describe('required: false reports what was checked', () => {
  async function intermediatePath() {
    const iaca = await makeCa();
    const intermediate = await makeCa({ issuer: iaca, curve: 'P-256' });
    const ds = await makeDs(intermediate);
    return { iaca, intermediate, ds, chain: [ds.der, intermediate.der] };
  }

  it('"partial" when the intermediate CA was checked and the DS had no CRL', async () => {
    const { iaca, chain } = await intermediatePath();
    const crls = [await makeCrl(iaca)];
    expect((await createTrustStore({ anchors: [iaca.der], crl: { crls, required: false } }).validateDocumentSigner(chain, opts)).revocation).toBe('partial');
    // Required (the default), the unchecked DS fails.
    expect((await caught(createTrustStore({ anchors: [iaca.der], crl: { crls } }).validateDocumentSigner(chain, opts))).code).toBe('ERR_DS_REVOCATION');
  });

  it('"good" only when every certificate on the path was checked, "not-checked" when none was', async () => {
    const { iaca, intermediate, chain } = await intermediatePath();
    const all = [await makeCrl(iaca), await makeCrl(intermediate)];
    expect((await createTrustStore({ anchors: [iaca.der], crl: { crls: all, required: false } }).validateDocumentSigner(chain, opts)).revocation).toBe('good');
    const none = [await makeCrl(await makeCa())];
    expect((await createTrustStore({ anchors: [iaca.der], crl: { crls: none, required: false } }).validateDocumentSigner(chain, opts)).revocation).toBe('not-checked');
  });

  it('a revoked DS still fails', async () => {
    const iaca = await makeCa();
    const ds = await makeDs(iaca);
    const crls = [await makeCrl(iaca, { revoked: [ds.cert.serialNumber] })];
    expect((await caught(createTrustStore({ anchors: [iaca.der], crl: { crls, required: false } }).validateDocumentSigner([ds.der], opts))).code).toBe(
      'ERR_DS_REVOCATION',
    );
  });
});
