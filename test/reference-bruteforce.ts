/**
 * Exact float64 NNLS references for tests (plain arrays, no tensors):
 * - `bruteForceNnls`: enumerates every support S ⊆ {0…n−1} (n ≤ 12), solves the normal
 *   equations on S, and keeps the feasible point with the lowest objective. Slow and obviously
 *   right: the optimum of a convex problem is the least-squares solution on some support.
 * - `lawsonHanson`: the classic active-set algorithm (Lawson & Hanson 1974, ch. 23), which
 *   returns a vertex solution (at most rank(A) non-zeros); the implicit-bias test compares l1
 *   norms against it, as the paper does.
 * - `sparseRecoveryProblem`: the paper's data generator (PAPER-EXPERIMENTS.md).
 */
import { Rng } from '../src/random';

export interface ExactSolution {
  x: number[];
  /** ½‖Ax − b‖² */
  objective: number;
}

/** ½‖Ax − b‖² in float64. */
export function objective(A: number[][], b: number[], x: number[]): number {
  let s = 0;
  A.forEach((row, i) => {
    const r = row.reduce((acc, a, j) => acc + a * x[j], 0) - b[i];
    s += r * r;
  });
  return 0.5 * s;
}

/** AᵀA restricted to `cols` and Aᵀb restricted to `cols`. */
function normalEquations(A: number[][], b: number[], cols: number[]) {
  const k = cols.length;
  const G = Array.from({ length: k }, () => new Float64Array(k));
  const c = new Float64Array(k);
  for (const [i, row] of A.entries()) {
    for (let p = 0; p < k; p++) {
      const ap = row[cols[p]];
      c[p] += ap * b[i];
      for (let q = 0; q < k; q++) G[p][q] += ap * row[cols[q]];
    }
  }
  return { G, c };
}

/**
 * Solves G y = c by Gaussian elimination with partial pivoting (float64); undefined when G is
 * singular to `tol` relative to its largest pivot.
 */
export function solveDense(G: Float64Array[], c: Float64Array, tol = 1e-12): number[] | undefined {
  const k = c.length;
  const M = G.map((row, i) => [...row, c[i]]);
  let scale = 0;
  for (const row of G) for (const v of row) scale = Math.max(scale, Math.abs(v));
  for (let col = 0; col < k; col++) {
    let piv = col;
    for (let i = col + 1; i < k; i++) if (Math.abs(M[i][col]) > Math.abs(M[piv][col])) piv = i;
    if (Math.abs(M[piv][col]) <= tol * scale) return undefined;
    [M[col], M[piv]] = [M[piv], M[col]];
    for (let i = col + 1; i < k; i++) {
      const f = M[i][col] / M[col][col];
      for (let j = col; j <= k; j++) M[i][j] -= f * M[col][j];
    }
  }
  const y = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    let s = M[i][k];
    for (let j = i + 1; j < k; j++) s -= M[i][j] * y[j];
    y[i] = s / M[i][i];
  }
  return y;
}

/** Least squares restricted to the columns `cols` (undefined when they are dependent). */
function leastSquaresOn(A: number[][], b: number[], cols: number[]): number[] | undefined {
  const { G, c } = normalEquations(A, b, cols);
  return solveDense(G, c);
}

/** The exact NNLS solution by enumerating supports (n ≤ 12). */
export function bruteForceNnls(A: number[][], b: number[]): ExactSolution {
  const n = A[0].length;
  if (n > 12) throw new Error(`bruteForceNnls enumerates 2^n supports; n = ${n} is too large`);
  const zero = new Array<number>(n).fill(0);
  let best: ExactSolution = { x: zero, objective: objective(A, b, zero) };
  for (let mask = 1; mask < 1 << n; mask++) {
    const cols = [...Array(n).keys()].filter((j) => mask & (1 << j));
    const y = leastSquaresOn(A, b, cols);
    if (!y || y.some((v) => v < 0)) continue;
    const x = new Array<number>(n).fill(0);
    cols.forEach((j, p) => (x[j] = y[p]));
    const f = objective(A, b, x);
    if (f < best.objective) best = { x, objective: f };
  }
  return best;
}

