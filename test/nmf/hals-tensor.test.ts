/**
 * `hals` with the composite kernels (hals-tensor.ts: the factors as tensors, the sweeps as tf
 * ops), run on `cpu` by registering the composites there: the fit reaches the host fit's
 * relative error, leaves no tensor behind, and each outer iteration runs a bounded number of
 * kernels through the engine (counted with tf.profile).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize, NMF, type NmfOptions } from '../../src';
import type { KernelForm } from '../../src/kernels/register';
import { gaussian } from '../helpers';
import { onCpu, relativeDistance } from '../kernels/kernel-fixtures';

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
    ['rank 5, extrapolated', { rank: 5, maxIter: 40, tol: 0 }],
    ['rank 5, no extrapolation', { rank: 5, maxIter: 40, tol: 0, extrapolate: false }],
    ['rank 8 (more than planted), stopped by the violation', { rank: 8, maxIter: 200, tol: 1e-4 }],
    [
      'rank 5, l1 and l2 penalties on both factors',
      { rank: 5, maxIter: 40, tol: 0, alphaW: 0.002, l1Ratio: 0.5 },
    ],
  ];
  for (const [what, options] of cases) {
    it(`reaches the host fit's relative error within 1e-4: ${what}`, async () => {
      const host = await fit('host', options);
      const composite = await fit('composite', options);
      expect(composite.nIter).to.equal(host.nIter);
      expect(Math.abs(composite.relativeError - host.relativeError)).to.be.below(1e-4);
    });
  }

  it('the component guard acts as on the host: a dead component at the start is re-seeded', async () => {
    // Component 2 starts at zero in W and H: the sweeps skip it (G_tt = 0) and it stays dead
    // until the guard re-seeds it after iteration 1; without that the fit keeps rank 4.
    const rank = 5;
    const value = (a: number, b: number) => 0.1 + ((a * 7 + b * 3) % 11) / 11;
    const W0 = Array.from({ length: X.shape[0] }, (_, i) =>
      Array.from({ length: rank }, (_, t) => (t === 2 ? 0 : value(i, t))),
    );
    const H0 = Array.from({ length: rank }, (_, t) =>
      Array.from({ length: X.shape[1] }, (_, j) => (t === 2 ? 0 : value(j, t + 5))),
    );
    const options: NmfOptions = { rank, init: 'custom', W: W0, H: H0, maxIter: 30, tol: 0 };
    const host = await fit('host', options);
    const composite = await fit('composite', options);
    const rank4 = await fit('composite', {
      ...options,
      rank: 4,
      W: W0.map((r) => r.filter((_, t) => t !== 2)),
      H: H0.filter((_, t) => t !== 2),
    });
    expect(Math.abs(composite.relativeError - host.relativeError)).to.be.below(1e-4);
    expect(composite.relativeError).to.be.below(0.5 * rank4.relativeError);
  });

  it('transform (H fixed) gives the host W within float32 rounding', async () => {
    const Xt = tf.tensor2d(X.data, X.shape);
    const model = new NMF({ rank: 5, solver: 'hals', maxIter: 60, seed: 3 });
    await onCpu('host', () => model.fit(Xt));
    const transform = (form: KernelForm) =>
      onCpu(form, async () => {
        const before = tf.memory().numTensors;
        const W = await model.transform(Xt);
        const values = W.dataSync().slice();
        W.dispose();
        expect(tf.memory().numTensors, 'tensors left').to.equal(before);
        return values;
      });
    const host = await transform('host');
    const composite = await transform('composite');
    expect(relativeDistance(composite, host)).to.be.below(1e-4);
    model.dispose();
    Xt.dispose();
  });

  it('runs 3 kernels per coordinate and sweep plus a bounded rest per outer iteration (tf.profile)', async () => {
    // Kernels (tf.profile's records) of fits of 2 and 6 outer iterations: the difference / 4 is
    // one outer iteration's. Per half-step: 3 per coordinate and sweep (a slice, a min, a fused
    // matMul), k coordinates, 5 sweeps (repeated sweeps are masked per row, never skipped: no
    // read-back); the rest (products, Grams, the step's setup, the row masks, the violation,
    // extrapolation, the fit's read-back vector) was 172 at k = 5 and k = 16 alike.
    for (const k of [5, 16]) {
      const profile = (maxIter: number) =>
        onCpu('composite', async () => {
          const info = await tf.profile(async () => {
            const r = await factorize(X, { solver: 'hals', rank: k, seed: 3, maxIter, tol: 0 });
            tf.dispose([r.W, r.H]);
            return [] as tf.Tensor[];
          });
          const names = info.kernels.map((kernel) => kernel.name);
          return { total: names.length, count: (n: string) => names.filter((x) => x === n).length };
        });
      const two = await profile(2);
      const six = await profile(6);
      const perIteration = (six.total - two.total) / 4;
      const count = (n: string) => (six.count(n) - two.count(n)) / 4;
      expect(count('NmflowHalsHalf'), 'halsHalf per iteration').to.equal(2);
      expect(count('NmflowHalsSweep'), 'the host op').to.equal(0);
      expect(count('Min'), 'one min per coordinate and sweep').to.equal(2 * 5 * k);
      expect(perIteration - 2 * 3 * 5 * k, `k = ${k}: the rest`).to.be.within(100, 200);
    }
  });
});
