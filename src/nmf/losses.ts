/**
 * The β-divergence D_β(X | WH) and the NMF objective, as scikit-learn's `_beta_divergence`
 * computes them (sklearn/decomposition/_nmf.py), accumulated in float64, y = (WH)_ij:
 *
 *   β = 2: ½ Σ (x − y)²                                       (Frobenius)
 *   β = 1: Σ x log(x/y) − x + y                               (Kullback–Leibler)
 *   β = 0: Σ x/y − log(x/y) − 1                               (Itakura–Saito)
 *   else:  Σ (x^β + (β−1) y^β − β x y^(β−1)) / (β(β−1))
 *
 * with sklearn's guards: an entry with x ≤ ε (float32 machine epsilon) keeps only its terms
 * without x (y for KL, y^β/β for a general β, and IS's −1: so IS counts −1 for each zero of X),
 * and y = 0 counts as ε where x > ε.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gramFor } from '../kernels/wasm/gram-wasm';
import { thinProducts } from '../kernels/wasm/thin64';
import { transposeArray } from '../linalg/sparse';
import type { NmfData } from './data';
import { squaredError as identitySquaredError } from './gram-fit';
import { isPenalized, type Penalties } from './options';

/** float32 machine epsilon, sklearn's EPSILON. */
export const EPSILON = 1.1920929e-7;

/**
 * Entrywise β-divergence terms of X against Y = WH (same shape), safe under autodiff in Y
 * (no NaN or infinite gradients), for the overparametrized joint rule's gradients: Y is floored
 * at ε, and IS's −1 of the zeros of X (a constant) is left out. Missing entries must be zero
 * in X and masked by the caller. Measured values come from `measureFit`.
 */
export function betaDivergenceTerms(X: tf.Tensor2D, Y: tf.Tensor2D, beta: number): tf.Tensor2D {
  return tf.tidy(() => {
    if (beta === 2) return tf.mul(0.5, tf.square(tf.sub(X, Y)));
    const present = tf.cast(tf.greater(X, EPSILON), 'float32');
    const Xs = tf.maximum(X, EPSILON);
    const Ys = tf.maximum(Y, EPSILON);
    if (beta === 1) {
      const xlog = tf.mul(tf.mul(present, X), tf.sub(tf.log(Xs), tf.log(Ys)));
      return tf.add(xlog, tf.sub(Y, X));
    }
    if (beta === 0) {
      const ratio = tf.div(Xs, Ys);
      return tf.mul(present, tf.sub(tf.sub(ratio, tf.log(ratio)), 1));
    }
    const xPart = tf.sub(tf.pow(Xs, beta), tf.mul(beta, tf.mul(X, tf.pow(Ys, beta - 1))));
    const total = tf.add(tf.mul(present, xPart), tf.mul(beta - 1, tf.pow(Ys, beta)));
    return tf.div(total, beta * (beta - 1));
  });
}

export interface Fit {
  /** D_β(X | WH) over the observed entries. */
  divergence: number;
  /** ‖X − WH‖²_F over the observed entries. */
  squaredError: number;
}

/**
 * Divergence and squared error of W·H against the data (dense, masked or sparse), with the
 * divergence as scikit-learn's `_beta_divergence` defines it (the header above), accumulated
 * in float64. A dense X's W·H is a float32 product; a CSR X's is float64 at its stored entries.
 */
export function measureFit(data: NmfData, W: tf.Tensor2D, H: tf.Tensor2D, beta: number): Fit {
  if (data.csr) {
    const [w, h] = [W.dataSync() as Float32Array, H.dataSync() as Float32Array];
    return sparseFit(data, w, h, W.shape[1], beta);
  }
  let squaredError = 0;
  let divergence = 0;
  // Row blocks of ≤ 2^20 entries bound the temporaries (W·H of a 10000 × 784 X is 31 MB).
  const block = Math.max(1, Math.floor(2 ** 20 / data.cols));
  for (let start = 0; start < data.rows; start += block) {
    const size = Math.min(block, data.rows - start);
    const rows = <T extends tf.Tensor2D>(t: T) => tf.slice(t, [start, 0], [size, -1]);
    const [x, y, m] = [
      () => rows(data.dense!),
      () => tf.matMul(rows(W), H),
      ...(data.mask ? [() => rows(data.mask!)] : []),
    ].map((f) => {
      const t = tf.tidy(f);
      const values = t.dataSync();
      t.dispose();
      return values;
    });
    for (let e = 0; e < x.length; e++) {
      if (m && m[e] === 0) continue;
      const d = x[e] - y[e];
      squaredError += d * d;
      if (beta !== 2) divergence += entryTerm(x[e], y[e], beta);
    }
  }
  return { squaredError, divergence: beta === 2 ? squaredError / 2 : divergence };
}

