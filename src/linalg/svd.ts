/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, Alg. 4.4) of a matrix seen only
 * through its products, so that sparse matrices are never densified.
 *
 * Range finder: Y = X·Ω with a seeded Gaussian Ω (`cols × l`, l = k + oversampling), then
 * `powerIterations` rounds of QR(Xᵀ·Q), QR(X·Q), then the small dense SVD of B = Qᵀ·X
 * (`l × cols`) from ml-matrix in float64, and U = Q·U_B. The products with X run in tfjs (or
 * the sparse kernels); see `orthonormalColumns` for the thin QR.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
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
 * An orthonormal basis of the range of Y (`rows × l`), by the eigendecomposition of its
 * small Gram matrix: with YᵀY = V Λ Vᵀ, Q = Y V Λ^(−1/2) (directions with λ ≤ 1e-10·λ_max are
 * dropped to zero columns), applied twice, since one pass in float32 leaves errors of order
 * ε·cond(Y)² (the idea of CholeskyQR2, robust to rank deficiency). Only l × l work leaves
 * tfjs: `tf.linalg.qr` builds the full `rows × rows` Q, 400 MB and minutes for 10,000 rows,
 * and a typed-array Gram–Schmidt costs seconds there. Returns a new tensor; Y is disposed.
 */
function orthonormalColumns(Y: tf.Tensor2D): tf.Tensor2D {
  // Same range, largest entry 1: YᵀY then stays inside float32 for data near 1e±30.
  let Q = tf.tidy(() => tf.div(Y, tf.maximum(tf.max(tf.abs(Y)), 1e-30)) as tf.Tensor2D);
  Y.dispose();
  for (let pass = 0; pass < 2; pass++) {
    const l = Q.shape[1];
    const gram = tf.tidy(() => tf.matMul(tf.transpose(Q), Q));
    const evd = new EigenvalueDecomposition(new Matrix(toRows(gram.dataSync(), l)), {
      assumeSymmetric: true,
    });
    gram.dispose();
    const lambda = evd.realEigenvalues;
    const top = Math.max(...lambda);
    const M = new Float32Array(l * l);
    for (let j = 0; j < l; j++) {
      const scale = lambda[j] > 1e-10 * top ? 1 / Math.sqrt(lambda[j]) : 0;
      for (let i = 0; i < l; i++) M[i * l + j] = evd.eigenvectorMatrix.get(i, j) * scale;
    }
    const next = tf.tidy(() => tf.matMul(Q, tf.tensor2d(M, [l, l])) as tf.Tensor2D);
    Q.dispose();
    Q = next;
  }
  return Q;
}

function toRows(data: ArrayLike<number>, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => data[i * n + j]));
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
  const omegaT = tf.tensor2d(Float32Array.from(rng.normals(l * X.cols)), [l, X.cols]);
  let Q = orthonormalColumns(X.timesTransposed(omegaT));
  omegaT.dispose();
  for (let i = 0; i < q; i++) {
    const Zt = X.transposedTimes(Q); // l × cols
    Q.dispose();
    const Z = orthonormalColumns(transposed(Zt)); // cols × l
    const ZtOrth = transposed(Z);
    Q = orthonormalColumns(X.timesTransposed(ZtOrth));
    ZtOrth.dispose();
  }
  const B = X.transposedTimes(Q); // l × cols
  const bData = B.dataSync();
  B.dispose();
  // Bᵀ (cols × l): a tall matrix for ml-matrix.
  const bt = new Matrix(
    Array.from({ length: X.cols }, (_, j) => {
      const row = new Array<number>(l);
      for (let i = 0; i < l; i++) row[i] = bData[i * X.cols + j];
      return row;
    }),
  );
  const svd = new SingularValueDecomposition(bt, { autoTranspose: true });
  // Bᵀ = V_B Σ U_Bᵀ, so B = U_B Σ V_Bᵀ: U_B = svd.rightSingularVectors, V_B = svd.leftSingularVectors.
  const ub = Float64Array.from(svd.rightSingularVectors.to1DArray()); // l × l row-major
  const vb = svd.leftSingularVectors.to1DArray(); // cols × l row-major
  const lb = svd.rightSingularVectors.columns;
  const lv = svd.leftSingularVectors.columns;
  const qData = Q.dataSync();
  Q.dispose();
  // U = Q·U_B (first k columns), row by row: U_i = Σ_r Q_ir · (row r of U_B).
  const U = new Float64Array(X.rows * k);
  for (let i = 0; i < X.rows; i++) {
    for (let r = 0; r < l; r++) {
      const q = qData[i * l + r];
      for (let t = 0; t < k; t++) U[i * k + t] += q * ub[r * lb + t];
    }
  }
  const Vt = new Float64Array(k * X.cols);
  for (let t = 0; t < k; t++) for (let j = 0; j < X.cols; j++) Vt[t * X.cols + j] = vb[j * lv + t];
  return { U, S: Float64Array.from(svd.diagonal.slice(0, k)), Vt, k };
}

/** The transpose as a new tensor; disposes the input. */
function transposed(t: tf.Tensor2D): tf.Tensor2D {
  const out = tf.transpose(t);
  t.dispose();
  return out;
}
