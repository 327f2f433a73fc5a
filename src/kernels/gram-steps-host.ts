/**
 * The host form of gramHalfStep (gram-steps-op.ts) on typed arrays, in float64: each method's
 * iteration (the same math as its tensor solver, see gram-steps-methods.ts) on every column,
 * under the NNLS driver's rule (check points, stopping, restarts after a non-finite value).
 * Inside, each column of the problem is contiguous (`r × k`): G·x costs k² per column.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { kernelIO } from './kernel-io';
import {
  GRAM_STEP_DIVERGED,
  GRAM_STEP_MAX_RECOVERIES,
  GRAM_STEP_OK,
  GRAM_STEP_OVERFLOW,
  type GramStepAttrs,
} from './gram-steps-attrs';
import { gradientInto, makeMethod, type GramProblem } from './gram-steps-methods';

/** a (`rows × cols`, row-major) transposed into float64. */
function transposed64(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[o + j];
  }
  return out;
}

/**
 * ‖min(λ·x, g)‖² over every entry; NaN when the objective ½⟨x, g − c⟩ is not finite (the
 * driver stops on either).
 */
function residualSq(x: Float64Array, g: Float64Array, c: Float64Array, lip: number): number {
  let s = 0;
  let objective = 0;
  for (let e = 0; e < x.length; e++) {
    const m = Math.min(lip * x[e], g[e]);
    s += m * m;
    objective += x[e] * (g[e] - c[e]);
  }
  return Number.isFinite(objective) ? s : NaN;
}

/**
 * x (`k × r`, into `out`) for G `k × k`, C and x0 `k × r` (row-major, as the tensors);
 * returns [iterations, relative KKT residual, status].
 */
export function gramHalfStepHost(
  G: ArrayLike<number>,
  C: ArrayLike<number>,
  x0: ArrayLike<number>,
  k: number,
  r: number,
  a: GramStepAttrs,
  out: Float32Array,
): [number, number, number] {
  const c = transposed64(C, k, r);
  let cNormSq = 0;
  for (let e = 0; e < c.length; e++) cNormSq += c[e] * c[e];
  if (!Number.isFinite(cNormSq)) return (out.fill(0), [0, Infinity, GRAM_STEP_OVERFLOW]);
  if (cNormSq === 0) return (out.fill(0), [0, 0, GRAM_STEP_OK]);
  const cNorm = Math.sqrt(cNormSq);
  const lip = a.lipschitz || 1;
  const p: GramProblem = { G: Float64Array.from(G), c, k, r, lip };
  const start = transposed64(x0, k, r);
  const g = new Float64Array(k * r);
  const kktOf = (x: Float64Array) => Math.sqrt(residualSq(x, g, c, lip)) / cNorm;
  let tol = a.tol;
  if (tol < 0) {
    gradientInto(p, start, g);
    tol = Math.max(a.tolFloor, a.tolFactor * kktOf(start));
  }
  const method = makeMethod(p, a, start);
  const good = Float64Array.from(method.x);
  let goodIteration = 0;
  let recoveries = 0;
  let iteration = 0;
  let kkt = Infinity;
  let status = GRAM_STEP_OK;
  for (;;) {
    if (iteration % a.checkEvery === 0 || iteration >= a.maxIter) {
      method.gradient(g);
      kkt = kktOf(method.x);
      if (!Number.isFinite(kkt)) {
        if (recoveries++ < GRAM_STEP_MAX_RECOVERIES) {
          method.restart(good);
          iteration = goodIteration;
          continue;
        }
        status = GRAM_STEP_DIVERGED;
        break;
      }
      good.set(method.x);
      goodIteration = iteration;
      if (kkt <= tol || iteration >= a.maxIter) break;
    }
    method.step(iteration);
    iteration++;
  }
  for (let j = 0; j < r; j++) {
    const o = j * k;
    for (let i = 0; i < k; i++) out[i * r + j] = good[o + i];
  }
  return [iteration, kkt, status];
}

type KernelArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
};

/** The kernelFunc of GRAM_HALF_STEP on the host backends: inputs {g, c, x0} → [x, info]. */
export function gramHalfStepKernel(args: KernelArgs): tf.TensorInfo[] {
  const { g, c, x0 } = args.inputs as Record<string, tf.TensorInfo>;
  const [k, r] = c.shape;
  const io = kernelIO(args.backend);
  const [x, info] = io.outputs([[k, r], [3]]);
  const attrs = args.attrs as unknown as GramStepAttrs;
  info.set(gramHalfStepHost(io.read(g), io.read(c), io.read(x0), k, r, attrs, x));
  return io.finish();
}
