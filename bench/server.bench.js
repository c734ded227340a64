#!/usr/bin/env node
// Throughput of complete OpenID4VP transactions through @uketori/express on loopback.
//
//   pnpm bench:server                  (builds, then runs this)
//   node bench/server.bench.js [--redis[=redis://host:port]] [--concurrency=32] [--duration=10]
//                              [--warmup=2] [--wallets=2] [--purpose=aml_kyc_jp|age_21_plus] [--json]
//
// One transaction is what a business's page and a phone do for one cross-device verification:
//   1. page:   POST /transactions {purpose, flow: "oid4vp"}          → link (QR), binding cookie
//   2. wallet: GET  request_uri                                       → signed request object (JAR)
//   3. wallet: POST response_uri  response=<JWE>                      (direct_post.jwt; the server
//              decrypts, verifies the DeviceResponse, gates it by purpose, consumes the transaction)
//   4. page:   GET  /transactions/:id/result                          → the verified result
//
// The server (express + router + store) runs in a child process. The load generator and the test
// wallet (@uketori/test-sender, which verifies the JAR, signs the DeviceResponse and encrypts the
// JWE) run in --wallets worker processes (default 2), each with its own test issuer (the server
// trusts all of them) and its share of the virtual users, so one busy event loop on the client side
// cannot cap the figure. The HTTP client is node:http with keep-alive connections. With --redis the
// store is Redis: a redis-server is started on a free loopback port unless a URL is given.
//
// Reported: complete transactions/s, and per-transaction latency (1→4 including the wallet's own
// work) and server time (the sum of the four HTTP round trips) as p50/p99; CPU per complete
// transaction of the server process (the SDK's figure) and of the wallet processes, and the load
// average when the run ended.
//
// Uses the built packages (packages/*/dist); run `pnpm build` first. Set UKETORI_BENCH_SERVER_PROF
// (UKETORI_BENCH_WALLET_PROF) to a directory to write V8 CPU profiles of the server (wallet)
// processes there.

