import { expect } from 'chai';
import { nnls, NmflowError, type NnlsOptions, type NnlsResult } from '../../src';
import { expectNoLeak, gaussian, matVec } from '../helpers';
import { bruteForceNnls, halfSquaredResidual } from '../reference';

/** Solves with `options`, checks leak-freedom, returns the result with x read back. */
async function solve(A: number[][], b: number[] | number[][], options: NnlsOptions) {
  const res = await expectNoLeak(
    () => nnls(A, b, options),
    (r: NnlsResult) => [r.x],
  );
  const x = Array.from(res.x.dataSync());
  res.x.dispose();
  return { ...res, x };
}

/** ‖x − x*‖∞ / max|x*| and the relative objective gap against the exact solution. */
function compare(A: number[][], b: number[], x: number[]) {
  const exact = bruteForceNnls(A, b);
  const scale = Math.max(...exact.x.map(Math.abs), 1e-30);
  const xErr = Math.max(...x.map((v, i) => Math.abs(v - exact.x[i]))) / scale;
  const gap = (halfSquaredResidual(A, x, b) - exact.objective) / Math.max(exact.objective, 1e-30);
  return { xErr, gap, exact };
}

// An over-determined problem whose NNLS solution has active constraints (b is not in the cone).
const A = gaussian(14, 7, 21);
const b = matVec(gaussian(14, 7, 22), [1, -1, 0.5, 2, -0.5, 0.3, 1]);

// Plain fixed steps at depth 3 are slow (the paper's observation) and exact line search
// zig-zags: looser tolerances there, to keep the suite fast.
const RULES: { depth: number; step: NnlsOptions['step']; learningRate?: number; tol?: number }[] = [
  { depth: 2, step: 'fixed' },
  { depth: 2, step: 'bb' },
  { depth: 2, step: 'armijo' },
  { depth: 2, step: 'exact', tol: 1e-5 },
  { depth: 3, step: 'fixed', learningRate: 0.25, tol: 1e-4 },
  { depth: 3, step: 'bb' },
  { depth: 3, step: 'armijo' },
];

describe('nnls overparam', () => {
  for (const { depth, step, learningRate, tol = 1e-6 } of RULES) {
    it(`reaches the exact float64 solution (KKT ≤ ${tol}) with step ${step}, depth ${depth}`, async () => {
      const res = await solve(A, b, { step, depth, learningRate, tol, maxIter: 60000 });
      expect(res.converged, `stopped by ${res.stopReason}`).to.equal(true);
      expect(res.kktResidual).to.be.at.most(tol);
      expect(res.x.every((v) => v >= 0)).to.equal(true);
      const { xErr, gap, exact } = compare(A, b, res.x);
      expect(exact.x.filter((v) => v === 0).length, 'test needs active constraints').to.be.above(0);
      expect(gap).to.be.below(tol * 10);
      expect(xErr).to.be.below(tol * 200);
    });
  }

  it('armijo and exact are monotone; the default (bb) never rises above a recent objective', async () => {
    const runs: [NnlsOptions['step'], number][] = [
      ['armijo', 2],
      ['armijo', 3],
      ['exact', 2],
      [undefined, 2],
      [undefined, 3],
    ];
    for (const [step, depth] of runs) {
      const res = await solve(A, b, { step, depth, checkEvery: 1, maxIter: 120, tol: 0 });
      const f = res.history.map((h) => h.objective);
      // bb: f_k ≤ max(f_{k−10} … f_{k−1}) (non-monotone safeguard); the others: f_k ≤ f_{k−1}.
      const window = step === undefined ? 10 : 1;
      for (let k = 1; k < f.length; k++) {
        const ref = Math.max(...f.slice(Math.max(0, k - window), k));
        expect(f[k], `${step ?? 'default'}, depth ${depth}, iteration ${k}`).to.be.at.most(
          ref * (1 + 1e-5),
        );
      }
    }
  });

  it('solves several right-hand sides together, each to its exact solution', async () => {
    const B = gaussian(14, 3, 23);
    const res = await solve(A, B, { tol: 1e-6 });
    expect(res.converged).to.equal(true);
    for (let j = 0; j < 3; j++) {
      const bj = B.map((row) => row[j]);
      const xj = res.x.filter((_, i) => i % 3 === j);
      const { xErr, gap } = compare(A, bj, xj);
      expect(gap, `column ${j}`).to.be.below(1e-5);
      expect(xErr, `column ${j}`).to.be.below(2e-4);
    }
  });

  it('follows the decayed fixed step η_k = η/(k+2)^γ literally (two steps, float64)', async () => {
    const small = [
      [0.5, -1],
      [1, 0.25],
      [-0.75, 0.5],
    ];
    const rhs = [1, 0.5, -0.25];
    const [alpha, lr, gamma] = [0.3, 0.4, 0.5];
    const res = await solve(small, rhs, {
      step: 'fixed',
      alpha,
      learningRate: lr,
      decay: gamma,
      maxIter: 2,
      tol: 0,
    });
    // By hand: max|A| = max|b| = 1, so nnls() solves this problem unscaled.
    const G = [0, 1].map((i) => [0, 1].map((j) => small.reduce((s, r) => s + r[i] * r[j], 0)));
    const c = [0, 1].map((i) => small.reduce((s, r, k) => s + r[i] * rhs[k], 0));
    const lambda = 0.5 * (G[0][0] + G[1][1] + Math.hypot(G[0][0] - G[1][1], 2 * G[0][1]));
    let u = [Math.sqrt(alpha), Math.sqrt(alpha)];
    for (let k = 0; k < 2; k++) {
      const x = u.map((v) => v * v);
      const g = [0, 1].map((i) => G[i][0] * x[0] + G[i][1] * x[1] - c[i]);
      const eta = lr / (lambda * 1.01) / Math.pow(k + 2, gamma);
      u = u.map((v, i) => v - eta * 2 * v * g[i]);
    }
    // The solver's λ comes from power iteration (≤ 1e-6 relative to the exact value).
    u.forEach((v, i) => expect(res.x[i]).to.be.closeTo(v * v, 1e-5));
  });

  it('recovers from a step that is far too large (fixed, learningRate 1e4) without NaN', async () => {
    const res = await solve(A, b, { step: 'fixed', learningRate: 1e4, maxIter: 20000 });
    expect(res.x.every((v) => Number.isFinite(v) && v >= 0)).to.equal(true);
    expect(res.converged).to.equal(true);
  });

  it('starts from a warm start x0 with zero entries and still reaches the solution', async () => {
    const { exact } = compare(A, b, new Array(7).fill(0));
    const x0 = exact.x.map((v, i) => (i % 2 === 0 ? 0 : v + 0.1));
    const res = await solve(A, b, { x0, tol: 1e-6 });
    expect(compare(A, b, res.x).gap).to.be.below(1e-5);
  });

  it('rejects step "exact" for depth 3, naming both options', async () => {
    let err: unknown;
    try {
      await nnls(A, b, { step: 'exact', depth: 3 });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(NmflowError);
    expect((err as Error).message).to.match(/step "exact" needs depth 2.*got depth 3/);
  });
});
