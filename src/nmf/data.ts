/**
 * The data matrix X (`nSamples × nFeatures`) as the update rules see it: dense (a tensor, with
 * an optional mask of observed entries) or sparse CSR (typed-array kernels, never densified),
 * behind the two products the rules need, X·Hᵀ and Wᵀ·X, plus summary statistics in float64.
 */
import * as tf from '@tensorflow/tfjs-core';
import { inputError, usageError } from '../errors';
import { checkCsr, isCsr, type CsrMatrix } from '../linalg/csr';
import { readMatrix, type MatrixInput } from '../linalg/matrix';
import {
  csrRowGram,
  csrTimesTransposed,
  transposeArray,
  transposedTimesCsr,
  type Csr,
} from '../linalg/sparse';
import { DenseProducts } from '../kernels/wasm/dense-products';
import { MAX_KERNEL_BYTES, simdProductsAvailable } from '../kernels/wasm/kernel-memory';
import { firstBadEntry, scanEntries } from '../kernels/wasm/scan';
import { SparseProducts } from '../kernels/wasm/sparse-products';
import { runTaskOnThisThread, type ChunkTask } from '../kernels/threads/tasks';
import type { LinearOperator } from '../linalg/svd';
import type { XOperand } from '../kernels/ops';
import { registerResident, type ResidentX } from '../kernels/resident';
import { CSR_TIMES_TRANSPOSED, CSR_TRANSPOSED_TIMES } from '../kernels/names';
import { HOST_KERNELS } from '../kernels/register-host';
import { ensureNmflowKernels } from '../kernels/register';

/**
 * A dense X with at most this share of non-zero entries is multiplied in sparse form (CSR,
 * SparseProducts, which keeps X and Xᵀ): at ¼ it takes at most the memory of the dense copy and
 * is ≈3× faster.
 */
const SPARSE_DENSITY = 0.25;

/** The products of X on typed arrays (row-major, float32 results, into `out` when given). */
export interface ArrayProducts {
  /** X·Mᵀ for M `k × cols`: `rows × k`. */
  timesTransposedArray(M: ArrayLike<number>, k: number, out?: Float32Array): Float32Array;
  /** Mᵀ·X for M `rows × k`: `k × cols`. */
  transposedTimesArray(M: ArrayLike<number>, k: number, out?: Float32Array): Float32Array;
  /** X·F for F `cols × k`: `rows × k`, the bits of timesTransposedArray(Fᵀ) (optional). */
  timesArray?(F: ArrayLike<number>, k: number, out?: Float32Array): Float32Array;
  /** Xᵀ·M for M `rows × k`: `cols × k`, transposedTimesArray(M) transposed (optional). */
  transposedTimesRowsArray?(M: ArrayLike<number>, k: number, out?: Float32Array): Float32Array;
  /** ‖x_i‖² of every row, float64 (optional: the products' own copy of X, no tensor of it). */
  rowSquaredNorms?(): Float64Array;
  /** Rows `which` of X, `which.length × cols` (optional, as rowSquaredNorms). */
  rowsOf?(which: readonly number[]): Float32Array;
  /** See LinearOperator.spare (optional). */
  spare?(bytes: number): { buffer: ArrayBufferLike; byteOffset: number };
}

/** The products of X on tensors (new tensors the caller disposes). */
export interface TensorProducts {
  /** X·Mᵀ for M `k × cols`: `rows × k`. */
  timesTransposed(M: tf.Tensor2D): tf.Tensor2D;
  /** Mᵀ·X for M `rows × k`: `k × cols`. */
  transposedTimes(M: tf.Tensor2D): tf.Tensor2D;
}

