/**
 * Configuration from environment variables. With nothing set, the site runs on test defaults: a
 * test IACA and CRL, a test reader certificate and request-signing certificate from
 * `@uketori/test-sender` (every subject says TEST), the in-memory TransactionStore, no
 * デジタル認証アプリ. With `NODE_ENV=production` every production setting is required (the public
 * origin included) and the test PKI is refused. In every mode the public origin is `https:`, or
 * `http:` on loopback only. The variables are listed in the README.
 *
 * @module
 */

import { randomBytes, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createMemoryTransactionStore, createRedisTransactionStore, type TransactionStore } from '@uketori/express';
import type { JpkiEnvironment } from '@uketori/jpki-oidc';
import { anchorSets, createTrustStore, httpCrlFetcher, loadCertificates, UketoriTypeError, type AnchorInput, type CrlOptions, type TrustStore } from '@uketori/mdoc';
import { createTestPki, createTestReaderPki, createTestVerifierCertificate, type TestPki } from '@uketori/test-sender';

/** A private key with its certificate chain (DER, leaf first): readerAuth, or the request signer. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly certificateChain: readonly Uint8Array[];
}

/** The デジタル認証アプリ client registration. */
export interface JpkiSettings {
  /** `sandbox` or `production`; or `issuer` for another provider (e.g. a local test provider). */
  readonly environment?: JpkiEnvironment;
  readonly issuer?: string;
  /** The client id the Digital Agency issued. */
  readonly clientId: string;
  /** The private key whose public JWK was registered. */
  readonly privateKey: KeyObject;
  /** Its `kid` in the registered JWK Set. */
  readonly kid: string;
}

/** Everything the site needs. */
export interface KycConfig {
  /** The site's public origin, e.g. `https://shop.example.jp` (`http:` only on loopback: `localhost`, `127.0.0.1`, `[::1]`). */
  readonly publicOrigin: string;
  /** Trusted IACAs and revocation. */
  readonly trust: TrustStore;
  /** readerAuth for the DC API Annex C request (Apple requires it). */
  readonly readerAuth: SigningKey;
  /** Signs the OpenID4VP request objects (JAR, `x509_hash` client id). */
  readonly signer: SigningKey;
  /** ≥ 32 bytes, the same on every instance. */
  readonly cookieSecret: Uint8Array;
  readonly store: TransactionStore;
  /** The デジタル認証アプリ fallback; absent: not offered. */
  readonly jpki?: JpkiSettings;
  /** Set when the test PKI is in use: the test IACA (to issue test credentials against). Never in production. */
  readonly testPki?: TestPki;
}

/** Options of {@link kycConfigFromEnv}. */
export interface KycConfigFromEnvOptions {
  /**
   * The origin when `UKETORI_PUBLIC_ORIGIN` is not set (the server's own address), outside
   * production only. It is checked like the variable (`https:`, or `http:` on loopback).
   */
  readonly defaultOrigin: string;
  /** Clock for the test PKI. Default now. */
  readonly now?: Date;
}

type Env = Readonly<Record<string, string | undefined>>;

function configError(message: string, cause?: unknown): UketoriTypeError {
  return new UketoriTypeError(message, 'ERR_INVALID_ARG_VALUE', cause === undefined ? {} : { cause });
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

async function text(path: string, name: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw configError(`${name}: cannot read the file`, cause);
  }
}

/** A private key (PEM file) and its chain (PEM file, leaf first), named by their variables. */
async function signingKey(env: Env, keyVar: string, certsVar: string): Promise<SigningKey | undefined> {
  const keyPath = env[keyVar];
  const certsPath = env[certsVar];
  if (keyPath === undefined && certsPath === undefined) return undefined;
  if (keyPath === undefined || certsPath === undefined) throw configError(`${keyVar} and ${certsVar} go together`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(await text(keyPath, keyVar));
  } catch (cause) {
    throw cause instanceof UketoriTypeError ? cause : configError(`${keyVar}: not a PEM private key`, cause);
  }
  let certificateChain: Uint8Array[];
  try {
    certificateChain = loadCertificates(await text(certsPath, certsVar));
  } catch (cause) {
    throw cause instanceof UketoriTypeError ? cause : configError(`${certsVar}: not PEM certificates`, cause);
  }
  return { privateKey, certificateChain };
}

