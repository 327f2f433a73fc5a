/**
 * scipy's own NNLS tests (scipy/optimize/tests/test_nnls.py), ported: the problems come from
 * test/fixtures/scipy/nnls.json, written by test/fixtures/make_scipy_fixtures.py, which ran each
 * scipy test with its `nnls` recorded (so test_nnls_tall / test_nnls_wide use the very matrices
 * numpy's default_rng(1685225766635251) draws there).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { needsNonNegativeData, nnls, solverNames } from '../../src';
import { fixture } from '../io/fixtures';
import { expectNoLeak } from '../helpers';

interface ScipyCase {
  A: number[][];
  b: number[];
  scipyX: number[];
  scipyRnorm: number;
  expected: { x?: number[]; rnorm?: number };
}
const cases = (
  JSON.parse(readFileSync(fixture('scipy', 'nnls.json'), 'utf8')) as {
    cases: Record<string, ScipyCase>;
  }
).cases;

/** ‖Ax − b‖ in float64. */
function residualNorm(A: number[][], x: ArrayLike<number>, b: number[]): number {
  let s = 0;
  for (let i = 0; i < A.length; i++) {
    let v = -b[i];
    for (let j = 0; j < x.length; j++) v += A[i][j] * x[j];
    s += v * v;
  }
  return Math.sqrt(s);
}

/** (f − f*)/max(f*, 1e-6·½‖b‖²) with f* from scipy's answer. */
function gap(c: ScipyCase, x: ArrayLike<number>): number {
  const fStar = 0.5 * residualNorm(c.A, c.scipyX, c.b) ** 2;
  const f = 0.5 * residualNorm(c.A, x, c.b) ** 2;
  return (f - fStar) / Math.max(fStar, 1e-6 * 0.5 * c.b.reduce((t, v) => t + v * v, 0));
}

async function solve(c: ScipyCase, options: Parameters<typeof nnls>[2]) {
  const res = await expectNoLeak(
    () => nnls(c.A, c.b, options),
    (r) => [r.x],
  );
  const x32 = Array.from(res.x.dataSync());
  res.x.dispose();
  return { ...res, x32 };
}

describe('nnls: scipy test_nnls.py cases', () => {
  // scipy: assert_allclose(xact, x, rtol=0, atol=1e-10).
  for (const name of [
    'test_nnls_tall',
    'test_nnls_wide',
    'test_nnls_inner_loop_case1',
    'test_nnls_inner_loop_case2',
  ]) {
    it(`${name}: active-set returns x in float64 to 1e-10, objective of that x`, async () => {
      const c = cases[name];
      const res = await solve(c, { solver: 'active-set' });
      expect(res.converged).to.equal(true);
      expect(res.xFloat64, 'xFloat64').to.be.instanceOf(Float64Array);
      const x = res.xFloat64!;
      c.expected.x!.forEach((v, i) => expect(x[i], `x[${i}]`).to.be.closeTo(v, 1e-10));
      // The tensor is xFloat64 rounded to float32.
      res.x32.forEach((v, i) => expect(v).to.equal(Math.fround(x[i])));
      const r = residualNorm(c.A, x, c.b);
      expect(Math.abs(Math.sqrt(2 * res.objective) - r)).to.be.at.most(5e-14 * Math.max(1, r));
    });
  }

  // scipy gh-21021: the reported residual is that of the returned x, to 5e-14.
  for (const name of ['test_nnls_gh21021_ex1', 'test_nnls_gh21021_ex2', 'test_nnls_gh21021_ex3']) {
    it(`${name}: x as MATLAB's lsqnonneg, reported residual that of x to 5e-14`, async () => {
      const c = cases[name];
      const res = await solve(c, { solver: 'active-set' });
      const x = res.xFloat64!;
      // assert_allclose's default rtol 1e-7 (ex3: atol 5e-14).
      c.expected.x!.forEach((v, i) => expect(x[i]).to.be.closeTo(v, 1e-7 * Math.abs(v) + 5e-14));
      expect(Math.abs(residualNorm(c.A, x, c.b) - Math.sqrt(2 * res.objective))).to.be.below(5e-14);
    });
  }

  describe('test_nnls_gh20302: column norms from 0.42 to 2e13', () => {
    const c = cases.test_nnls_gh20302;
    it('active-set matches scipy (x to rtol 1e-7, rnorm 1.0556460808977297)', async () => {
      const res = await solve(c, { solver: 'active-set' });
      const x = res.xFloat64!;
      c.expected.x!.forEach((v, i) => expect(x[i]).to.be.closeTo(v, 1e-7 * Math.abs(v) + 1e-12));
      expect(Math.sqrt(2 * res.objective)).to.be.closeTo(c.expected.rnorm!, 1e-7);
    });

    for (const solver of solverNames().filter((s) => !needsNonNegativeData(s))) {
      it(`${solver}, default options: gap ≤ 1e-4 (was 71 for overparam: f = 40.1 vs 0.557)`, async () => {
        const res = await solve(c, { solver });
        expect(gap(c, res.xFloat64 ?? res.x32)).to.be.at.most(1e-4);
        expect(res.converged).to.equal(true);
      });
    }

    it('polish claims convergence only with the exact answer (was converged at gap 64)', async () => {
      for (const maxIter of [0, 1, 30, 20000]) {
        const res = await solve(c, { polish: true, maxIter });
        if (res.converged) {
          expect(gap(c, res.xFloat64 ?? res.x32), `maxIter ${maxIter}`).to.be.at.most(1e-9);
        }
        expect(res.iterations).to.be.at.most(maxIter);
      }
    });
  });

  it('test_nnls_wide: the default solver converges to gap ≤ 1e-4 in far fewer than 20,000 iterations', async () => {
    const c = cases.test_nnls_wide;
    const res = await solve(c, {});
    expect(res.solver).to.equal('overparam');
    expect(gap(c, res.x32)).to.be.at.most(1e-4);
    expect(res.converged).to.equal(true);
    // Measured: 540 (20,000 without the APG finish, at gap 1.2e-2).
    expect(res.iterations).to.be.below(2000);
  });
});
