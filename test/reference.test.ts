import { expect } from 'chai';
import { Rng } from '../src/random';
import { gaussian } from './helpers';
import {
  basisPursuitNonneg,
  bruteForceNnls,
  l1,
  lawsonHanson,
  halfSquaredResidual,
  sparseRecoveryProblem,
} from './reference';

/** max over j of the KKT violations: −x_j, −∇f_j, |x_j·∇f_j| (∇f = Aᵀ(Ax − b)). */
function kktViolation(A: number[][], b: number[], x: number[]): number {
  const r = A.map((row, i) => row.reduce((s, a, j) => s + a * x[j], 0) - b[i]);
  let worst = 0;
  x.forEach((xj, j) => {
    const g = A.reduce((s, row, i) => s + row[j] * r[i], 0);
    worst = Math.max(worst, -xj, -g, Math.abs(xj * g));
  });
  return worst;
}

describe('float64 references (test/reference-bruteforce.ts)', () => {
  const shapes: [number, number][] = [
    [12, 6],
    [5, 8],
    [9, 9],
  ];
  shapes.forEach(([m, n], t) => {
    it(`brute force and Lawson–Hanson agree and satisfy KKT (${m} × ${n})`, () => {
      const A = gaussian(m, n, 100 + t);
      const rng = new Rng(200 + t);
      const b = Array.from({ length: m }, () => rng.normal());
      const brute = bruteForceNnls(A, b);
      const lh = lawsonHanson(A, b);
      expect(kktViolation(A, b, brute.x)).to.be.below(1e-10);
      expect(kktViolation(A, b, lh.x)).to.be.below(1e-10);
      expect(Math.abs(brute.objective - lh.objective)).to.be.below(1e-12 * (1 + lh.objective));
      expect(brute.objective).to.equal(halfSquaredResidual(A, brute.x, b));
    });
  });

  it('basis pursuit finds a feasible non-negative point of least l1', () => {
    const { A, b, xStar } = sparseRecoveryProblem(10, 50, 3, 0);
    const bp = basisPursuitNonneg(A, b);
    expect(Math.min(...bp.x)).to.be.at.least(0);
    expect(Math.sqrt(2 * bp.objective)).to.be.below(1e-7);
    expect(l1(bp.x)).to.be.at.most(l1(xStar) + 1e-7);
    expect(l1(bp.x)).to.be.at.most(l1(lawsonHanson(A, b).x));
  });
});
