/**
 * Reads the public ISO/IEC 18013-5 Annex D test vectors in `../shared/vectors/` (beside the
 * repository), by path. They are cited, never copied into the repository.
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const SHARED = fileURLToPath(new URL('../../../../../shared/vectors/iso18013-5-annex-d/', import.meta.url));

function text(name: string): string {
  return readFileSync(SHARED + name, 'utf8');
}

function hex(name: string): Uint8Array {
  return new Uint8Array(Buffer.from(text(name).trim(), 'hex'));
}

function json<T>(name: string): T {
  return JSON.parse(text(name)) as T;
}

const b64u = (h: string) => Buffer.from(h, 'hex').toString('base64url');

type KeyName = 'ephemeral_reader_key' | 'ephemeral_device_key' | 'static_device_key';

/** An Annex D P-256 private key. */
function key(name: KeyName): KeyObject {
  const k = json<Record<string, { x: string; y: string; d: string }>>('annexD_keys.json')[name]!;
  return createPrivateKey({ key: { kty: 'EC', crv: 'P-256', x: b64u(k.x), y: b64u(k.y), d: b64u(k.d) }, format: 'jwk' });
}

/** ISO/IEC 18013-5 Annex D (see /work/shared/vectors/SOURCES.md). */
export const annexD = {
  engagement: () => hex('annexD_device_engagement.hex'),
  eDeviceKeyBytes: () => hex('annexD_e_device_key_bytes.hex'),
  transcriptBytes: () => hex('annexD_session_transcript_bytes.hex'),
  sessionEstablishment: () => hex('annexD_session_establishment.hex'),
  sessionData: () => hex('annexD_session_data.hex'),
  sessionTermination: () => hex('annexD_session_termination.hex'),
  deviceRequest: () => hex('annexD_device_request.hex'),
  deviceResponse: () => hex('annexD_device_response.hex'),
  itemsRequest: () => hex('annexD_items_request.hex'),
  readerAuth: () => hex('annexD_reader_auth.hex'),
  readerAuthenticationBytes: () => hex('annexD_reader_authentication_bytes.hex'),
  readerCertDer: () => hex('annexD_reader_cert.der.hex'),
  readerRootDer: () => hex('annexD_reader_root.der.hex'),
  iacaPem: () => text('annexD_iaca.pem'),
  derived: () => json<{ SKReader: string; SKDevice: string }>('annexD_derived_keys.json'),
  readerKey: () => key('ephemeral_reader_key'),
  deviceKey: () => key('ephemeral_device_key'),
  /** A time at which every Annex D certificate and the MSO are valid. */
  now: new Date('2021-01-01T00:00:00Z'),
};
