/**
 * What a login must never leave behind, and a provider that goes away in the middle of one: the
 * client's private key, its signed assertion, the tokens and the authorization code appear in no
 * result, audit record, error or console line; a provider stopped between the redirect and the
 * code exchange fails the login with ERR_OIDC_PROVIDER_UNREACHABLE, gives no result and records
 * the rejection, and the same client logs in again once the provider is back.
 */
import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HANAKO, startProvider, userLogsIn, type RunningProvider } from './provider/provider.js';
import { keys, REDIRECT_URI, testClient, testProviderConfig } from './helpers/setup.js';

let running: RunningProvider | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await running?.stop();
  running = undefined;
});

/** Everything written to the console or the process streams while `fn` runs. */
async function captureOutput<T>(fn: () => Promise<T>): Promise<{ value: T; output: string }> {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => void lines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8 }))).join(' '));
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) vi.spyOn(console, method).mockImplementation(keep);
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => (lines.push(String(chunk)), stdout(chunk, ...(rest as []))));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => (lines.push(String(chunk)), stderr(chunk, ...(rest as []))));
  const value = await fn();
  return { value, output: lines.join('\n') };
}

describe('secrets of a login', () => {
  it('never appear in the result, its JSON, the audit records, an error or the console', async () => {
    running = await startProvider(testProviderConfig());
    const provider = running;
    const secrets: string[] = [String(keys.privateKey.export({ format: 'jwk' }).d)];
    // A passthrough fetch that notes what went over the wire: the assertion, the code, the tokens.
    const fetch = async (url: string, init: RequestInit): Promise<Response> => {
      if (typeof init.body === 'string' || init.body instanceof URLSearchParams) {
        const form = new URLSearchParams(String(init.body));
        for (const name of ['client_assertion', 'code', 'code_verifier']) if (form.get(name)) secrets.push(form.get(name)!);
      }
      const res = await globalThis.fetch(url, init);
      if (new URL(url).pathname.endsWith('/token')) {
        const body = (await res.clone().json()) as Record<string, unknown>;
        for (const name of ['access_token', 'id_token', 'refresh_token']) if (typeof body[name] === 'string') secrets.push(body[name] as string);
      }
      return res;
    };
    const { client, audit } = testClient(provider, { fetch });
    const { value: outcome, output } = await captureOutput(async () => {
      const { url, transaction } = await client.startLogin('aml_kyc_jp');
      const callback = await userLogsIn(url, 'hanako', REDIRECT_URI);
      const result = await client.finishLogin(callback, transaction);
      // the same code a second time: an error path with the code in the request
      const replay = await client.finishLogin(callback, transaction).catch((e: unknown) => e);
      return { result, replay };
    });
    expect(outcome.result.policy.outcome).toBe('complete');
    expect(outcome.replay).toMatchObject({ code: expect.stringMatching(/^ERR_OIDC_/) });
    // the assertion, the code, the verifier, an access token and an ID token were all seen
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    const surfaces = {
      verified: inspect(outcome.result.verified, { depth: 12, getters: true }),
      policy: inspect(outcome.result.policy, { depth: 12, getters: true }),
      json: JSON.stringify(outcome.result.policy.toJSON()),
      audit: JSON.stringify(audit.records),
      error: inspect(outcome.replay, { depth: 12 }),
      console: output,
    };
    for (const [where, text] of Object.entries(surfaces)) {
      for (const secret of secrets) expect(text.includes(secret), `${where} holds a secret`).toBe(false);
    }
    // the person's values stay in memory only: not in the audit records
    expect(surfaces.audit).not.toContain(HANAKO.name);
  });
});

describe('the provider goes away in the middle of a login', () => {
  it('fails with ERR_OIDC_PROVIDER_UNREACHABLE, records the rejection, and the same client logs in again once it is back', async () => {
    const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
    running = await startProvider(testProviderConfig({ signingKey }));
    const port = Number(new URL(running.issuer).port);
    const { client, audit } = testClient(running);
    const { url, transaction } = await client.startLogin('aml_kyc_jp');
    const callback = await userLogsIn(url, 'hanako', REDIRECT_URI);
    // The user came back with a code; the provider stops before the code exchange.
    await running.stop();
    const err = await client.finishLogin(callback, transaction).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_OIDC_PROVIDER_UNREACHABLE' });
    expect(inspect(err, { depth: 8 })).not.toContain(callback.searchParams.get('code')!);
    // Nothing half-done: no result, and the failure is on record as a rejection with its code.
    expect(audit.records.map((r) => [r.decision, r.outcome, r.code ?? null])).toEqual([
      ['request', 'requested', null],
      ['response', 'rejected', 'ERR_OIDC_PROVIDER_UNREACHABLE'],
    ]);

    // The provider restarts where it was, with its key: the same client completes a new login.
    running = await startProvider(testProviderConfig({ signingKey, port }));
    const again = await client.startLogin('aml_kyc_jp');
    const { policy } = await client.finishLogin(await userLogsIn(again.url, 'hanako', REDIRECT_URI), again.transaction);
    expect(policy.outcome).toBe('complete');
    expect(audit.records.slice(2).map((r) => [r.decision, r.outcome])).toEqual([
      ['request', 'requested'],
      ['response', 'complete'],
    ]);
  });
});