/** `UKETORI_TRUST` (`jp-jlis-mnc` and/or IACA PEM files) and `UKETORI_CRL` (`fetch` and/or CRL files). */
async function trustFrom(env: Env): Promise<TrustStore | undefined> {
  const entries = list(env['UKETORI_TRUST']);
  if (entries.length === 0) {
    if (env['UKETORI_CRL'] !== undefined) throw configError('UKETORI_CRL needs UKETORI_TRUST');
    return undefined;
  }
  const anchors: AnchorInput[] = [];
  for (const entry of entries) anchors.push(entry === 'jp-jlis-mnc' ? anchorSets.jpJlisMnc : await text(entry, 'UKETORI_TRUST'));
  // Revocation is checked by default (ISO/IEC 18013-5 Annex B, fail closed): the IACA's CRL URL.
  const crlEntries = env['UKETORI_CRL'] === undefined ? ['fetch'] : list(env['UKETORI_CRL']);
  const crls = await Promise.all(crlEntries.filter((e) => e !== 'fetch').map((path) => readFile(path).then((b) => new Uint8Array(b), (cause: unknown) => Promise.reject(configError('UKETORI_CRL: cannot read the file', cause)))));
  const crl: CrlOptions = { ...(crls.length > 0 ? { crls } : {}), ...(crlEntries.includes('fetch') ? { fetch: httpCrlFetcher({ timeoutMs: 5000 }) } : {}) };
  try {
    return createTrustStore({ anchors, crl });
  } catch (cause) {
    throw configError('UKETORI_TRUST: not usable as trust anchors', cause);
  }
}

function cookieSecretFrom(env: Env): Uint8Array | undefined {
  const value = env['UKETORI_COOKIE_SECRET'];
  if (value === undefined) return undefined;
  const bytes = new Uint8Array(Buffer.from(value, 'base64'));
  if (bytes.length < 32) throw configError('UKETORI_COOKIE_SECRET must be base64 of at least 32 bytes');
  return bytes;
}

function storeFrom(env: Env): TransactionStore {
  const url = env['UKETORI_REDIS_URL'];
  if (url === undefined) return createMemoryTransactionStore();
  const key = new Uint8Array(Buffer.from(env['UKETORI_STORE_KEY'] ?? '', 'base64'));
  if (key.length !== 32) throw configError('UKETORI_REDIS_URL needs UKETORI_STORE_KEY: base64 of 32 random bytes');
  return createRedisTransactionStore({ redis: url, prefix: env['UKETORI_REDIS_PREFIX'] ?? 'kyc', encryptionKeys: [{ id: env['UKETORI_STORE_KEY_ID'] ?? 'k1', key }] });
}

async function jpkiFrom(env: Env): Promise<JpkiSettings | undefined> {
  const names = ['JPKI_CLIENT_ID', 'JPKI_CLIENT_KEY', 'JPKI_KID'] as const;
  const given = names.filter((n) => env[n] !== undefined);
  if (given.length === 0 && env['JPKI_ENVIRONMENT'] === undefined && env['JPKI_ISSUER'] === undefined) return undefined;
  const missing = names.filter((n) => env[n] === undefined);
  if (missing.length > 0) throw configError(`the デジタル認証アプリ needs ${missing.join(', ')}`);
  const environment = env['JPKI_ENVIRONMENT'];
  const issuer = env['JPKI_ISSUER'];
  if ((environment === undefined) === (issuer === undefined)) throw configError('set exactly one of JPKI_ENVIRONMENT (sandbox | production) and JPKI_ISSUER');
  if (environment !== undefined && environment !== 'sandbox' && environment !== 'production') throw configError('JPKI_ENVIRONMENT must be sandbox or production');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(await text(env['JPKI_CLIENT_KEY']!, 'JPKI_CLIENT_KEY'));
  } catch (cause) {
    throw cause instanceof UketoriTypeError ? cause : configError('JPKI_CLIENT_KEY: not a PEM private key', cause);
  }
  return { ...(environment === undefined ? { issuer: issuer! } : { environment }), clientId: env['JPKI_CLIENT_ID']!, privateKey, kid: env['JPKI_KID']! };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks a public origin: `scheme://host[:port]`, and `https:` unless the host is loopback
 * (`localhost`, `127.0.0.1`, `[::1]`). Over plain http elsewhere the browser-binding cookies would
 * go without `Secure` and the デジタル認証アプリ redirect URI would be http.
 *
 * @example
 * ```ts
 * checkPublicOrigin('https://shop.example.jp', 'UKETORI_PUBLIC_ORIGIN'); // 'https://shop.example.jp'
 * checkPublicOrigin('http://shop.example.jp', 'UKETORI_PUBLIC_ORIGIN'); // throws ERR_INVALID_ARG_VALUE
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE` naming `name`.
 */
