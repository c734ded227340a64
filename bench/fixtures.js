// Benchmark fixtures: the same bytes and the same verifier inputs for every library.
//
// A fixture is library-neutral:
//   id, label            short id and a human label
//   deviceResponse       Uint8Array, the DeviceResponse bytes as received
//   sessionTranscriptBytes  Uint8Array, SessionTranscriptBytes = #6.24(bstr .cbor SessionTranscript)
//   sessionTranscript    Uint8Array, the encoded SessionTranscript array (the inner bytes)
//   readerKeyJwk         the reader's ephemeral private key (P-256 JWK with d, x, y), for DeviceMac
//   trustAnchorsPem      string[], the IACA certificates (PEM)
//   trustAnchorsDer      Uint8Array[], the same certificates (DER)
//   now                  Date, the verification time (undefined = the current time)
//   deviceAuth           'mac' | 'signature'
//
// Vectors are read at run time from the shared vectors directory, never copied into the repo.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const VECTORS_DIR = process.env.UKETORI_VECTORS_DIR
  ? new URL(`file://${process.env.UKETORI_VECTORS_DIR.replace(/\/?$/, '/')}`)
  : new URL('../../shared/vectors/', import.meta.url);

function vectorPath(rel) {
  return fileURLToPath(new URL(rel, VECTORS_DIR));
}

function readHex(rel) {
  return new Uint8Array(Buffer.from(readFileSync(vectorPath(rel), 'utf8').trim(), 'hex'));
}

const b64u = (hex) => Buffer.from(hex, 'hex').toString('base64url');

/** PEM → DER for every certificate in the text. */
export function pemToDer(pem) {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map(
    (m) => new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')),
  );
}

/** Reads a CBOR head (major type, argument) at `offset`; returns [major, value, headerLength]. */
function cborHead(bytes, offset) {
  const ib = bytes[offset];
  const major = ib >> 5;
  const ai = ib & 0x1f;
  if (ai < 24) return [major, ai, 1];
  const len = { 24: 1, 25: 2, 26: 4, 27: 8 }[ai];
  if (!len) throw new Error(`unsupported CBOR additional info ${ai}`);
  let v = 0;
  for (let i = 1; i <= len; i++) v = v * 256 + bytes[offset + i];
  return [major, v, 1 + len];
}

/** Strips #6.24(bstr) from SessionTranscriptBytes; returns the inner encoded SessionTranscript. */
export function unwrapTag24(bytes) {
  const [m1, tag, h1] = cborHead(bytes, 0);
  if (m1 !== 6 || tag !== 24) throw new Error('expected tag 24');
  const [m2, len, h2] = cborHead(bytes, h1);
  if (m2 !== 2 || h1 + h2 + len !== bytes.length) throw new Error('expected a byte string filling tag 24');
  return bytes.subarray(h1 + h2);
}

