/**
 * The implicit bias of the overparametrized solver (Chou et al., PAPER-EXPERIMENTS.md, first
 * row): on the paper's 50 × 10, s = 3 problem, where the exact NNLS solutions form a polytope,
 * the l1 norm of the solution found from x₀ = alpha·1 falls as alpha falls and ends below
 * that of the Lawson–Hanson vertex, approaching the minimum-l1 (basis pursuit) value.
 */
import { expect } from 'chai';
import { nnls } from '../../src';
import { expectNoLeak } from '../helpers';
import {
  basisPursuitNonneg,
  l1,
  lawsonHanson,
  halfSquaredResidual,
  sparseRecoveryProblem,
} from '../reference';

describe('nnls overparam: implicit bias toward low l1 (50 × 10, s = 3)', () => {
  // Seed 0 of our generator is a draw where Lawson–Hanson's vertex (10 non-zeros) is not x*.
  const { A, b } = sparseRecoveryProblem(10, 50, 3, 0);
  const lh = lawsonHanson(A, b);
  const bp = basisPursuitNonneg(A, b);

  it('the references disagree as the test needs: LH is a dense vertex above min-l1', () => {
    expect(lh.objective).to.be.below(1e-20);
    expect(lh.x.filter((v) => v > 0)).to.have.length(10);
    expect(l1(lh.x)).to.be.greaterThan(1.3 * l1(bp.x));
  });

  const ALPHAS: Record<number, number[]> = { 2: [1e-1, 1e-2, 1e-3, 1e-4], 3: [1e-1, 1e-2, 1e-3] };
  /** l1 norms of the solutions, per depth, in the order of ALPHAS (filled as the tests run). */
  const norms: Record<number, number[]> = { 2: [], 3: [] };

  for (const depth of [2, 3]) {
    const alphas = ALPHAS[depth];
    it(`L = ${depth}: l1 falls with alpha and ends below Lawson–Hanson's`, async () => {
      for (const alpha of alphas) {
        // The paper's method: constant steps (η·λmax = 1), from x₀ = alpha·1.
        const res = await expectNoLeak(
          () =>
            nnls(A, b, { step: 'fixed', learningRate: 1, depth, alpha, tol: 1e-5, maxIter: 20000 }),
          (r) => [r.x],
        );
        const x = Array.from(res.x.dataSync());
        res.x.dispose();
        expect(res.converged, `alpha ${alpha}`).to.equal(true);
        expect(Math.min(...x)).to.be.at.least(0);
        // An (almost) exact solution: ‖Ax − b‖ ≤ 1e-4·‖b‖.
        expect(Math.sqrt(2 * halfSquaredResidual(A, x, b))).to.be.below(1e-4 * Math.hypot(...b));
        norms[depth].push(l1(x));
      }
      const found = norms[depth];
      for (let i = 1; i < found.length; i++) {
        expect(found[i], `l1 at alpha ${alphas[i]} vs ${alphas[i - 1]}`).to.be.below(found[i - 1]);
      }
      const last = found[found.length - 1];
      expect(last).to.be.below(l1(lh.x));
      // No non-negative solution has a smaller l1 than basis pursuit (up to the residual).
      expect(last).to.be.within(l1(bp.x) - 1e-3, 1.1 * l1(bp.x));
    });
  }

  it('depth 3 is more strongly biased than depth 2 at the same small x-scale alpha', function () {
    if (norms[2].length < 3 || norms[3].length < 3) this.skip(); // the runs above failed
    // alpha = 1e-2 and 1e-3 (the paper: L = 3 nears min-l1 at far larger alpha than L = 2).
    for (const i of [1, 2]) expect(norms[3][i]).to.be.below(norms[2][i]);
  });
});