/**
 * One entry's term of sklearn's D_β(x | y): where x ≤ ε only the terms without x remain
 * (y for KL, y^β/β for general β) and IS keeps its −1; y = 0 counts as ε where x > ε.
 */
function entryTerm(x: number, y: number, beta: number): number {
  const present = x > EPSILON;
  const ys = y === 0 ? EPSILON : y;
  if (beta === 1) return present ? x * Math.log(x / ys) - x + y : y;
  if (beta === 0) return present ? x / ys - Math.log(x / ys) - 1 : -1;
  const xPart = present ? x ** beta - beta * x * ys ** (beta - 1) : 0;
  return (xPart + (beta - 1) * y ** beta) / (beta * (beta - 1));
}

/**
 * Squared error from the Gram identity ‖X‖² − 2⟨WᵀX, H⟩ + ⟨WᵀW, HHᵀ⟩, accumulated in float64,
 * given WᵀX (`k × nFeatures`) for the current W: no product with X. Loses accuracy when the
 * error is tiny relative to ‖X‖ (cancellation), so callers fall back to `measureFit` there.
 */
export function gramSquaredError(
  sqNorm: number,
  WtX: ArrayLike<number>,
  W: tf.Tensor2D,
  H: tf.Tensor2D,
): number {
  const h = H.dataSync();
  let cross = 0;
  for (let i = 0; i < WtX.length; i++) cross += WtX[i] * h[i];
  return sqNorm - 2 * cross + productSquaredNorm(W, H);
}

/**
 * The Gram identity's squared error from W (`n × k`) and Hᵀ (`m × k`) rows (float32), with
 * WᵀX (`k × m`) from one product of X where it is not given (into `room` where given): no tensor
 * of W or H made or read.
 */
export function rowsGramSquaredError(
  data: NmfData,
  w: Float32Array,
  ht: Float32Array,
  wtx?: Float32Array,
  room?: Float32Array,
): number {
  const k = w.length / data.rows;
  const gram = gramFor(k);
  const product = wtx ?? data.transposedTimesArray(w, k, room);
  const [GW, GH] = [gram(w, data.rows), gram(ht, data.cols)];
  return identitySquaredError(data.sqNorm, product, GW, GH, ht, data.cols, k);
}

/** ‖WH‖²_F = ⟨WᵀW, HHᵀ⟩ in float64. */
function productSquaredNorm(W: tf.Tensor2D, H: tf.Tensor2D): number {
  const [rows, k] = W.shape;
  const cols = H.shape[1];
  const w = W.dataSync() as Float32Array;
  return productSquaredNorm64(w, transposeArray(H.dataSync(), k, cols), rows, cols, k);
}

/**
 * The Frobenius fit of a CSR X by the kernels' float64 residual (`data.sparseSquaredError`,
 * which must exist) from W (`n × k`) and Hᵀ (`m × k`) rows, clamped at 0.
 */
export function kernelFit(
  data: NmfData,
  w: ArrayLike<number>,
  ht: ArrayLike<number>,
  k: number,
): Fit {
  const squaredError = Math.max(0, data.sparseSquaredError!(w, ht, k));
  return { squaredError, divergence: squaredError / 2 };
}

/**
 * The fit on a CSR X from W·H at its stored entries only (float64), as sklearn's sparse branch:
 * the entries of X not stored contribute ‖WH‖² − Σ_stored y² to the squared error (from the
 * float64 Gram matrices, clamped at 0: it is a sum of squares), Σ WH − Σ_stored y to KL, −1
 * each to IS, and Σ (WH)^β / β over all of W·H to a general β (a full float64 product).
 */
