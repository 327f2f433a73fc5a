/**
 * Ports of scikit-learn's sklearn/decomposition/tests/test_nmf.py properties, with float32
 * tolerances. Each test names the sklearn test it follows.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize, NMF, NMF_SOLVERS, betaDivergence, type NmfOptions } from '../../src';
import { initialize, nndsvd } from '../../src/nmf/init';
import { readData } from '../../src/nmf/data';
import { errorOf } from '../helpers';
import { absGaussian, exactProduct, maxAbsDiff, product } from './fixtures';

function rows(t: tf.Tensor2D): number[][] {
  return t.arraySync();
}

describe('nmf: sklearn test_nmf.py ports', () => {
  const A = absGaussian(10, 8, 42);

  // test_initialize_nn_output, test_nmf_fit_nn_output
  for (const solver of NMF_SOLVERS) {
    for (const init of ['random', 'nndsvd', 'nndsvda', 'nndsvdar'] as const) {
      it(`gives non-negative W and H (${solver}, init ${init})`, async () => {
        const options: NmfOptions = { rank: 3, solver, init, maxIter: solver === 'anls' ? 5 : 20 };
        const r = await factorize(A, options);
        const min = tf.tidy(() => Math.min(tf.min(r.W).dataSync()[0], tf.min(r.H).dataSync()[0]));
        tf.dispose([r.W, r.H]);
        expect(min).to.be.at.least(0);
      });
    }
  }

  // test_nmf_fit_close / test_nmf_transform: fit_transform agrees with fit().transform().
  // (anls with the exact active-set engine here, for speed; the default engine is tested below.)
  for (const solver of ['hals', 'mu', 'anls'] as const) {
    it(`fitTransform(X) ≈ fit(X).transform(X) (${solver})`, async () => {
      const engine = solver === 'anls' ? { nnlsSolver: 'active-set' } : {};
      const model = new NMF({
        rank: 3,
        solver,
        init: 'random',
        tol: 1e-6,
        maxIter: 2000,
        ...engine,
      });
      const ft = await model.fitTransform(A);
      const t = await model.transform(A);
      const diff = maxAbsDiff(ft.dataSync(), t.dataSync());
      tf.dispose([ft, t]);
      model.dispose();
      expect(diff).to.be.below(2e-2);
    });
  }

  // test_nmf_inverse_transform: on an exactly factorizable matrix W·H reproduces X.
  for (const solver of ['hals', 'mu', 'anls'] as const) {
    it(`inverseTransform(fitTransform(X)) ≈ X for an exact rank-3 product (${solver})`, async () => {
      const { X } = exactProduct(12, 9, 3, 7);
      const model = new NMF({ rank: 3, solver, init: 'nndsvda', tol: 1e-5, maxIter: 1500 });
      const W = await model.fitTransform(X);
      const back = model.inverseTransform(W);
      const diff = maxAbsDiff(back.dataSync(), X.flat());
      tf.dispose([W, back]);
      model.dispose();
      expect(diff).to.be.below(1e-2);
    });
  }

  // test_nmf_multiplicative_update: KL on an exact product recovers it.
  it('recovers an exact product with the KL loss (mu)', async () => {
    const { X } = exactProduct(15, 12, 3, 3);
    const r = await factorize(X, { rank: 3, solver: 'mu', loss: 'kl', tol: 0, maxIter: 3000 });
    const kl = betaDivergence(X, r.W, r.H, 'kl');
    tf.dispose([r.W, r.H]);
    expect(r.relativeError).to.be.below(5e-3);
    expect(kl).to.be.below(1e-3);
  });

  // test_initialize_variants: nndsvda / nndsvdar equal nndsvd where nndsvd is non-zero.
  it('nndsvda and nndsvdar agree with nndsvd on its non-zeros', () => {
    const data = readData(absGaussian(10, 10, 0));
    const plain = nndsvd(data, 10, 0);
    const ref = { W: plain.W.dataSync(), H: plain.H.dataSync() };
    tf.dispose([plain.W, plain.H]);
    const check = (init: 'nndsvda' | 'nndsvdar') => {
      const f = initialize(data, 10, init, 0);
      for (const [r, t] of [
        [ref.W, f.W],
        [ref.H, f.H],
      ] as const) {
        const d = t.dataSync();
        let nonZeros = 0;
        r.forEach((v, i) => {
          if (v !== 0) {
            nonZeros++;
            expect(d[i]).to.be.closeTo(v, 1e-6 * Math.max(1, v));
          } else expect(d[i]).to.be.at.least(0);
        });
        expect(nonZeros).to.be.above(0);
      }
      tf.dispose([f.W, f.H]);
    };
    check('nndsvda');
    check('nndsvdar');
    data.dispose();
  });

  // test_initialize_close: the nndsvd error is at most ‖A − mean(A)‖.
  it('nndsvd has error ≤ ‖A − mean(A)‖_F (full rank)', () => {
    const X = absGaussian(10, 10, 0);
    const data = readData(X);
    const plain = nndsvd(data, 10, 0);
    const [W, H] = [plain.W.dataSync(), plain.H.dataSync()];
    tf.dispose([plain.W, plain.H]);
    data.dispose();
    const Wr = Array.from({ length: 10 }, (_, i) => Array.from(W.subarray(i * 10, i * 10 + 10)));
    const Hr = Array.from({ length: 10 }, (_, i) => Array.from(H.subarray(i * 10, i * 10 + 10)));
    const WH = product(Wr, Hr);
    const mean = X.flat().reduce((s, v) => s + v, 0) / 100;
    let error = 0;
    let sdev = 0;
    X.forEach((row, i) =>
      row.forEach((v, j) => {
        error += (v - WH[i][j]) ** 2;
        sdev += (v - mean) ** 2;
      }),
    );
    expect(Math.sqrt(error)).to.be.at.most(Math.sqrt(sdev));
  });

  // test_nmf_decreasing: the objective decreases over warm-started single iterations.
  const decreasing: [NmfOptions['solver'], number][] = [
    ['hals', 2],
    ['anls', 2],
    ['mu', 2],
    ['mu', 2.5],
    ['mu', 1],
    ['mu', 0.2],
    ['mu', 0],
    ['mu', -1.2],
  ];
  for (const [solver, beta] of decreasing) {
    it(`decreases the penalized objective at every single iteration (${solver}, β = ${beta})`, async () => {
      const X = absGaussian(20, 15, 42).map((r) => r.map((v) => v + (beta <= 0 ? 0.1 : 0)));
      const first = await factorize(X, { rank: 10, init: 'nndsvdar', maxIter: 1, tol: 0 });
      let W = first.W.arraySync();
      let H = first.H.arraySync();
      tf.dispose([first.W, first.H]);
      let previous = Infinity;
      for (let i = 0; i < (solver === 'anls' ? 8 : 20); i++) {
        const r = await factorize(X, {
          rank: 10,
          solver,
          loss: beta,
          init: 'custom',
          W,
          H,
          maxIter: 1,
          tol: 0,
          alphaW: 0.05,
          l1Ratio: 0.5,
        });
        const before = r.history[0].loss;
        const after = r.history[r.history.length - 1].loss;
        if (i > 0) expect(before).to.be.closeTo(previous, 1e-5 * previous);
        expect(after, `iteration ${i}`).to.be.below(before);
        previous = after;
        W = rows(r.W);
        H = rows(r.H);
        tf.dispose([r.W, r.H]);
      }
    });
  }

  // test_non_negative_factorization_checking, test_nmf_negative_beta_loss, …
  it('rejects negative input, bad custom shapes, an all-zero H, and β ≤ 0 with zeros', async () => {
    const neg = A.map((r) => r.slice());
    neg[2][3] = -0.5;
    expect(await errorOf(() => factorize(neg, { rank: 2 }))).to.match(
      /X has a negative entry \(-0\.5\) at row 2, column 3/,
    );
    const W = absGaussian(10, 2, 1);
    const H = absGaussian(2, 8, 2);
    expect(
      await errorOf(() => factorize(A, { rank: 2, init: 'custom', W: absGaussian(9, 2, 1), H })),
    ).to.match(/custom init: W must be 10 × 2 \(nSamples × rank\), got 9 × 2/);
    expect(
      await errorOf(() => factorize(A, { rank: 2, init: 'custom', W, H: absGaussian(2, 7, 1) })),
    ).to.match(/custom init: H must be 2 × 8 \(rank × nFeatures\), got 2 × 7/);
    const zeroH = H.map((r) => r.map(() => 0));
    expect(await errorOf(() => factorize(A, { rank: 2, init: 'custom', W, H: zeroH }))).to.match(
      /custom init: H is full of zeros/,
    );
    const negH = H.map((r) => r.slice());
    negH[1][4] = -1;
    expect(await errorOf(() => factorize(A, { rank: 2, init: 'custom', W, H: negH }))).to.match(
      /custom init: H has a negative entry \(-1\) at row 1, column 4/,
    );
    const zeros = A.map((r) => r.slice());
    zeros[0][0] = 0;
    for (const loss of ['is', -0.5] as const) {
      expect(await errorOf(() => factorize(zeros, { rank: 2, solver: 'mu', loss }))).to.match(
        /When beta_loss <= 0 and X contains zeros, the solver may diverge/,
      );
    }
    const model = new NMF({ rank: 2 });
    expect(await errorOf(() => model.transform(A))).to.match(/not fitted; call fit\(\) first/);
  });

  // test_convergence_warning
  for (const solver of NMF_SOLVERS) {
    it(`warns in sklearn's words when maxIter is reached (${solver})`, async () => {
      const seen: string[] = [];
      const r = await factorize(A, { rank: 3, solver, maxIter: 1, onWarning: (m) => seen.push(m) });
      tf.dispose([r.W, r.H]);
      const text = 'Maximum number of iterations 1 reached. Increase it to improve convergence.';
      expect(r.converged).to.equal(false);
      expect(r.warnings).to.include(text);
      expect(seen).to.include(text);
    });
  }

  // test_nmf_underflow: a tiny entry where X had a zero changes the KL divergence negligibly.
  it('computes the KL divergence without underflow for tiny entries', () => {
    const X = absGaussian(10, 2, 0).map((r) => r.map((v) => v * 10));
    const W = absGaussian(10, 2, 1);
    const H = absGaussian(2, 2, 2);
    X[0][0] = 0;
    const ref = betaDivergence(X, W, H, 'kl');
    X[0][0] = 1e-38;
    const res = betaDivergence(X, W, H, 'kl');
    expect(Number.isFinite(res)).to.equal(true);
    expect(res).to.be.closeTo(ref, 1e-5 * ref);
  });

  // test_nmf_multiplicative_update with init='nndsvd': the zero-locking warning.
  it("warns that mu cannot update nndsvd's zeros", async () => {
    const r = await factorize(A, { rank: 3, solver: 'mu', init: 'nndsvd', maxIter: 5 });
    tf.dispose([r.W, r.H]);
    expect(r.warnings.join('\n')).to.match(/cannot update zeros present in the initialization/);
  });
});
