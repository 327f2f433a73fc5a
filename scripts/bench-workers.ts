/**
 * The speed-up of a rank sweep on Redis workers: `nmflow rank` on the same data locally
 * (`--threads 1`), then with `--redis` on 1 and on 2 `nmflow worker` processes; wall-clock
 * seconds of each command (CLI start-up included; the workers are started before), the CPU
 * seconds the workers used (from /proc), the load average before each run (the machine is
 * shared: the speed-up of 2 workers is bounded by the cores the others leave free), and a check
 * that rank.csv is the same. `--repeat R` keeps each configuration's fastest of R runs.
 * Needs redis-server (Debian: apt-get install redis-server). Run: npm run build && node
 * dist/scripts/bench-workers.js [--ranks 2:7] [--seeds 3] [--rows 150] [--cols 80] [--repeat 1]
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

const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** User + system CPU seconds of a live process (Linux /proc; NaN elsewhere). */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim();
    return (Number(fields[11]) + Number(fields[12])) / Number(ticks || 100);
  } catch {
    return NaN;
  }
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
  const repeat = Number(arg('repeat', '1'));
  console.log(
    `rank sweep ${sweep.slice(3).join(' ')} on ${n} × ${m}, ${os.cpus().length} cores, ` +
      `load average at the start ${loadavg()}, fastest of ${repeat}`,
  );
  try {
    const results: { name: string; seconds: number; workerCpu: number; load: string }[] = [];
    let local = Infinity;
    let localLoad = '';
    for (let r = 0; r < repeat; r++) {
      const load = loadavg();
      const s = timed([...sweep, '--threads', '1', '--out', path.join(dir, 'local')]);
      if (s < local) [local, localLoad] = [s, load];
    }
    results.push({ name: 'local, 1 thread', seconds: local, workerCpu: NaN, load: localLoad });
    for (const count of [1, 2]) {
      const best = {
        name: `--redis, ${count} worker${count > 1 ? 's' : ''}`,
        seconds: Infinity,
        workerCpu: NaN,
        load: '',
      };
      for (let r = 0; r < repeat; r++) {
        spawnSync('redis-cli', ['-p', String(port), 'flushall']);
        const workers = Array.from({ length: count }, () =>
          spawn(process.execPath, [BIN, 'worker', '--redis', url], {
            stdio: ['ignore', 'ignore', 'pipe'],
          }),
        );
        await Promise.all(workers.map((w) => waitFor(w, 'stderr', /worker: ready/)));
        const before = workers.map((w) => cpuSeconds(w.pid!));
        const out = path.join(dir, `redis-${count}`);
        const load = loadavg();
        const seconds = timed([...sweep, '--redis', url, '--out', out]);
        const cpu = workers.reduce((a, w, i) => a + cpuSeconds(w.pid!) - before[i], 0);
        for (const w of workers) w.kill('SIGTERM');
        await Promise.all(workers.map((w) => new Promise((res) => w.once('exit', res))));
        const same =
          fs.readFileSync(path.join(out, 'rank.csv'), 'utf8') ===
          fs.readFileSync(path.join(dir, 'local', 'rank.csv'), 'utf8');
        if (!same) throw new Error(`rank.csv with ${count} workers differs from the local run`);
        if (seconds < best.seconds) Object.assign(best, { seconds, workerCpu: cpu, load });
      }
      results.push(best);
    }
    console.log('wall-clock seconds per command:');
    for (const r of results) {
      const cpu = Number.isNaN(r.workerCpu) ? '' : `, workers' CPU ${r.workerCpu.toFixed(1)} s`;
      console.log(
        `  ${r.name.padEnd(22)} ${r.seconds.toFixed(1)} s  (speed-up vs local ${(local / r.seconds).toFixed(2)}×${cpu}; load average before: ${r.load})`,
      );
    }
    const one = results[1].seconds;
    const two = results[2].seconds;
    console.log(
      `  2 workers vs 1 worker: ${(one / two).toFixed(2)}×; rank.csv identical in all runs; ` +
        `load average at the end ${loadavg()}`,
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