function sparseFit(data: NmfData, w: Float32Array, h: Float32Array, k: number, beta: number): Fit {
  const X = data.csr!;
  const { rows, cols } = X;
  const ht = transposeArray(h, k, cols);
  if (beta === 2 && data.sparseSquaredError) return kernelFit(data, w, ht, k);
  let stored = 0; // Σ over stored entries of (x − y)² − y²
  let yStored = 0; // Σ y over stored entries
  let terms = 0; // Σ of entryTerm over stored entries (the y^β part left out for general β)
  for (let i = 0; i < rows; i++) {
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
      const j = X.indices[p];
      let y = 0;
      for (let t = 0; t < k; t++) y += w[i * k + t] * ht[j * k + t];
      const x = X.values[p];
      stored += x * (x - 2 * y);
      yStored += y;
      if (beta === 2) continue;
      terms +=
        beta === 0 || beta === 1 ? entryTerm(x, y, beta) : entryTerm(x, y, beta) - y ** beta / beta;
    }
  }
  const squaredError = Math.max(0, stored + productSquaredNorm64(w, ht, rows, cols, k));
  if (beta === 2) return { squaredError, divergence: squaredError / 2 };
  const unstored = rows * cols - X.values.length;
  let divergence: number;
  if (beta === 1) divergence = Math.max(0, terms + sumOfProduct(w, h, rows, cols, k) - yStored);
  else if (beta === 0) divergence = terms - unstored;
  else divergence = terms + sumOfProductPower(w, ht, rows, cols, k, beta) / beta;
  return { squaredError, divergence };
}

/**
 * ‖WH‖²_F = ⟨WᵀW, HHᵀ⟩ in float64, W `rows × k` and Hᵀ `cols × k` row-major: the Gram matrices
 * by products.wat's gramRows where it runs (tfjs's float32 matMul cost ≈20 ms in the first fit
 * of a process, for a number read once).
 */
function productSquaredNorm64(
  w: Float32Array,
  ht: Float32Array,
  rows: number,
  cols: number,
  k: number,
): number {
  const thin = thinProducts(k);
  const GW = thin.gram(w, rows, k);
  const GH = thin.gram(ht, cols, k);
  let s = 0;
  for (let i = 0; i < k * k; i++) s += GW[i] * GH[i];
  return s;
}

/** Σ_ij (WH)_ij = Σ_t colsum(W)_t · rowsum(H)_t, float64. */
function sumOfProduct(
  w: ArrayLike<number>,
  h: ArrayLike<number>,
  rows: number,
  cols: number,
  k: number,
): number {
  let total = 0;
  for (let t = 0; t < k; t++) {
    let cw = 0;
    let rh = 0;
    for (let i = 0; i < rows; i++) cw += w[i * k + t];
    for (let j = 0; j < cols; j++) rh += h[t * cols + j];
    total += cw * rh;
  }
  return total;
}

/** Σ_ij (WH)_ij^β over the whole product, float64 (Hᵀ given, `cols × k`). */
function sumOfProductPower(
  w: ArrayLike<number>,
  ht: ArrayLike<number>,
  rows: number,
  cols: number,
  k: number,
  beta: number,
): number {
  let total = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let y = 0;
      for (let t = 0; t < k; t++) y += w[i * k + t] * ht[j * k + t];
      total += y ** beta;
    }
  }
  return total;
}

/** l1·‖W‖₁ + ½·l2·‖W‖²_F + the same for H (0 without regularization). */
export function penaltyValue(W: tf.Tensor2D, H: tf.Tensor2D, p: Penalties): number {
  if (!isPenalized(p)) return 0;
  const t = tf.tidy(() =>
    tf.addN([
      tf.mul(p.l1W, tf.sum(W)),
      tf.mul(0.5 * p.l2W, tf.sum(tf.square(W))),
      tf.mul(p.l1H, tf.sum(H)),
      tf.mul(0.5 * p.l2H, tf.sum(tf.square(H))),
    ]),
  );
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}