export interface NmfData extends LinearOperator, ArrayProducts, TensorProducts {
  /** X with missing entries set to 0 (dense input only; a tensor made on first use). */
  readonly dense?: tf.Tensor2D;
  /** 1 where X is observed, 0 where missing (dense input with missing values only). */
  readonly mask?: tf.Tensor2D;
  /** The validated CSR matrix (sparse input only). */
  readonly csr?: Csr;
  /**
   * ‖X − WH‖² of a CSR X in float64 from its stored entries and the Gram matrices, for W
   * `rows × k` and Hᵀ `cols × k` row-major (SparseProducts; absent without its kernels).
   */
  sparseSquaredError?(W: ArrayLike<number>, Ht: ArrayLike<number>, k: number): number;
  /** Σ x² over the observed entries (float64). */
  readonly sqNorm: number;
  /** Mean of the observed entries (sklearn's X.mean(), zeros of a sparse X included). */
  readonly mean: number;
  /** Whether some observed entry is 0 (sparse: some entry is not stored, or stored as 0). */
  readonly hasZero: boolean;
  /** The largest observed entry. */
  readonly max: number;
  /**
   * Runs a chunk task on the threads of the SIMD products (or on this thread alone); the typed
   * arrays it writes must live on SharedArrayBuffers.
   */
  runTask(task: ChunkTask): void;
  /**
   * X as the operand of nmflow's tfjs ops (kernels/ops.ts): a dense tensor, or CSR tensors when
   * the products hold X in sparse form; made on first use, kept until dispose, and registered
   * with the kernels as resident (the products' own copy of X, not a second one).
   */
  operand(): XOperand;
  dispose(): void;
}

/** X for `factorize`, `nSamples × nFeatures`: `number[][]`, `{data, shape}`, `tf.Tensor2D` or CSR. */
export type NmfInput = MatrixInput | CsrMatrix;

/**
 * A·Bᵀ for a large A and a thin B, and Aᵀ·B for a thin A and a large B. The wasm backend's
 * matMul with a transposed operand is ~8× slower than on a plain one (measured on
 * 10000×784 by 784×16), so the small factor is transposed explicitly instead.
 */
export function timesThinTransposed(A: tf.Tensor2D, B: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(A, tf.transpose(B)));
}

export function thinTransposedTimes(A: tf.Tensor2D, B: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(tf.transpose(A), B));
}

/**
 * X·F for F `cols × k` (Hᵀ's rows): `rows × k`, into `out` when given, by the data's row form
 * where it has one (the bits of X·(Fᵀ)ᵀ either way).
 */
export function timesRows(data: NmfData, F: ArrayLike<number>, k: number, out?: Float32Array) {
  return data.timesArray
    ? data.timesArray(F, k, out)
    : data.timesTransposedArray(transposeArray(F, data.cols, k), k, out);
}

/** Xᵀ·W for W `rows × k`: `cols × k`, into `out` when given (the bits of (Wᵀ·X)ᵀ either way). */
export function transposedTimesRows(
  data: NmfData,
  W: ArrayLike<number>,
  k: number,
  out?: Float32Array,
) {
  return data.transposedTimesRowsArray
    ? data.transposedTimesRowsArray(W, k, out)
    : transposeArray(
        data.transposedTimesArray(W, k),
        k,
        data.cols,
        out ?? new Float32Array(data.cols * k),
      );
}

function negativeError(name: string, v: number, where: string): Error {
  return inputError(
    `${name} has a negative entry (${v}) ${where}; NMF needs non-negative data (negative values in data passed to NMF)`,
  );
}

/** Validates and reads X (and the mask); errors name the argument and the entry at fault. */
export function readData(
  X: NmfInput,
  opts: { mask?: MatrixInput; nanAsMissing?: boolean } = {},
  name = 'X',
): NmfData {
  return isCsr(X) ? readSparse(X, opts, name) : readDense(X, opts, name);
}

