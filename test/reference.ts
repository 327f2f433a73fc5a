/**
 * An independent exact float64 NNLS reference for tests, sharing no code with src/:
 * support enumeration for n ≤ 10 (every support S, least squares on S by ml-matrix's Cholesky,
 * the best feasible candidate), and ml-fcnnls (Van Benthem & Keenan's FCNNLS) for larger n.
 * Objectives are computed from the residual in float64.
 */
import { fcnnls } from 'ml-fcnnls';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

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

/** Best feasible least-squares solution over all 2ⁿ supports (n ≤ 10). */
function enumerateSupports(A: number[][], b: number[]): number[] {
  const n = A[0].length;
  let best = new Array<number>(n).fill(0);
  let bestF = halfSquaredResidual(A, best, b);
  for (let mask = 1; mask < 1 << n; mask++) {
    const S = Array.from({ length: n }, (_, j) => j).filter((j) => mask & (1 << j));
    const AS = new Matrix(A.map((row) => S.map((j) => row[j])));
    const chol = new CholeskyDecomposition(AS.transpose().mmul(AS));
    if (!chol.isPositiveDefinite()) continue;
    const z = chol.solve(AS.transpose().mmul(Matrix.columnVector(b))).getColumn(0);
    if (z.some((v) => !(v >= 0))) continue;
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
    if (n <= 10) columns.push(enumerateSupports(A, b));
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
