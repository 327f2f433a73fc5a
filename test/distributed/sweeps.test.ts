/**
 * `rank` and `compare` with `--redis`: the jobs run on 1, 2 and 3 `nmflow worker` processes
 * and the results are those of the local run, byte for byte where the local output is
 * deterministic (rank.csv; compare.json except the seconds); a worker SIGKILLed in the middle
 * of a job does not change them.
 */
import { expect } from 'chai';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Rng } from '../../src/random';
import { runCli } from '../cli/run';
import {
  BIN,
  skipWithoutRedis,
  startRedis,
  startWorkers,
  type TestRedis,
  type TestWorker,
} from './redis';

function writePlanted(file: string, n: number, m: number, k: number, seed: number): void {
  const rng = new Rng(seed);
  const W = Float64Array.from(rng.normals(n * k), Math.abs);
  const H = Float64Array.from(rng.normals(k * m), Math.abs);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += W[i * k + t] * H[t * m + j];
      row.push(Number((s + 0.05 * Math.abs(rng.normal())).toFixed(5)));
    }
    lines.push(row.join(','));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/** compare.json without what a rerun may change: the seconds (and the folder's name). */
function withoutSeconds(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'), (key, value) =>
    key === 'seconds' || key === 'outDir' ? undefined : value,
  );
}

describe('distributed: rank and compare sweeps on Redis workers', function () {
  this.timeout(300000);
  let redis: TestRedis;
  let dir: string;
  let X: string;
  const rankArgs = () => [
    'rank',
    '--input',
    X,
    '--ranks',
    '2:4',
    '--seeds',
    '2',
    '--method',
    'both',
  ];
  const compareArgs = () => [
    'compare',
    '--input',
    X,
    '--rank',
    '3',
    '--methods',
    'mu,anls',
    '--seeds',
    '2',
    '--max-iter',
    '40',
  ];

  before(async function () {
    skipWithoutRedis(this);
    redis = await startRedis();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-sweeps-'));
    X = path.join(dir, 'X.csv');
    writePlanted(X, 40, 24, 3, 5);
    const local = runCli([
      ...rankArgs(),
      '--threads',
      '1',
      '--out',
      path.join(dir, 'rank-local'),
      '--quiet',
    ]);
    expect(local.code, local.stderr).to.equal(0);
    const cmp = runCli([...compareArgs(), '--out', path.join(dir, 'cmp-local'), '--quiet']);
    expect(cmp.code, cmp.stderr).to.equal(0);
  });
  // Each test starts from an empty server: the same sweep's finished jobs would be reused.
  beforeEach(async () => flush(redis.url));
  after(async () => {
    await redis?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const count of [1, 2, 3]) {
    it(`rank --redis with ${count} worker(s): rank.csv byte-identical to the local run`, async () => {
      const workers = await startWorkers(redis.url, count);
      try {
        const out = path.join(dir, `rank-${count}`);
        const r = runCli([...rankArgs(), '--redis', redis.url, '--out', out, '--quiet']);
        expect(r.code, r.stderr).to.equal(0);
        expect(fs.readFileSync(path.join(out, 'rank.csv'), 'utf8')).to.equal(
          fs.readFileSync(path.join(dir, 'rank-local', 'rank.csv'), 'utf8'),
        );
        await new Promise((resolve) => setTimeout(resolve, 300)); // the workers' notes
        const ran = workers.filter((w) => /\(rank\) done/.test(w.log())).length;
        if (count > 1) expect(ran, 'workers that ran jobs').to.be.greaterThan(1);
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
      }
    });
  }

  it('compare --redis with 2 workers: compare.json identical to the local run but for seconds', async () => {
    const workers = await startWorkers(redis.url, 2);
    try {
      const out = path.join(dir, 'cmp-redis');
      const r = runCli([...compareArgs(), '--redis', redis.url, '--out', out, '--quiet']);
      expect(r.code, r.stderr).to.equal(0);
      expect(withoutSeconds(path.join(out, 'compare.json'))).to.deep.equal(
        withoutSeconds(path.join(dir, 'cmp-local', 'compare.json')),
      );
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    await flush(redis.url);
  });

  it('a worker SIGKILLed mid-job: the job moves to another worker, rank.csv unchanged', async () => {
    const workers: TestWorker[] = await startWorkers(redis.url, 2, ['--lock-ms', '1000']);
    try {
      const out = path.join(dir, 'rank-killed');
      const coordinator = spawn(
        process.execPath,
        [BIN, ...rankArgs(), '--redis', redis.url, '--out', out, '--quiet'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      coordinator.stderr!.on('data', (d) => (stderr += d));
      const victim = workers[0];
      // Kill the first worker as soon as it starts a job.
      const killed = await new Promise<string>((resolve) => {
        const poll = setInterval(() => {
          const m = /job (\S+) \(rank\) started/.exec(victim.log());
          if (m) {
            clearInterval(poll);
            process.kill(victim.proc.pid!, 'SIGKILL');
            resolve(m[1]);
          }
        }, 2);
      });
      const code = await new Promise<number | null>((resolve) => coordinator.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(code, stderr).to.equal(0);
      expect(victim.log()).not.to.include(`job ${killed} (rank) done`);
      expect(workers[1].log(), 'the other worker finished the killed job').to.include(
        `job ${killed} (rank) done`,
      );
      expect(fs.readFileSync(path.join(out, 'rank.csv'), 'utf8')).to.equal(
        fs.readFileSync(path.join(dir, 'rank-local', 'rank.csv'), 'utf8'),
      );
    } finally {
      await Promise.all(workers.map((w) => w.kill()));
    }
  });
});

/** Empties the test server. */
async function flush(url: string): Promise<void> {
  const { default: IORedis } = await import('ioredis');
  const r = new IORedis(url);
  await r.flushall();
  await r.quit();
}