function readSparse(
  X: CsrMatrix,
  opts: { mask?: MatrixInput; nanAsMissing?: boolean },
  name: string,
) {
  if (opts.mask !== undefined || opts.nanAsMissing) {
    throw usageError(`missing values (mask, nanAsMissing) need a dense ${name}, got a CSR matrix`);
  }
  const csr = checkCsr(X, name, firstBadEntry);
  const { sqNorm, sum, max, storedZero } = storedStatistics(csr, name);
  const size = csr.rows * csr.cols;
  const stats = {
    csr,
    sqNorm,
    mean: sum / size,
    hasZero: storedZero || csr.values.length < size,
    max,
  };
  const dense = denseFormOf(csr);
  if (dense) return { rows: csr.rows, cols: csr.cols, ...stats, ...productsOf(dense) };
  const simd = sparseSimd(csr.values.length) ? SparseProducts.fromCsr(csr) : undefined;
  const resident: ResidentX = simd ?? {
    timesTransposed: (M, k, out) => into(out, csrTimesTransposed(csr, M, k)),
    transposedTimes: (M, k, out) => into(out, transposedTimesCsr(M, csr, k)),
  };
  const operand = lazyOperand(resident, csr.rows, csr.cols, () => csrOperand(csr));
  const data: NmfData = {
    rows: csr.rows,
    cols: csr.cols,
    ...stats,
    ...withTensorForms(
      csr.rows,
      csr.cols,
      simd
        ? simdArrayProducts(simd)
        : {
            timesTransposedArray: (M, k, out) => into(out, csrTimesTransposed(csr, M, k)),
            transposedTimesArray: (M, k, out) => into(out, transposedTimesCsr(M, csr, k)),
          },
    ),
    stored: csr.values.length,
    rowGram: (maxTerms) => (simd ? simd.rowGram(maxTerms) : csrRowGram(csr, maxTerms)),
    runTask: simd ? (task) => simd.runTask(task) : runTaskOnThisThread,
    sparseSquaredError: simd && ((W, Ht, k) => simd.squaredError(W, Ht, k)),
    operand: operand.get,
    dispose: () => {
      operand.dispose();
      simd?.dispose();
    },
  };
  return data;
}

/** Entries per call of `addStored` (small calls: V8 optimizes the function after a few). */
const STORED_BLOCK = 4096;

/**
 * Σ v², Σ v, max and whether one is 0 over a CSR X's stored values in float64: by the wasm scan
 * where there is WebAssembly SIMD, else in order by a loop in blocks through a small function.
 * A loop in JavaScript runs unoptimized for its first ≈10⁵ entries, boxing every double: in one
 * long loop ≈20 MB of young-generation garbage for the 6·10⁵ entries of SpamAssassin, in the
 * blocks still ≈10 MB for SOTU's 3.5·10⁵ (the young generation grows by that: peak memory).
 * A negative value is an error naming it.
 */
function storedStatistics(csr: Csr, name: string) {
  const { values } = csr;
  if (simdProductsAvailable()) {
    const { sqNorm, sum, max, zeros, bad } = scanEntries(values, csr);
    if (bad >= 0) throw negativeError(name, values[bad], `at values[${bad}]`);
    return { sqNorm, sum, max, storedZero: zeros > 0 };
  }
  const acc = new Float64Array(4); // Σ v², Σ v, max, zeros
  for (let p = 0; p < values.length; p += STORED_BLOCK) {
    const bad = addStored(values, p, Math.min(values.length, p + STORED_BLOCK), acc);
    if (bad >= 0) throw negativeError(name, values[bad], `at values[${bad}]`);
  }
  return { sqNorm: acc[0], sum: acc[1], max: acc[2], storedZero: acc[3] > 0 };
}

/** Adds values[p0 … p1) to acc (see storedStatistics); the index of a negative one, else −1. */
function addStored(values: Float32Array, p0: number, p1: number, acc: Float64Array): number {
  let sqNorm = acc[0];
  let sum = acc[1];
  let max = acc[2];
  let zeros = acc[3];
  let bad = -1;
  for (let p = p0; p < p1; p++) {
    const v = values[p];
    if (v < 0) {
      bad = p;
      break;
    }
    if (v === 0) zeros++;
    if (v > max) max = v;
    sqNorm += v * v;
    sum += v;
  }
  acc[0] = sqNorm;
  acc[1] = sum;
  acc[2] = max;
  acc[3] = zeros;
  return bad;
}

/**
 * The products of a CSR X whose density is above SPARSE_DENSITY: the ones a dense input of the
 * same matrix gets (DenseProducts where there is WebAssembly SIMD, else tfjs's matMul), so that
 * a matrix given dense or as CSR is factorized with the same products, bit for bit, and the
 * same fit comes out. (The dense kernel sums Wᵀ·X over pairs of rows and in other chunks than
 * the CSR kernel: the last bits differed, and anls's inexact half-steps amplified them to 0.5 %
 * in W, 3 % with extrapolation.) The dense copy takes at most 1.6× the memory of the CSR form
 * at this density. Undefined for a sparser X (dense input then takes the CSR kernels too) or
 * one too large for a dense copy in the kernels' memory.
 */
