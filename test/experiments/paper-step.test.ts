import { expect } from 'chai';
import { generateNnlsProblem } from '../../src/datasets/nnls-synthetic';
import { solverNames } from '../../src/nnls';
import {
  largestEigenvalueAtA,
  paperLearningRate,
  solveDense,
  type DenseProblem,
} from '../../src/experiments/tools';

/** The authors' iteration in float64: u⁺ = u − η·L·u^(L−1)⊙Aᵀ(Au^L − b), u₀ = alpha^(1/L). */
function paperGd(p: DenseProblem, eta: number, depth: number, alpha: number, steps: number) {
  let u = new Float64Array(p.n).fill(alpha ** (1 / depth));
  for (let k = 0; k < steps; k++) {
    const x = u.map((v) => v ** depth);
    const r = new Float64Array(p.m);
    for (let i = 0; i < p.m; i++) {
      let s = -p.b[i];
      for (let j = 0; j < p.n; j++) s += p.A[i * p.n + j] * x[j];
      r[i] = s;
    }
    u = u.map((v, j) => {
      let g = 0;
      for (let i = 0; i < p.m; i++) g += p.A[i * p.n + j] * r[i];
      return v - eta * depth * v ** (depth - 1) * g;
    });
  }
  return u.map((v) => v ** depth);
}

describe('experiments: the paper’s step size in nmflow units', () => {
  it('λmax(AᵀA) by float64 power iteration matches a diagonal example', () => {
    // A = diag(3, 1) padded with a zero row: AᵀA = diag(9, 1).
    const p = { A: Float64Array.from([3, 0, 0, 1, 0, 0]), b: new Float64Array(3), m: 3, n: 2 };
    expect(largestEigenvalueAtA(p)).to.be.closeTo(9, 1e-9);
  });

  for (const depth of [2, 3]) {
    it(`depth ${depth}: nnls() with paperLearningRate follows the authors’ iteration`, async function () {
      if (!solverNames().includes('overparam')) this.skip();
      const g = generateNnlsProblem({ m: 12, n: 20, s: 3, seed: 4 });
      // Unequal input scales, so that nmflow's internal rescaling matters.
      const p = { ...g, A: g.A.map((v) => v * 3), b: g.b.map((v) => v * 0.4) };
      const eta = 0.05;
      const alpha = 1e-2;
      const ref = paperGd(p, eta, depth, alpha, 40);
      const got = await solveDense(p, {
        solver: 'overparam',
        depth,
        alpha,
        step: 'fixed',
        learningRate: paperLearningRate(p, eta, depth),
        maxIter: 40,
        tol: 0,
        checkEvery: 40,
      });
      const scale = Math.max(...ref);
      ref.forEach((v, j) => expect(got.x[j]).to.be.closeTo(v, 2e-4 * scale));
    });
  }
});
