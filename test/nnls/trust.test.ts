/**
 * Issue 15, "answers you can trust", NNLS: default options reach the optimum on the benchmark
 * problem, `iterations` never exceeds `maxIter`, and the default solver keeps its implicit bias.
 * (scipy's cases: scipy-cases.test.ts; the small problem set: all-solvers.test.ts.)
 */
import { expect } from 'chai';
import { needsNonNegativeData, nnls, Rng, solverNames } from '../../src';
import { expectNoLeak, gaussian } from '../helpers';
import {
  basisPursuitNonneg,
  halfSquaredResidual,
  l1,
  referenceNnls,
  sparseRecoveryProblem,
} from '../reference';

/** The 200×100 Gaussian benchmark: 20 right-hand sides, X* = max(N(0,1), 0), noise 0.01. */
function benchmark() {
  const A = gaussian(200, 100, 150);
  const rng = new Rng(151);
  const X = Array.from({ length: 100 }, () =>
    Array.from({ length: 20 }, () => Math.max(0, rng.normal())),
  );
  const B = A.map((row) =>
    Array.from({ length: 20 }, (_, c) =>
      row.reduce((s, a, j) => s + a * X[j][c], 0.01 * rng.normal()),
    ),
  );
  return { A, B };
}

function objective(A: number[][], B: number[][], x: ArrayLike<number>): number {
  const r = B[0].length;
  let f = 0;
  for (let c = 0; c < r; c++) {
    const xc = Array.from({ length: A[0].length }, (_, j) => x[j * r + c]);
    f += halfSquaredResidual(
      A,
      xc,
      B.map((row) => row[c]),
    );
  }
  return f;
}

describe('nnls: answers you can trust (issue 15)', function () {
  this.timeout(120000);
  const { A, B } = benchmark();
  const ref = referenceNnls(A, B);
  const floor = 1e-6 * 0.5 * B.flat().reduce((t, v) => t + v * v, 0);

  for (const solver of solverNames().filter((s) => !needsNonNegativeData(s))) {
    it(`${solver}, default options: 200×100, r = 20, noise 0.01 to gap ≤ 1e-4, converged`, async () => {
      // Before: overparam stopped at maxIter (20,000) at gap 2.7e-4, overparam-mirror at 1.2e-4.
      const res = await expectNoLeak(
        () => nnls(A, B, { solver }),
        (r) => [r.x],
      );
      const x = res.xFloat64 ?? res.x.dataSync();
      res.x.dispose();
      const f = objective(A, B, x);
      expect((f - ref.objective) / Math.max(ref.objective, floor), 'gap').to.be.at.most(1e-4);
      expect(res.converged, res.stopReason).to.equal(true);
      // The reported objective is that of the x returned (was its float32 evaluation, 1e-5 off).
      expect(res.objective).to.be.closeTo(f, 1e-9 * f);
    });
  }

  it('every solver: iterations never exceed maxIter (0, 1, 2, 7)', async () => {
    // Over-determined, so active-set starts from the clipped least-squares solution: it used to
    // count the indices that start dropped as iterations (maxIter 1 reported 31).
    const C = gaussian(60, 40, 152);
    const D = gaussian(60, 3, 153).map((row) => row.map((v) => Math.abs(v)));
    const Cpos = C.map((row) => row.map((v) => Math.abs(v)));
    for (const solver of solverNames()) {
      for (const maxIter of [0, 1, 2, 7]) {
        const res = await nnls(needsNonNegativeData(solver) ? Cpos : C, D, {
          solver,
          maxIter,
          checkEvery: 3,
        });
        res.x.dispose();
        expect(res.iterations, `${solver}, maxIter ${maxIter}`).to.be.at.most(maxIter);
        expect(res.history.every((h) => h.iteration <= maxIter)).to.equal(true);
      }
    }
  });

  it('the default solver keeps its implicit bias: l1 falls with alpha toward min-l1', async () => {
    // The paper's 50 × 10, s = 3 problem of implicit-bias.test.ts, now with default options
    // (bb steps, then the APG finish): measured l1 2.43, 1.88, 1.73 against min-l1 1.64.
    const { A: P, b } = sparseRecoveryProblem(10, 50, 3, 0);
    const minL1 = l1(basisPursuitNonneg(P, b).x);
    const norms: number[] = [];
    for (const alpha of [1e-2, 1e-3, 1e-4]) {
      const res = await nnls(P, b, { alpha });
      norms.push(l1(res.x.dataSync()));
      res.x.dispose();
      expect(res.converged).to.equal(true);
    }
    expect(norms[1]).to.be.below(norms[0]);
    expect(norms[2]).to.be.below(norms[1]);
    expect(norms[2]).to.be.within(minL1 - 1e-3, 1.1 * minL1);
  });
});
