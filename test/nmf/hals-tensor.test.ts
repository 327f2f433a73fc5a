/**
 * `hals` with the composite kernels (hals-tensor.ts: the factors as tensors, the sweeps as tf
 * ops), run on `cpu` by registering the composites there: the fit reaches the host fit's
 * relative error, leaves no tensor behind, and each outer iteration runs a bounded number of
 * kernels through the engine (counted with tf.profile).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize, type NmfOptions } from '../../src';
import { registerNmflowKernels, type KernelForm } from '../../src/kernels/register';
import { gaussian } from '../helpers';

/** Runs body on cpu with the kernels in `form` (cpu's host kernels restored after). */
async function onCpu<T>(form: KernelForm, body: () => Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  await tf.setBackend('cpu');
  registerNmflowKernels('cpu', form);
  try {
    return await body();
  } finally {
    registerNmflowKernels('cpu', 'host');
    await tf.setBackend(previous);
  }
}

/** A planted rank-r non-negative `rows × cols` matrix (W·H with |N(0,1)| entries) plus 1 % noise. */
function planted(rows: number, cols: number, r: number, seed: number) {
  const W = gaussian(rows, r, seed).map((row) => row.map(Math.abs));
  const H = gaussian(r, cols, seed + 1).map((row) => row.map(Math.abs));
  const noise = gaussian(rows, cols, seed + 2);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let t = 0; t < r; t++) s += W[i][t] * H[t][j];
      data[i * cols + j] = Math.max(s * (1 + 0.01 * noise[i][j]), 0);
    }
  }
  return { data, shape: [rows, cols] as [number, number] };
}

const X = planted(90, 50, 5, 7);

async function fit(form: KernelForm, options: NmfOptions) {
  return onCpu(form, async () => {
    const before = tf.memory().numTensors;
    const r = await factorize(X, { solver: 'hals', seed: 3, ...options });
    tf.dispose([r.W, r.H]);
    expect(tf.memory().numTensors, 'tensors left').to.equal(before);
    return r;
  });
}

describe('nmf: hals on the composite kernels (factors as tensors)', () => {
  const cases: [string, NmfOptions][] = [
    ['rank 5, extrapolated', { rank: 5, maxIter: 60, tol: 0 }],
    ['rank 5, no extrapolation', { rank: 5, maxIter: 60, tol: 0, extrapolate: false }],
    ['rank 8 (more than planted), stopped by the violation', { rank: 8, maxIter: 200, tol: 1e-4 }],
  ];
  for (const [what, options] of cases) {
    it(`reaches the host fit's relative error within 1e-4: ${what}`, async () => {
      const host = await fit('host', options);
      const composite = await fit('composite', options);
      console.log(what, host.relativeError, composite.relativeError, host.nIter, composite.nIter);
      expect(Math.abs(composite.relativeError - host.relativeError)).to.be.below(1e-4);
    });
  }
});

describe('scratch profile', () => {
  it('counts', async () => {
    for (const k of [5, 16]) {
      const counts: number[] = [];
      for (const maxIter of [2, 6]) {
        await onCpu('composite', async () => {
          const info = await tf.profile(async () => {
            const r = await factorize(X, { solver: 'hals', rank: k, seed: 3, maxIter, tol: 0 });
            tf.dispose([r.W, r.H]);
            return [] as tf.Tensor[];
          });
          const by = new Map<string, number>();
          for (const kk of info.kernels) by.set(kk.name, (by.get(kk.name) ?? 0) + 1);
          console.log(k, maxIter, info.kernels.length, JSON.stringify([...by]));
          counts.push(info.kernels.length);
        });
      }
      console.log('per iteration', k, (counts[1] - counts[0]) / 4);
    }
  });
});
