/**
 * `experiment --redis`: the experiment's independent fits (nmf-bias: seeds × methods) run as
 * jobs on 2 `nmflow worker` processes, and the run writes what the local run writes:
 * results.json and the component images byte for byte; likewise sparse-recovery (one job per
 * repetition), and implicit-bias, step-decay, acceleration, negative-perturbation and
 * subsampled-fourier (results.json and the plots; one job per run of their grids).
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runExperiment } from '../../src/experiments';
import { runCli } from '../cli/run';
import {
  skipWithoutRedis,
  startRedis,
  startWorkers,
  type TestRedis,
  type TestWorker,
} from './redis';

describe('distributed: experiment --redis', function () {
  this.timeout(300000);
  let redis: TestRedis;
  let dir: string;
  const args = (out: string, name = 'nmf-bias') => ['experiment', name, '--out', out, '--quiet'];

  before(async function () {
    skipWithoutRedis(this);
    redis = await startRedis();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-experiment-redis-'));
    const local = runCli(args(path.join(dir, 'local')));
    expect(local.code, local.stderr).to.equal(0);
    const sr = runCli(args(path.join(dir, 'local-sr'), 'sparse-recovery'));
    expect(sr.code, sr.stderr).to.equal(0);
  });
  after(async () => {
    await redis?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('nmf-bias with 2 workers: results.json and the images identical to the local run', async () => {
    const workers = await startWorkers(redis.url, 2);
    try {
      const out = path.join(dir, 'redis');
      const r = runCli([...args(out), '--redis', redis.url]);
      expect(r.code, r.stderr).to.equal(0);
      const local = path.join(dir, 'local');
      const images = fs.readdirSync(local).filter((f) => f.endsWith('.png'));
      expect(images.length, 'component images').to.be.greaterThan(0);
      for (const f of ['results.json', ...images])
        expect(
          fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(local, f))),
          f,
        ).to.equal(true);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the workers' notes
      const ran = workers.map((w) => (w.log().match(/\(experiment-task\) done/g) ?? []).length);
      // nmf-bias smoke: 2 reference fits + 4 methods × 2 seeds.
      expect(ran[0] + ran[1], 'jobs done by the workers').to.equal(10);
      expect(Math.min(...ran), 'jobs done by the less busy worker').to.be.greaterThan(0);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });

  it('sparse-recovery with 2 workers: results.json identical to the local run', async () => {
    const workers = await startWorkers(redis.url, 2);
    try {
      const out = path.join(dir, 'redis-sr');
      const r = runCli([...args(out, 'sparse-recovery'), '--redis', redis.url]);
      expect(r.code, r.stderr).to.equal(0);
      expect(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).to.equal(
        fs.readFileSync(path.join(dir, 'local-sr', 'results.json'), 'utf8'),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ran = workers.map((w) => (w.log().match(/\(experiment-task\) done/g) ?? []).length);
      expect(ran[0] + ran[1], 'one job per repetition (1 at smoke scale)').to.equal(1);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });

  describe('the other experiments with independent runs, on the same 2 workers', () => {
    /** Smoke-scale experiments and their number of jobs (tasks). */
    const cases: [name: string, jobs: number, what: string][] = [
      ['implicit-bias', 2, '1 depth × 2 alphas'],
      ['step-decay', 2, '1 depth × 2 gammas'],
      ['acceleration', 3, 'one per solver'],
      ['negative-perturbation', 6, '2 deltas × 3 solvers'],
      ['subsampled-fourier', 2, 'one per alpha'],
    ];
    let workers: TestWorker[] = [];
    const jobsDone = () =>
      workers
        .map((w) => (w.log().match(/\(experiment-task\) done/g) ?? []).length)
        .reduce((a, b) => a + b, 0);

    before(async function () {
      if (!redis) this.skip();
      // The local runs in this process (same backend rule as the CLI: NMFLOW_BACKEND or auto).
      for (const [name] of cases)
        await runExperiment(name, { scale: 'smoke', outDir: path.join(dir, `local-${name}`) });
      workers = await startWorkers(redis.url, 2);
    });
    after(async () => {
      await Promise.all(workers.map((w) => w.stop()));
    });

    for (const [name, jobs, what] of cases) {
      it(`${name}: results.json and the plots identical to the local run (${what})`, async () => {
        const before = jobsDone();
        const out = path.join(dir, `redis-${name}`);
        const r = runCli([...args(out, name), '--redis', redis.url]);
        expect(r.code, r.stderr).to.equal(0);
        const local = path.join(dir, `local-${name}`);
        const plots = fs.readdirSync(local).filter((f) => f.endsWith('.svg'));
        expect(plots.length, 'plots').to.be.greaterThan(0);
        for (const f of ['results.json', ...plots])
          expect(fs.readFileSync(path.join(out, f), 'utf8'), f).to.equal(
            fs.readFileSync(path.join(local, f), 'utf8'),
          );
        await new Promise((resolve) => setTimeout(resolve, 300)); // the workers' notes
        expect(jobsDone() - before, 'jobs done by the workers').to.equal(jobs);
      });
    }
  });

  it('a bad --redis URL is refused before anything runs (exit 2)', () => {
    const r = runCli([...args(path.join(dir, 'bad')), '--redis', 'http://nowhere']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/redis/i);
  });
});
