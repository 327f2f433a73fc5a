/**
 * Exact float64 NNLS references for tests, sharing no solver code with src/:
 * - `referenceNnls` / `bruteForceNnls`: support enumeration for n ≤ 12 (every support S,
 *   least squares on S by ml-matrix's Cholesky, the best feasible candidate), and ml-fcnnls
 *   (Van Benthem & Keenan's FCNNLS) for larger n. Objectives come from the residual.
 * - `lawsonHanson`: the classic active-set algorithm (Lawson & Hanson 1974, ch. 23), which
 *   returns a vertex solution (at most rank(A) non-zeros); the implicit-bias test compares l1
 *   norms against it, as the paper does.
 * - `basisPursuitNonneg`: the minimum-l1 exact non-negative solution (an LP).
 * - `sparseRecoveryProblem`: the paper's data generator (PAPER-EXPERIMENTS.md).
 */
import { fcnnls } from 'ml-fcnnls';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { minL1NonNegative } from '../src/experiments/tools';
import { Rng } from '../src/random';

export interface ReferenceSolution {
  /** Columns of X (r arrays of length n). */
  columns: number[][];
  /** ½‖AX − B‖²_F. */
  objective: number;
}

/** ½‖Ax − b‖² in float64. */
export function halfSquaredResidual(A: number[][], x: ArrayLike<number>, b: number[]): number {
  let s = 0;
  for (let i = 0; i < A.length; i++) {
    let ri = -b[i];
    for (let j = 0; j < x.length; j++) ri += A[i][j] * x[j];
    s += ri * ri;
  }
  return 0.5 * s;
}

/** Column c of the rows-of-numbers matrix M. */
export function columnOf(M: number[][], c: number): number[] {
  return M.map((row) => row[c]);
}

/** Best feasible least-squares solution over all 2ⁿ supports (n ≤ 12). */
function enumerateSupports(A: number[][], b: number[]): number[] {
  const n = A[0].length;
  let best = new Array<number>(n).fill(0);
  let bestF = halfSquaredResidual(A, best, b);
  for (let mask = 1; mask < 1 << n; mask++) {
    const S = Array.from({ length: n }, (_, j) => j).filter((j) => mask & (1 << j));
    const z = leastSquaresOn(A, b, S);
    if (!z || z.some((v) => !(v >= 0))) continue;
    const x = new Array<number>(n).fill(0);
    S.forEach((j, k) => (x[j] = z[k]));
    const f = halfSquaredResidual(A, x, b);
    if (f < bestF) [best, bestF] = [x, f];
  }
  return best;
}

/** Exact NNLS of every column of B (`m × r`, rows of numbers) against A (`m × n`). */
export function referenceNnls(A: number[][], B: number[][]): ReferenceSolution {
  const n = A[0].length;
  const r = B[0].length;
  const columns: number[][] = [];
  for (let c = 0; c < r; c++) {
    const b = columnOf(B, c);
    if (n <= 12) columns.push(enumerateSupports(A, b));
    else {
      const { K } = fcnnls(
        A,
        b.map((v) => [v]),
        { gradientTolerance: 1e-12, maxIterations: 10 * n },
      );
      columns.push(K.getColumn(0).map((v) => Math.max(0, v)));
    }
  }
  const objective = columns.reduce((s, x, c) => s + halfSquaredResidual(A, x, columnOf(B, c)), 0);
  return { columns, objective };
}

export interface ExactSolution {
  x: number[];
  /** ½‖Ax − b‖² */
  objective: number;
}

/** The exact NNLS solution of one right-hand side by enumerating supports (n ≤ 12). */
export function bruteForceNnls(A: number[][], b: number[]): ExactSolution {
  if (A[0].length > 12)
    throw new Error(`bruteForceNnls enumerates 2^n supports; n = ${A[0].length} is too large`);
  const x = enumerateSupports(A, b);
  return { x, objective: halfSquaredResidual(A, x, b) };
}

/** Least squares on the columns `cols` by Cholesky (undefined when they are dependent). */
function leastSquaresOn(A: number[][], b: number[], cols: number[]): number[] | undefined {
  const AS = new Matrix(A.map((row) => cols.map((j) => row[j])));
  const chol = new CholeskyDecomposition(AS.transpose().mmul(AS));
  if (!chol.isPositiveDefinite()) return undefined;
  return chol.solve(AS.transpose().mmul(Matrix.columnVector(b))).getColumn(0);
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
  return { x, objective: halfSquaredResidual(A, x, b) };
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

/**
 * Non-negative basis pursuit: min 1ᵀx subject to Ax = b, x ≥ 0 (the minimum-l1 exact
 * non-negative solution, the limit of the implicit bias), by the experiments' LP.
 */
export function basisPursuitNonneg(A: number[][], b: number[]): ExactSolution {
  const x = Array.from(
    minL1NonNegative({
      A: Float64Array.from(A.flat()),
      b: Float64Array.from(b),
      m: A.length,
      n: A[0].length,
    }),
  );
  return { x, objective: halfSquaredResidual(A, x, b) };
}
