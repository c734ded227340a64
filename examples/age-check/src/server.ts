/**
 * Starting the age check on test defaults (a test IACA and CRL, test reader and request-signing
 * certificates from `@uketori/test-sender`; never for production) or on the production settings
 * you pass.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTrustStore } from '@uketori/mdoc';
import { createTestPki, createTestReaderPki, createTestVerifierCertificate, type TestPki } from '@uketori/test-sender';
import { createAgeCheckApp, type AgeCheckOptions } from './app.js';

/** Options of {@link startAgeCheck}. */
export interface StartAgeCheckOptions extends Partial<AgeCheckOptions> {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default `0` (any free port). */
  readonly port?: number;
}

/** A running age check. */
export interface AgeCheckServer {
  readonly url: string;
  /** The test IACA, when the test defaults are in use (issue test credentials against it). */
  readonly testPki?: TestPki;
  close(): Promise<void>;
}

/**
 * Starts the site. Whatever of `trust`, `readerAuth`, `signer`, `cookieSecret` is not given comes
 * from the test PKI.
 *
 * @example
 * ```ts
 * const site = await startAgeCheck({ port: 3000 });
 * console.log(`open ${site.url}/`);
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_*` for unusable options.
 */
export async function startAgeCheck(options: StartAgeCheckOptions = {}): Promise<AgeCheckServer> {
  const host = options.host ?? '127.0.0.1';
  let handler: RequestListener | undefined;
  const server = createServer((req, res) => (handler === undefined ? res.writeHead(503).end() : handler(req, res)));
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const now = new Date();
  const testPki = options.trust === undefined ? await createTestPki({ curve: 'P-256', now }) : undefined;
  const readers = options.readerAuth === undefined ? await createTestReaderPki({ now }) : undefined;
  const verifier = options.signer === undefined ? await createTestVerifierCertificate({ now: new Date(now.getTime() - 60_000) }) : undefined;
  try {
    handler = createAgeCheckApp({
      ...options,
      publicOrigin: options.publicOrigin ?? url,
      trust: options.trust ?? createTrustStore({ anchors: [testPki!.iaca.pem], crl: { crls: [testPki!.crl.der] } }),
      readerAuth: options.readerAuth ?? { privateKey: readers!.reader.privateKey, certificateChain: [readers!.reader.der] },
      signer: options.signer ?? { privateKey: verifier!.privateKey, certificateChain: verifier!.certificateChain },
      cookieSecret: options.cookieSecret ?? new Uint8Array(randomBytes(32)),
    });
  } catch (err) {
    server.close();
    throw err;
  }
  return {
    url,
    ...(testPki === undefined ? {} : { testPki }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
