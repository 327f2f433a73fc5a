import { expect } from 'chai';
import { nnls, type NnlsResult } from '../../src';
import { expectNoLeak, gaussian, matVec } from '../helpers';
import { bruteForceNnls, halfSquaredResidual } from '../reference';

const SOLVERS = ['overparam', 'overparam-nesterov', 'overparam-mirror'];

async function solve(A: number[][], b: number[], solver: string, depth = 2) {
  const res = await expectNoLeak(
    () => nnls(A, b, { solver, depth }),
    (r: NnlsResult) => [r.x],
  );
  const x = Array.from(res.x.dataSync());
  res.x.dispose();
  return { ...res, x };
}

function scaled(M: number[][], s: number): number[][] {
  return M.map((row) => row.map((v) => v * s));
}

const A = gaussian(12, 6, 31);
const b = matVec(gaussian(12, 6, 32), [1, -1, 0.5, 2, -0.5, 1]);
const CASES: { name: string; A: number[][]; b: number[] }[] = [
  { name: 'A·1e-6', A: scaled(A, 1e-6), b },
  { name: 'A·1e6', A: scaled(A, 1e6), b },
  { name: 'b·1e-6 and A·1e6', A: scaled(A, 1e6), b: b.map((v) => v * 1e-6) },
  { name: 'a zero column', A: A.map((row) => row.map((v, j) => (j === 2 ? 0 : v))), b },
  { name: 'rank-deficient (duplicated column)', A: A.map((row) => [...row, row[0]]), b },
  { name: 'under-determined (4 × 6)', A: A.slice(0, 4), b: b.slice(0, 4) },
];

describe('nnls overparam solvers: defaults are safe on any input', () => {
  for (const solver of SOLVERS) {
    // The mirror form works on x directly: depth does not apply to it.
    for (const depth of solver === 'overparam-mirror' ? [2] : [2, 3]) {
      for (const c of CASES) {
        it(`${solver}, depth ${depth}: ${c.name} → x ≥ 0, finite, near the exact objective`, async () => {
          const res = await solve(c.A, c.b, solver, depth);
          expect(res.x.every((v) => Number.isFinite(v) && v >= 0)).to.equal(true);
          const exact = bruteForceNnls(c.A, c.b);
          const f0 = halfSquaredResidual(
            c.A,
            res.x.map(() => 0),
            c.b,
          );
          // Relative gap; consistent systems (f* = 0) are measured against 1e-6·f(0).
          const gap =
            (halfSquaredResidual(c.A, res.x, c.b) - exact.objective) /
            Math.max(exact.objective, 1e-6 * f0);
          expect(gap).to.be.below(depth === 2 ? 1e-4 : 1e-2);
          if (depth === 2) expect(res.converged, `stopped by ${res.stopReason}`).to.equal(true);
        });
      }
    }
    it(`${solver}: b = 0 gives x = 0 without NaN`, async () => {
      const res = await solve(A, new Array(12).fill(0), solver);
      expect(res.x.every((v) => v === 0)).to.equal(true);
      expect(res.objective).to.equal(0);
    });
  }
});
