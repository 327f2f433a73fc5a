import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { DiagonalNetwork, nnls, NmflowError } from '../../src';
import { largestEigenvalue } from '../../src/linalg/power';
import { expectNoLeak, gaussian } from '../helpers';

/** Rows scaled so that max|entry| = 1: nnls() then solves the problem unscaled. */
function unitMax(rows: number[][]): number[][] {
  const m = Math.max(...rows.flat().map(Math.abs));
  return rows.map((row) => row.map((v) => v / m));
}

/** λmax(AᵀA) exactly as nnls() computes it for the fused solver's step. */
function lipschitz(A: number[][]): number {
  return tf.tidy(() => {
    const At = tf.tensor2d(A);
    return largestEigenvalue(tf.matMul(At, At, true, false) as tf.Tensor2D, 0);
  });
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

describe('riemannian: the diagonal network', () => {
  const A = unitMax(gaussian(15, 10, 11));
  const B = unitMax(gaussian(15, 2, 12));
  const alpha = 1e-2;
  const learningRate = 0.5;

  for (const depth of [2, 3]) {
    for (const decay of [0, 0.5]) {
      it(`tf.train.sgd iterates equal the fused overparam fixed step (L = ${depth}, γ = ${decay})`, async () => {
        const eta = learningRate / lipschitz(A);
        const net = new DiagonalNetwork(A, B, { depth, alpha, learningRate: eta, decay });
        let done = 0;
        for (const k of [1, 10, 100]) {
          net.train(k - done);
          done = k;
          const fused = await nnls(A, B, {
            solver: 'overparam',
            step: 'fixed',
            learningRate,
            decay,
            depth,
            alpha,
            maxIter: k,
            checkEvery: k,
            tol: 0,
          });
          const x = net.x();
          const err = maxRelDiff(x.dataSync(), fused.x.dataSync());
          tf.dispose([x, fused.x]);
          expect(fused.iterations).to.equal(k);
          expect(err, `after ${k} steps`).to.be.below(5e-6);
        }
        net.dispose();
      });
    }
  }

  it('tf.train.momentum follows the heavy-ball recursion on u (float64 reference)', () => {
    const depth = 2;
    const eta = 0.3 / lipschitz(A);
    const momentum = 0.8;
    const b = B.map((row) => row[0]);
    const net = new DiagonalNetwork(A, b, {
      depth,
      alpha,
      learningRate: eta,
      optimizer: 'momentum',
      momentum,
    });
    net.train(40);
    const x = net.x();
    const got = x.dataSync();
    x.dispose();
    net.dispose();
    // v ← μv + ∇ℒ(u), u ← u − ηv, with ∇ℒ(u) = 2u ⊙ Aᵀ(Au² − b), in float64.
    const n = A[0].length;
    const u = new Array<number>(n).fill(Math.sqrt(alpha));
    const v = new Array<number>(n).fill(0);
    for (let k = 0; k < 40; k++) {
      const r = A.map((row, i) => row.reduce((s, a, j) => s + a * u[j] * u[j], 0) - b[i]);
      for (let j = 0; j < n; j++) {
        const g = 2 * u[j] * A.reduce((s, row, i) => s + row[j] * r[i], 0);
        v[j] = momentum * v[j] + g;
      }
      for (let j = 0; j < n; j++) u[j] -= eta * v[j];
    }
    expect(
      maxRelDiff(
        got,
        u.map((w) => w * w),
      ),
    ).to.be.below(1e-4);
  });

  it('decreases the loss, and leaves no tensors behind once disposed', async () => {
    await expectNoLeak(() => {
      const net = new DiagonalNetwork(A, B, { learningRate: 0.5 / lipschitz(A), alpha });
      const start = net.loss();
      const before = start.dataSync()[0];
      start.dispose();
      const after = net.train(50);
      net.dispose();
      expect(after).to.be.below(before);
    });
  });

  it('rejects mismatched shapes and unknown options, naming them', () => {
    expect(() => new DiagonalNetwork(A, [1, 2], { learningRate: 0.1 })).to.throw(
      NmflowError,
      /A is 15 × 10 but B has 2 rows/,
    );
    expect(
      () =>
        new DiagonalNetwork(A, B, { learningRate: 0.1, lr: 1 } as unknown as {
          learningRate: number;
        }),
    ).to.throw(/unknown DiagonalNetwork option "lr"/);
    expect(() => new DiagonalNetwork(A, B, { learningRate: -1 })).to.throw(/learningRate/);
  });
});
