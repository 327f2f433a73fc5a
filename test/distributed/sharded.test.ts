import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { factorizeSharded, rowShards } from '../../src/distributed';
import { factorize } from '../../src/nmf/factorize';
import { Rng } from '../../src/random';
import {
  startRedis,
  startWorkers,
  skipWithoutRedis,
  type TestRedis,
  type TestWorker,
} from './redis';

/** X = W H + small noise, n × m of rank k, non-negative. */
function planted(n: number, m: number, k: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const W = Float64Array.from(rng.normals(n * k), Math.abs);
  const H = Float64Array.from(rng.normals(k * m), Math.abs);
  const X = new Float32Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += W[i * k + t] * H[t * m + j];
      X[i * m + j] = s + 0.05 * Math.abs(rng.normal());
    }
  return X;
}

function writeCsv(file: string, X: Float32Array, m: number): void {
  const lines: string[] = [];
  for (let i = 0; i < X.length / m; i++)
    lines.push(Array.from(X.subarray(i * m, (i + 1) * m)).join(','));
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

describe('distributed: one factorization over row shards', function () {
  this.timeout(120000);
  let redis: TestRedis;
  let workers: TestWorker[] = [];
  let dir: string;
  const [n, m, k] = [60, 24, 4];
  const X = planted(n, m, k, 3);
  let backend: string;

  before(async function () {
    skipWithoutRedis(this);
    redis = await startRedis();
    workers = await startWorkers(redis.url, 2, ['--lock-ms', '2000']);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-sharded-'));
    writeCsv(path.join(dir, 'X.csv'), X, m);
    backend = tf.getBackend();
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('matches single-process anls (same engine, same start) within 1e-5 relative error', async () => {
    const single = await factorize(
      { data: X, shape: [n, m] },
      {
        rank: k,
        solver: 'anls',
        nnlsSolver: 'active-set',
        init: 'random',
        extrapolate: false,
        maxIter: 25,
        tol: 0,
        seed: 7,
      },
    );
    const singleW = single.W.dataSync();
    tf.dispose([single.W, single.H]);
    const sharded = await factorizeSharded(
      { url: redis.url },
      rowShards(path.join(dir, 'X.csv'), n, 3),
      { rank: k, maxIter: 25, tol: 0, seed: 7, backend },
    );
    const diff = Math.abs(sharded.relativeError - single.relativeError);
    console.log(
      `      sharded (3 shards, 2 workers) ${sharded.relativeError.toPrecision(8)} vs single-process anls ${single.relativeError.toPrecision(8)}: |difference| ${diff.toExponential(2)}`,
    );
    expect(diff).to.be.below(1e-5);
    expect(sharded.nIter).to.equal(25);
    expect(sharded.shardRows).to.deep.equal([20, 20, 20]);
    // W's rows in file order: the same factor as the single process's, entry by entry.
    let wDiff = 0;
    let wNorm = 0;
    for (let i = 0; i < singleW.length; i++) {
      wDiff = Math.max(wDiff, Math.abs(sharded.W[i] - singleW[i]));
      wNorm = Math.max(wNorm, Math.abs(singleW[i]));
    }
    expect(wDiff / wNorm).to.be.below(1e-3);
  });
});
