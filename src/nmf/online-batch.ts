/**
 * The products online NMF needs on one row batch X_b (`b × m`, CSR or dense) on typed arrays:
 * P = X_b·Hᵀ (`b × k`), the update Bᵀ ← ρBᵀ + X_bᵀ·W_b (`m × k`), Gram matrices FᵀF (`k × k`,
 * float64) and the batch's squared error. Hᵀ (`m × k`) and W_b (`b × k`) are row-major.
 */
import type { RowBatch } from './online-source';

/** P (`b × k`) = X_b·Hᵀ for Hᵀ `m × k`, accumulated in float64. */
export function batchTimesHt(X: RowBatch, ht: Float32Array, k: number, P: Float32Array): void {
  const acc = new Float64Array(k);
  for (let i = 0; i < X.rows; i++) {
    acc.fill(0);
    if (X.kind === 'csr') {
      for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
        const v = X.values[p];
        const base = X.indices[p] * k;
        for (let t = 0; t < k; t++) acc[t] += v * ht[base + t];
      }
    } else {
      const row = i * X.cols;
      for (let j = 0; j < X.cols; j++) {
        const v = X.data[row + j];
        if (v === 0) continue;
        const base = j * k;
        for (let t = 0; t < k; t++) acc[t] += v * ht[base + t];
      }
    }
    for (let t = 0; t < k; t++) P[i * k + t] = acc[t];
  }
}

/** Bᵀ (`m × k`, float64) ← rho·Bᵀ + X_bᵀ·W_b. */
export function accumulateXtW(
  X: RowBatch,
  w: Float32Array,
  k: number,
  rho: number,
  Bt: Float64Array,
): void {
  if (rho !== 1) for (let i = 0; i < Bt.length; i++) Bt[i] *= rho;
  for (let i = 0; i < X.rows; i++) {
    const wBase = i * k;
    if (X.kind === 'csr') {
      for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
        const v = X.values[p];
        const base = X.indices[p] * k;
        for (let t = 0; t < k; t++) Bt[base + t] += v * w[wBase + t];
      }
    } else {
      const row = i * X.cols;
      for (let j = 0; j < X.cols; j++) {
        const v = X.data[row + j];
        if (v === 0) continue;
        const base = j * k;
        for (let t = 0; t < k; t++) Bt[base + t] += v * w[wBase + t];
      }
    }
  }
}

/** FᵀF (`k × k`, float64) of F `rows × k` row-major; into `out` (overwritten) or a new array. */
export function gramOfRows(
  F: ArrayLike<number>,
  rows: number,
  k: number,
  out = new Float64Array(k * k),
): Float64Array {
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    for (let s = 0; s < k; s++) {
      const f = F[base + s];
      if (f === 0) continue;
      for (let t = s; t < k; t++) out[s * k + t] += f * F[base + t];
    }
  }
  for (let s = 0; s < k; s++) for (let t = 0; t < s; t++) out[s * k + t] = out[t * k + s];
  return out;
}

/** Σ x² over the batch (float64). */
export function batchSquaredNorm(X: RowBatch): number {
  const v = X.kind === 'csr' ? X.values : X.data;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}

/**
 * ‖X_b − W_b H‖²_F = ‖X_b‖² − 2⟨P, W_b⟩ + ⟨W_bᵀW_b, HHᵀ⟩ in float64 (P = X_b·Hᵀ), at least 0.
 */
export function batchSquaredError(
  sqNorm: number,
  P: ArrayLike<number>,
  w: ArrayLike<number>,
  rows: number,
  k: number,
  GH: Float64Array,
): number {
  let cross = 0;
  for (let i = 0; i < rows * k; i++) cross += P[i] * w[i];
  const GW = gramOfRows(w, rows, k);
  let product = 0;
  for (let i = 0; i < GW.length; i++) product += GW[i] * GH[i];
  return Math.max(0, sqNorm - 2 * cross + product);
}