function denseFormOf(csr: Csr): DenseOperator | undefined {
  const size = csr.rows * csr.cols;
  if (csr.values.length <= SPARSE_DENSITY * size || size * 4 >= MAX_KERNEL_BYTES) return undefined;
  const values = new Float32Array(size);
  for (let i = 0; i < csr.rows; i++) {
    for (let p = csr.indptr[i]; p < csr.indptr[i + 1]; p++) {
      values[i * csr.cols + csr.indices[p]] += csr.values[p];
    }
  }
  return (
    simdProducts(values, csr.rows, csr.cols, undefined) ??
    tensorProducts(values, csr.rows, csr.cols)
  );
}

/** The NmfData products of a dense operator (its tensor form stays private). */
function productsOf(products: DenseOperator) {
  return {
    timesTransposed: products.timesTransposed,
    transposedTimes: products.transposedTimes,
    timesTransposedArray: products.timesTransposedArray,
    transposedTimesArray: products.transposedTimesArray,
    timesArray: products.timesArray,
    transposedTimesRowsArray: products.transposedTimesRowsArray,
    rowSquaredNorms: products.rowSquaredNorms,
    rowsOf: products.rowsOf,
    spare: products.spare,
    runTask: products.runTask,
    operand: products.operand,
    dispose: () => products.dispose(),
  };
}

/** Whether SparseProducts can hold `nnz` stored entries here (at most 16 bytes each: X and Xᵀ). */
function sparseSimd(nnz: number): boolean {
  return simdProductsAvailable() && nnz * 16 < MAX_KERNEL_BYTES;
}

/** The typed-array products of DenseProducts or SparseProducts. */
function simdArrayProducts(products: DenseProducts | SparseProducts): ArrayProducts {
  return {
    timesTransposedArray: (M, k, out) => products.timesTransposed(M, k, out),
    transposedTimesArray: (M, k, out) => products.transposedTimes(M, k, out),
    timesArray: (F, k, out) => products.times(F, k, out),
    transposedTimesRowsArray: (M, k, out) => products.transposedTimesRows(M, k, out),
    rowSquaredNorms: () => products.rowSquaredNorms(),
    rowsOf: (which) => products.rowsOf(which),
    spare: (bytes) => products.spare(bytes),
  };
}

interface Statistics {
  sqNorm: number;
  sum: number;
  count: number;
  hasZero: boolean;
  max: number;
  /** Index of the first negative or non-finite observed entry, −1 when there is none. */
  bad: number;
  /** Entries other than 0 (counted only for an X without missing values). */
  nonZeros?: number;
}

/**
 * Statistics of a dense X without missing values (X is often 10⁷ entries): the wasm scan for
 * float32 data where there is WebAssembly SIMD, else one tight loop.
 */
function statistics(data: ArrayLike<number>): Statistics {
  if (data instanceof Float32Array && simdProductsAvailable()) {
    const { sum, sqNorm, max, zeros, bad } = scanEntries(data);
    const count = data.length;
    return { sqNorm, sum, count, hasZero: zeros > 0, max, bad, nonZeros: count - zeros };
  }
  let sqNorm = 0;
  let sum = 0;
  let max = 0;
  let zeros = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(v >= 0 && v !== Infinity)) return { sqNorm, sum, count: i, hasZero: false, max, bad: i };
    sqNorm += v * v;
    sum += v;
    if (v > max) max = v;
    if (v === 0) zeros++;
  }
  const count = data.length;
  return { sqNorm, sum, count, hasZero: zeros > 0, max, bad: -1, nonZeros: count - zeros };
}

/**
 * Statistics of the observed entries (mask 1 and, with nanAsMissing, not NaN); fills
 * `observed` (1/0) and `values` (X with missing entries 0).
 */
