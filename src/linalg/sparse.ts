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
  const outT = new Float64Array(X.cols * k); // cols × k, accumulated in float64
  for (let i = 0; i < X.rows; i++) {
    const wBase = i * k;
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
      const v = X.values[p];
      const base = X.indices[p] * k;
      for (let t = 0; t < k; t++) outT[base + t] += v * W[wBase + t];
    }
  }
  return transposeArray(outT, X.cols, k);
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
