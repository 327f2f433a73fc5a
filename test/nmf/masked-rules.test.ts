/** The masked forms of `anls` (per-row Gram, exact NNLS) and `hals` (weighted, residual). */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize, NMF, relativeError } from '../../src';
import { expectNoLeak } from '../helpers';
import { exactProduct, maxAbsDiff } from './fixtures';

/** A fixed speckled mask: about one entry in five missing. */
function speckle(n: number, m: number): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: m }, (_, j) => ((i * 7 + j * 3) % 5 === 0 ? 0 : 1)),
  );
}

describe('nmf: anls and hals with missing values', () => {
  for (const solver of ['anls', 'hals'] as const) {
    it(`ignores masked entries, whatever their values, and predicts them (${solver})`, async () => {
      const { X } = exactProduct(14, 10, 3, 4);
      const mask = speckle(14, 10);
      const garbage = X.map((row, i) => row.map((v, j) => (mask[i][j] ? v : 1000 + i)));
      const options = { rank: 3, solver, maxIter: 300, tol: 0, init: 'random' as const };
      const a = await factorize(X, { ...options, mask });
      const b = await factorize(garbage, { ...options, mask });
      expect(maxAbsDiff(a.W.dataSync(), b.W.dataSync())).to.equal(0);
      expect(maxAbsDiff(a.H.dataSync(), b.H.dataSync())).to.equal(0);
      const WH = (tf.matMul(a.W, a.H) as tf.Tensor2D).arraySync();
      let missErr = 0;
      let missNorm = 0;
      X.forEach((row, i) =>
        row.forEach((v, j) => {
          if (!mask[i][j]) {
            missErr += (v - WH[i][j]) ** 2;
            missNorm += v * v;
          }
        }),
      );
      expect(a.relativeError).to.be.below(0.02);
      expect(Math.sqrt(missErr / missNorm)).to.be.below(0.05);
      tf.dispose([a.W, a.H, b.W, b.H]);
    });

    it(`the masked objective never rises, and nothing leaks (${solver})`, async () => {
      const { X } = exactProduct(12, 9, 4, 8);
      const noisy = X.map((row, i) => row.map((v, j) => v * (1 + 0.2 * Math.sin(i * 9 + j))));
      await expectNoLeak(async () => {
        const r = await factorize(noisy, {
          rank: 3,
          solver,
          mask: speckle(12, 9),
          maxIter: 40,
          tol: 0,
          init: 'random',
          seed: 3,
        });
        const losses = r.history.map((h) => h.loss);
        for (let t = 1; t < losses.length; t++) {
          expect(losses[t]).to.be.at.most(losses[t - 1] * (1 + 1e-5) + 1e-9);
        }
        tf.dispose([r.W, r.H]);
      });
    });
  }

  it('anls: H after a step solves each column’s masked NNLS exactly (KKT in float64)', async () => {
    const { X } = exactProduct(11, 8, 3, 5);
    const noisy = X.map((row, i) => row.map((v, j) => v + (0.3 * ((i * 5 + j * 11) % 7)) / 7));
    const mask = speckle(11, 8);
    const r = await factorize(noisy, { rank: 3, solver: 'anls', mask, maxIter: 1, tol: 0 });
    const W = r.W.arraySync();
    const H = r.H.arraySync();
    tf.dispose([r.W, r.H]);
    for (let j = 0; j < 8; j++) {
      // gradient of ½ Σ_{i observed} (x_ij − w_i·h_j)² with respect to h_j
      const grad = [0, 0, 0];
      for (let i = 0; i < 11; i++) {
        if (!mask[i][j]) continue;
        const res = W[i].reduce((s, w, t) => s + w * H[t][j], 0) - noisy[i][j];
        for (let t = 0; t < 3; t++) grad[t] += res * W[i][t];
      }
      for (let t = 0; t < 3; t++) {
        // float32 factors: KKT to float32 rounding of the gradient's terms
        expect(Math.abs(Math.min(H[t][j], grad[t]))).to.be.below(1e-4);
      }
    }
  });
  it('NMF.transform with missing entries: W rows from the observed entries; the rest ignored', async () => {
    const { X } = exactProduct(14, 10, 3, 4);
    const mask = speckle(14, 10);
    const model = new NMF({ rank: 3, solver: 'anls', maxIter: 300, tol: 0, init: 'random' });
    (await model.fitTransform(X)).dispose();
    const garbage = X.map((row, i) => row.map((v, j) => (mask[i][j] ? v : 1000 + i)));
    const nan = X.map((row, i) => row.map((v, j) => (mask[i][j] ? v : NaN)));
    await expectNoLeak(async () => {
      const full = await model.transform(X);
      const masked = await model.transform(garbage, { mask });
      const nans = await model.transform(nan, { nanAsMissing: true });
      // Exact data, exact H: the observed entries determine each row of W as well as all do.
      expect(maxAbsDiff(masked.dataSync(), full.dataSync())).to.be.below(1e-3);
      expect(maxAbsDiff(nans.dataSync(), masked.dataSync())).to.equal(0);
      expect(relativeError(nan, nans, model.components, { nanAsMissing: true })).to.be.below(1e-3);
      tf.dispose([full, masked, nans]);
    });
    model.dispose();
  });

  it('refuses nnlsSolver with missing values (anls then solves rows exactly)', () => {
    expect(
      () => new NMF({ rank: 2, nanAsMissing: true, solver: 'anls', nnlsSolver: 'pgd' }),
    ).to.throw(/nnlsSolver\/nnlsOptions do not apply with missing values/);
  });
});
