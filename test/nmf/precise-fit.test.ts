/**
 * Sparse fits below the Gram identity's reach (gram-fit.ts's identityHolds): `anls` and `hals`
 * read Wᵀ·X summed in float64 (wtx-product.ts) and report the error of the factors they return
 * to ≈1e-10 of it (where float32 sums were off by ≈4e-7·‖X‖²), without float64 passes over X's
 * entries but after the first step and for anls's polished factors; the final errors are the last
 * check point's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize } from '../../src';
import { SparseProducts } from '../../src/kernels/wasm/sparse-products';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { Rng } from '../../src/random';
import { toCsr } from './fixtures';

/**
 * A 400 × 300 matrix at ≈7 % density: each row one or two of 5 sparse topics (20 columns
 * each) with random weights, each entry then off by up to 1 %: relative error ≈ 0.005 at rank 5.
 */
function plantedSparse(): number[][] {
  const rng = new Rng(3);
  const [n, m, k, support] = [400, 300, 5, 20];
  const topics = Array.from({ length: k }, () => {
    const row = new Array<number>(m).fill(0);
    for (let s = 0; s < support; s++) row[Math.floor(rng.uniform() * m)] = 0.1 + rng.uniform();
    return row;
  });
  return Array.from({ length: n }, () => {
    const row = new Array<number>(m).fill(0);
    for (let t = rng.uniform() < 0.5 ? 1 : 2; t > 0; t--) {
      const [topic, w] = [topics[Math.floor(rng.uniform() * k)], 0.5 + rng.uniform()];
      topic.forEach((h, j) => (row[j] += w * h));
    }
    return row.map((v) => v * (1 + 0.01 * (2 * rng.uniform() - 1)));
  });
}

/** ‖X − WH‖_F / ‖X‖_F in float64 from the float32 factors. */
function exactRelativeError(X: number[][], W: tf.Tensor2D, H: tf.Tensor2D): number {
  const [w, h] = [W.dataSync(), H.dataSync()];
  const [k, m] = H.shape;
  let [sq, norm] = [0, 0];
  X.forEach((row, i) =>
    row.forEach((x, j) => {
      let y = 0;
      for (let t = 0; t < k; t++) y += w[i * k + t] * h[t * m + j];
      const xf = Math.fround(x);
      sq += (xf - y) ** 2;
      norm += xf * xf;
    }),
  );
  return Math.sqrt(sq / norm);
}

describe('nmf: sparse fits below the Gram identity measure from Wᵀ·X summed in float64', () => {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  for (const solver of ['anls', 'hals'] as const) {
    it(`${solver}: the reported error is the factors' own to 1e-9 of it, with float64 residual passes only after the first step and anls's polish`, async () => {
      const X = plantedSparse();
      const residual = SparseProducts.prototype.squaredError;
      const split = SparseProducts.prototype.transposedTimesSplit;
      const calls = { residual: 0, split: 0 };
      SparseProducts.prototype.squaredError = function (...a) {
        calls.residual++;
        return residual.apply(this, a);
      };
      SparseProducts.prototype.transposedTimesSplit = function (...a) {
        calls.split++;
        return split.apply(this, a);
      };
      const before = tf.memory().numTensors;
      const seen: number[] = [];
      try {
        const r = await factorize(toCsr(X), {
          rank: 5,
          solver,
          seed: 0,
          maxIter: 30,
          tol: 0,
          onIteration: (info) => seen.push(info.relativeError),
        });
        try {
          expect(r.relativeError).to.be.below(0.02); // far below the identity's 0.22
          const exact = exactRelativeError(X, r.W, r.H);
          // hi + lo is each sum of Wᵀ·X to 2⁻⁴⁸ of it: ≈4e-15·‖X‖² in ‖X − WH‖², 1e-10 of it here.
          expect(Math.abs(r.relativeError - exact)).to.be.below(1e-9 * exact);
        } finally {
          tf.dispose([r.W, r.H]);
        }
        // The first step's check point (its Wᵀ·X summed in float32, the error already below
        // the limit) and anls's last, after its polish (exact zeros): the final errors are its.
        expect(calls.residual, 'float64 residual passes').to.equal(solver === 'anls' ? 2 : 1);
        expect(calls.split, 'products summed in float64').to.equal(29);
        expect(seen.length).to.equal(31);
      } finally {
        SparseProducts.prototype.squaredError = residual;
        SparseProducts.prototype.transposedTimesSplit = split;
      }
      expect(tf.memory().numTensors).to.equal(before);
    });
  }
});
