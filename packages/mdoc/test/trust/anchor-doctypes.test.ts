import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anchorSets, type AnchorSet } from '../../src/trust/anchor-set.js';
import { toTrustAnchors, type AnchorInput } from '../../src/trust/anchors.js';
import { createTrustStore } from '../../src/trust/store.js';
import { NOW, makeCa, makeDs } from './helpers/pki.js';
import { caught } from './helpers/vectors.js';

const MNC = 'org.iso.23220.1.jp.mnc';
const MDL = 'org.iso.18013.5.1.mDL';
const opts = { now: NOW, clockSkewSeconds: 0 };

describe('the same IACA given restricted and unrestricted keeps its docType restriction (ISO 18013-5 Annex C)', () => {
  it('anchorSets.jpJlisMnc plus the same certificate as plain PEM stays pinned to the mnc docType, in either order', () => {
    const pem = anchorSets.jpJlisMnc.certificates[0]!;
    for (const inputs of [[anchorSets.jpJlisMnc, pem], [pem, anchorSets.jpJlisMnc]] as AnchorInput[][]) {
      const [anchor, ...rest] = toTrustAnchors(inputs);
      expect(rest).toHaveLength(0);
      expect([...anchor!.docTypes!]).toEqual([MNC]);
      expect(anchor!.anchorSet).toBe('jp-jlis-mnc');
    }
  });

  it('a DS of a restricted set given again as DER is refused for another docType (ERR_DS_CHAIN)', async () => {
    const iaca = await makeCa();
    const set: AnchorSet = {
      name: 'test-set',
      description: 'test',
      certificates: [iaca.pem],
      sha256Fingerprints: [createHash('sha256').update(iaca.der).digest('hex')],
      docTypes: [MNC],
    };
    const ds = await makeDs(iaca);
    for (const anchors of [[set, iaca.der], [iaca.der, set]] as AnchorInput[][]) {
      const trust = createTrustStore({ anchors });
      expect((await trust.validateDocumentSigner([ds.der], { ...opts, docType: MNC })).iaca.anchorSet).toBe('test-set');
      expect((await caught(trust.validateDocumentSigner([ds.der], { ...opts, docType: MDL }))).code).toBe('ERR_DS_CHAIN');
    }
  });

  it('two restricted inputs each vouch for their docTypes (union); two unrestricted stay unrestricted', async () => {
    const iaca = await makeCa();
    const [both] = toTrustAnchors([
      { certificate: iaca.der, docTypes: [MNC] },
      { certificate: iaca.pem, docTypes: [MDL] },
    ]);
    expect([...both!.docTypes!].sort()).toEqual([MDL, MNC].sort());
    const [neither] = toTrustAnchors([iaca.der, iaca.pem]);
    expect(neither!.docTypes).toBeUndefined();
  });
});