function maskedStatistics(
  data: ArrayLike<number>,
  mask: ArrayLike<number> | undefined,
  observed: Float32Array,
  values: Float32Array,
  at: (i: number) => string,
): Statistics {
  let sqNorm = 0;
  let sum = 0;
  let count = 0;
  let hasZero = false;
  let max = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    const m = mask ? mask[i] : 1;
    if (m !== 1 && m !== 0) throw usageError(`mask entries must be 0 or 1; got ${m} ${at(i)}`);
    if (m === 0 || Number.isNaN(v)) continue; // missing
    if (!(v >= 0) || v === Infinity) return { sqNorm, sum, count, hasZero, max, bad: i };
    observed[i] = 1;
    values[i] = v;
    sqNorm += v * v;
    sum += v;
    count++;
    if (v === 0) hasZero = true;
    if (v > max) max = v;
  }
  return { sqNorm, sum, count, hasZero, max, bad: -1 };
}

/** The entries of a dense input without copying a `{data: Float32Array, shape}` input. */
function readFloats(X: MatrixInput, name: string, allowNaN?: boolean) {
  if (!(X instanceof tf.Tensor) && !Array.isArray(X) && X.data instanceof Float32Array) {
    const [rows, cols] = X.shape;
    if (Number.isInteger(rows) && Number.isInteger(cols) && rows > 0 && cols > 0) {
      if (X.data.length === rows * cols) return { data: X.data, rows, cols };
    }
  }
  return readMatrix(X, name, { allowNonFinite: allowNaN });
}

function readDense(
  X: MatrixInput,
  opts: { mask?: MatrixInput; nanAsMissing?: boolean },
  name: string,
): NmfData {
  const read = readFloats(X, name, opts.nanAsMissing);
  const { rows, cols } = read;
  // The statistics are those of the float32 X that is factorized (as a CSR X's are).
  const data = read.data instanceof Float32Array ? read.data : Float32Array.from(read.data);
  const maskIn = opts.mask === undefined ? undefined : readMatrix(opts.mask, 'mask');
  if (maskIn && (maskIn.rows !== rows || maskIn.cols !== cols)) {
    throw usageError(
      `mask must have the shape of ${name} (${rows} × ${cols}), got ${maskIn.rows} × ${maskIn.cols}`,
    );
  }
  const observed = maskIn || opts.nanAsMissing ? new Float32Array(rows * cols) : undefined;
  // Without missing values the data is only read, so the caller's Float32Array can go to tfjs
  // as it is (one copy, into the backend): X is often the largest thing in memory.
  const filled = observed && new Float32Array(rows * cols);
  const at = (i: number) => `at row ${Math.floor(i / cols)}, column ${i % cols}`;
  const stats =
    observed && filled
      ? maskedStatistics(data, maskIn?.data, observed, filled, at)
      : statistics(data);
  if (stats.bad >= 0) {
    const v = read.data[stats.bad];
    if (!Number.isFinite(v))
      throw inputError(`${name} has a non-finite entry (${v}) ${at(stats.bad)}`);
    throw negativeError(name, v, at(stats.bad));
  }
  const { sqNorm, sum, count, hasZero, max } = stats;
  if (count === 0) throw inputError(`${name} has no observed entries`);
  const values = filled ?? data;
  const mask = observed && tf.tensor2d(observed, [rows, cols]);
  const products =
    simdProducts(values, rows, cols, stats.nonZeros) ?? tensorProducts(values, rows, cols);
  return {
    rows,
    cols,
    get dense() {
      return products.dense();
    },
    mask,
    sqNorm,
    mean: sum / count,
    hasZero,
    max,
    timesTransposed: products.timesTransposed,
    transposedTimes: products.transposedTimes,
    timesTransposedArray: products.timesTransposedArray,
    transposedTimesArray: products.transposedTimesArray,
    timesArray: products.timesArray,
    transposedTimesRowsArray: products.transposedTimesRowsArray,
    rowSquaredNorms: products.rowSquaredNorms,
    rowsOf: products.rowsOf,
    spare: products.spare,
    runTask: products.runTask,
    operand: products.operand,
    rowGram: products.rowGram,
    stored: products.stored,
    dispose: () => {
      products.dispose();
      mask?.dispose();
    },
  };
}

/** The products of a dense X (and X itself as a tensor, for the rules that need it). */
interface DenseOperator
  extends
    TensorProducts,
    ArrayProducts,
    Pick<NmfData, 'runTask' | 'operand' | 'rowGram' | 'stored'> {
  /** X as a tensor, made on first use and kept until dispose. */
  dense(): tf.Tensor2D;
  dispose(): void;
}

