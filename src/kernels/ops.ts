/**
 * nmflow's tfjs ops for the NMF hot loops, in the form of tfjs-core's own `ops/*.ts`: each one
 * calls `ENGINE.runKernel` with a kernel name of nmflow's, so every call goes through tfjs's
 * engine (it shows in `tf.profile`, tidy and memory tracking see its outputs) and runs the
 * kernel registered for the active backend (register.ts): nmflow's SIMD WebAssembly kernels on
 * `wasm` and `cpu`, a composite of tf ops elsewhere.
 *
 * Shapes follow scikit-learn: X is `nSamples × nFeatures` (n × m), W `n × k`, H `k × m`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HalfStepAttrs } from './half-step-attrs';
import { ensureNmflowKernels } from './register';

export * from './names';
export type { HalfStepAttrs } from './half-step-attrs';
import {
  TIMES_TRANSPOSED,
  TRANSPOSED_TIMES,
  CSR_TIMES_TRANSPOSED,
  CSR_TRANSPOSED_TIMES,
  CSR_TRANSPOSED_TIMES_SPLIT,
  GRAM,
  OVERPARAM_HALF_STEP,
  HALS_SWEEP,
} from './names';

/**
 * The data matrix X (`n × m`) as an op operand: a dense float32 tensor, or CSR tensors
 * (int32 indptr of rows + 1 entries, int32 column indices and float32 values of the stored
 * entries). The kernels keep a resident copy of X keyed by the tensor's data (resident.ts), so
 * only the factors move from call to call.
 */
export type XOperand =
  | { kind: 'dense'; x: tf.Tensor2D }
  | {
      kind: 'csr';
      indptr: tf.Tensor1D;
      indices: tf.Tensor1D;
      values: tf.Tensor1D;
      rows: number;
      cols: number;
    };

function run<T extends tf.Tensor | tf.Tensor[]>(
  name: string,
  inputs: tf.NamedTensorMap,
  attrs: Record<string, number | number[] | boolean> = {},
): T {
  ensureNmflowKernels();
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as T;
}

function shapeOf(X: XOperand): [number, number] {
  return X.kind === 'dense' ? X.x.shape : [X.rows, X.cols];
}

function checkFactor(name: string, F: tf.Tensor2D, dim: number, size: number, what: string) {
  if (F.rank !== 2 || F.shape[dim] !== size) {
    throw new Error(`${name}: the factor must have ${size} ${what}, got shape [${F.shape}]`);
  }
}

/** X·Hᵀ for H `k × m`: `n × k` (float32). */
export function timesTransposed(X: XOperand, H: tf.Tensor2D): tf.Tensor2D {
  const [, m] = shapeOf(X);
  checkFactor('timesTransposed', H, 1, m, 'columns (X has that many)');
  if (X.kind === 'dense') return run(TIMES_TRANSPOSED, { x: X.x, h: H });
  const { indptr, indices, values, rows, cols } = X;
  return run(CSR_TIMES_TRANSPOSED, { indptr, indices, values, h: H }, { rows, cols });
}

/**
 * X·Hᵀ for Hᵀ given as it is stored, `m × k` (the kernel of timesTransposed with the attr
 * hTransposed: the same bits, without transposing the factor twice on the way): `n × k`.
 */
export function timesTransposedOf(X: XOperand, Ht: tf.Tensor2D): tf.Tensor2D {
  const [, m] = shapeOf(X);
  checkFactor('timesTransposedOf', Ht, 0, m, 'rows (X has that many columns)');
  if (X.kind === 'dense') return run(TIMES_TRANSPOSED, { x: X.x, h: Ht }, { hTransposed: true });
  const { indptr, indices, values, rows, cols } = X;
  return run(
    CSR_TIMES_TRANSPOSED,
    { indptr, indices, values, h: Ht },
    { rows, cols, hTransposed: true },
  );
}

/** Wᵀ·X for W `n × k`: `k × m` (float32). */
export function transposedTimes(X: XOperand, W: tf.Tensor2D): tf.Tensor2D {
  return transposedTimesOp('transposedTimes', X, W, false);
}

/**
 * Xᵀ·W for W `n × k`: `m × k` (float32), the transpose of transposedTimes's Wᵀ·X, the same bits
 * (its kernel with the attr asRows: the product's own layout, without transposing it twice on
 * the way to a half-step that reads it by rows).
 */
export function transposedTimesRows(X: XOperand, W: tf.Tensor2D): tf.Tensor2D {
  return transposedTimesOp('transposedTimesRows', X, W, true);
}