export function checkPublicOrigin(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw configError(`${name} is not a URL`, cause);
  }
  if (url.origin !== value) throw configError(`${name} must be an origin: scheme://host[:port], no path or trailing slash`);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw configError(`${name} must be https: (http: only on loopback: localhost, 127.0.0.1, [::1])`);
  }
  return value;
}

/** `UKETORI_PUBLIC_ORIGIN`, else (outside production) the server's own address; undefined when missing in production. */
function originFrom(env: Env, fallback: string): string | undefined {
  const value = env['UKETORI_PUBLIC_ORIGIN'];
  if (value !== undefined) return checkPublicOrigin(value, 'UKETORI_PUBLIC_ORIGIN');
  if (env['NODE_ENV'] === 'production') return undefined;
  return checkPublicOrigin(fallback, 'the default origin (the server address; set UKETORI_PUBLIC_ORIGIN)');
}

/**
 * Reads the configuration from `env`.
 *
 * @example
 * ```ts
 * const config = await kycConfigFromEnv(process.env, { defaultOrigin: 'http://127.0.0.1:3000' });
 * ```
 * @throws {UketoriTypeError} `ERR_INVALID_ARG_VALUE` naming the variable that is missing or wrong
 *   (with `NODE_ENV=production`: every production setting that is not set, `UKETORI_PUBLIC_ORIGIN`
 *   included), or a public origin that is not `https:` off loopback.
 */
export async function kycConfigFromEnv(env: Env, options: KycConfigFromEnvOptions): Promise<KycConfig> {
  const publicOrigin = originFrom(env, options.defaultOrigin);
  const trust = await trustFrom(env);
  const readerAuth = await signingKey(env, 'UKETORI_READER_KEY', 'UKETORI_READER_CERTS');
  const signer = await signingKey(env, 'UKETORI_SIGNER_KEY', 'UKETORI_SIGNER_CERTS');
  const cookieSecret = cookieSecretFrom(env);
  const jpki = await jpkiFrom(env);
  // Last: a Redis store connects when created.
  const base = (origin: string): Pick<KycConfig, 'publicOrigin' | 'store' | 'jpki'> => ({ publicOrigin: origin, store: storeFrom(env), ...(jpki === undefined ? {} : { jpki }) });

  if (publicOrigin !== undefined && trust !== undefined && readerAuth !== undefined && signer !== undefined && cookieSecret !== undefined) {
    return { ...base(publicOrigin), trust, readerAuth, signer, cookieSecret };
  }
  // publicOrigin is undefined only in production.
  if (env['NODE_ENV'] === 'production' || publicOrigin === undefined) {
    const missing = [
      ...(publicOrigin === undefined ? ['UKETORI_PUBLIC_ORIGIN'] : []),
      ...(trust === undefined ? ['UKETORI_TRUST'] : []),
      ...(readerAuth === undefined ? ['UKETORI_READER_KEY', 'UKETORI_READER_CERTS'] : []),
      ...(signer === undefined ? ['UKETORI_SIGNER_KEY', 'UKETORI_SIGNER_CERTS'] : []),
      ...(cookieSecret === undefined ? ['UKETORI_COOKIE_SECRET'] : []),
    ];
    throw configError(`NODE_ENV=production needs ${missing.join(', ')} (nothing falls back to a test default in production: not the test PKI, not the server address as origin)`);
  }

  // Test defaults: generated at start, every subject says TEST (never for production).
  const now = options.now ?? new Date();
  const testPki = await createTestPki({ curve: 'P-256', now });
  const readers = await createTestReaderPki({ now });
  const verifier = await createTestVerifierCertificate({ dnsName: new URL(publicOrigin).hostname, now: new Date(now.getTime() - 60_000) });
  return {
    ...base(publicOrigin),
    trust: trust ?? createTrustStore({ anchors: [testPki.iaca.pem], crl: { crls: [testPki.crl.der] } }),
    readerAuth: readerAuth ?? { privateKey: readers.reader.privateKey, certificateChain: [readers.reader.der] },
    signer: signer ?? { privateKey: verifier.privateKey, certificateChain: verifier.certificateChain },
    cookieSecret: cookieSecret ?? new Uint8Array(randomBytes(32)),
    ...(trust === undefined ? { testPki } : {}),
  };
}
