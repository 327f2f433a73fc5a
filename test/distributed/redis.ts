/**
 * Test helpers: a throw-away redis-server on 127.0.0.1 (a free port, no persistence), stopped
 * by its PID, and `nmflow worker` processes on it. Suites skip, saying why, where
 * redis-server is not installed (Debian: apt-get install redis-server).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

export const BIN = path.resolve(__dirname, '../../../bin/nmflow.js');

/** The redis-server binary, or undefined. */
export function redisServerPath(): string | undefined {
  for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (fs.existsSync(p)) return p;
  }
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

/** Skips the suite (with the reason) when redis-server is missing. */
export function skipWithoutRedis(ctx: Mocha.Context): void {
  if (!redisServerPath()) {
    console.log('      skipped: redis-server is not installed (apt-get install redis-server)');
    ctx.skip();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function exited(p: ChildProcess): Promise<void> {
  return p.exitCode !== null || p.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => p.once('exit', () => resolve()));
}

/** Starts redis-server on a free loopback port and waits until it answers. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const proc = spawn(
    redisServerPath()!,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10000);
    proc.stdout!.on('data', (d) => {
      out += d;
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      process.kill(proc.pid!, 'SIGTERM');
      await exited(proc);
    },
  };
}

export interface TestWorker {
  proc: ChildProcess;
  /** stderr so far. */
  log(): string;
  /** SIGTERM, then waits for the exit; returns its code. */
  stop(): Promise<number | null>;
  kill(): Promise<void>;
}

/** Starts `nmflow worker --redis URL …` and waits for its "ready" note. */
export async function startWorker(url: string, args: string[] = []): Promise<TestWorker> {
  const proc = spawn(process.execPath, [BIN, 'worker', '--redis', url, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let err = '';
  proc.stdout!.on('data', () => undefined);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${err}`)), 60000);
    proc.stderr!.on('data', (d) => {
      err += d;
      if (/worker: ready/.test(err)) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}): ${err}`));
    });
  });
  return {
    proc,
    log: () => err,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      process.kill(proc.pid!, 'SIGTERM');
      await exited(proc);
      return proc.exitCode;
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) process.kill(proc.pid!, 'SIGKILL');
      await exited(proc);
    },
  };
}

/** Starts `count` workers. */
export function startWorkers(
  url: string,
  count: number,
  args: string[] = [],
): Promise<TestWorker[]> {
  return Promise.all(Array.from({ length: count }, () => startWorker(url, args)));
}
