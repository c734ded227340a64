/**
 * PEM (RFC 7468) text encoding.
 *
 * @module
 */

/** RFC 7468 §2: base64 in lines of 64 characters between BEGIN/END lines with `label`. */
export function toPem(label: 'CERTIFICATE' | 'X509 CRL', der: ArrayBuffer | Uint8Array): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
