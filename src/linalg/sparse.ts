/**
 * Products of a CSR matrix X (`rows × cols`) with small dense factors, on typed arrays.
 *
 * The NMF half-steps need X·Hᵀ and Wᵀ·X with thin factors (k ≪ rows, cols). The wasm backend
 * has no UnsortedSegmentSum, and densifying X defeats the point of a sparse input, so these
 * kernels walk the non-zeros once each. Dense factors are row-major Float32Arrays.
 */

import type { Csr } from './csr';

/** The validated CSR type, re-exported for the modules that import it from here. */
export type { Csr } from './csr';

/** Transposes a row-major `rows × cols` array, into `out` when given. */
export function transposeArray(a: ArrayLike<number>, rows: number, cols: number): Float32Array;
export function transposeArray<T extends Float32Array | Float64Array>(
  a: ArrayLike<number>,
  rows: number,
  cols: number,
  out: T,
): T;
export function transposeArray(
  a: ArrayLike<number>,
  rows: number,
  cols: number,
  out: Float32Array | Float64Array = new Float32Array(rows * cols),
): Float32Array | Float64Array {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  }
  return out;
}

/** X·Hᵀ for H `k × cols` (row-major): a `rows × k` row-major array. */
export function csrTimesTransposed(X: Csr, H: ArrayLike<number>, k: number): Float32Array {
  const Ht = transposeArray(H, k, X.cols);
  const out = new Float32Array(X.rows * k);
  const acc = new Float64Array(k);
  for (let i = 0; i < X.rows; i++) {
    acc.fill(0);
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
      const v = X.values[p];
      const base = X.indices[p] * k;
      for (let t = 0; t < k; t++) acc[t] += v * Ht[base + t];
    }
    out.set(acc, i * k);
  }
  return out;
}

/** Wᵀ·X for W `rows × k` (row-major): a `k × cols` row-major array. */
export function transposedTimesCsr(W: ArrayLike<number>, X: Csr, k: number): Float32Array {
  return transposeArray(transposedTimesCsr64(W, X, k), X.cols, k);
}

/**
 * (Wᵀ·X)ᵀ = Xᵀ·W for W `rows × k`: `cols × k` in float64, each entry summed over the stored
 * entries in row order (the products of float32 numbers exact).
 */
export function transposedTimesCsr64(W: ArrayLike<number>, X: Csr, k: number): Float64Array {
  const outT = new Float64Array(X.cols * k);
  for (let i = 0; i < X.rows; i++) {
    const wBase = i * k;
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
      const v = X.values[p];
      const base = X.indices[p] * k;
      for (let t = 0; t < k; t++) outT[base + t] += v * W[wBase + t];
    }
  }
  return outT;
}

/**
 * A float64 `rows × cols` S transposed into two float32 parts (`cols × rows` each): hi = S
 * rounded to float32, lo = S − hi rounded, so that hi + lo is S to 2⁻⁴⁸ of it.
 */
export function splitTransposed(
  S: Float64Array,
  rows: number,
  cols: number,
  hi: Float32Array,
  lo: Float32Array,
): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const s = S[i * cols + j];
      const h = Math.fround(s);
      hi[j * rows + i] = h;
      lo[j * rows + i] = s - h;
    }
  }
}

/** The entries of W·H at the non-zeros of X, in X's storage order (W `rows × k`, H `k × cols`). */
export function sampledProduct(
  X: Csr,
  W: ArrayLike<number>,
  H: ArrayLike<number>,
  k: number,
): Float32Array {
  const Ht = transposeArray(H, k, X.cols);
  const out = new Float32Array(X.values.length);
  for (let i = 0; i < X.rows; i++) {
    const wBase = i * k;
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
      const base = X.indices[p] * k;
      let s = 0;
      for (let t = 0; t < k; t++) s += W[wBase + t] * Ht[base + t];
      out[p] = s;
    }
  }
  return out;
}

/** The same sparsity pattern with other values. */
export function withValues(X: Csr, values: Float32Array): Csr {
  return { ...X, values };
}

/**
 * X·Xᵀ (`rows × rows`, float64, row-major) of a CSR X, or undefined where that takes more than
 * `maxTerms` multiply-adds (Σ_j n_j(n_j + 1)/2 for the n_j entries stored in column j). The
 * entries are regrouped by column (rows ascending), each column adds its pairwise products to
 * the upper triangle, columns in order (the same sums wherever it runs), and the triangle is
 * mirrored. Temporary memory: 12 bytes per stored entry, plus the rows² result.
 */
export function csrRowGram(X: Csr, maxTerms = Infinity): Float64Array | undefined {
  const { rows, cols, indptr, indices, values } = X;
  const start = new Int32Array(cols + 1); // column j's entries at [start[j], start[j + 1])
  for (let p = 0; p < indices.length; p++) start[indices[p] + 1]++;
  for (let j = 0; j < cols; j++) start[j + 1] += start[j];
  if (pairTerms(start, cols) > maxTerms) return undefined;
  const rowOf = new Int32Array(indices.length);
  const valueOf = new Float64Array(indices.length);
  const next = start.slice(0, cols);
  for (let i = 0; i < rows; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const q = next[indices[p]]++;
      rowOf[q] = i;
      valueOf[q] = values[p];
    }
  }
  const G = new Float64Array(rows * rows);
  for (let j = 0; j < cols; j++) addColumnPairs(G, rows, rowOf, valueOf, start[j], start[j + 1]);
  return mirrorUpper(G, rows);
}

/** Σ_j n_j(n_j + 1)/2 for the n_j = start[j + 1] − start[j] entries of `cols` columns. */
export function pairTerms(start: Int32Array, cols: number): number {
  let terms = 0;
  for (let j = 0; j < cols; j++) {
    const n = start[j + 1] - start[j];
    terms += (n * (n + 1)) / 2;
  }
  return terms;
}

/** G (`n × n`) with its upper triangle copied below the diagonal, in place. */
export function mirrorUpper(G: Float64Array, n: number): Float64Array {
  for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) G[a * n + b] = G[b * n + a];
  return G;
}

/**
 * G[a, b] += v_a·v_b for the pairs a ≤ b of one column's entries [p0, p1) (rows ascending). A
 * small function called once per column, which V8 compiles after a few calls (one long loop
 * in a function called once can stay interpreted, boxing every double).
 */
function addColumnPairs(
  G: Float64Array,
  rows: number,
  rowOf: Int32Array,
  valueOf: Float64Array,
  p0: number,
  p1: number,
): void {
  for (let p = p0; p < p1; p++) {
    const base = rowOf[p] * rows;
    const v = valueOf[p];
    for (let q = p; q < p1; q++) G[base + rowOf[q]] += v * valueOf[q];
  }
}
