/** The test wallet on its own: the online fault catalogue, request-object checks, and refusals. */
import { describe, expect, it } from 'vitest';
import { CompactSign, decodeJwt } from 'jose';
import { base64urlEncode } from '@uketori/mdoc';
import {
  ONLINE_FAULT_CATALOGUE,
  answerAnnexC,
  answerOid4vp,
  createTestVerifierCertificate,
  onlineFaultDescriptor,
  parseAuthorizationLink,
} from '../../src/index.js';

/** A request object signed by a fresh test verifier; `claims` may use the x509_hash client id of its certificate. */
async function jar(claims: (x509Hash: string) => Record<string, unknown>, header: Record<string, unknown> = {}) {
  const signer = await createTestVerifierCertificate({ dnsName: 'rp.example' });
  const x5c = signer.certificateChain.map((c) => Buffer.from(c).toString('base64'));
  const hash = base64urlEncode(new Uint8Array(await crypto.subtle.digest('SHA-256', signer.certificateChain[0]!)));
  const payload = new TextEncoder().encode(JSON.stringify(claims(`x509_hash:${hash}`)));
  return new CompactSign(payload).setProtectedHeader({ alg: 'ES256', typ: 'oauth-authz-req+jwt', x5c, ...header }).sign(signer.privateKey);
}

describe('ONLINE_FAULT_CATALOGUE', () => {
  it('has unique kebab-case ids, each for at least one flow, with ERR_ codes or an accepted finding', () => {
    const ids = ONLINE_FAULT_CATALOGUE.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of ONLINE_FAULT_CATALOGUE) {
      expect(f.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      const codes = Object.values(f.expected as Record<string, string | null>);
      expect(codes.length).toBeGreaterThan(0);
      for (const c of codes) expect(c === null ? (f as { finding?: string }).finding : c).toMatch(/^(ERR_[A-Z0-9_]+|UNREQUESTED_ELEMENT)$/);
      expect(onlineFaultDescriptor(f.id)).toBe(f);
    }
    expect(onlineFaultDescriptor('nope')).toBeUndefined();
  });

  it('the wallet refuses unknown and scenario-only faults', async () => {
    const request = { protocol: 'org-iso-mdoc', data: { deviceRequest: '', encryptionInfo: '' } };
    await expect(answerAnnexC({ request, origin: 'https://a.example', credentials: [], onlineFaults: ['nope' as never] })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    await expect(answerAnnexC({ request, origin: 'https://a.example', credentials: [], onlineFaults: ['response-for-another-transaction'] })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });
});

describe('the test wallet checks request objects as a wallet does', () => {
  const base = { response_type: 'vp_token', response_mode: 'direct_post', response_uri: 'https://rp.example/r', nonce: 'n', state: 's', dcql_query: { credentials: [] } };

  it('refuses a typ other than oauth-authz-req+jwt', async () => {
    const jwt = await jar((clientId) => ({ ...base, client_id: clientId }), { typ: 'JWT' });
    await expect(answerOid4vp({ requestObject: jwt, credentials: [] })).rejects.toThrow(/typ/);
  });

  it('refuses an x509_hash client id of another certificate and an x509_san_dns name not in the SAN', async () => {
    const wrongHash = await jar(() => ({ ...base, client_id: `x509_hash:${'A'.repeat(43)}` }));
    await expect(answerOid4vp({ requestObject: wrongHash, credentials: [] })).rejects.toThrow(/x509_hash/);
    const wrongDns = await jar(() => ({ ...base, client_id: 'x509_san_dns:evil.example' }));
    await expect(answerOid4vp({ requestObject: wrongDns, credentials: [] })).rejects.toThrow(/x509_san_dns/);
    const rightDns = await jar(() => ({ ...base, client_id: 'x509_san_dns:rp.example' }));
    await expect(answerOid4vp({ requestObject: rightDns, credentials: [] })).resolves.toMatchObject({ responseUri: 'https://rp.example/r' });
  });

  it('refuses a tampered payload, and a link whose client_id is not the request object\'s', async () => {
    const jwt = await jar((clientId) => ({ ...base, client_id: clientId }));
    await expect(answerOid4vp({ requestObject: jwt, credentials: [] })).resolves.toBeDefined();
    const parts = jwt.split('.');
    const tampered = [parts[0], base64urlEncode(new TextEncoder().encode(JSON.stringify({ ...decodeJwt(jwt), nonce: 'other' }))), parts[2]].join('.');
    await expect(answerOid4vp({ requestObject: tampered, credentials: [] })).rejects.toThrow(/signature/);
    const link = 'openid4vp://?client_id=x509_hash%3Aother&request_uri=https%3A%2F%2Frp.example%2Fq';
    await expect(answerOid4vp({ requestObject: jwt, link, credentials: [] })).rejects.toThrow(/link client_id/);
  });

  it('reads authorization links', () => {
    expect(parseAuthorizationLink('openid4vp://?client_id=x509_hash%3Aabc&request_uri=https%3A%2F%2Frp.example%2Fq&request_uri_method=post')).toEqual({
      clientId: 'x509_hash:abc',
      requestUri: 'https://rp.example/q',
      requestUriMethod: 'post',
    });
    expect(() => parseAuthorizationLink('openid4vp://?client_id=x')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  });
});
