/**
 * Test helpers around the real OpenID Provider process (op-server.mjs): start it on a free
 * loopback port, stop it, and play the user's part of a login over HTTP (no browser needed).
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface ProviderClient {
  readonly client_id: string;
  readonly jwks: { readonly keys: readonly JsonWebKey[] };
  readonly redirect_uris: readonly string[];
  /** ID token lifetime in seconds (default 3600). */
  readonly id_token_ttl?: number;
}

export interface ProviderConfig {
  readonly clients: readonly ProviderClient[];
  readonly accounts: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly leaky?: boolean;
  /** The authentication context class the provider asserts in every ID token. Default: none. */
  readonly acr?: string;
  /** Listen on this loopback port (to restart a provider where it was). Default: a free one. */
  readonly port?: number;
  /** The provider's ES256 signing key as a private JWK (to restart it with the same key). Default: a new one. */
  readonly signingKey?: JsonWebKey;
}

export interface RunningProvider {
  readonly issuer: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

type JsonWebKey = Record<string, unknown>;

const SERVER = fileURLToPath(new URL('./op-server.mjs', import.meta.url));

/** Japanese test values (fictional), shaped as the デジタル認証アプリ's basic 4 items. */
export const HANAKO = { name: 'デジタル　花子', address: '東京都千代田区紀尾井町1番3号', birthdate: '1990-04-01', gender: 'female' } as const;
export const TARO = { name: '認証　太郎', address: '大阪府大阪市北区中之島1丁目3番20号', birthdate: '19851120', gender: '1' } as const;

/** Starts the provider process and waits for its issuer line. */
export async function startProvider(config: ProviderConfig): Promise<RunningProvider> {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, UKETORI_OP_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`provider did not start: ${stderr}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { issuer: string }).issuer);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`provider exited with ${String(code)}: ${stderr}`));
    });
  });
  return {
    issuer,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A loopback port nothing listens on (listen, note the port, close). */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A client key pair: the private KeyObject for the RP, the public JWK for the provider. */
export function clientKeys(kid: string): { privateKey: KeyObject; publicJwk: JsonWebKey } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicJwk: { ...(publicKey.export({ format: 'jwk' }) as JsonWebKey), kid, alg: 'ES256', use: 'sig' } };
}

/** A minimal cookie jar for one user agent (all cookies of the provider's origin, paths ignored). */
class Jar {
  readonly #cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Plays the user: opens the authorization URL, logs in as `account` at the provider's interaction
 * page (which grants the requested scopes), follows the redirects, and returns the URL the provider
 * sends the browser back to (the redirect URI with code, state and iss) without opening it.
 */
export async function userLogsIn(authorizationUrl: URL, account: string, redirectUri: string): Promise<URL> {
  const jar = new Jar();
  let url = authorizationUrl;
  let init: RequestInit = { method: 'GET' };
  for (let hop = 0; hop < 12; hop++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string> | undefined), cookie: jar.header() } });
    jar.store(res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location !== null) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) return next;
      url = next;
      init = { method: 'GET' };
      continue;
    }
    if (res.status === 200 && url.pathname.includes('/interaction/')) {
      const page = (await res.json()) as { uid: string; prompt: string };
      url = new URL(`${url.pathname.replace(/\/$/, '')}/login`, url);
      init = { method: 'POST', body: new URLSearchParams({ account }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
      if (page.prompt !== 'login' && page.prompt !== 'consent') throw new Error(`unexpected prompt ${page.prompt}`);
      continue;
    }
    throw new Error(`login stopped at ${url.pathname} with HTTP ${res.status}: ${await res.text()}`);
  }
  throw new Error('too many redirects');
}
