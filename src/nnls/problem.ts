/**
 * Building the Gram-form problem from user inputs, with scaling.
 *
 * Inputs are rescaled before they become float32 tensors (A by max|A|, B by max|B|; or G and
 * C by their max entries), so that entries anywhere from 1e-30 to 1e30 neither overflow nor
 * underflow in float32. When the non-zero column norms of A differ by more than
 * COLUMN_SCALE_SPREAD, each column is also scaled to unit norm (diagonal preconditioning,
 * A' = A·D with D_jj = 1/‖A_j‖; in Gram form D_jj = 1/√G_jj): one global factor would leave the
 * small columns below float32's resolution of the large ones (scipy's gh-20302: column norms
 * 0.42 to 2e13). D is positive, so x ≥ 0 ⇔ x' = D⁻¹x ≥ 0, and the objective is unchanged.
 * Solvers see the scaled problem; `Unscale` maps the answer back:
 * x_j = x'_j·xScale·columnScale_j, objective = objective'·objectiveScale.
 */
import * as tf from '@tensorflow/tfjs-core';
import { NmflowError, usageError } from '../errors';
import { largestEigenvalue } from '../linalg/power';
import { crossProduct64, gram64, scaled64 } from '../linalg/dense64';
import { readMatrix, type MatrixOrVector } from '../linalg/matrix';
import type { ExactProblem, NnlsProblem } from './types';

export interface Unscale {
  /** Multiply the scaled solution by this. */
  xScale: number;
  /** And row j of it by columnScale[j] (D_jj; absent when columns are not scaled). */
  columnScale?: Float64Array;
  /** Multiply the scaled objective by this. */
  objectiveScale: number;
}

function maxAbs(data: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) {
    const v = Math.abs(data[i]);
    if (v > m) m = v;
  }
  return m;
}

function scaledTensor(
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  scale: number,
): tf.Tensor2D {
  const out = new Float32Array(rows * cols);
  const inv = scale > 0 ? 1 / scale : 1;
  for (let i = 0; i < out.length; i++) out[i] = data[i] * inv;
  return tf.tensor2d(out, [rows, cols]);
}

function sumSquares(data: ArrayLike<number>, scale = 1): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] / scale;
    s += v * v;
  }
  return s;
}

/**
 * Columns are scaled individually when the largest non-zero column norm exceeds the smallest by
 * more than this factor (G's diagonal then spans COLUMN_SCALE_SPREAD², which first-order
 * methods feel as ill-conditioning and float32 as lost digits). Below it, column scaling is
 * not applied, so that overparam's implicit bias (toward low l1 in the user's units) is kept.
 */
export const COLUMN_SCALE_SPREAD = 100;

/** D_jj = 1/norm_j where norms of the non-zero columns spread beyond COLUMN_SCALE_SPREAD. */
function columnScaling(norms: Float64Array): Float64Array | undefined {
  let lo = Infinity;
  let hi = 0;
  for (const v of norms) {
    if (v > 0) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!(hi > COLUMN_SCALE_SPREAD * lo)) return undefined;
  return norms.map((v) => (v > 0 ? 1 / v : 1));
}

/** Multiplies column j of the row-major `rows × cols` data by d[j], into a new Float64Array. */
function scaleColumns(data: ArrayLike<number>, cols: number, d: Float64Array): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * d[i % cols];
  return out;
}

/** Caches `build` on first call. */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

function finish(
  G: tf.Tensor2D,
  C: tf.Tensor2D,
  extra: {
    A?: tf.Tensor2D;
    B?: tf.Tensor2D;
    bNormSq: number;
    seed: number;
    float64: () => ExactProblem;
    lipschitz?: number;
  },
): NnlsProblem {
  const cNorm = Math.sqrt(sumSquares(C.dataSync()));
  return {
    float64: extra.float64,
    G,
    C,
    A: extra.A,
    B: extra.B,
    bNormSq: extra.bNormSq,
    cNorm,
    lipschitz: extra.lipschitz ?? largestEigenvalue(G, extra.seed),
    n: G.shape[0],
    r: C.shape[1],
  };
}

