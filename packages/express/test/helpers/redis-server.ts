// A real redis-server for tests: started on a free loopback port, stopped after. When the binary
// is missing, tests skip with a visible reason, unless UKETORI_REQUIRE_REDIS is set (CI), where a
// missing redis-server is a failure.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = [process.env.UKETORI_REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'];

/** The redis-server binary, or undefined. */
export const redisServerPath: string | undefined = CANDIDATES.find((p): p is string => typeof p === 'string' && existsSync(p));

/** Why Redis tests skip (undefined when they run). Throws in CI when the binary is missing. */
export function redisSkipReason(): string | undefined {
  if (redisServerPath !== undefined) return undefined;
  if (process.env.UKETORI_REQUIRE_REDIS) throw new Error('UKETORI_REQUIRE_REDIS is set but redis-server was not found (apt-get install redis-server)');
  const reason = 'redis-server not found: Redis store tests skipped (install redis-server, or set UKETORI_REDIS_SERVER)';
  console.warn(reason);
  return reason;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** SIGKILL, as if the server crashed. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after kill/stop). */
  restart(): Promise<void>;
  /** SIGTERM and clean up. */
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** Keep data across restarts (append-only file, fsync always) instead of `--save '' --appendonly no`. */
  readonly persistent?: boolean;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let answer = '';
    socket.setTimeout(500);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      answer += d.toString();
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.startsWith('+PONG'));
      }
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Starts redis-server on a free loopback port and waits until it answers PING. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  if (redisServerPath === undefined) throw new Error('redis-server not found');
  const binary = redisServerPath;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'uketori-redis-'));
  const persistence = options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always', '--save', ''] : ['--save', '', '--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', ...persistence];
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const proc = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let failed: Error | undefined;
    proc.once('error', (err) => (failed = err));
    proc.once('exit', (code) => (failed ??= new Error(`redis-server exited with ${code}`)));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (failed) throw failed;
      if (await ping(port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    proc.kill('SIGKILL');
    throw new Error('redis-server did not start within 10 s');
  };
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => end('SIGKILL'),
    restart: launch,
    async stop() {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
