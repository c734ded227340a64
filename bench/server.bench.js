#!/usr/bin/env node
// Throughput of complete OpenID4VP transactions through @uketori/express on loopback.
//
//   pnpm bench:server                  (builds, then runs this)
//   node bench/server.bench.js [--redis[=redis://host:port]] [--concurrency=32] [--duration=10]
//                              [--warmup=2] [--purpose=aml_kyc_jp|age_21_plus] [--json]
//
// One transaction is what a business's page and a phone do for one cross-device verification:
//   1. page:   POST /transactions {purpose, flow: "oid4vp"}          → link (QR), binding cookie
//   2. wallet: GET  request_uri                                       → signed request object (JAR)
//   3. wallet: POST response_uri  response=<JWE>                      (direct_post.jwt; the server
//              decrypts, verifies the DeviceResponse, gates it by purpose, consumes the transaction)
//   4. page:   GET  /transactions/:id/result                          → the verified result
//
// The server (express + router + store) runs in a child process; the load generator and the test
// wallet (@uketori/test-sender, which verifies the JAR, signs the DeviceResponse and encrypts the
// JWE) run in this process. With --redis the store is Redis: a
// redis-server is started on a free loopback port unless a URL is given.
//
// Reported: complete transactions/s, and per-transaction latency (1→4 including the wallet's own
// work) and server time (the sum of the four HTTP round trips) as p50/p99.
//
// Uses the built packages (packages/*/dist); run `pnpm build` first. Set UKETORI_BENCH_SERVER_PROF
// to a directory to write a V8 CPU profile of the server process there.