/** Builds the scaled problem from A (`m × n`) and B (`m × r`, or a length-m vector). */
export function problemFromLeastSquares(
  Ain: MatrixOrVector,
  Bin: MatrixOrVector,
  seed: number,
): { problem: NnlsProblem; unscale: Unscale } {
  const A = readMatrix(Ain, 'A');
  const B = readMatrix(Bin, 'B', { allowVector: true });
  if (B.rows !== A.rows) {
    throw usageError(
      `shape mismatch: A is ${A.rows} × ${A.cols} but B has ${B.rows} rows (B must be ${A.rows} × r)`,
    );
  }
  const norms = new Float64Array(A.cols);
  for (let i = 0; i < A.data.length; i++) norms[i % A.cols] += A.data[i] * A.data[i];
  const columnScale = columnScaling(norms.map(Math.sqrt));
  const Adata = columnScale ? scaleColumns(A.data, A.cols, columnScale) : A.data;
  const sA = maxAbs(Adata) || 1;
  const sB = maxAbs(B.data) || 1;
  const At = scaledTensor(Adata, A.rows, A.cols, sA);
  const Bt = scaledTensor(B.data, B.rows, B.cols, sB);
  // An explicit transpose: matMul(·, ·, transposeA) is ≈7× slower on wasm (1000×500: measured).
  const [G, C] = tf.tidy(() => {
    const AtT = tf.transpose(At);
    return [tf.matMul(AtT, At) as tf.Tensor2D, tf.matMul(AtT, Bt) as tf.Tensor2D];
  });
  const bNormSq = sumSquares(B.data, sB);
  const [m, n, r] = [A.rows, A.cols, B.cols];
  const float64 = once((): ExactProblem => {
    const A64 = scaled64(Adata, sA);
    const B64 = scaled64(B.data, sB);
    const G64 = gram64(A64, m, n);
    return { G: G64, C: crossProduct64(A64, B64, m, n, r), A: A64, B: B64, m, n, r, bNormSq };
  });
  const problem = finish(G, C, { A: At, B: Bt, bNormSq, seed, float64 });
  return { problem, unscale: { xScale: sB / sA, objectiveScale: sB * sB, columnScale } };
}

/**
 * Builds the scaled problem from G = AᵀA (`n × n`) and C = AᵀB (`n × r` or length n).
 * `bNormSq` = ‖B‖²_F, when known, makes the reported objective equal ½‖AX − B‖²_F;
 * without it the objective is that value minus ½‖B‖²_F.
 */
export function problemFromGram(
  Gin: MatrixOrVector,
  Cin: MatrixOrVector,
  bNormSq: number,
  seed: number,
): { problem: NnlsProblem; unscale: Unscale } {
  const G = readMatrix(Gin, 'G');
  const C = readMatrix(Cin, 'C', { allowVector: true });
  if (G.rows !== G.cols) throw usageError(`G must be square (n × n), got ${G.rows} × ${G.cols}`);
  if (C.rows !== G.rows) {
    throw usageError(`shape mismatch: G is ${G.rows} × ${G.cols} but C has ${C.rows} rows`);
  }
  if (!(bNormSq >= 0) || !Number.isFinite(bNormSq)) {
    throw usageError(`bNormSq must be a finite number ≥ 0, got ${bNormSq}`);
  }
  const n = G.rows;
  const diagonal = Float64Array.from({ length: n }, (_, j) =>
    Math.sqrt(Math.max(G.data[j * n + j], 0)),
  );
  const columnScale = columnScaling(diagonal);
  const Gdata = columnScale
    ? Float64Array.from(G.data, (v, i) => v * columnScale[Math.floor(i / n)] * columnScale[i % n])
    : G.data;
  const Cdata = columnScale
    ? Float64Array.from(C.data, (v, i) => v * columnScale[Math.floor(i / C.cols)])
    : C.data;
  const g = maxAbs(Gdata) || 1;
  const c = maxAbs(Cdata) || 1;
  const Gt = scaledTensor(Gdata, G.rows, G.cols, g);
  const Ct = scaledTensor(Cdata, C.rows, C.cols, c);
  // ‖B‖² scales like c²/g (objective units).
  const scaledBNormSq = (bNormSq * g) / (c * c);
  const float64 = once((): ExactProblem => ({
    G: scaled64(Gdata, g),
    C: scaled64(Cdata, c),
    m: 0,
    n: G.rows,
    r: C.cols,
    bNormSq: scaledBNormSq,
  }));
  const problem = finish(Gt, Ct, { bNormSq: scaledBNormSq, seed, float64 });
  return { problem, unscale: { xScale: c / g, objectiveScale: (c * c) / g, columnScale } };
}

