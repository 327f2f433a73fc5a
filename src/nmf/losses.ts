/**
 * The β-divergence D_β(X | WH) and the NMF objective, with scikit-learn's guards: entries with
 * X ≤ ε (float32 machine epsilon) drop out of the log and power terms, and WH is floored at ε
 * where it is divided by or raised to a negative power. Sums are accumulated in float64.
 *
 *   β = 2: ½ Σ (x − y)²                     (Frobenius)
 *   β = 1: Σ x log(x/y) − x + y             (Kullback–Leibler)
 *   β = 0: Σ x/y − log(x/y) − 1             (Itakura–Saito)
 *   else:  Σ (x^β + (β−1) y^β − β x y^(β−1)) / (β(β−1))
 */
import * as tf from '@tensorflow/tfjs-core';
import { gramOf } from '../linalg/small';
import { sampledProduct } from '../linalg/sparse';
import type { NmfData } from './data';
import type { Penalties } from './options';

/** float32 machine epsilon, sklearn's EPSILON. */
export const EPSILON = 1.1920929e-7;

/**
 * Entrywise β-divergence terms of X against Y = WH (same shape), safe under autodiff in Y
 * (no NaN or infinite gradients). Missing entries must be zero in X and masked by the caller.
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

/** Divergence and squared error of W·H against the data (dense, masked or sparse). */
export function measureFit(data: NmfData, W: tf.Tensor2D, H: tf.Tensor2D, beta: number): Fit {
  if (data.csr) return sparseFit(data, W, H, beta);
  let squaredError = 0;
  let divergence = 0;
  // Row blocks of ≤ 2^20 entries bound the temporaries (W·H of a 10000 × 784 X is 31 MB).
  const block = Math.max(1, Math.floor(2 ** 20 / data.cols));
  for (let start = 0; start < data.rows; start += block) {
    const size = Math.min(block, data.rows - start);
    const both = tf.tidy(() => {
      const rows = <T extends tf.Tensor2D>(t: T) => tf.slice(t, [start, 0], [size, -1]);
      const X = rows(data.dense!);
      const M = data.mask && rows(data.mask);
      let Y = tf.matMul(rows(W), H) as tf.Tensor2D;
      if (M) Y = tf.mul(Y, M);
      const sq = tf.square(tf.sub(X, Y));
      const div = beta === 2 ? sq : betaDivergenceTerms(X, Y, beta);
      return tf.stack([tf.sum(sq, 1), tf.sum(M ? tf.mul(div, M) : div, 1)]);
    });
    const d = both.dataSync();
    both.dispose();
    for (let i = 0; i < size; i++) {
      squaredError += d[i];
      divergence += d[size + i];
    }
  }
  return { squaredError, divergence: beta === 2 ? squaredError / 2 : divergence };
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

/** ‖WH‖²_F = ⟨WᵀW, HHᵀ⟩. */
function productSquaredNorm(W: tf.Tensor2D, H: tf.Tensor2D): number {
  const WtW = gramOf(W, 'columns');
  const HHt = gramOf(H, 'rows');
  let s = 0;
  for (let i = 0; i < WtW.length; i++) s += WtW[i] * HHt[i];
  return s;
}

function sparseFit(data: NmfData, W: tf.Tensor2D, H: tf.Tensor2D, beta: number): Fit {
  const X = data.csr!;
  const k = W.shape[1];
  const w = W.dataSync();
  const h = H.dataSync();
  const y = sampledProduct(X, w, h, k);
  let cross = 0;
  let xlog = 0;
  let xSum = 0;
  for (let p = 0; p < y.length; p++) {
    const x = X.values[p];
    cross += x * y[p];
    xSum += x;
    if (x > EPSILON) xlog += x * Math.log(x / Math.max(y[p], EPSILON));
  }
  const squaredError = data.sqNorm - 2 * cross + productSquaredNorm(W, H);
  if (beta === 2) return { squaredError, divergence: squaredError / 2 };
  // β = 1 (sparse X supports Frobenius and KL only): Σ WH = Σ_t colsum(W)_t · rowsum(H)_t.
  let whSum = 0;
  for (let t = 0; t < k; t++) {
    let cw = 0;
    let rh = 0;
    for (let i = 0; i < X.rows; i++) cw += w[i * k + t];
    for (let j = 0; j < X.cols; j++) rh += h[t * X.cols + j];
    whSum += cw * rh;
  }
  return { squaredError, divergence: xlog - xSum + whSum };
}

/** l1·‖W‖₁ + ½·l2·‖W‖²_F + the same for H (0 without regularization). */
export function penaltyValue(W: tf.Tensor2D, H: tf.Tensor2D, p: Penalties): number {
  if (p.l1W === 0 && p.l2W === 0 && p.l1H === 0 && p.l2H === 0) return 0;
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