import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dist = (pkg) => pathToFileURL(join(ROOT, 'packages', pkg, 'dist', 'index.js')).href;
const PUBLIC_ORIGIN = 'https://rp.example';

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const args = { role: 'main', redis: undefined, concurrency: 32, duration: 10, warmup: 2, purpose: 'aml_kyc_jp', json: false };
  for (const a of argv) {
    const [k, v] = a.split('=', 2);
    if (a === '--') continue;
    else if (k === '--role') args.role = v;
    else if (k === '--redis') args.redis = v ?? 'start';
    else if (k === '--concurrency') args.concurrency = Number(v);
    else if (k === '--duration') args.duration = Number(v);
    else if (k === '--warmup') args.warmup = Number(v);
    else if (k === '--purpose') args.purpose = v;
    else if (k === '--json') args.json = true;
    else if (k === '--help' || k === '-h') {
      console.log('usage: node bench/server.bench.js [--redis[=url]] [--concurrency=32] [--duration=10] [--warmup=2] [--purpose=aml_kyc_jp] [--json]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const n of ['concurrency', 'duration']) if (!(args[n] > 0)) throw new Error(`--${n} must be positive`);
  return args;
}

const args = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------------------------------------
// Server role (child process): express + @uketori/express with the memory or Redis store.

async function serve() {
  const { default: express } = await import(pathToFileURL(join(ROOT, 'packages/express/node_modules/express/index.js')).href);
  const { createUketoriRouter, createMemoryTransactionStore, createRedisTransactionStore, oid4vpFlow } = await import(dist('express'));
  const { createTrustStore } = await import(dist('mdoc'));
  const { getPurpose } = await import(dist('policy'));
  const { createTestVerifierCertificate } = await import(dist('test-sender'));

  const setup = await new Promise((resolve) => process.once('message', resolve));
  const signer = await createTestVerifierCertificate({ dnsName: 'rp.example', now: new Date(Date.now() - 60_000) });
  const store = setup.redis
    ? createRedisTransactionStore({ redis: setup.redis, encryptionKeys: [{ id: 'bench', key: new Uint8Array(randomBytes(32)) }], prefix: `bench${process.pid}` })
    : createMemoryTransactionStore({ maxEntries: 100_000 });
  const app = express();
  app.use(
    '/uketori',
    createUketoriRouter({
      store,
      trust: createTrustStore({ anchors: [setup.iacaPem], crl: { crls: [Buffer.from(setup.crl, 'base64')] } }),
      purposes: [getPurpose('aml_kyc_jp'), getPurpose('age_21_plus')],
      flows: [oid4vpFlow({ signer: { privateKey: signer.privateKey, certificateChain: signer.certificateChain } })],
      baseUrl: `${PUBLIC_ORIGIN}/uketori`,
      allowedOrigins: [PUBLIC_ORIGIN],
      cookieSecret: new Uint8Array(randomBytes(32)),
      cookie: { secure: false },
    }),
  );
  const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  server.keepAliveTimeout = 60_000;
  process.on('message', async (m) => {
    if (m === 'cpu') process.send({ cpu: process.cpuUsage() });
    if (m === 'stop') {
      server.closeAllConnections();
      server.close();
      await store.close();
      process.exit(0);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Client role: virtual users running complete transactions back to back.

async function runClients({ port, pki, purpose, concurrency, warmupMs, durationMs }) {
  const sender = await import(dist('test-sender'));
  const credential = purpose === 'age_21_plus' ? await sender.issueMdl({ pki, deviceKey: 'P-256' }) : await sender.issueMyNumberCard({ pki, deviceKey: 'P-256' });
  const base = `http://127.0.0.1:${port}`;
  const local = (url) => (url.startsWith(PUBLIC_ORIGIN) ? base + url.slice(PUBLIC_ORIGIN.length) : url);
  const timed = async (p) => {
    const t0 = performance.now();
    const res = await p;
    return [res, performance.now() - t0];
  };

  async function transaction(cookie) {
    const t0 = performance.now();
    const headers = { 'content-type': 'application/json', origin: PUBLIC_ORIGIN, ...(cookie.value ? { cookie: cookie.value } : {}) };
    const [created, t1] = await timed(fetch(`${base}/uketori/transactions`, { method: 'POST', headers, body: JSON.stringify({ purpose, flow: 'oid4vp' }) }));
    if (created.status !== 201) throw new Error(`create answered ${created.status}`);
    const set = created.headers.getSetCookie()[0];
    if (set) cookie.value = set.split(';')[0];
    const tx = await created.json();
    const [request, t2] = await timed(fetch(local(tx.requestUri)));
    const requestObject = await request.text();
    if (request.status !== 200) throw new Error(`request_uri answered ${request.status}`);
    const post = await sender.answerOid4vp({ requestObject, link: tx.link, credentials: [credential] });
    const [posted, t3] = await timed(fetch(local(post.responseUri), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(post.body) }));
    if (posted.status !== 200) throw new Error(`response_uri answered ${posted.status}: ${await posted.text()}`);
    await posted.arrayBuffer();
    const [result, t4] = await timed(fetch(`${base}/uketori/transactions/${tx.id}/result`, { headers: { cookie: cookie.value } }));
    const body = await result.json();
    if (body.status !== 'done' || body.ok !== true) throw new Error(`result not done: ${JSON.stringify(body).slice(0, 200)}`);
    return { total: performance.now() - t0, server: t1 + t2 + t3 + t4 };
  }

  const totals = [];
  const servers = [];
  let errors = 0;
  let firstError;
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  let measuredStart = Infinity;
  let measuredEnd = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const cookie = { value: undefined };
      while (performance.now() < end) {
        const began = performance.now();
        try {
          const r = await transaction(cookie);
          if (began >= measureFrom) {
            totals.push(r.total);
            servers.push(r.server);
            measuredStart = Math.min(measuredStart, began);
            measuredEnd = Math.max(measuredEnd, performance.now());
          }
        } catch (err) {
          errors++;
          firstError ??= err.message;
        }
      }
    }),
  );
  return { totals, servers, errors, firstError, windowMs: measuredEnd - measuredStart };
}

// ---------------------------------------------------------------------------------------------
// Redis (for --redis without a URL): a throwaway redis-server on a free loopback port.

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'uketori-bench-redis-'));
  const proc = spawn(process.env.UKETORI_REDIS_SERVER ?? 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await new Promise((resolve, reject) => {
    proc.once('error', reject);
    const deadline = Date.now() + 10_000;
    const attempt = () => {
      const s = createConnection({ port, host: '127.0.0.1' }, () => {
        s.destroy();
        resolve();
      });
      s.on('error', () => (Date.now() > deadline ? reject(new Error('redis-server did not start')) : setTimeout(attempt, 50)));
    };
    attempt();
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      proc.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Main

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

async function main() {
  const log = args.json ? (...a) => console.error(...a) : (...a) => console.log(...a);
  const { createTestPki } = await import(dist('test-sender'));
  const pki = await createTestPki({ curve: 'P-256', now: new Date() });

  let redis;
  if (args.redis === 'start') redis = await startRedis();
  const redisUrl = redis?.url ?? args.redis;

  const server = fork(fileURLToPath(import.meta.url), ['--role=server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: process.env.UKETORI_BENCH_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.UKETORI_BENCH_SERVER_PROF] : [] });
  const ready = new Promise((resolve, reject) => {
    server.once('message', resolve);
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  server.send({ iacaPem: pki.iaca.pem, crl: Buffer.from(pki.crl.der).toString('base64'), redis: redisUrl });
  const { port } = await ready;

  const env = { node: process.version, cpu: cpus()[0]?.model?.trim() ?? 'unknown', cores: cpus().length, store: redisUrl ? 'redis' : 'memory', ...args, role: undefined, json: undefined };
  log(`uketori server benchmark — Node ${env.node}, ${env.cpu} (${env.cores} cores); store ${env.store}; ${args.concurrency} concurrent transactions; ${args.warmup}s warm-up + ${args.duration}s`);

  // Server CPU over the measured window (after the warm-up), per complete transaction.
  const cpuOf = () =>
    new Promise((resolve) => {
      const on = (m) => {
        if (m && m.cpu) {
          server.off('message', on);
          resolve(m.cpu.user + m.cpu.system);
        }
      };
      server.on('message', on);
      server.send('cpu');
    });
  let cpuStart;
  setTimeout(async () => (cpuStart = await cpuOf()), args.warmup * 1000);

  const runs = [await runClients({ port, pki, purpose: args.purpose, concurrency: args.concurrency, warmupMs: args.warmup * 1000, durationMs: args.duration * 1000 })];

  const cpuUsedMs = ((await cpuOf()) - (cpuStart ?? 0)) / 1000;
  server.send('stop');
  await new Promise((r) => server.once('exit', r));
  redis?.stop();

  const totals = Float64Array.from(runs.flatMap((r) => r.totals)).sort();
  const servers = Float64Array.from(runs.flatMap((r) => r.servers)).sort();
  const errors = runs.reduce((n, r) => n + r.errors, 0);
  const windowMs = Math.max(...runs.map((r) => r.windowMs));
  const summary = {
    env,
    transactions: totals.length,
    errors,
    firstError: runs.find((r) => r.firstError)?.firstError,
    transactionsPerSecond: totals.length / (windowMs / 1000),
    latencyMs: { p50: percentile(totals, 50), p99: percentile(totals, 99), max: totals[totals.length - 1] },
    serverMs: { p50: percentile(servers, 50), p99: percentile(servers, 99), max: servers[servers.length - 1] },
    serverCpuMsPerTransaction: cpuUsedMs / totals.length,
  };
  const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
  log(`  complete transactions: ${summary.transactions} in ${f(windowMs / 1000)} s, errors: ${errors}${summary.firstError ? ` (first: ${summary.firstError})` : ''}`);
  log(`  throughput:            ${f(summary.transactionsPerSecond)} transactions/s`);
  log(`  transaction latency:   p50 ${f(summary.latencyMs.p50)} ms, p99 ${f(summary.latencyMs.p99)} ms (create → result, wallet work included)`);
  log(`  server time:           p50 ${f(summary.serverMs.p50)} ms, p99 ${f(summary.serverMs.p99)} ms (sum of the 4 HTTP round trips)`);
  log(`  server CPU:            ${summary.serverCpuMsPerTransaction.toFixed(2)} ms per transaction (≈ ${f(1000 / summary.serverCpuMsPerTransaction)} transactions/s per fully used core)`);
  if (args.json) console.log(JSON.stringify(summary, null, 2));
  if (errors > 0) process.exitCode = 1;
}

if (args.role === 'server') await serve();
else await main();