/** The largest finite float32, and the smallest normal one. */
const FLOAT32_MAX = 3.4028234663852886e38;
const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;
/** Float32's relative precision (2⁻²³): entries smaller than this times the largest do not count. */
const FLOAT32_EPS = 1.1920928955078125e-7;

function outOfRange(v: number, direction: 'above' | 'below'): NmflowError {
  const [where, fix] =
    direction === 'above'
      ? [`beyond float32's range (${FLOAT32_MAX.toExponential(1)})`, 'multiply A or divide B']
      : [
          `below float32's normal range (${FLOAT32_MIN_NORMAL.toExponential(1)})`,
          'divide A or multiply B',
        ];
  return new NmflowError(
    'numeric',
    `the solution has an entry near ${v.toExponential(1)}, ${where}: rescale the inputs ` +
      `(${fix} by a power of ten) and scale the solution back yourself`,
  );
}

/**
 * Maps a scaled solution back (x_j = x'_j·xScale·columnScale_j) into a new tensor, disposing
 * `scaled`. The product is formed in float64, so a scale beyond float32's range is no problem
 * by itself; a solution whose significant entries do not fit in float32 (overflow, or underflow
 * into denormals of entries within float32 precision of the largest) fails with a numeric error
 * instead of returning Infinity or garbage.
 */
export function unscaleSolution(scaled: tf.Tensor2D, unscale: Unscale): tf.Tensor2D {
  const data = scaled.dataSync();
  const shape = scaled.shape;
  scaled.dispose();
  return tf.tensor2d(toFloat32Checked(unscaledData(data, shape[1], unscale)), shape);
}

/** x_j = x'_j·xScale·columnScale_j in float64 (row-major `n × r` data). */
export function unscaledData(data: ArrayLike<number>, r: number, unscale: Unscale): Float64Array {
  const d = unscale.columnScale;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    out[i] = data[i] * unscale.xScale * (d ? d[Math.floor(i / r)] : 1);
  }
  return out;
}

/** x'_j = x_j/(xScale·columnScale_j) (row-major `n × r` data). */
export function scaledData(data: ArrayLike<number>, r: number, unscale: Unscale): Float64Array {
  const d = unscale.columnScale;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    out[i] = data[i] / (unscale.xScale * (d ? d[Math.floor(i / r)] : 1));
  }
  return out;
}

/** Float64 values as float32, failing (see `unscaleSolution`) where they do not fit. */
export function toFloat32Checked(data: Float64Array): Float32Array {
  let largest = 0;
  for (let i = 0; i < data.length; i++) largest = Math.max(largest, data[i]);
  if (largest > FLOAT32_MAX) throw outOfRange(largest, 'above');
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > 0 && v < FLOAT32_MIN_NORMAL && v >= FLOAT32_EPS * largest) throw outOfRange(v, 'below');
    out[i] = v;
  }
  return out;
}

/** Disposes the tensors a problem owns. */
export function disposeProblem(p: NnlsProblem): void {
  tf.dispose([p.G, p.C, p.A, p.B].filter((t): t is tf.Tensor2D => t !== undefined));
}

/**
 * Builds an unscaled problem directly from tensors G (`n × n`) and C (`n × r`), without a
 * round trip through typed arrays (the NMF half-steps use it). The problem takes ownership
 * of G and C (`disposeProblem` releases them). `lipschitz`, when the caller knows the largest
 * eigenvalue of G (or a tight upper bound), skips the power iteration.
 */
export function problemFromTensors(
  G: tf.Tensor2D,
  C: tf.Tensor2D,
  options: { bNormSq?: number; seed?: number; lipschitz?: number } = {},
): NnlsProblem {
  const { bNormSq = 0, seed = 0, lipschitz } = options;
  const float64 = once((): ExactProblem => ({
    G: Float64Array.from(G.dataSync()),
    C: Float64Array.from(C.dataSync()),
    m: 0,
    n: G.shape[0],
    r: C.shape[1],
    bNormSq,
  }));
  return finish(G, C, { bNormSq, seed, lipschitz, float64 });
}
