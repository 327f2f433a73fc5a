/**
 * nmflow on `webgpu` (tfjs-backend-webgpu on Dawn, src/webgpu-node.ts) against a CPU backend,
 * in one process, backend by backend (`--backends webgpu,wasm`):
 * - tfjs matMul n×n·n×n, float32: GFLOP/s (best of 3 after a warm-up; n from `--matmul`);
 * - NMF fits with a fixed number of outer iterations (`tol: 0`, seed 0): Swimmer rank 8 and
 *   the first `--rows` MNIST digits rank 16, `anls` and `hals`: relative error, seconds per
 *   outer iteration (after a 1-iteration warm-up fit), and tfjs kernels per outer iteration
 *   (`tf.profile` of 2 and 4 iterations: the difference over 2);
 * - a dense low-rank matrix (`--dense R×C`, rank 32 + noise), `anls`: the same figures, where
 *   the products' arithmetic outweighs the dispatches.
 * The relative errors of the backends are printed side by side with their largest spread.
 *
 *   node dist/scripts/bench-webgpu.js [--backends webgpu,wasm] [--rows 10000] [--iters 10]
 *     [--matmul 1024,4096] [--dense 20000x4000]
 */
import * as tf from '@tensorflow/tfjs-core';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { factorize, initBackend, Rng, type NmfSolver } from '../src';
import { loadDataset } from '../src/datasets';

interface Matrix {
  data: Float32Array;
  shape: [number, number];
}

async function gflops(n: number): Promise<number> {
  const [a, b] = [tf.randomUniform([n, n]), tf.randomUniform([n, n])];
  const once = async () => {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    return (performance.now() - t0) / 1000;
  };
  await once();
  const best = Math.min(await once(), await once(), await once());
  tf.dispose([a, b]);
  return (2 * n ** 3) / best / 1e9;
}

/**
 * rows × cols = W·H + 0.01·|noise|, W and H uniform, inner dimension `rank`. Not the datasets'
 * generateLowRank: its float64 copies take ≈2.5 GB at 20000×4000, and the README's figures are
 * of this matrix.
 */
function lowRank(rows: number, cols: number, rank: number): Matrix {
  const rng = new Rng(7);
  const W = Float32Array.from({ length: rows * rank }, () => rng.uniform());
  const H = Float32Array.from({ length: rank * cols }, () => rng.uniform());
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < rank; t++) {
      const w = W[i * rank + t];
      const h = t * cols;
      for (let j = 0; j < cols; j++) data[i * cols + j] += w * H[h + j];
    }
  }
  for (let i = 0; i < data.length; i++) data[i] += 0.01 * Math.abs(rng.normal());
  return { data, shape: [rows, cols] };
}

async function fit(X: Matrix, rank: number, solver: NmfSolver, maxIter: number) {
  const t0 = performance.now();
  const r = await factorize(X, { rank, solver, maxIter, tol: 0, seed: 0 });
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([r.W, r.H]);
  return { error: r.relativeError, seconds, iterations: r.nIter };
}

async function kernelsPerIteration(X: Matrix, rank: number, solver: NmfSolver): Promise<number> {
  const count = async (maxIter: number) =>
    (
      await tf.profile(async () => {
        const r = await factorize(X, { rank, solver, maxIter, tol: 0, seed: 0 });
        tf.dispose([r.W, r.H]);
        return [] as tf.Tensor[];
      })
    ).kernels.length;
  return ((await count(4)) - (await count(2))) / 2;
}

async function main(): Promise<void> {
  const argv = yargs(hideBin(process.argv))
    .option('backends', { type: 'string', default: 'webgpu,wasm' })
    .option('rows', { type: 'number', default: 2000, describe: 'MNIST rows' })
    .option('iters', { type: 'number', default: 10, describe: 'outer iterations per timed fit' })
    .option('matmul', { type: 'string', default: '1024,2048', describe: 'matMul sizes' })
    .option('dense', { type: 'string', default: '4000x1000', describe: 'low-rank case, R×C' })
    .strict()
    .parseSync();
  const swimmer = (await loadDataset('swimmer')).X as Matrix;
  const mnist = (await loadDataset('mnist', { limit: argv.rows })).X as Matrix;
  const [dr, dc] = argv.dense.split('x').map(Number);
  const dense = lowRank(dr, dc, 32);
  const cases: [string, Matrix, number, NmfSolver][] = [
    ['swimmer-8', swimmer, 8, 'anls'],
    ['swimmer-8', swimmer, 8, 'hals'],
    [`mnist${argv.rows}-16`, mnist, 16, 'anls'],
    [`mnist${argv.rows}-16`, mnist, 16, 'hals'],
    [`dense${argv.dense}-32`, dense, 32, 'anls'],
  ];
  const errors = new Map<string, number[]>();
  for (const backend of argv.backends.split(',')) {
    const info = await initBackend(backend);
    console.log(`\nbackend ${info.name}: ${info.reason}`);
    for (const n of argv.matmul.split(',').map(Number)) {
      console.log(`  matMul ${n}³: ${(await gflops(n)).toFixed(1)} GFLOP/s`);
    }
    console.log('  case                   solver  rel. error   s/iteration  kernels/iteration');
    for (const [name, X, rank, solver] of cases) {
      await fit(X, rank, solver, 1);
      const r = await fit(X, rank, solver, argv.iters);
      const kernels = await kernelsPerIteration(X, rank, solver);
      const key = `${name} ${solver}`;
      errors.set(key, [...(errors.get(key) ?? []), r.error]);
      console.log(
        `  ${name.padEnd(22)} ${solver.padEnd(6)} ${r.error.toFixed(6).padStart(10)} ` +
          `${(r.seconds / r.iterations).toFixed(4).padStart(13)} ${kernels.toFixed(0).padStart(18)}`,
      );
    }
  }
  console.log(`\nrelative errors after ${argv.iters} iterations (${argv.backends}), spread:`);
  for (const [key, list] of errors) {
    const spread = Math.max(...list) - Math.min(...list);
    console.log(
      `  ${key.padEnd(30)} ${list.map((e) => e.toFixed(6)).join('  ')}  ${spread.toExponential(1)}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