import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, loadavg } from 'node:os';
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
  const args = { role: 'main', redis: undefined, concurrency: 32, duration: 10, warmup: 2, wallets: 2, purpose: 'aml_kyc_jp', json: false };
  for (const a of argv) {
    const [k, v] = a.split('=', 2);
    if (a === '--') continue;
    else if (k === '--role') args.role = v;
    else if (k === '--redis') args.redis = v ?? 'start';
    else if (k === '--concurrency') args.concurrency = Number(v);
    else if (k === '--duration') args.duration = Number(v);
    else if (k === '--warmup') args.warmup = Number(v);
    else if (k === '--wallets') args.wallets = Number(v);
    else if (k === '--purpose') args.purpose = v;
    else if (k === '--json') args.json = true;
    else if (k === '--help' || k === '-h') {
      console.log('usage: node bench/server.bench.js [--redis[=url]] [--concurrency=32] [--duration=10] [--warmup=2] [--wallets=2] [--purpose=aml_kyc_jp] [--json]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const n of ['concurrency', 'duration', 'wallets']) if (!(args[n] > 0)) throw new Error(`--${n} must be positive`);
  if (!Number.isInteger(args.wallets) || args.wallets > args.concurrency) throw new Error('--wallets must be an integer no larger than --concurrency');
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
      trust: createTrustStore({ anchors: setup.issuers.map((i) => i.iacaPem), crl: { crls: setup.issuers.map((i) => Buffer.from(i.crl, 'base64')) } }),
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
// Wallet role (child processes): virtual users running complete transactions back to back.

/** One HTTP exchange on a keep-alive connection; the body is read in full. */
function exchange(agent, port, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ agent, host: '127.0.0.1', port, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function runWallet({ port, purpose, concurrency, measureFrom, end }, credential, sender) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const path = (url) => (url.startsWith(PUBLIC_ORIGIN) ? url.slice(PUBLIC_ORIGIN.length) : url);
  const timed = async (p) => {
    const t0 = performance.now();
    const res = await p;
    return [res, performance.now() - t0];
  };

  async function transaction(cookie) {
    const t0 = performance.now();
    const headers = { 'content-type': 'application/json', origin: PUBLIC_ORIGIN, ...(cookie.value ? { cookie: cookie.value } : {}) };
    const [created, t1] = await timed(exchange(agent, port, 'POST', '/uketori/transactions', headers, JSON.stringify({ purpose, flow: 'oid4vp' })));
    if (created.status !== 201) throw new Error(`create answered ${created.status}`);
    const set = created.headers['set-cookie']?.[0];
    if (set) cookie.value = set.split(';')[0];
    const tx = JSON.parse(created.text);
    const [request, t2] = await timed(exchange(agent, port, 'GET', path(tx.requestUri), {}));
    if (request.status !== 200) throw new Error(`request_uri answered ${request.status}`);
    const post = await sender.answerOid4vp({ requestObject: request.text, link: tx.link, credentials: [credential] });
    const form = new URLSearchParams(post.body).toString();
    const [posted, t3] = await timed(exchange(agent, port, 'POST', path(post.responseUri), { 'content-type': 'application/x-www-form-urlencoded' }, form));
    if (posted.status !== 200) throw new Error(`response_uri answered ${posted.status}: ${posted.text}`);
    const [result, t4] = await timed(exchange(agent, port, 'GET', `/uketori/transactions/${tx.id}/result`, { cookie: cookie.value }));
    const body = JSON.parse(result.text);
    if (body.status !== 'done' || body.ok !== true) throw new Error(`result not done: ${result.text.slice(0, 200)}`);
    return { total: performance.now() - t0, server: t1 + t2 + t3 + t4 };
  }

  const totals = [];
  const servers = [];
  let errors = 0;
  let firstError;
  let measuredStart = Infinity;
  let measuredEnd = 0;
  // CPU of this process over the measured window (from measureFrom to the last transaction).
  let cpuStart;
  const cpuTimer = setTimeout(() => (cpuStart = process.cpuUsage()), Math.max(0, measureFrom - Date.now()));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const cookie = { value: undefined };
      while (Date.now() < end) {
        const began = Date.now();
        const t0 = performance.now();
        try {
          const r = await transaction(cookie);
          if (began >= measureFrom) {
            totals.push(r.total);
            servers.push(r.server);
            measuredStart = Math.min(measuredStart, began);
            measuredEnd = Math.max(measuredEnd, began + (performance.now() - t0));
          }
        } catch (err) {
          errors++;
          firstError ??= err.message;
        }
      }
    }),
  );
  clearTimeout(cpuTimer);
  const used = process.cpuUsage(cpuStart);
  agent.destroy();
  return { totals, servers, errors, firstError, measuredStart, measuredEnd, cpuMs: cpuStart === undefined ? 0 : (used.user + used.system) / 1000 };
}

