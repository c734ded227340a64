/** Reads the shared public test vectors (`../shared/vectors/` beside the repository) by path; never copied. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SHARED = fileURLToPath(new URL('../../../../../../shared/vectors/', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../../../', import.meta.url));

/** The text of a vector file, e.g. `iso18013-5-annex-d/annexD_iaca.pem`. */
export function vectorText(path: string): string {
  return readFileSync(SHARED + path, 'utf8');
}

/** The bytes of a `.hex` vector file. */
export function vectorHex(path: string): Uint8Array {
  return new Uint8Array(Buffer.from(vectorText(path).trim(), 'hex'));
}

/** DER of the first certificate in a PEM vector file. */
export function vectorCertDer(path: string): Uint8Array {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(vectorText(path))![1]!;
  return new Uint8Array(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
}

/** A file of the @uketori/mdoc package, e.g. `anchors/jp-jlis-mnc.pem`. */
export function packageText(path: string): string {
  return readFileSync(PACKAGE + path, 'utf8');
}

/** The error code a promise rejects with (or `undefined` when it resolves). */
export async function rejectionCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

/** The error a function or promise throws. */
export async function caught(p: Promise<unknown> | (() => unknown)): Promise<Error & { code?: string }> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected an error');
}
