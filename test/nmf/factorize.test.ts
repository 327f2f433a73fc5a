/** factorize() vs NMF, sparse vs dense, missing values, option checks, leak-freedom. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize, NMF, type NmfOptions } from '../../src';
import { expectNoLeak, errorOf } from '../helpers';
import { absGaussian, exactProduct, maxAbsDiff, toCsr } from './fixtures';

/** A sparse non-negative matrix: about 60% zeros. */
function sparseData(rows: number, cols: number, seed: number): number[][] {
  return absGaussian(rows, cols, seed).map((r) => r.map((v) => (v < 0.85 ? 0 : v)));
}

describe('nmf: factorize and the NMF class', () => {
  it('factorize and NMF.fitTransform give the same factors and statistics', async () => {
    const X = absGaussian(15, 10, 3);
    const options: NmfOptions = { rank: 4, solver: 'hals', maxIter: 50, seed: 1 };
    const r = await factorize(X, options);
    const model = new NMF(options);
    const W = await model.fitTransform(X);
    expect(maxAbsDiff(W.dataSync(), r.W.dataSync())).to.equal(0);
    expect(maxAbsDiff(model.components.dataSync(), r.H.dataSync())).to.equal(0);
    expect(model.reconstructionError).to.equal(r.reconstructionError);
    expect(model.nIter).to.equal(r.nIter);
    expect(model.converged).to.equal(r.converged);
    expect(model.history).to.deep.equal(
      r.history.map((h, i) => ({ ...h, seconds: model.history[i].seconds })),
    );
    tf.dispose([W, r.W, r.H]);
    model.dispose();
  });

  it('records history with decreasing loss and a reconstruction error matching ‖X − WH‖', async () => {
    const X = absGaussian(12, 9, 5);
    const seen: number[] = [];
    const r = await factorize(X, {
      rank: 3,
      solver: 'mu',
      maxIter: 100,
      tol: 0,
      onIteration: (info) => seen.push(info.iteration),
    });
    const WH = (tf.matMul(r.W, r.H) as tf.Tensor2D).arraySync();
    let sq = 0;
    let xs = 0;
    X.forEach((row, i) => row.forEach((v, j) => ((sq += (v - WH[i][j]) ** 2), (xs += v * v))));
    tf.dispose([r.W, r.H]);
    expect(seen).to.deep.equal(r.history.map((h) => h.iteration));
    expect(seen[0]).to.equal(0);
    expect(seen[seen.length - 1]).to.equal(100);
    for (let i = 1; i < r.history.length; i++) {
      expect(r.history[i].loss).to.be.below(r.history[i - 1].loss);
    }
    expect(r.reconstructionError).to.be.closeTo(Math.sqrt(sq), 1e-4 * Math.sqrt(sq));
    expect(r.relativeError).to.be.closeTo(Math.sqrt(sq / xs), 1e-4);
    expect(r.history[r.history.length - 1].loss).to.be.closeTo(sq / 2, 1e-4 * sq);
    expect(JSON.parse(JSON.stringify(r.options))).to.include({ rank: 3, solver: 'mu', beta: 2 });
  });

  for (const [solver, loss] of [
    ['hals', 'frobenius'],
    ['mu', 'frobenius'],
    ['mu', 'kl'],
    ['anls', 'frobenius'],
  ] as const) {
    it(`gives the same factors for sparse (CSR) and dense X (${solver}, ${loss})`, async () => {
      const X = sparseData(20, 14, 9);
      // anls with the exact active-set engine: an iterative engine amplifies rounding.
      const options: NmfOptions = { rank: 3, solver, loss, init: 'random', maxIter: 30, tol: 0 };
      if (solver === 'anls') options.nnlsSolver = 'active-set';
      // anls, hals: extrapolation's accept/restart choices amplify float32 rounding differences
      // between the sparse and dense products; the products themselves are what is compared.
      if (solver === 'hals' || solver === 'anls') options.extrapolate = false;
      const dense = await factorize(X, options);
      const sparse = await factorize(toCsr(X), options);
      const scale = Math.max(...dense.W.dataSync(), ...dense.H.dataSync());
      expect(maxAbsDiff(dense.W.dataSync(), sparse.W.dataSync())).to.be.below(1e-4 * scale);
      expect(maxAbsDiff(dense.H.dataSync(), sparse.H.dataSync())).to.be.below(1e-4 * scale);
      expect(sparse.relativeError).to.be.closeTo(dense.relativeError, 1e-5);
      expect(sparse.reconstructionError).to.be.closeTo(
        dense.reconstructionError,
        1e-4 * dense.reconstructionError,
      );
      tf.dispose([dense.W, dense.H, sparse.W, sparse.H]);
    });
  }

  it('nndsvd on a sparse X equals nndsvd on its dense form', async () => {
    const X = sparseData(20, 14, 2);
    const a = await factorize(X, { rank: 4, solver: 'hals', init: 'nndsvd', maxIter: 1 });
    const b = await factorize(toCsr(X), { rank: 4, solver: 'hals', init: 'nndsvd', maxIter: 1 });
    expect(maxAbsDiff(a.H.dataSync(), b.H.dataSync())).to.be.below(1e-4);
    tf.dispose([a.W, a.H, b.W, b.H]);
  });

  for (const solver of ['mu', 'overparam-joint'] as const) {
    it(`ignores masked entries, whatever their values (${solver})`, async () => {
      const { X } = exactProduct(14, 10, 3, 4);
      const mask = X.map((row, i) => row.map((_, j) => ((i * 7 + j * 3) % 5 === 0 ? 0 : 1)));
      const garbage = X.map((row, i) => row.map((v, j) => (mask[i][j] ? v : 1000 + i)));
      const options = { rank: 3, solver, maxIter: 200, tol: 0, init: 'random' as const };
      const a = await factorize(X, { ...options, mask });
      const b = await factorize(garbage, { ...options, mask });
      const nan = X.map((row, i) => row.map((v, j) => (mask[i][j] ? v : NaN)));
      const c = await factorize(nan, { ...options, nanAsMissing: true });
      expect(maxAbsDiff(a.W.dataSync(), b.W.dataSync())).to.be.below(1e-5);
      expect(maxAbsDiff(a.W.dataSync(), c.W.dataSync())).to.be.below(1e-5);
      // The fit on the observed entries is good, and the missing entries are predicted.
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
      expect(a.relativeError).to.be.below(0.05);
      expect(Math.sqrt(missErr / missNorm)).to.be.below(0.1);
      tf.dispose([a.W, a.H, b.W, b.H, c.W, c.H]);
    });
  }

  it('overparam-joint leaves a small start (initScale 1e-3) within a modest budget', async () => {
    // The Adam step is relative to the data's factor scale, not to the tiny start: a step
    // relative to √s would leave W H ≈ 0 (relative error ≈ 1) after these iterations.
    const { X } = exactProduct(20, 12, 3, 7);
    const small = await factorize(X, {
      rank: 3,
      solver: 'overparam-joint',
      init: 'random',
      seed: 2,
      initScale: 1e-3,
      maxIter: 150,
      tol: 0,
    });
    tf.dispose([small.W, small.H]);
    expect(small.history[0].relativeError).to.be.above(0.99);
    expect(small.relativeError).to.be.below(0.1);
  });

  it('rejects unsupported solver/option pairs naming the solvers that support them', async () => {
    const X = absGaussian(6, 5, 1);
    expect(await errorOf(() => factorize(X, { rank: 2, solver: 'anls', loss: 'kl' }))).to.match(
      /loss "kl" is not supported by solver "anls"; solvers that support it: mu, overparam-joint/,
    );
    expect(
      await errorOf(() => factorize(toCsr(X), { rank: 2, solver: 'overparam-joint' })),
    ).to.match(
      /a sparse \(CSR\) X is not supported by solver "overparam-joint"; solvers that support it: anls, mu, hals/,
    );
    expect(
      await errorOf(() => factorize(X, { rank: 2, solver: 'mu', nnlsSolver: 'pgd' })),
    ).to.match(
      /options nnlsSolver\/nnlsOptions is not supported by solver "mu"; solvers that support it: anls/,
    );
    expect(await errorOf(() => factorize(X, { rank: 2, solver: 'magic' as 'mu' }))).to.match(
      /option solver must be one of anls, mu, hals, overparam-joint, got "magic"/,
    );
    expect(await errorOf(() => factorize(X, { rank: 2, maxIters: 3 } as NmfOptions))).to.match(
      /unknown NMF option "maxIters"/,
    );
    expect(await errorOf(() => factorize(X, { rank: 0 }))).to.match(
      /option rank must be an integer ≥ 1/,
    );
    expect(await errorOf(() => factorize(X, { rank: 7, init: 'nndsvd' }))).to.match(
      /init 'nndsvd' needs rank ≤ min\(nSamples, nFeatures\) = 5, got rank 7/,
    );
    expect(await errorOf(() => factorize(X, { rank: 2, nnlsSolver: 'nope' }))).to.match(
      /unknown NNLS solver "nope"; known solvers: /,
    );
    const nan = X.map((r) => r.slice());
    nan[1][2] = NaN;
    expect(await errorOf(() => factorize(nan, { rank: 2 }))).to.match(
      /X has a non-finite entry \(NaN\) at row 1, column 2/,
    );
  });

  it('stops at the time limit and on an abort signal without converging', async () => {
    const X = absGaussian(30, 20, 2);
    const controller = new AbortController();
    const r = await factorize(X, {
      rank: 5,
      solver: 'mu',
      tol: 0,
      maxIter: 100000,
      checkEvery: 1,
      signal: controller.signal,
      onIteration: (i) => i.iteration === 5 && controller.abort(),
    });
    expect(r.nIter).to.equal(5);
    expect(r.converged).to.equal(false);
    const t = await factorize(X, {
      rank: 5,
      solver: 'mu',
      tol: 0,
      maxIter: 1e6,
      timeLimitSeconds: 0.3,
    });
    expect(t.nIter).to.be.below(1e6);
    expect(t.seconds).to.be.below(5);
    tf.dispose([r.W, r.H, t.W, t.H]);
  });

  it('leaks no tensors in fit, transform, inverseTransform and factorize', async () => {
    const X = absGaussian(12, 8, 1);
    const Xt = tf.tensor2d(X);
    for (const solver of ['anls', 'mu', 'hals', 'overparam-joint'] as const) {
      const model = new NMF({ rank: 3, solver, maxIter: 15 });
      await expectNoLeak(
        () => model.fit(Xt),
        () => [model.components],
      );
      await expectNoLeak(
        () => model.transform(Xt),
        (W) => {
          W.dispose();
          return [];
        },
      );
      await expectNoLeak(
        () => model.fitTransform(toCsr(X)).catch(() => tf.zeros([1, 1])),
        (W) => {
          W.dispose();
          return [];
        },
      );
      await expectNoLeak(
        () => factorize(X, { rank: 3, solver, maxIter: 5, init: 'nndsvd' }),
        (r) => [r.W, r.H],
      ).then((r) => tf.dispose([r.W, r.H]));
      model.dispose();
    }
    // Failures leak nothing either.
    await expectNoLeak(() =>
      errorOf(() =>
        factorize(X, {
          rank: 2,
          init: 'custom',
          W: absGaussian(12, 2, 1),
          H: absGaussian(2, 7, 1),
        }),
      ),
    );
    expect(Xt.isDisposed).to.equal(false);
    Xt.dispose();
  });
});
