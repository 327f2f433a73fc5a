import { expect } from 'chai';
import { nnls } from '../../src';
import { halsSweep } from '../../src/nnls/hals';
import { Rng } from '../../src/random';
import { expectNoLeak, gaussian } from '../helpers';

/** Columns scaled by 1, 1/2, …, 1/n: an ill-conditioned G (condition number ≈ 10³ for n = 10). */
function illConditioned(m: number, n: number, seed: number): number[][] {
  return gaussian(m, n, seed).map((row) => row.map((v, j) => v / (j + 1)));
}

describe('nnls classic solvers', () => {
  it('apg needs far fewer iterations than pgd on an ill-conditioned problem', async () => {
    const A = illConditioned(40, 10, 31);
    const B = gaussian(40, 2, 32);
    const plain = await nnls(A, B, { solver: 'pgd', maxIter: 100000 });
    const fast = await nnls(A, B, { solver: 'apg', maxIter: 100000 });
    plain.x.dispose();
    fast.x.dispose();
    expect(fast.converged && plain.converged).to.equal(true);
    expect(fast.iterations * 5, `${fast.iterations} vs ${plain.iterations}`).to.be.lessThan(
      plain.iterations,
    );
  });

  it('hals: one sweep moves each coordinate to its exact minimizer in turn', () => {
    const [n, r] = [6, 2];
    const A = gaussian(10, n, 33);
    const B = gaussian(10, r, 34);
    const G = new Float64Array(n * n);
    const C = new Float64Array(n * r);
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) G[j * n + k] = A.reduce((s, row) => s + row[j] * row[k], 0);
      for (let c = 0; c < r; c++) C[j * r + c] = A.reduce((s, row, i) => s + row[j] * B[i][c], 0);
    }
    const rng = new Rng(35);
    const X = Float64Array.from({ length: n * r }, () => rng.uniform());
    const expected = Float64Array.from(X);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < r; c++) {
        // argmin over t ≥ 0 of f with coordinate (i, c) = t: t = (c_i − Σ_{k≠i} G_ik x_k)/G_ii.
        let s = C[i * r + c];
        for (let k = 0; k < n; k++) if (k !== i) s -= G[i * n + k] * expected[k * r + c];
        expected[i * r + c] = Math.max(0, s / G[i * n + i]);
      }
    }
    const R = new Float64Array(n * r);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < r; c++) {
        R[i * r + c] = -C[i * r + c];
        for (let k = 0; k < n; k++) R[i * r + c] += G[i * n + k] * X[k * r + c];
      }
    }
    halsSweep(G, X, R, n, r);
    X.forEach((v, i) => expect(v).to.be.closeTo(expected[i], 1e-12));
  });

  it('mu: the objective never increases (Lee–Seung) and zero coordinates stay zero', async () => {
    const rng = new Rng(36);
    const A = Array.from({ length: 15 }, () => Array.from({ length: 6 }, () => rng.uniform()));
    const B = Array.from({ length: 15 }, () => [rng.uniform(), rng.uniform()]);
    const x0 = Array.from({ length: 6 }, (_, j) => [j === 2 ? 0 : 1, 1]);
    const res = await expectNoLeak(
      () => nnls(A, B, { solver: 'mu', x0, maxIter: 400, checkEvery: 1 }),
      (r) => [r.x],
    );
    const X = res.x.arraySync() as number[][];
    res.x.dispose();
    expect(X[2][0]).to.equal(0);
    const objectives = res.history.map((h) => h.objective);
    objectives.slice(1).forEach((f, k) => expect(f).to.be.at.most(objectives[k] * (1 + 1e-6)));
  });

  it('first-order solvers honour x0, and a start at the answer stops at once', async () => {
    const A = gaussian(20, 5, 37);
    const B = gaussian(20, 1, 38);
    const exact = await nnls(A, B, { solver: 'active-set' });
    const x0 = exact.x.arraySync() as number[][];
    exact.x.dispose();
    for (const solver of ['pgd', 'apg', 'hals']) {
      const res = await nnls(A, B, { solver, x0, tol: 1e-5 });
      res.x.dispose();
      expect(res.iterations, solver).to.equal(0);
    }
  });
});
