/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, Alg. 4.4) of a matrix seen only
 * through its products, so that sparse matrices are never densified.
 *
 * Range finder: Y = X·Ω with a seeded Gaussian Ω (`cols × l`, l = k + oversampling), then
 * `powerIterations` rounds of QR(Xᵀ·Q), QR(X·Q) (tfjs QR), then the small dense SVD of
 * B = Qᵀ·X (`l × cols`) from ml-matrix in float64, and U = Q·U_B.
 */
import * as tf from '@tensorflow/tfjs-core';
import { SingularValueDecomposition, Matrix } from 'ml-matrix';
import { Rng } from '../random';

/** A `rows × cols` matrix known through two products with thin dense matrices. */
export interface LinearOperator {
  readonly rows: number;
  readonly cols: number;
  /** X·Mᵀ for M `l × cols`: a new `rows × l` tensor. */
  timesTransposed(M: tf.Tensor2D): tf.Tensor2D;
  /** Mᵀ·X for M `rows × l`: a new `l × cols` tensor. */
  transposedTimes(M: tf.Tensor2D): tf.Tensor2D;
}

export interface TruncatedSvd {
  /** Left singular vectors, `rows × k` row-major (float64). */
  U: Float64Array;
  /** Singular values, descending, length k. */
  S: Float64Array;
  /** Right singular vectors as rows, `k × cols` row-major (float64). */
  Vt: Float64Array;
  k: number;
}

/**
 * Q of Y = QR. tfjs's Householder QR returns NaN columns where Y is rank-deficient (e.g. data
 * of rank below k); those columns become 0, which only drops directions Y does not span.
 */
function orthonormalColumns(Y: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const q = tf.linalg.qr(Y)[0] as tf.Tensor2D;
    return tf.where(tf.isFinite(q), q, tf.zerosLike(q));
  });
}

/**
 * The k leading singular triplets of X. `powerIterations` defaults to sklearn's rule (7 when
 * k < 0.1·min(rows, cols), else 4); `oversampling` to 10.
 */
export function randomizedSvd(
  X: LinearOperator,
  k: number,
  options: { seed?: number; oversampling?: number; powerIterations?: number } = {},
): TruncatedSvd {
  const l = Math.min(k + (options.oversampling ?? 10), X.rows, X.cols);
  const q = options.powerIterations ?? (k < 0.1 * Math.min(X.rows, X.cols) ? 7 : 4);
  const rng = new Rng(options.seed ?? 0);
  let Q = tf.tidy(() => {
    const omegaT = tf.tensor2d(Float32Array.from(rng.normals(l * X.cols)), [l, X.cols]);
    return orthonormalColumns(X.timesTransposed(omegaT));
  });
  for (let i = 0; i < q; i++) {
    const next = tf.tidy(() => {
      const Z = orthonormalColumns(tf.transpose(X.transposedTimes(Q)));
      return orthonormalColumns(X.timesTransposed(tf.transpose(Z)));
    });
    Q.dispose();
    Q = next;
  }
  const B = X.transposedTimes(Q); // l × cols
  const bData = B.dataSync();
  B.dispose();
  const bt = new Matrix(X.cols, l); // Bᵀ (cols × l): a tall matrix for ml-matrix
  for (let i = 0; i < l; i++) for (let j = 0; j < X.cols; j++) bt.set(j, i, bData[i * X.cols + j]);
  const svd = new SingularValueDecomposition(bt, { autoTranspose: true });
  // Bᵀ = V_B Σ U_Bᵀ, so B = U_B Σ V_Bᵀ: U_B = svd.rightSingularVectors, V_B = svd.leftSingularVectors.
  const ub = svd.rightSingularVectors;
  const vb = svd.leftSingularVectors;
  const qData = Q.dataSync();
  Q.dispose();
  const U = new Float64Array(X.rows * k);
  for (let i = 0; i < X.rows; i++) {
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let r = 0; r < l; r++) s += qData[i * l + r] * ub.get(r, t);
      U[i * k + t] = s;
    }
  }
  const Vt = new Float64Array(k * X.cols);
  for (let t = 0; t < k; t++) for (let j = 0; j < X.cols; j++) Vt[t * X.cols + j] = vb.get(j, t);
  return { U, S: Float64Array.from(svd.diagonal.slice(0, k)), Vt, k };
}
