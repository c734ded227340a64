import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, sessionTranscriptBytes, toHex } from '../../src/index.js';
import { vectorJson } from '../helpers/vectors.js';

interface Vectors {
  openid4vp_redirect: { inputs: Record<string, string>; handover_info_cbor_hex: string; session_transcript_hex: string };
  openid4vp_dc_api: { inputs: Record<string, string>; session_transcript_hex: string };
}

// oid4vp/session_transcript_vectors.json: OpenID4VP 1.0 Appendix B.2.6.
const v = vectorJson<Vectors>('oid4vp/session_transcript_vectors.json');
const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
const fromHex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

describe('OpenID4VP 1.0 session transcripts encode exactly as published', () => {
  it('OpenID4VPHandover: [null, null, ["OpenID4VPHandover", sha256(cbor([clientId, nonce, jwkThumbprint, responseUri]))]]', () => {
    const i = v.openid4vp_redirect.inputs;
    const info = encodeCbor([i.clientId, i.nonce, fromHex(i.jwkThumbprint_hex!), i.responseUri]);
    expect(toHex(info)).toBe(v.openid4vp_redirect.handover_info_cbor_hex);
    const transcript = encodeCbor([null, null, ['OpenID4VPHandover', sha256(info)]]);
    expect(toHex(transcript)).toBe(v.openid4vp_redirect.session_transcript_hex);
  });

  it('OpenID4VPDCAPIHandover: [null, null, ["OpenID4VPDCAPIHandover", sha256(cbor([origin, nonce, jwkThumbprint]))]]', () => {
    const i = v.openid4vp_dc_api.inputs;
    const info = encodeCbor([i.origin, i.nonce, fromHex(i.jwkThumbprint_hex!)]);
    const transcript = encodeCbor([null, null, ['OpenID4VPDCAPIHandover', sha256(info)]]);
    expect(toHex(transcript)).toBe(v.openid4vp_dc_api.session_transcript_hex);
  });

  it('wraps a transcript as SessionTranscriptBytes without re-encoding it', () => {
    const transcript = fromHex(v.openid4vp_dc_api.session_transcript_hex);
    const wrapped = decodeCbor(sessionTranscriptBytes(transcript)) as { bytes: Uint8Array };
    expect(toHex(wrapped.bytes)).toBe(toHex(transcript));
  });
});
