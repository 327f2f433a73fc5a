/** Quality measures against float64 references computed here. */
import { expect } from 'chai';
import {
  betaDivergence,
  compareFactorizations,
  explainedVariance,
  hoyerSparseness,
  relativeError,
} from '../../src';
import { expectNoLeak } from '../helpers';
import { absGaussian, product, toCsr } from './fixtures';

describe('nmf: metrics', () => {
  const X = absGaussian(9, 7, 1);
  const W = absGaussian(9, 3, 2);
  const H = absGaussian(3, 7, 3);
  const WH = product(W, H);
  const cells = X.flatMap((row, i) => row.map((x, j) => [x, WH[i][j]]));

  it('relative error and β-divergences match float64 formulas (dense and CSR)', async () => {
    const sq = cells.reduce((s, [x, y]) => s + (x - y) ** 2, 0);
    const xs = cells.reduce((s, [x]) => s + x * x, 0);
    const kl = cells.reduce((s, [x, y]) => s + x * Math.log(x / y) - x + y, 0);
    const is = cells.reduce((s, [x, y]) => s + x / y - Math.log(x / y) - 1, 0);
    const b = 1.5;
    const general = cells.reduce(
      (s, [x, y]) => s + (x ** b + (b - 1) * y ** b - b * x * y ** (b - 1)) / (b * (b - 1)),
      0,
    );
    await expectNoLeak(() => {
      expect(relativeError(X, W, H)).to.be.closeTo(Math.sqrt(sq / xs), 1e-5);
      expect(relativeError(toCsr(X), W, H)).to.be.closeTo(Math.sqrt(sq / xs), 1e-5);
      expect(betaDivergence(X, W, H, 'frobenius')).to.be.closeTo(sq / 2, 1e-4 * sq);
      expect(betaDivergence(X, W, H, 'kl')).to.be.closeTo(kl, 1e-4 * kl);
      expect(betaDivergence(toCsr(X), W, H, 'kl')).to.be.closeTo(kl, 1e-4 * kl);
      expect(betaDivergence(X, W, H, 'is')).to.be.closeTo(is, 1e-4 * is);
      expect(betaDivergence(X, W, H, b)).to.be.closeTo(general, 1e-4 * general);
    });
  });

  it('explained variance is 1 − ‖X − WH‖² / ‖X − column means‖²', () => {
    const means = X[0].map((_, j) => X.reduce((s, r) => s + r[j], 0) / X.length);
    const total = X.reduce((s, r) => s + r.reduce((t, v, j) => t + (v - means[j]) ** 2, 0), 0);
    const sq = cells.reduce((s, [x, y]) => s + (x - y) ** 2, 0);
    expect(explainedVariance(X, W, H)).to.be.closeTo(1 - sq / total, 1e-5);
    expect(explainedVariance(toCsr(X), W, H)).to.be.closeTo(1 - sq / total, 1e-5);
    expect(
      explainedVariance(X, absGaussian(9, 7, 1), [
        [1, 0, 0, 0, 0, 0, 0],
        [0, 1, 0, 0, 0, 0, 0],
        [0, 0, 1, 0, 0, 0, 0],
        [0, 0, 0, 1, 0, 0, 0],
        [0, 0, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0, 1, 0],
        [0, 0, 0, 0, 0, 0, 1],
      ]),
    ).to.be.closeTo(1, 1e-6);
  });

  it('Hoyer sparseness is 0 for constant vectors, 1 for single non-zeros', () => {
    expect(
      hoyerSparseness([
        [1, 1, 1, 1],
        [0, 3, 0, 0],
      ]),
    ).to.be.closeTo(0.5, 1e-12);
    expect(
      hoyerSparseness(
        [
          [0, 2],
          [0, 0],
          [5, 0],
        ],
        'columns',
      ),
    ).to.be.closeTo(1, 1e-12);
    expect(
      hoyerSparseness(
        [
          [1, 2],
          [1, 2],
        ],
        'columns',
      ),
    ).to.be.closeTo(0, 1e-12);
    // (√n − ‖v‖₁/‖v‖₂)/(√n − 1) for v = (1, 2, 0, 0)
    const v = (2 - 3 / Math.sqrt(5)) / (2 - 1);
    expect(hoyerSparseness([[1, 2, 0, 0]])).to.be.closeTo(v, 1e-12);
  });

  it('compareFactorizations matches permuted, rescaled components with cosine 1', () => {
    const Hb = [H[2].map((v) => 3 * v), H[0], H[1].map((v) => v / 2)];
    const cmp = compareFactorizations({ H }, Hb);
    expect(cmp.pairs.map((p) => [p.a, p.b])).to.deep.equal([
      [0, 1],
      [1, 2],
      [2, 0],
    ]);
    cmp.pairs.forEach((p) => expect(p.cosine).to.be.closeTo(1, 1e-12));
    expect(cmp.minCosine).to.be.closeTo(1, 1e-12);
    // Different ranks: the extra component is reported as unmatched.
    const more = compareFactorizations(H, [...Hb, H[0].map(() => 1)]);
    expect(more.pairs).to.have.length(3);
    expect(more.unmatchedB).to.deep.equal([3]);
    // Orthogonal components: cosine 0.
    const ortho = compareFactorizations([[1, 0]], [[0, 1]]);
    expect(ortho.meanCosine).to.equal(0);
  });

  it('rejects shapes that do not fit X ≈ W·H', () => {
    expect(() => relativeError(X, W, absGaussian(3, 6, 1))).to.throw(
      /shapes do not fit X ≈ W·H: X 9 × 7, W 9 × 3, H 3 × 6/,
    );
  });
});
