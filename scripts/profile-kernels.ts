/**
 * Shows that each NMF iteration runs through tfjs's engine: `tf.profile` of `factorize` on
 * MNIST (the first `--rows` of the seeded subset, default 1000), rank 16, solvers `anls` and
 * `hals`, for 5 and 20 iterations (`tol: 0`): the number of kernels and nmflow's own kernel
 * names with their counts. With `--time`, also full default fits (all 10,000 rows unless
 * `--rows`): iterations, relative error, seconds and milliseconds per iteration.
 *
 *   node dist/scripts/profile-kernels.js [--backend wasm] [--rows 1000] [--time]
 */
import * as tf from '@tensorflow/tfjs-core';
import { factorize, initBackend, type NmfSolver } from '../src';
import { loadDataset } from '../src/datasets';
import { NMFLOW_KERNEL_NAMES } from '../src/kernels/ops';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function mnist(rows: number | undefined) {
  const ds = await loadDataset('mnist', rows === undefined ? {} : { limit: rows });
  return ds.X as { data: Float32Array; shape: [number, number] };
}

async function profileFit(X: Awaited<ReturnType<typeof mnist>>, solver: NmfSolver, iters: number) {
  const before = tf.memory().numTensors;
  const info = await tf.profile(async () => {
    const r = await factorize(X, { rank: 16, solver, maxIter: iters, tol: 0, seed: 0 });
    tf.dispose([r.W, r.H]);
    return [] as tf.Tensor[];
  });
  const counts = new Map<string, number>();
  for (const k of info.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
  const ours = NMFLOW_KERNEL_NAMES.filter((n) => counts.has(n)).map(
    (n) => `${n} ×${counts.get(n)}`,
  );
  const leaked = tf.memory().numTensors - before;
  console.log(
    `${solver.padEnd(5)} ${String(iters).padStart(3)} iterations: ${info.kernels.length} kernels; ` +
      `nmflow's: ${ours.join(', ') || 'none'}; tensors left: ${leaked}`,
  );
}

async function timeFit(X: Awaited<ReturnType<typeof mnist>>, solver: NmfSolver) {
  const t0 = performance.now();
  const r = await factorize(X, { rank: 16, solver, seed: 0 });
  const iterations = r.nIter;
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([r.W, r.H]);
  console.log(
    `${solver.padEnd(5)} fit: ${iterations} iterations, relative error ${r.relativeError.toFixed(4)}, ` +
      `${seconds.toFixed(2)} s, ${((1000 * seconds) / Math.max(1, iterations)).toFixed(2)} ms/iteration`,
  );
}

async function main() {
  const info = await initBackend(arg('backend'));
  console.log(`backend: ${info.name}`);
  const rowsArg = arg('rows');
  const small = await mnist(Number(rowsArg ?? 1000));
  for (const solver of ['anls', 'hals'] as NmfSolver[]) {
    for (const iters of [5, 20]) await profileFit(small, solver, iters);
  }
  if (process.argv.includes('--time')) {
    const X = await mnist(rowsArg === undefined ? undefined : Number(rowsArg));
    console.log(`timed fits on ${X.shape[0]} × ${X.shape[1]}:`);
    for (const solver of ['anls', 'hals'] as NmfSolver[]) await timeFit(X, solver);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
