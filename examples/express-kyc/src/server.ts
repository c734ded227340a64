/**
 * Starting the site: listen first (so the default origin names the real port), then read the
 * configuration and mount the app.
 *
 * @module
 */

import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KycAppOptions } from './app.js';
import { createKycApp } from './app.js';
import { kycConfigFromEnv, type KycConfig } from './config.js';

/** Options of {@link startKycServer}. */
export interface StartKycServerOptions extends KycAppOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default `0` (any free port). */
  readonly port?: number;
  /** Environment variables to read. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A running site. */
export interface KycServer {
  /** The address it listens on, `http://host:port`. */
  readonly url: string;
  readonly config: KycConfig;
  close(): Promise<void>;
}

/**
 * Starts the site on `host:port` with the configuration of `env`.
 *
 * @example
 * ```ts
 * const site = await startKycServer({ port: 3000 });
 * console.log(`open ${site.url}/`);
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE` for a configuration error (the server is closed again).
 */
export async function startKycServer(options: StartKycServerOptions = {}): Promise<KycServer> {
  const host = options.host ?? '127.0.0.1';
  let handler: RequestListener | undefined;
  const server: Server = createServer((req, res) => (handler === undefined ? res.writeHead(503).end() : handler(req, res)));
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  let config: KycConfig;
  try {
    config = await kycConfigFromEnv(options.env ?? process.env, { defaultOrigin: url });
  } catch (err) {
    await close();
    throw err;
  }
  handler = createKycApp(config, options);
  return {
    url,
    config,
    close: async () => {
      await close();
      await config.store.close();
    },
  };
}
