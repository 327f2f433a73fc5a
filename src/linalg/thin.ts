/**
 * Float64 products of a thin matrix F (`rows × l`, row-major: many rows, few columns) as plain
 * loops, the small symmetric eigendecompositions by ml-matrix, and the interface through which
 * linalg takes faster forms of them (kernels/wasm/thin64.ts's Thin64 does the same operations
 * in the same order, so the same bits).
 */

import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { FloatArray } from './matrix';
import type { Rng } from '../random';

/** A thin factor's flat row-major storage (the name the kernels import). */
export type Matrix64 = FloatArray;

/** Eigenvalues ascending; `vectors` row-major `n × n`, row j the unit eigenvector of value j. */
export interface SymmetricEigen {
  values: Float64Array;
  vectors: Float64Array;
}

/** FᵀF and F·M, into `out` when given (which may be F itself for `times`). */
export interface ThinProducts {
  /** FᵀF (`k × k`) for F `rows × k`. */
  gram(F: Matrix64, rows: number, k: number, out?: Float64Array): Float64Array;
  /**
   * F·M (`rows × k`) for F `rows × l` and M `l × k`. `upperTriangular` (M[a, t] = 0 for a > t)
   * only lets a form skip the zero terms: the bits are those of the full sums either way.
   */
  times<T extends Matrix64 = Float64Array>(
    F: Matrix64,
    rows: number,
    l: number,
    M: Matrix64,
    k: number,
    out?: T,
    upperTriangular?: boolean,
  ): T;
  /** The eigendecomposition of the symmetric `n × n` row-major G (ml-matrix's bits). */
  eigen(G: ArrayLike<number>, n: number): SymmetricEigen;
  /** inverseCholeskyLoop's R⁻¹ (its bits), or null. */
  inverseCholesky(G: Float64Array, l: number, minPivotSq: number): Float64Array | null;
  /**
   * A float32 array of `length` zeros for the caller's work, on memory the products own: given
   * back with it by `release` (where there is such memory; else undefined).
   */
  scratch32?(length: number): Float32Array;
  /** As scratch32, float64. */
  scratch64?(length: number): Float64Array;
  /** rng.normals(n, out), the same values and state after, by compiled code (optional). */
  normals?<T extends Float32Array | Float64Array = Float64Array>(rng: Rng, n: number, out?: T): T;
  /** Gives the memory the products run on back for later kernels; no call after this. */
  release?(): void;
}

/** The products by the loops below. */
export const loopThinProducts: ThinProducts = {
  gram: (F, rows, k, out) => copied(gramLoop(F, rows, k), out),
  times: <T extends Matrix64 = Float64Array>(
    F: Matrix64,
    rows: number,
    l: number,
    M: Matrix64,
    k: number,
    out?: T,
  ): T => copied(timesLoop(F, rows, l, M, k), out),
  eigen: symmetricEigen,
  inverseCholesky: inverseCholeskyLoop,
};

/**
 * R⁻¹ (`l × l`, upper triangular) for the Cholesky factor R of G = RᵀR (`l × l` symmetric), or
 * null when a pivot's square r_jj² falls below minPivotSq·G_jj (G short of rank).
 */
export function inverseCholeskyLoop(
  G: Float64Array,
  l: number,
  minPivotSq: number,
): Float64Array | null {
  const R = new Float64Array(l * l);
  for (let j = 0; j < l; j++) {
    const d = minusColumnProducts(G[j * l + j], R, l, j, j, j);
    if (!(d > minPivotSq * G[j * l + j])) return null;
    const r = Math.sqrt(d);
    R[j * l + j] = r;
    for (let c = j + 1; c < l; c++)
      R[j * l + c] = minusColumnProducts(G[j * l + c], R, l, j, j, c) / r;
  }
  // R⁻¹ column by column: R·x = e_c by back substitution (x_t = 0 for t > c).
  const inverse = new Float64Array(l * l);
  for (let c = 0; c < l; c++) {
    for (let i = c; i >= 0; i--) {
      const v = minusRowColumn(i === c ? 1 : 0, R, inverse, l, i, c);
      inverse[i * l + c] = v / R[i * l + i];
    }
  }
  return inverse;
}

/**
 * v − Σ_{t<rows} R[t, a]·R[t, b] (`l × l` row-major), subtracted in order: inverseCholeskyLoop's
 * loops in small functions, which V8 optimizes early (in its body they ran unoptimized, boxing
 * every double).
 */
function minusColumnProducts(
  v: number,
  R: Float64Array,
  l: number,
  rows: number,
  a: number,
  b: number,
): number {
  for (let t = 0; t < rows; t++) v -= R[t * l + a] * R[t * l + b];
  return v;
}

/** v − Σ_{t=i+1}^{c} R[i, t]·Rinv[t, c], subtracted in order. */
function minusRowColumn(
  v: number,
  R: Float64Array,
  inverse: Float64Array,
  l: number,
  i: number,
  c: number,
): number {
  for (let t = i + 1; t <= c; t++) v -= R[i * l + t] * inverse[t * l + c];
  return v;
}

/**
 * ml-matrix's eigendecomposition of the symmetric `n × n` row-major G (tred2 and tql2, as in
 * JAMA), as a SymmetricEigen.
 */
export function symmetricEigen(G: ArrayLike<number>, n: number): SymmetricEigen {
  checkSquare(G, n);
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => G[i * n + j]),
  );
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const E = evd.eigenvectorMatrix;
  const vectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) vectors[j * n + i] = E.get(i, j);
  return { values: Float64Array.from(evd.realEigenvalues), vectors };
}

/** Throws unless G holds an `n × n` matrix (n ≥ 1). */
export function checkSquare(G: ArrayLike<number>, n: number): void {
  if (!(n >= 1) || G.length < n * n) {
    throw new RangeError(`symmetricEigen: ${G.length} entries for a ${n} × ${n} matrix`);
  }
}

function copied<T extends Matrix64>(result: Float64Array, out?: T): T {
  if (!out) return result as T;
  out.set(result);
  return out;
}

/** FᵀF by loops: each entry of the upper triangle summed over the rows in order, mirrored. */
export function gramLoop(F: Matrix64, rows: number, k: number): Float64Array {
  const G = new Float64Array(k * k);
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    for (let a = 0; a < k; a++) {
      const fa = F[base + a];
      for (let b = a; b < k; b++) G[a * k + b] += fa * F[base + b];
    }
  }
  return symmetrized(G, k);
}

/** G's upper triangle copied to its lower one (`k × k`, in place). */
export function symmetrized(G: Float64Array, k: number): Float64Array {
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) G[a * k + b] = G[b * k + a];
  return G;
}

/** F·M by loops: every entry summed over a = 0 … l − 1 in order. */
export function timesLoop(
  F: Matrix64,
  rows: number,
  l: number,
  M: Matrix64,
  k: number,
): Float64Array {
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < l; a++) {
      const f = F[i * l + a];
      for (let t = 0; t < k; t++) out[i * k + t] += f * M[a * k + t];
    }
  }
  return out;
}
