/**
 * Reads the public test vectors in `../shared/vectors/` (beside the repository), by path.
 * They are cited, never copied into the repository.
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const SHARED = fileURLToPath(new URL('../../../../../shared/vectors/', import.meta.url));

/** The text of a vector file. */
export function vectorText(path: string): string {
  return readFileSync(SHARED + path, 'utf8');
}

/** The bytes of a `.hex` vector file. */
export function vectorHex(path: string): Uint8Array {
  return new Uint8Array(Buffer.from(vectorText(path).trim(), 'hex'));
}

/** A parsed JSON vector file. */
export function vectorJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(vectorText(path)) as T;
}

const b64u = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

/** An Annex D P-256 private key (`ephemeral_reader_key`, `ephemeral_device_key`, `static_device_key`). */
export function annexDKey(name: 'ephemeral_reader_key' | 'ephemeral_device_key' | 'static_device_key'): KeyObject {
  const k = vectorJson<Record<string, { x: string; y: string; d: string }>>('iso18013-5-annex-d/annexD_keys.json')[name]!;
  return createPrivateKey({ key: { kty: 'EC', crv: 'P-256', x: b64u(k.x), y: b64u(k.y), d: b64u(k.d) }, format: 'jwk' });
}

/** Annex D: the DeviceResponse, its SessionTranscriptBytes, the reader key and the IACA. */
export const annexD = {
  response: () => vectorHex('iso18013-5-annex-d/annexD_device_response.hex'),
  transcript: () => vectorHex('iso18013-5-annex-d/annexD_session_transcript_bytes.hex'),
  readerKey: () => annexDKey('ephemeral_reader_key'),
  iacaPem: () => vectorText('iso18013-5-annex-d/annexD_iaca.pem'),
  readerRootPem: () => vectorText('iso18013-5-annex-d/annexD_reader_root.pem'),
  /** A time at which every Annex D certificate and the MSO are valid. */
  now: new Date('2021-01-01T00:00:00Z'),
};