/**
 * X in a shared WebAssembly memory, multiplied by the SIMD kernels (src/linalg/simd) on worker
 * threads: in sparse form when at most SPARSE_DENSITY of its `nonZeros` entries are non-zero
 * (counted when there are no missing values), else dense. No tensor of X exists until a rule
 * asks for one. Undefined where the runtime lacks WebAssembly SIMD or shared memory, or X does
 * not fit in a 4 GiB memory.
 */
function simdProducts(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  nonZeros: number | undefined,
): DenseOperator | undefined {
  if (!simdProductsAvailable()) return undefined;
  let products: DenseProducts | SparseProducts;
  if (nonZeros !== undefined && nonZeros <= SPARSE_DENSITY * rows * cols && sparseSimd(nonZeros)) {
    const floats = values instanceof Float32Array ? values : Float32Array.from(values);
    products = SparseProducts.fromDense(floats, rows, cols, nonZeros);
  } else if (rows * cols * 4 < MAX_KERNEL_BYTES) {
    products = new DenseProducts(values, rows, cols);
  } else {
    return undefined;
  }
  const tensorValues = () =>
    products instanceof DenseProducts ? products.values : products.toDense();
  let dense: tf.Tensor2D | undefined;
  // tf.keep: the first use may come inside a tf.tidy, which must not dispose X.
  const denseTensor = () => (dense ??= tf.keep(tf.tensor2d(tensorValues(), [rows, cols])));
  // A sparse-form X's operand on a backend that needs X's data: CSR tensors made from the
  // caller's values (no copy of X is kept for it; none is made on the host kernels' backends).
  const operand = lazyOperand(products, rows, cols, () =>
    products instanceof SparseProducts
      ? csrOperand(csrOfDense(values, rows, cols, products.nnz))
      : { kind: 'dense', x: denseTensor() },
  );
  const sparse = products instanceof SparseProducts ? products : undefined;
  return {
    ...withTensorForms(rows, cols, simdArrayProducts(products)),
    ...(sparse && { stored: sparse.nnz, rowGram: (maxTerms) => sparse.rowGram(maxTerms) }),
    runTask: (task) => products.runTask(task),
    dense: denseTensor,
    operand: operand.get,
    dispose: () => {
      operand.dispose();
      products.dispose();
      dense?.dispose();
    },
  };
}

/** X as a tfjs tensor and tfjs matMul (runtimes without WebAssembly SIMD). */
function tensorProducts(values: ArrayLike<number>, rows: number, cols: number): DenseOperator {
  const dense = tf.tensor2d(values instanceof Float32Array ? values : Float32Array.from(values), [
    rows,
    cols,
  ]);
  // Wᵀ·X is computed as (Xᵀ·W)ᵀ from a transposed copy made on first use: with X as the
  // second operand, the wasm backend packs (and caches) a copy of X in XNNPACK's layout on
  // each new product, which costs as much memory as Xᵀ and twice the time (20 ms against
  // 9 ms for 10000 × 784 at rank 16).
  let denseT: tf.Tensor2D | undefined;
  const timesTransposed = (H: tf.Tensor2D) => timesThinTransposed(dense, H);
  const transposedTimes = (W: tf.Tensor2D) => {
    denseT ??= tf.keep(tf.transpose(dense));
    return tf.tidy(() => tf.transpose(tf.matMul(denseT!, W)) as tf.Tensor2D);
  };
  /** A product of typed arrays through the tensor form. */
  const viaTensors =
    (f: (M: tf.Tensor2D) => tf.Tensor2D, shape: (k: number) => [number, number]) =>
    (M: ArrayLike<number>, k: number, out?: Float32Array) => {
      const t = tf.tidy(() => f(tf.tensor2d(Float32Array.from(M), shape(k))));
      const result = t.dataSync() as Float32Array;
      t.dispose();
      return into(out, result);
    };
  const timesTransposedArray = viaTensors(timesTransposed, (k) => [k, cols]);
  const transposedTimesArray = viaTensors(transposedTimes, (k) => [rows, k]);
  registerResident(dense, {
    timesTransposed: timesTransposedArray,
    transposedTimes: transposedTimesArray,
  });
  return {
    timesTransposed,
    transposedTimes,
    timesTransposedArray,
    transposedTimesArray,
    runTask: runTaskOnThisThread,
    dense: () => dense,
    operand: () => ({ kind: 'dense', x: dense }),
    dispose: () => tf.dispose([dense, ...(denseT ? [denseT] : [])]),
  };
}

