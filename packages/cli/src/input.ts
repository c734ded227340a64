/**
 * Reading what the user points at: byte files in any of three encodings, trust anchors, JWKs.
 *
 * @module
 */

import { X509Certificate } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import type { CliIo } from './io.js';
import { UsageError, type CommandName } from './usage.js';

/** How the content of a byte file was written. */
export type InputEncoding = 'raw' | 'hex' | 'base64url';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const HEX = /^[0-9a-fA-F]*$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Decodes file content that is raw bytes, hex (whitespace allowed) or base64url/base64, trying
 * them in the order text → hex → base64url/base64 → raw.
 *
 * @example
 * ```ts
 * decodeInput(new TextEncoder().encode('a0\n')); // { bytes: Uint8Array [0xa0], encoding: 'hex' }
 * ```
 */
export function decodeInput(data: Uint8Array): { readonly bytes: Uint8Array; readonly encoding: InputEncoding } {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    return { bytes: data, encoding: 'raw' };
  }
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) return { bytes: data, encoding: 'raw' };
  if (HEX.test(compact) && compact.length % 2 === 0) {
    return { bytes: new Uint8Array(Buffer.from(compact, 'hex')), encoding: 'hex' };
  }
  if ((BASE64URL.test(compact) || BASE64.test(compact)) && compact.replace(/=+$/, '').length % 4 !== 1) {
    return { bytes: new Uint8Array(Buffer.from(compact, 'base64')), encoding: 'base64url' };
  }
  return { bytes: data, encoding: 'raw' };
}

/**
 * Reads a whole file, or fails with a usage error naming the file.
 *
 * @throws {UsageError} when the file cannot be read.
 */
export async function readInputFile(io: CliIo, path: string, what: string, command: CommandName): Promise<Uint8Array> {
  try {
    return await io.readFile(path);
  } catch (cause) {
    const reason = (cause as { code?: unknown }).code === 'ENOENT' ? 'no such file' : 'cannot read file';
    throw new UsageError(`${what}: ${reason}: ${path}`, command, { cause });
  }
}

/**
 * Reads a byte file in any encoding {@link decodeInput} detects.
 *
 * @throws {UsageError} when the file cannot be read or is empty.
 */
export async function readBytesFile(io: CliIo, path: string, what: string, command: CommandName): Promise<Uint8Array> {
  const { bytes } = decodeInput(await readInputFile(io, path, what, command));
  if (bytes.length === 0) throw new UsageError(`${what}: file is empty: ${path}`, command);
  return bytes;
}

/**
 * Resolves a value that is hex text or a file path. A string of hex digits is taken as hex unless
 * a file of that name exists; anything else must be a readable file.
 *
 * @throws {UsageError} for odd-length hex or a missing file.
 */
export async function readHexOrFile(io: CliIo, value: string, what: string, command: CommandName): Promise<Uint8Array> {
  const exists = (await io.isDirectory(value)) !== undefined;
  const compact = value.replace(/\s+/g, '');
  if (!exists && compact.length > 0 && HEX.test(compact)) {
    if (compact.length % 2 !== 0) throw new UsageError(`${what}: bad hex (odd number of digits)`, command);
    return new Uint8Array(Buffer.from(compact, 'hex'));
  }
  if (!exists) throw new UsageError(`${what}: neither hex nor an existing file: ${value}`, command);
  return readBytesFile(io, value, what, command);
}

const CERT_EXTENSIONS = ['.pem', '.crt', '.cer', '.der'];
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g;

/**
 * Loads trust anchors (DER) from PEM files (one or many certificates each), DER files and
 * directories (every `.pem`, `.crt`, `.cer`, `.der` file in them, not recursive).
 *
 * @throws {UsageError} for a missing path, a file that holds no certificate, or an empty directory.
 */
export async function loadTrustAnchors(io: CliIo, paths: readonly string[], command: CommandName): Promise<Uint8Array[]> {
  const anchors: Uint8Array[] = [];
  for (const path of paths) {
    const isDir = await io.isDirectory(path);
    if (isDir === undefined) throw new UsageError(`--trust: no such file or directory: ${path}`, command);
    if (!isDir) {
      anchors.push(...(await loadCertificateFile(io, path, command)));
      continue;
    }
    const names = (await io.readDir(path)).filter((n) => CERT_EXTENSIONS.some((ext) => n.toLowerCase().endsWith(ext))).sort();
    const before = anchors.length;
    for (const name of names) {
      const file = `${path.replace(/[/\\]+$/, '')}/${name}`;
      if ((await io.isDirectory(file)) === false) anchors.push(...(await loadCertificateFile(io, file, command)));
    }
    if (anchors.length === before) throw new UsageError(`--trust: no .pem/.crt/.cer/.der certificates in directory: ${path}`, command);
  }
  return anchors;
}

async function loadCertificateFile(io: CliIo, path: string, command: CommandName): Promise<Uint8Array[]> {
  const data = await readInputFile(io, path, '--trust', command);
  const text = Buffer.from(data).toString('latin1');
  let ders: Uint8Array[];
  if (text.includes('-----BEGIN')) {
    ders = [...text.matchAll(PEM_CERTIFICATE)].map((m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
  } else {
    ders = [decodeInput(data).bytes];
  }
  if (ders.length === 0) throw new UsageError(`--trust: no certificate in ${path}`, command);
  for (const der of ders) {
    try {
      new X509Certificate(der);
    } catch (cause) {
      throw new UsageError(`--trust: not an X.509 certificate: ${path}`, command, { cause });
    }
  }
  return ders;
}

/**
 * Reads a private JWK (the reader's ephemeral key).
 *
 * @throws {UsageError} when the file is not a JSON object with `kty` and `d`.
 */
export async function readPrivateJwk(io: CliIo, path: string, command: CommandName): Promise<JsonWebKey> {
  const data = await readInputFile(io, path, '--reader-key', command);
  let jwk: unknown;
  try {
    jwk = JSON.parse(new TextDecoder().decode(data));
  } catch (cause) {
    throw new UsageError(`--reader-key: not JSON: ${path}`, command, { cause });
  }
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk) || typeof (jwk as JsonWebKey).kty !== 'string') {
    throw new UsageError(`--reader-key: not a JWK: ${path}`, command);
  }
  if (typeof (jwk as JsonWebKey).d !== 'string') throw new UsageError(`--reader-key: JWK has no private key ("d"): ${path}`, command);
  return jwk as JsonWebKey;
}
