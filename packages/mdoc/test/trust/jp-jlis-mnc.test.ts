import { X509Certificate, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TrustError } from '../../src/errors.js';
import { ANCHOR_SETS, anchorSets, loadAnchorSet, type AnchorSet } from '../../src/trust/anchor-set.js';
import { loadCertificates } from '../../src/trust/load.js';
import { createTrustStore } from '../../src/trust/store.js';
import { makeCa, makeDs } from './helpers/pki.js';
import { caught, packageText } from './helpers/vectors.js';

// Facts from notes/japan.md §2.4 (decoded from the universal-verify/trust-list copy of the J-LIS certificate).
const FINGERPRINT = '6e8a3108609316961d142426ce842b7927fd281755317056e1574eb9ede80a0e';
const SKI = 'ad7eef98c6d0cfe4246fcde167bc573b83d124a0';
const CRL_URL = 'https://dts.mdoc-iaca.digital.go.jp/certificate/latest/mnc.crl';
const SUBJECT = 'C=JP,O=Japan Agency for Local Authority Information Systems,CN=mncmdocRootCA';

describe('bundled J-LIS anchor set "jp-jlis-mnc"', () => {
  it('loads, and its certificate matches the pinned SHA-256 fingerprint and the documented facts', () => {
    const [cert, ...rest] = loadAnchorSet(anchorSets.jpJlisMnc);
    expect(rest).toHaveLength(0);
    expect(cert!.fingerprint).toBe(FINGERPRINT);
    expect(cert!.keyIdentifier).toBe(SKI);
    expect(cert!.authorityKeyId).toBe(SKI);
    expect(cert!.subject).toBe(SUBJECT);
    expect(cert!.issuer).toBe(SUBJECT);
    expect(new Date(cert!.notBefore).toISOString()).toBe('2025-01-29T02:23:04.000Z');
    expect(new Date(cert!.notAfter).toISOString()).toBe('2030-05-28T02:23:03.000Z');
    expect(cert!.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    expect(cert!.basicConstraints).toEqual({ ca: true, pathLength: 0 });
    expect(cert!.crlUrls).toEqual([CRL_URL]);
    expect(cert!.x509.verify(cert!.publicKey)).toBe(true); // self-signed
  });

  it('is the same object under ANCHOR_SETS["jp-jlis-mnc"], with the IACA CRL URL and the mnc docType', () => {
    const set = ANCHOR_SETS['jp-jlis-mnc'];
    expect(set).toBe(anchorSets.jpJlisMnc);
    expect(set.name).toBe('jp-jlis-mnc');
    expect(set.crlUrl).toBe(CRL_URL);
    expect(set.docTypes).toEqual(['org.iso.23220.1.jp.mnc']);
  });

  it('anchors/jp-jlis-mnc.pem holds the same certificate as the embedded constant', () => {
    const [fromFile] = loadCertificates(packageText('anchors/jp-jlis-mnc.pem'));
    expect(createHash('sha256').update(fromFile!).digest('hex')).toBe(FINGERPRINT);
    expect(new X509Certificate(fromFile!).fingerprint256.replace(/:/g, '').toLowerCase()).toBe(FINGERPRINT);
  });

  it('opting in makes a trust store whose anchor is reported as the jp-jlis-mnc set', async () => {
    // No real J-LIS document signer is public; a forged one under the same name must fail.
    const trust = createTrustStore({ anchors: [anchorSets.jpJlisMnc] });
    const forgedIaca = await makeCa({ name: 'CN=mncmdocRootCA, O=Japan Agency for Local Authority Information Systems, C=JP' });
    const forgedDs = await makeDs(forgedIaca);
    const err = await caught(trust.validateDocumentSigner([forgedDs.der, forgedIaca.der], { now: new Date('2026-01-01T00:00:00Z'), clockSkewSeconds: 0 }));
    expect(err.code).toBe('ERR_DS_CHAIN');
  });
});

describe('fingerprint pinning of anchor sets', () => {
  it('refuses a set whose certificate does not match its pin (ERR_ANCHOR_PIN), at load and in createTrustStore', async () => {
    const impostor = await makeCa({ name: 'CN=mncmdocRootCA, O=Japan Agency for Local Authority Information Systems, C=JP' });
    const altered: AnchorSet = { ...anchorSets.jpJlisMnc, certificates: [impostor.pem] };
    const err = await caught(() => loadAnchorSet(altered));
    expect(err).toBeInstanceOf(TrustError);
    expect(err.code).toBe('ERR_ANCHOR_PIN');
    expect((await caught(() => createTrustStore({ anchors: [altered] }))).code).toBe('ERR_ANCHOR_PIN');
  });

  it('accepts a generated set whose pin matches, with colons and upper case', async () => {
    const ca = await makeCa();
    const fp = createHash('sha256').update(ca.der).digest('hex').toUpperCase().match(/../g)!.join(':');
    const set: AnchorSet = { name: 'test-set', description: 'test', certificates: [ca.pem], sha256Fingerprints: [fp] };
    const ds = await makeDs(ca);
    const info = await createTrustStore({ anchors: [set] }).validateDocumentSigner([ds.der], { now: new Date('2025-06-01T00:00:00Z'), clockSkewSeconds: 0 });
    expect(info.iaca.anchorSet).toBe('test-set');
  });

  it('refuses a set with a pin that no certificate matches', async () => {
    const extraPin: AnchorSet = { ...anchorSets.jpJlisMnc, sha256Fingerprints: [...anchorSets.jpJlisMnc.sha256Fingerprints, '00'.repeat(32)] };
    expect((await caught(() => loadAnchorSet(extraPin))).code).toBe('ERR_ANCHOR_PIN');
  });
});