/** Wraps an encoded SessionTranscript as #6.24(bstr). */
export function wrapTag24(inner) {
  const n = inner.length;
  const head =
    n < 24 ? [0x40 | n] : n < 256 ? [0x58, n] : n < 65536 ? [0x59, n >> 8, n & 0xff] : [0x5a, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  return new Uint8Array([0xd8, 0x18, ...head, ...inner]);
}

/** ISO/IEC 18013-5 Annex D: DeviceResponse with a DeviceMac, verified at 2021-01-01. */
export function loadAnnexD() {
  const dir = 'iso18013-5-annex-d/';
  const sessionTranscriptBytes = readHex(`${dir}annexD_session_transcript_bytes.hex`);
  const keys = JSON.parse(readFileSync(vectorPath(`${dir}annexD_keys.json`), 'utf8'));
  const rk = keys.ephemeral_reader_key;
  const iacaPem = readFileSync(vectorPath(`${dir}annexD_iaca.pem`), 'utf8');
  return {
    id: 'annexD-mac',
    label: 'Annex D, DeviceMac',
    source: 'ISO/IEC 18013-5 Annex D vectors, org.iso.18013.5.1.mDL, 6 elements, HMAC-SHA-256 device MAC',
    deviceResponse: readHex(`${dir}annexD_device_response.hex`),
    sessionTranscriptBytes,
    sessionTranscript: unwrapTag24(sessionTranscriptBytes),
    readerKeyJwk: { kty: 'EC', crv: rk.crv, x: b64u(rk.x), y: b64u(rk.y), d: b64u(rk.d) },
    trustAnchorsPem: [iacaPem],
    trustAnchorsDer: pemToDer(iacaPem),
    now: new Date('2021-01-01T00:00:00Z'),
    deviceAuth: 'mac',
  };
}

// ---------------------------------------------------------------------------------------------
// @uketori/test-sender: a My Number Card DeviceResponse with a device signature, made fresh at
// start-up. Imported from its built dist (the bench runs after `pnpm build`). Optional: when the
// package is not built, or its API is not what this loader expects, the bench runs Annex D alone.

/**
 * Loads the test-sender fixture. Returns `{ fixture }` or `{ skipped: reason }`.
 * Never throws: a missing or incompatible test-sender only drops this case.
 */
export async function loadTestSender() {
  let sender;
  let mdoc;
  try {
    sender = await import('@uketori/test-sender');
    mdoc = await import('@uketori/mdoc');
  } catch (err) {
    return { skipped: `@uketori/test-sender is not built yet (${err.code ?? err.message})` };
  }
  try {
    return { fixture: await buildTestSenderFixture(sender, mdoc) };
  } catch (err) {
    return { skipped: `@uketori/test-sender API not as expected: ${err.message}` };
  }
}

/**
 * A P-256 test PKI laid around the current time (so that libraries without a clock option see
 * valid certificates too), a My Number Card with the default test holder and a fresh P-256 device
 * key, and a response disclosing every element of both namespaces with an ES256 deviceSignature
 * over an OpenID4VP-shaped SessionTranscript. No CRL is configured for any library (the peers do
 * no revocation checking).
 */
async function buildTestSenderFixture(sender, { encodeCbor }) {
  for (const name of ['createTestPki', 'issueMyNumberCard', 'respond']) {
    if (typeof sender[name] !== 'function') throw new Error(`no export ${name}`);
  }
  if (typeof encodeCbor !== 'function') throw new Error('@uketori/mdoc has no encodeCbor');
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const pki = await sender.createTestPki({ curve: 'P-256', now });
  const card = await sender.issueMyNumberCard({ pki, deviceKey: 'P-256' });
  const nameSpaces = Object.fromEntries(Object.entries(card.elements).map(([ns, els]) => [ns, Object.keys(els)]));
  // OpenID4VP 1.0-shaped: [null, null, ["OpenID4VPHandover", SHA-256(HandoverInfo)]] (fixed bytes).
  const sessionTranscript = encodeCbor([null, null, ['OpenID4VPHandover', new Uint8Array(32).fill(0x42)]]);
  const deviceResponse = await sender.respond({
    credentials: [card],
    request: [{ docType: card.docType, nameSpaces }],
    sessionTranscript,
    deviceAuth: 'signature',
  });
  const elementCount = Object.values(nameSpaces).reduce((n, ids) => n + ids.length, 0);
  return {
    id: 'mnc-sig',
    label: 'My Number Card, DeviceSignature',
    source: `@uketori/test-sender, ${card.docType}, ${elementCount} elements, ES256 device signature`,
    deviceResponse,
    sessionTranscriptBytes: wrapTag24(sessionTranscript),
    sessionTranscript,
    readerKeyJwk: undefined,
    trustAnchorsPem: [pki.iaca.pem],
    trustAnchorsDer: [pki.iaca.der],
    now,
    deviceAuth: 'signature',
  };
}
