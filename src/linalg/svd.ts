/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, Alg. 4.4) of a matrix seen only
 * through its products, so that sparse matrices are never densified.
 *
 * Range finder: Y = X·Ω with a seeded Gaussian Ω (`cols × l`, l = k + oversampling), then
 * `powerIterations` rounds of QR(Xᵀ·Q), QR(X·Q), then the small SVD of B = Qᵀ·X (`l × cols`,
 * from the eigendecomposition of BBᵀ in float64: `wideSvd`), and U = Q·U_B. The products
 * with X are the data's own (SIMD kernels or tfjs); see `orthonormalColumns` for the thin QR.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
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
 * Between power iterations one pass is enough (the range is what matters there: scikit-learn
 * normalizes those with an LU factorization).
 */
function orthonormalColumns(Y: tf.Tensor2D, passes: 1 | 2 = 2): tf.Tensor2D {
  // Same range, largest entry 1: YᵀY then stays inside float32 for data near 1e±30.
  let Q = tf.tidy(() => tf.div(Y, tf.maximum(tf.max(tf.abs(Y)), 1e-30)) as tf.Tensor2D);
  Y.dispose();
  for (let pass = 0; pass < passes; pass++) {
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
  let Q = orthonormalColumns(X.timesTransposed(omegaT), q > 0 ? 1 : 2);
  omegaT.dispose();
  for (let i = 0; i < q; i++) {
    const Zt = X.transposedTimes(Q); // l × cols
    Q.dispose();
    const Z = orthonormalColumns(transposed(Zt), 1); // cols × l
    const ZtOrth = transposed(Z);
    Q = orthonormalColumns(X.timesTransposed(ZtOrth), i === q - 1 ? 2 : 1);
    ZtOrth.dispose();
  }
  const B = X.transposedTimes(Q); // l × cols
  const small = wideSvd(B.dataSync(), l, X.cols, k);
  B.dispose();
  const qData = Q.dataSync();
  Q.dispose();
  // U = Q·U_B, row by row: U_i = Σ_r Q_ir · (row r of U_B).
  const U = new Float64Array(X.rows * k);
  for (let i = 0; i < X.rows; i++) {
    for (let r = 0; r < l; r++) {
      const q = qData[i * l + r];
      for (let t = 0; t < k; t++) U[i * k + t] += q * small.U[r * k + t];
    }
  }
  return { U, S: small.S, Vt: small.Vt, k };
}

/** Singular values below this fraction of the largest are taken as zero by `wideSvd`. */
const WIDE_SVD_CUTOFF = 1e-7;

/**
 * The k leading singular triplets of a short, wide B (`l × cols` row-major, l small) from the
 * eigendecomposition of BBᵀ (`l × l`, float64): BBᵀ = U Λ Uᵀ, σ = √λ, Vᵀ = Σ⁻¹Uᵀ B. Squaring
 * costs accuracy only for σ far below σ₁ (relative error ≈ 1e-16·(σ₁/σ)²): those below
 * WIDE_SVD_CUTOFF·σ₁ get σ = 0 and zero vectors. (ml-matrix's SVD of Bᵀ took 76 ms for
 * 784 × 26 on MNIST; this takes a few.) U is `l × k`.
 */
export function wideSvd(B: ArrayLike<number>, l: number, cols: number, k: number): TruncatedSvd {
  const gram = new Float64Array(l * l);
  for (let a = 0; a < l; a++) {
    for (let b = a; b < l; b++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += B[a * cols + j] * B[b * cols + j];
      gram[a * l + b] = gram[b * l + a] = s;
    }
  }
  const evd = new EigenvalueDecomposition(new Matrix(toRows(gram, l)), { assumeSymmetric: true });
  const lambda = evd.realEigenvalues;
  const order = lambda.map((_, i) => i).sort((a, b) => lambda[b] - lambda[a]);
  const top = Math.sqrt(Math.max(lambda[order[0]], 0));
  const U = new Float64Array(l * k);
  const S = new Float64Array(k);
  const Vt = new Float64Array(k * cols);
  for (let t = 0; t < Math.min(k, l); t++) {
    const sigma = Math.sqrt(Math.max(lambda[order[t]], 0));
    if (!(sigma > WIDE_SVD_CUTOFF * top)) continue;
    S[t] = sigma;
    for (let a = 0; a < l; a++) U[a * k + t] = evd.eigenvectorMatrix.get(a, order[t]);
    for (let a = 0; a < l; a++) {
      const w = U[a * k + t] / sigma;
      for (let j = 0; j < cols; j++) Vt[t * cols + j] += w * B[a * cols + j];
    }
  }
  return { U, S, Vt, k };
}

/** The transpose as a new tensor; disposes the input. */
function transposed(t: tf.Tensor2D): tf.Tensor2D {
  const out = tf.transpose(t);
  t.dispose();
  return out;
}
