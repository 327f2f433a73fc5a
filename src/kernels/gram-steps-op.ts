/**
 * `gramHalfStep`: a whole inner solve of `anls` with one of the off-default NNLS engines or
 * step rules, as one tfjs op (kernel GRAM_HALF_STEP, names.ts): x ≈ argmin over x ≥ 0 of
 * ½⟨x, Gx⟩ − ⟨C, x⟩, every column of x at once, with G `k × k`, C and x0 `k × r` (the NNLS
 * contract's Gram form, src/nnls/types.ts), or with `attrs.rows` C, x0 and x `r × k`. The
 * iterations are those of the tensor solvers (src/nnls/overparam.ts with step fixed | armijo |
 * exact, overparam-nesterov.ts, overparam-mirror.ts, apg.ts, pgd.ts) under the driver's rule (src/nnls/driver.ts): the
 * relative KKT residual every `checkEvery` iterations, stop at `tol` or `maxIter`, a restart
 * from the last checked iterate with a smaller step after a non-finite value.
 *
 * Host form (gram-steps-host.ts): float64 loops over fixed column chunks on the kernel threads
 * (the same bits on any number of threads). Composite form
 * (gram-steps-composite.ts): tf ops over all columns at once, float32.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GRAM_HALF_STEP } from './names';
import { ensureNmflowKernels } from './register';
import { GRAM_METHODS, type GramStepAttrs } from './gram-steps-attrs';

export * from './gram-steps-attrs';

/**
 * One inner solve: returns x (`k × r`, `r × k` with `rows`; float32) and info = [iterations,
 * relative KKT residual ‖min(λ·x, Gx − C)‖/‖C‖, status (GRAM_STEP_OK, _OVERFLOW, _DIVERGED)].
 */
export function gramHalfStep(
  G: tf.Tensor2D,
  C: tf.Tensor2D,
  x0: tf.Tensor2D,
  attrs: GramStepAttrs,
): { x: tf.Tensor2D; info: tf.Tensor1D } {
  const k = G.shape[0];
  if (G.shape[1] !== k || C.shape[attrs.rows ? 1 : 0] !== k) {
    const c = attrs.rows ? `r × ${k}` : `${k} × r`;
    throw new Error(
      `gramHalfStep: G must be ${k} × ${k} and C ${c}, got [${G.shape}], [${C.shape}]`,
    );
  }
  if (x0.shape[0] !== C.shape[0] || x0.shape[1] !== C.shape[1]) {
    throw new Error(`gramHalfStep: x0 must be [${C.shape}], got [${x0.shape}]`);
  }
  if (!GRAM_METHODS.includes(attrs.method)) {
    throw new Error(`gramHalfStep: unknown method "${attrs.method}"`);
  }
  ensureNmflowKernels();
  const [x, info] = tf.engine().runKernel(GRAM_HALF_STEP, { g: G, c: C, x0 }, {
    ...attrs,
  } as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { x: x as tf.Tensor2D, info: info as tf.Tensor1D };
}
