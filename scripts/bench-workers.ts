/**
 * The speed-up of a rank sweep on Redis workers: `nmflow rank` on the same data locally
 * (`--threads 1`), then with `--redis` on 1 and on 2 `nmflow worker` processes; wall-clock
 * seconds of each command (CLI start-up included), and a check that rank.csv is the same.
 * Needs redis-server (Debian: apt-get install redis-server). Run: npm run build && node
 * dist/scripts/bench-workers.js [--ranks 2:7] [--seeds 3] [--rows 150] [--cols 80]
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Rng } from '../src/random';

const BIN = path.resolve(__dirname, '../../bin/nmflow.js');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function waitFor(p: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    p[stream]!.on('data', (d) => {
      text += d;
      if (pattern.test(text)) resolve();
    });
    p.once('exit', (c) => reject(new Error(`exited ${c}: ${text}`)));
  });
}

function timed(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args, '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`nmflow ${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - t) / 1000;
}

async function main() {
  const [n, m, k] = [Number(arg('rows', '150')), Number(arg('cols', '80')), 4];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-bench-workers-'));
  const rng = new Rng(1);
  const W = rng.normals(n * k);
  const H = rng.normals(k * m);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const row: string[] = [];
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += Math.abs(W[i * k + t]) * Math.abs(H[t * m + j]);
      row.push((s + 0.1 * Math.abs(rng.normal())).toFixed(5));
    }
    lines.push(row.join(','));
  }
  const X = path.join(dir, 'X.csv');
  fs.writeFileSync(X, lines.join('\n') + '\n');
  const sweep = [
    'rank',
    '--input',
    X,
    '--ranks',
    arg('ranks', '2:7'),
    '--seeds',
    arg('seeds', '3'),
  ];
  const port = await freePort();
  const redis = spawn('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  await waitFor(redis, 'stdout', /Ready to accept connections/);
  const url = `redis://127.0.0.1:${port}`;
  try {
    const local = timed([...sweep, '--threads', '1', '--out', path.join(dir, 'local')]);
    const results: Record<string, number> = { 'local, 1 thread': local };
    for (const count of [1, 2]) {
      spawnSync('redis-cli', ['-p', String(port), 'flushall']);
      const workers = Array.from({ length: count }, () =>
        spawn(process.execPath, [BIN, 'worker', '--redis', url], {
          stdio: ['ignore', 'ignore', 'pipe'],
        }),
      );
      await Promise.all(workers.map((w) => waitFor(w, 'stderr', /worker: ready/)));
      const out = path.join(dir, `redis-${count}`);
      results[`--redis, ${count} worker${count > 1 ? 's' : ''}`] = timed([
        ...sweep,
        '--redis',
        url,
        '--out',
        out,
      ]);
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))));
      const same =
        fs.readFileSync(path.join(out, 'rank.csv'), 'utf8') ===
        fs.readFileSync(path.join(dir, 'local', 'rank.csv'), 'utf8');
      if (!same) throw new Error(`rank.csv with ${count} workers differs from the local run`);
    }
    console.log(
      `rank sweep ${sweep.slice(3).join(' ')} on ${n} × ${m}, ${os.cpus().length} cores; wall-clock seconds per command:`,
    );
    for (const [name, s] of Object.entries(results)) {
      console.log(
        `  ${name.padEnd(22)} ${s.toFixed(1)} s  (speed-up vs local ${(local / s).toFixed(2)}×)`,
      );
    }
    const one = results['--redis, 1 worker'];
    const two = results['--redis, 2 workers'];
    console.log(
      `  2 workers vs 1 worker: ${(one / two).toFixed(2)}×; rank.csv identical in all three runs`,
    );
  } finally {
    redis.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