/** Lawson–Hanson active-set NNLS in float64 (one right-hand side). */
export function lawsonHanson(A: number[][], b: number[], maxOuter = 1000): ExactSolution {
  const n = A[0].length;
  const x = new Array<number>(n).fill(0);
  const passive = new Set<number>();
  const tol = 1e-12 * Math.max(1, ...A.flat().map(Math.abs));
  const dual = () => {
    const r = A.map((row, i) => b[i] - row.reduce((s, a, j) => s + a * x[j], 0));
    return [...Array(n).keys()].map((j) => A.reduce((s, row, i) => s + row[j] * r[i], 0));
  };
  for (let outer = 0; outer < maxOuter; outer++) {
    const w = dual();
    let t = -1;
    for (let j = 0; j < n; j++) if (!passive.has(j) && w[j] > tol && (t < 0 || w[j] > w[t])) t = j;
    if (t < 0) break;
    passive.add(t);
    for (;;) {
      const cols = [...passive].sort((p, q) => p - q);
      const z = leastSquaresOn(A, b, cols) ?? cols.map((j) => x[j]);
      if (z.every((v) => v > 0)) {
        cols.forEach((j, p) => (x[j] = z[p]));
        break;
      }
      let step = 1;
      cols.forEach((j, p) => {
        if (z[p] <= 0) step = Math.min(step, x[j] / (x[j] - z[p]));
      });
      cols.forEach((j, p) => {
        x[j] += step * (z[p] - x[j]);
        if (x[j] <= tol) {
          x[j] = 0;
          passive.delete(j);
        }
      });
    }
  }
  return { x, objective: objective(A, b, x) };
}

/**
 * The paper's generator: A (`m × n`) with entries N(0, 1/m), x* with its first `s` entries
 * |N(0,1)| normalized to ‖x*‖₂ = 1 (the rest 0), b = A x*.
 */
export function sparseRecoveryProblem(m: number, n: number, s: number, seed: number) {
  const rng = new Rng(seed);
  const A = Array.from({ length: m }, () =>
    Array.from({ length: n }, () => rng.normal() / Math.sqrt(m)),
  );
  const head = Array.from({ length: s }, () => Math.abs(rng.normal()));
  const norm = Math.hypot(...head);
  const xStar = [...head.map((v) => v / norm), ...new Array<number>(n - s).fill(0)];
  const b = A.map((row) => row.reduce((acc, a, j) => acc + a * xStar[j], 0));
  return { A, b, xStar };
}

/** Σ|x_i| */
export function l1(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]);
  return s;
}

// javascript-lp-solver ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lpSolver = require('javascript-lp-solver') as {
  Solve(model: object): Record<string, number | boolean | undefined>;
};

/**
 * Non-negative basis pursuit: min 1ᵀx subject to Ax = b, x ≥ 0 (the minimum-l1 exact
 * non-negative solution, the limit of the implicit bias), by the simplex method of
 * javascript-lp-solver. Its values are rounded to about 1e-8.
 */
export function basisPursuitNonneg(A: number[][], b: number[]): ExactSolution {
  const n = A[0].length;
  const constraints: Record<string, { equal: number }> = {};
  b.forEach((v, i) => (constraints[`r${i}`] = { equal: v }));
  const variables: Record<string, Record<string, number>> = {};
  for (let j = 0; j < n; j++) {
    const column: Record<string, number> = { l1: 1 };
    A.forEach((row, i) => (column[`r${i}`] = row[j]));
    variables[`x${j}`] = column;
  }
  const res = lpSolver.Solve({ optimize: 'l1', opType: 'min', constraints, variables });
  if (!res.feasible) throw new Error('basisPursuitNonneg: Ax = b, x ≥ 0 is infeasible');
  const x = Array.from({ length: n }, (_, j) => Number(res[`x${j}`] ?? 0));
  return { x, objective: objective(A, b, x) };
}