/** `result` copied into `out` when there is one. */
function into(out: Float32Array | undefined, result: Float32Array): Float32Array {
  if (!out) return result;
  out.set(result);
  return out;
}

/** The tensor products of typed-array products, plus those themselves. */
function withTensorForms(rows: number, cols: number, arrays: ArrayProducts) {
  return {
    ...arrays,
    timesTransposed: (H: tf.Tensor2D) => {
      const k = H.shape[0];
      return tf.tensor2d(arrays.timesTransposedArray(H.dataSync(), k), [rows, k]);
    },
    transposedTimes: (W: tf.Tensor2D) => {
      const k = W.shape[1];
      return tf.tensor2d(arrays.transposedTimesArray(W.dataSync(), k), [k, cols]);
    },
  };
}

/**
 * Whether the active backend's products of X are nmflow's host kernels, which read X from its
 * resident copy only (register-host.ts), not from the operand's tensors.
 */
function productsReadResident(): boolean {
  ensureNmflowKernels();
  const backend = tf.getBackend();
  return [CSR_TIMES_TRANSPOSED, CSR_TRANSPOSED_TIMES].every(
    (name) => tf.getKernel(name, backend)?.kernelFunc === HOST_KERNELS[name],
  );
}

/**
 * X's operand made on first use and registered with `resident` as X's resident copy. Where the
 * active backend's products read the resident copy (the host kernels: wasm, cpu, tensorflow,
 * webgl), the operand is a key only: CSR tensors with no entries, whose `values` names the
 * resident copy (rows and cols ride along), so that X is not copied once more into the backend
 * (measured on MNIST, 10000 × 784 at 19 % non-zero: 11.4 MB of CSR in the wasm backend's heap
 * plus the same again in JS while it was made). Elsewhere `make` gives X's data as tensors.
 */
function lazyOperand(resident: ResidentX, rows: number, cols: number, make: () => XOperand) {
  let operand: XOperand | undefined;
  return {
    get(): XOperand {
      if (!operand) {
        operand = productsReadResident() ? keyOperand(rows, cols) : make();
        registerResident(operand.kind === 'dense' ? operand.x : operand.values, resident);
      }
      return operand;
    },
    dispose(): void {
      if (!operand) return;
      if (operand.kind === 'dense') operand.x.dispose();
      else tf.dispose([operand.indptr, operand.indices, operand.values]);
      operand = undefined;
    },
  };
}

/**
 * A CSR operand with no entries (indptr too is empty, which register-host.ts's csrX refuses to
 * read as X): a key to X's resident copy for the host kernels. Kept, as csrOperand's.
 */
function keyOperand(rows: number, cols: number): XOperand {
  return {
    kind: 'csr',
    indptr: tf.keep(tf.tensor1d([], 'int32')),
    indices: tf.keep(tf.tensor1d([], 'int32')),
    values: tf.keep(tf.tensor1d([], 'float32')),
    rows,
    cols,
  };
}

/** CSR tensors of X (kept: a first use may come inside a tf.tidy). */
function csrOperand(csr: Csr): XOperand {
  const nnz = csr.indptr[csr.rows];
  return {
    kind: 'csr',
    indptr: tf.keep(tf.tensor1d(csr.indptr, 'int32')),
    indices: tf.keep(tf.tensor1d(csr.indices.subarray(0, nnz), 'int32')),
    values: tf.keep(tf.tensor1d(csr.values.subarray(0, nnz), 'float32')),
    rows: csr.rows,
    cols: csr.cols,
  };
}

/** The CSR form of a dense `rows × cols` X with `nnz` entries other than 0. */
function csrOfDense(values: ArrayLike<number>, rows: number, cols: number, nnz: number): Csr {
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const stored = new Float32Array(nnz);
  let p = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = values[i * cols + j];
      if (v !== 0) {
        indices[p] = j;
        stored[p++] = v;
      }
    }
    indptr[i + 1] = p;
  }
  return { indptr, indices, values: stored, rows, cols };
}
