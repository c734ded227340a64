/**
 * Loading certificates from PEM text (one or many), DER bytes or node:crypto objects.
 * Reading files and directories is the caller's (or the CLI's) job.
 *
 * @module
 */

import { X509Certificate } from 'node:crypto';
import { TrustError, UketoriTypeError } from '../errors.js';
import { parseCertificate, type ParsedCertificate } from './certificate.js';

/** One certificate (or a PEM text with several): PEM text, DER bytes, or a node:crypto `X509Certificate`. */
export type CertificateInput = string | Uint8Array | X509Certificate;

/**
 * The DER contents of every PEM block with `label` (RFC 7468), ignoring explanatory text around them.
 * Returns an empty list when there is none.
 */
export function pemBlocks(text: string, label: string): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(re)) {
    const body = m[1]!.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new TrustError('ERR_CERTIFICATE_PARSE', `PEM ${label} block is not base64`);
    out.push(new Uint8Array(Buffer.from(body, 'base64')));
  }
  return out;
}

function splitOne(input: CertificateInput): Uint8Array[] {
  if (input instanceof X509Certificate) return [new Uint8Array(input.raw)];
  if (input instanceof Uint8Array) {
    // DER starts with a SEQUENCE; anything else is taken as PEM text read from a file.
    if (input[0] === 0x30) return [input];
    return splitOne(Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8'));
  }
  if (typeof input !== 'string') throw new UketoriTypeError('a certificate must be PEM text, DER bytes or an X509Certificate');
  const blocks = pemBlocks(input, 'CERTIFICATE');
  if (blocks.length > 0) return blocks;
  // Bare base64 DER, as some trust lists publish certificates.
  const bare = input.replace(/\s+/g, '');
  if (bare.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(bare)) return [new Uint8Array(Buffer.from(bare, 'base64'))];
  throw new TrustError('ERR_CERTIFICATE_PARSE', 'no PEM certificate found in the text');
}

/**
 * Loads and parses certificates; internal form used by the trust store and the VICAL loader.
 *
 * @throws {TrustError} `ERR_CERTIFICATE_PARSE` when an input is not a certificate.
 */
export function loadParsedCertificates(input: CertificateInput | readonly CertificateInput[]): ParsedCertificate[] {
  const inputs: readonly CertificateInput[] = Array.isArray(input) ? input : [input as CertificateInput];
  const out: ParsedCertificate[] = [];
  for (const one of inputs) {
    for (const der of splitOne(one)) {
      try {
        out.push(parseCertificate(der));
      } catch (cause) {
        throw new TrustError('ERR_CERTIFICATE_PARSE', `certificate ${out.length + 1} cannot be parsed`, { cause });
      }
    }
  }
  return out;
}

/**
 * Loads certificates from PEM text (any number of `CERTIFICATE` blocks, text around them ignored),
 * DER bytes, bare base64 DER, or node:crypto `X509Certificate`s, and checks that each parses.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const iacas = loadCertificates(readFileSync('iacas.pem', 'utf8')); // Uint8Array[] (DER)
 * const trust = createTrustStore({ anchors: iacas });
 * ```
 * @throws {TrustError} `ERR_CERTIFICATE_PARSE` when an input holds no certificate or a malformed one.
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_TYPE` for an input of the wrong type.
 */
export function loadCertificates(input: CertificateInput | readonly CertificateInput[]): Uint8Array[] {
  return loadParsedCertificates(input).map((c) => new Uint8Array(c.der));
}
