/**
 * `hals` with the host kernels and with the composite kernels (hals-tensor.ts) on the same
 * backend: MNIST (the first `--rows` of the seeded subset, default 1000), rank 16, `--iters`
 * outer iterations (default 30, `tol: 0`), after a 2-iteration warm-up; prints the relative
 * error, milliseconds per outer iteration, kernels per outer iteration (tf.profile of
 * `--iters` against 2 iterations) and tensors left.
 *
 *   node dist/scripts/hals-forms.js [--backend tensorflow] [--rows 1000] [--iters 30]
 */
import * as tf from '@tensorflow/tfjs-core';
import { factorize, initBackend } from '../src';
import { loadDataset } from '../src/datasets';
import { registerNmflowKernels, type KernelForm } from '../src/kernels/register';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const info = await initBackend(arg('backend'));
  const rows = Number(arg('rows') ?? 1000);
  const iters = Number(arg('iters') ?? 30);
  const X = (await loadDataset('mnist', { limit: rows })).X as {
    data: Float32Array;
    shape: [number, number];
  };
  const run = async (maxIter: number) => {
    const r = await factorize(X, { rank: 16, solver: 'hals', maxIter, tol: 0, seed: 0 });
    tf.dispose([r.W, r.H]);
    return r.relativeError;
  };
  const kernels = async (maxIter: number) =>
    (await tf.profile(async () => (await run(maxIter), [] as tf.Tensor[]))).kernels.length;
  console.log(`backend ${info.name}, MNIST ${X.shape[0]} × ${X.shape[1]}, rank 16, hals`);
  for (const form of ['host', 'composite'] as KernelForm[]) {
    registerNmflowKernels(info.name, form);
    await run(2);
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const error = await run(iters);
    const ms = (performance.now() - t0) / iters;
    const left = tf.memory().numTensors - before;
    const perIteration = ((await kernels(iters)) - (await kernels(2))) / (iters - 2);
    console.log(
      `${form.padEnd(9)} ${iters} iterations: relative error ${error.toFixed(6)}, ` +
        `${ms.toFixed(1)} ms/iteration, ${perIteration.toFixed(1)} kernels/iteration, tensors left ${left}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