/** The transposedTimes kernels' call for W `n × k`: Wᵀ·X, or with `asRows` Xᵀ·W. */
function transposedTimesOp(name: string, X: XOperand, W: tf.Tensor2D, asRows: boolean) {
  const [n] = shapeOf(X);
  checkFactor(name, W, 0, n, 'rows (X has that many)');
  const attrs: Record<string, boolean> = asRows ? { asRows } : {};
  if (X.kind === 'dense') return run<tf.Tensor2D>(TRANSPOSED_TIMES, { x: X.x, w: W }, attrs);
  const { indptr, indices, values, rows, cols } = X;
  return run<tf.Tensor2D>(
    CSR_TRANSPOSED_TIMES,
    { indptr, indices, values, w: W },
    { rows, cols, ...attrs },
  );
}

/**
 * Wᵀ·X for a CSR X and W `n × k`, summed in float64, as float32 parts [hi, lo] (`k × m` each):
 * hi the sums rounded (what `transposedTimes` gives to ≈1e-7 of each), lo what rounding left,
 * rounded, so that hi + lo is the sum to 2⁻⁴⁸ of it: for fits measured by ‖X‖² − 2⟨WᵀX, H⟩ + ‖WH‖²
 * where that difference is small. Undefined for a dense X and where the active backend has no
 * such kernel (the composite backends).
 */
export function transposedTimesSplit(
  X: XOperand,
  W: tf.Tensor2D,
): [tf.Tensor2D, tf.Tensor2D] | undefined {
  if (X.kind !== 'csr') return undefined;
  ensureNmflowKernels();
  if (!tf.getKernel(CSR_TRANSPOSED_TIMES_SPLIT, tf.getBackend())) return undefined;
  checkFactor('transposedTimesSplit', W, 0, X.rows, 'rows (X has that many)');
  const { indptr, indices, values, rows, cols } = X;
  return run<[tf.Tensor2D, tf.Tensor2D]>(
    CSR_TRANSPOSED_TIMES_SPLIT,
    { indptr, indices, values, w: W },
    { rows, cols },
  );
}

/** FᵀF for F `rows × k`: `k × k`, summed in float64 and rounded to float32 once. */
export function gram(F: tf.Tensor2D): tf.Tensor2D {
  return run(GRAM, { f: F });
}

/**
 * One half-step of `anls`: x ≈ argmin over x ≥ 0 of ½⟨x, Gx⟩ − ⟨C, x⟩ for every column (every
 * row of x, `r × k`), with G = FᵀF + l2·I (`k × k`, formed in float64 inside the kernel) and
 * C = P − l1, by the overparametrized gradient descent with Barzilai–Borwein steps, warm-started
 * from x0 (`r × k`), stopped by its relative KKT residual. F is the other factor (`rows × k`),
 * P the product with X (`r × k`).
 *
 * Returns x (`r × k`) and `info` = [iterations, relative KKT residual, ‖C‖²] (float32): ‖C‖²
 * not finite means the products overflowed (x is then 0).
 */
export function overparamHalfStep(
  F: tf.Tensor2D,
  P: tf.Tensor2D,
  x0: tf.Tensor2D,
  attrs: HalfStepAttrs,
): { x: tf.Tensor2D; info: tf.Tensor1D } {
  const k = F.shape[1];
  checkFactor('overparamHalfStep', P, 1, k, 'columns (the rank)');
  if (x0.shape[0] !== P.shape[0] || x0.shape[1] !== k) {
    throw new Error(`overparamHalfStep: x0 must be [${P.shape}], got [${x0.shape}]`);
  }
  const [x, info] = run<tf.Tensor[]>(OVERPARAM_HALF_STEP, { f: F, p: P, x0 }, { ...attrs });
  return { x: x as tf.Tensor2D, info: info as tf.Tensor1D };
}

/**
 * One half of a `hals` iteration: the coordinate-descent sweeps of every row of a factor held
 * in float64 by the kernel (`handle`'s registered state, hals-sweep-host.ts), side 0 for W
 * (`n × k`, against X·Ĥᵀ = P, `n × k`), side 1 for Hᵀ (`m × k`, against Xᵀ·W). Returns the
 * new factor (float32, `rows × k`) and sklearn's violation of its first sweeps (`[1]`).
 */
export function halsSweep(
  handle: tf.Tensor,
  P: tf.Tensor2D,
  attrs: { side: 0 | 1; l1: number; l2: number },
): { f: tf.Tensor2D; violation: tf.Tensor1D } {
  const [f, violation] = run<tf.Tensor[]>(HALS_SWEEP, { handle, p: P }, { ...attrs });
  return { f: f as tf.Tensor2D, violation: violation as tf.Tensor1D };
}
