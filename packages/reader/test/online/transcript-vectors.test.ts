/**
 * The OpenID4VP 1.0 SessionTranscript vectors (/work/shared/vectors/oid4vp/) reproduced byte for
 * byte, and every online handover built identically by the reader and by the test wallet (two
 * independent implementations).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeCbor, fromHex, toHex } from '@uketori/mdoc';
import {
  walletAppleTranscript,
  walletDcApiDraft24Transcript,
  walletDcApiTranscript,
  walletDcapiTranscript,
  walletDraft18Transcript,
  walletOid4vpTranscript,
} from '@uketori/test-sender';
import { buildOnlineSessionTranscript } from '../../src/index.js';

const FILE = fileURLToPath(new URL('../../../../../shared/vectors/oid4vp/session_transcript_vectors.json', import.meta.url));
const vectors = JSON.parse(readFileSync(FILE, 'utf8')) as {
  openid4vp_redirect: { inputs: { clientId: string; nonce: string; jwkThumbprint_hex: string; responseUri: string }; handover_info_cbor_hex: string; session_transcript_hex: string };
  openid4vp_dc_api: { inputs: { origin: string; nonce: string; jwkThumbprint_hex: string }; session_transcript_hex: string };
};

describe('OpenID4VP 1.0 transcript vectors', () => {
  it('reproduces the OpenID4VPHandover (redirect) transcript byte for byte', () => {
    const v = vectors.openid4vp_redirect;
    const st = buildOnlineSessionTranscript({ type: 'openid4vp', clientId: v.inputs.clientId, nonce: v.inputs.nonce, jwkThumbprint: fromHex(v.inputs.jwkThumbprint_hex), responseUri: v.inputs.responseUri });
    expect(toHex(st.transcript)).toBe(v.session_transcript_hex);
    // the handover info is plain CBOR; its hash is what the handover carries
    const info = encodeCbor([v.inputs.clientId, v.inputs.nonce, fromHex(v.inputs.jwkThumbprint_hex), v.inputs.responseUri]);
    expect(toHex(info)).toBe(v.handover_info_cbor_hex);
    expect(v.session_transcript_hex.endsWith(createHash('sha256').update(info).digest('hex'))).toBe(true);
    // SessionTranscriptBytes = #6.24(bstr .cbor SessionTranscript)
    expect(toHex(st.bytes)).toBe(`d818${(0x58).toString(16)}${st.transcript.length.toString(16)}${v.session_transcript_hex}`);
  });

  it('reproduces the OpenID4VPDCAPIHandover (Annex D) transcript byte for byte', () => {
    const v = vectors.openid4vp_dc_api;
    const st = buildOnlineSessionTranscript({ type: 'openid4vp-dc-api', origin: v.inputs.origin, nonce: v.inputs.nonce, jwkThumbprint: fromHex(v.inputs.jwkThumbprint_hex) });
    expect(toHex(st.transcript)).toBe(v.session_transcript_hex);
  });

  it('the test wallet builds the same vector transcripts', () => {
    const r = vectors.openid4vp_redirect.inputs;
    expect(toHex(walletOid4vpTranscript(r.clientId, r.nonce, fromHex(r.jwkThumbprint_hex), r.responseUri))).toBe(vectors.openid4vp_redirect.session_transcript_hex);
    const d = vectors.openid4vp_dc_api.inputs;
    expect(toHex(walletDcApiTranscript(d.origin, d.nonce, fromHex(d.jwkThumbprint_hex)))).toBe(vectors.openid4vp_dc_api.session_transcript_hex);
  });
});

describe('every online handover: reader and test wallet agree', () => {
  const nonce = 'exc7gBkxjx1rdc9udRrveKvSsJIq80avlXeLHhGwqtA';
  it('Annex C dcapi', () => {
    expect(buildOnlineSessionTranscript({ type: 'dcapi', encryptionInfo: 'gmVkY2FwaaA', origin: 'https://example.com' }).transcript).toEqual(walletDcapiTranscript('gmVkY2FwaaA', 'https://example.com'));
  });
  it('OpenID4VP 1.0 without encryption (null thumbprint)', () => {
    expect(buildOnlineSessionTranscript({ type: 'openid4vp', clientId: 'x509_hash:abc', nonce, jwkThumbprint: null, responseUri: 'https://rp.example/r' }).transcript).toEqual(
      walletOid4vpTranscript('x509_hash:abc', nonce, null, 'https://rp.example/r'),
    );
  });
  it('OpenID4VP draft 24 DC API', () => {
    expect(buildOnlineSessionTranscript({ type: 'openid4vp-dc-api-draft-24', origin: 'https://example.com', clientId: 'web-origin:https://example.com', nonce }).transcript).toEqual(
      walletDcApiDraft24Transcript('https://example.com', 'web-origin:https://example.com', nonce),
    );
  });
  it('TS 18013-7:2024 Annex B (draft 18): untagged [clientIdHash, responseUriHash, nonce]', () => {
    const st = buildOnlineSessionTranscript({ type: 'openid4vp-draft-18', clientId: 'rp.example', responseUri: 'https://rp.example/r', nonce, mdocGeneratedNonce: 'mdoc-nonce' });
    expect(st.transcript).toEqual(walletDraft18Transcript('rp.example', 'https://rp.example/r', nonce, 'mdoc-nonce'));
    expect(toHex(st.transcript).slice(0, 10)).toBe('83f6f68358'); // [null, null, [bstr …
  });
  it('Apple AppleIdentityPresentment_1.0', () => {
    const hash = new Uint8Array(32).fill(7);
    expect(buildOnlineSessionTranscript({ type: 'apple', nonce: Uint8Array.of(1, 2, 3), merchantId: 'merchant.jp.example', teamId: 'TEAM123456', recipientKeyHash: hash }).transcript).toEqual(
      walletAppleTranscript(Uint8Array.of(1, 2, 3), 'merchant.jp.example', 'TEAM123456', hash),
    );
  });
  it('refuses a handover with a thumbprint that is not 32 bytes', () => {
    expect(() => buildOnlineSessionTranscript({ type: 'openid4vp-dc-api', origin: 'https://example.com', nonce, jwkThumbprint: new Uint8Array(31) })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });
});
