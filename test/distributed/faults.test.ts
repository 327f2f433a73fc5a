/**
 * Faults of a sharded fit on Redis workers: the coordinator SIGKILLed mid-fit goes on with
 * `--resume` from its checkpoint to the same W and H as an uninterrupted run; a job that fails
 * for bad input (a shard file no worker can read, a worker on another backend) fails the run
 * at once with its message, without retries.
 */
import { expect } from 'chai';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { factorizeSharded } from '../../src/distributed';
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

describe('distributed: faults of a sharded fit', function () {
  this.timeout(240000);
  let redis: TestRedis;
  let workers: TestWorker[] = [];
  let dir: string;
  let X: string;

  before(async function () {
    skipWithoutRedis(this);
    redis = await startRedis();
    workers = await startWorkers(redis.url, 2, ['--lock-ms', '2000']);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-faults-'));
    X = path.join(dir, 'X.csv');
    const rng = new Rng(11);
    const rows: string[] = [];
    for (let i = 0; i < 50; i++)
      rows.push(Array.from({ length: 20 }, () => Math.abs(rng.normal()).toFixed(4)).join(','));
    fs.writeFileSync(X, rows.join('\n') + '\n');
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const fitArgs = () => [
    'factorize',
    '--input',
    X,
    '--rank',
    '4',
    '--redis',
    redis.url,
    '--shards',
    '3',
    '--max-iter',
    '100',
    '--tol',
    '0',
    '--format',
    'csv',
    '--quiet',
  ];

  it('the coordinator SIGKILLed mid-fit: --resume ends with the W and H of an uninterrupted run', async () => {
    const whole = runCli([...fitArgs(), '--out', path.join(dir, 'whole')]);
    expect(whole.code, whole.stderr).to.equal(0);
    const ck = path.join(dir, 'ck');
    const first = spawn(
      process.execPath,
      [
        BIN,
        ...fitArgs(),
        '--checkpoint',
        ck,
        '--checkpoint-every',
        '2',
        '--out',
        path.join(dir, 'never'),
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => first.once('exit', resolve));
    // Kill it once a checkpoint past iteration 6 is on disk.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const manifest = path.join(ck, 'manifest.json');
        if (
          fs.existsSync(manifest) &&
          JSON.parse(fs.readFileSync(manifest, 'utf8')).iteration >= 6
        ) {
          clearInterval(poll);
          process.kill(first.pid!, 'SIGKILL');
          resolve();
        }
      }, 20);
    });
    await exited;
    const saved = JSON.parse(fs.readFileSync(path.join(ck, 'manifest.json'), 'utf8')).iteration;
    expect(saved).to.be.below(100);
    expect(fs.existsSync(path.join(dir, 'never'))).to.equal(false);
    const resumed = runCli([
      ...fitArgs(),
      '--resume',
      ck,
      '--out',
      path.join(dir, 'resumed'),
      '--json',
    ]);
    expect(resumed.code, resumed.stderr).to.equal(0);
    for (const f of ['W.csv', 'H.csv']) {
      expect(fs.readFileSync(path.join(dir, 'resumed', f), 'utf8'), f).to.equal(
        fs.readFileSync(path.join(dir, 'whole', f), 'utf8'),
      );
    }
    expect(JSON.parse(resumed.stdout).iterations).to.equal(100);
  });

  it('a shard file no worker can read fails the run with its message, tried once', async () => {
    const count = () =>
      workers
        .map((w) => (w.log().match(/shard-stats\) started/g) ?? []).length)
        .reduce((s, t) => s + t, 0);
    const before = count();
    const started = Date.now();
    let error: Error | undefined;
    await factorizeSharded({ url: redis.url }, [{ file: path.join(dir, 'missing.csv') }], {
      rank: 2,
      backend: tf.getBackend(),
    }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/shard file .*missing\.csv cannot be read on this worker/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(count() - before, 'attempts').to.equal(1);
    expect(Date.now() - started).to.be.below(20000);
  });

  it('jobs made on another backend are refused with the backend named', async () => {
    const r = runCli([...fitArgs().slice(0, -1), '--backend', 'cpu']);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(/made on backend cpu but this worker runs \w+/);
  });
});