async function wallet() {
  const sender = await import(dist('test-sender'));
  const purpose = args.purpose;
  // Each wallet process has its own test issuer; the server trusts every one of them.
  const pki = await sender.createTestPki({ curve: 'P-256', now: new Date() });
  const credential = purpose === 'age_21_plus' ? await sender.issueMdl({ pki, deviceKey: 'P-256' }) : await sender.issueMyNumberCard({ pki, deviceKey: 'P-256' });
  process.send({ issuer: { iacaPem: pki.iaca.pem, crl: Buffer.from(pki.crl.der).toString('base64') } });
  const run = await new Promise((resolve) => process.once('message', resolve));
  const result = await runWallet({ ...run, purpose }, credential, sender);
  process.send({ result }, () => process.exit(0));
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

/** V8 CPU profile flags for a child process, when a directory is given. */
const profile = (dir) => (dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []);

/** The first message of `child` that has `key`. */
function messageOf(child, key) {
  return new Promise((resolve, reject) => {
    const on = (m) => {
      if (m && m[key] !== undefined) {
        child.off('message', on);
        resolve(m[key]);
      }
    };
    child.on('message', on);
    child.once('exit', (code) => reject(new Error(`${key}: child exited with ${code}`)));
  });
}

async function main() {
  const log = args.json ? (...a) => console.error(...a) : (...a) => console.log(...a);

  let redis;
  if (args.redis === 'start') redis = await startRedis();
  const redisUrl = redis?.url ?? args.redis;

  const self = fileURLToPath(import.meta.url);
  const passOn = [`--purpose=${args.purpose}`];
  const wallets = Array.from({ length: args.wallets }, () => fork(self, ['--role=wallet', ...passOn], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: profile(process.env.UKETORI_BENCH_WALLET_PROF) }));
  const issuers = await Promise.all(wallets.map((w) => messageOf(w, 'issuer')));

  const server = fork(self, ['--role=server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: profile(process.env.UKETORI_BENCH_SERVER_PROF) });
  const ready = messageOf(server, 'port');
  server.send({ issuers, redis: redisUrl });
  const port = await ready;

  const env = { node: process.version, cpu: cpus()[0]?.model?.trim() ?? 'unknown', cores: cpus().length, store: redisUrl ? 'redis' : 'memory', ...args, role: undefined, json: undefined };
  log(`uketori server benchmark — Node ${env.node}, ${env.cpu} (${env.cores} cores); store ${env.store}; ${args.concurrency} concurrent transactions in ${args.wallets} wallet processes; ${args.warmup}s warm-up + ${args.duration}s`);

  // Server CPU over the measured window (after the warm-up), per complete transaction.
  const cpuOf = () => {
    const answer = messageOf(server, 'cpu');
    server.send('cpu');
    return answer.then((cpu) => cpu.user + cpu.system);
  };
  const start = Date.now() + 200;
  const measureFrom = start + args.warmup * 1000;
  const end = measureFrom + args.duration * 1000;
  let cpuStart;
  setTimeout(async () => (cpuStart = await cpuOf()), measureFrom - Date.now());
  const results = wallets.map((w) => messageOf(w, 'result'));
  wallets.forEach((w, i) => {
    const share = Math.floor(args.concurrency / args.wallets) + (i < args.concurrency % args.wallets ? 1 : 0);
    w.send({ port, concurrency: share, measureFrom, end });
  });
  const runs = await Promise.all(results);
  const cpuUsedMs = ((await cpuOf()) - (cpuStart ?? 0)) / 1000;
  const load = loadavg();
  server.send('stop');
  await new Promise((r) => server.once('exit', r));
  redis?.stop();

  const totals = Float64Array.from(runs.flatMap((r) => r.totals)).sort();
  const servers = Float64Array.from(runs.flatMap((r) => r.servers)).sort();
  const errors = runs.reduce((n, r) => n + r.errors, 0);
  const windowMs = Math.max(...runs.map((r) => r.measuredEnd)) - Math.min(...runs.map((r) => r.measuredStart));
  const walletCpuMs = runs.reduce((n, r) => n + r.cpuMs, 0);
  const summary = {
    env,
    transactions: totals.length,
    errors,
    firstError: runs.find((r) => r.firstError)?.firstError,
    transactionsPerSecond: totals.length / (windowMs / 1000),
    latencyMs: { p50: percentile(totals, 50), p99: percentile(totals, 99), max: totals[totals.length - 1] },
    serverMs: { p50: percentile(servers, 50), p99: percentile(servers, 99), max: servers[servers.length - 1] },
    serverCpuMsPerTransaction: cpuUsedMs / totals.length,
    walletCpuMsPerTransaction: walletCpuMs / totals.length,
    loadAverage: load,
  };
  const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
  log(`  complete transactions: ${summary.transactions} in ${f(windowMs / 1000)} s, errors: ${errors}${summary.firstError ? ` (first: ${summary.firstError})` : ''}`);
  log(`  throughput:            ${f(summary.transactionsPerSecond)} transactions/s`);
  log(`  transaction latency:   p50 ${f(summary.latencyMs.p50)} ms, p99 ${f(summary.latencyMs.p99)} ms (create → result, wallet work included)`);
  log(`  server time:           p50 ${f(summary.serverMs.p50)} ms, p99 ${f(summary.serverMs.p99)} ms (sum of the 4 HTTP round trips)`);
  log(`  server CPU:            ${summary.serverCpuMsPerTransaction.toFixed(2)} ms per transaction (≈ ${f(1000 / summary.serverCpuMsPerTransaction)} transactions/s per fully used core)`);
  log(`  wallet CPU:            ${summary.walletCpuMsPerTransaction.toFixed(2)} ms per transaction (test wallet + load generator, all wallet processes)`);
  log(`  load average:          ${load.map((x) => x.toFixed(2)).join(' ')} (1, 5, 15 min, at the end of the run)`);
  if (args.json) console.log(JSON.stringify(summary, null, 2));
  if (errors > 0) process.exitCode = 1;
}

if (args.role === 'server') await serve();
else if (args.role === 'wallet') await wallet();
else await main();
