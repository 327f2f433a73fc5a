/**
 * The constants and maps between u and x = u^L that the overparametrized solvers (nnls/), their
 * fused kernels (kernels/) and the Riemannian view (riemannian/) share.
 *
 * Units: `nnls()` rescales the problem so that max|A| = max|B| = 1 (nnls/problem.ts); alpha is
 * in those scaled units.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Default initial x-scale, x₀ = alpha·1, in the scaled units of the problem (nnls() divides A
 * by max|A| and B by max|B|, so this is a relative scale). Smaller alpha means a stronger
 * implicit bias toward low-l1 solutions and more iterations (the updates are multiplicative,
 * so climbing from alpha costs O(log 1/alpha) steps, but converging off the support costs more).
 * Measured with the default rule on the paper's 200×500, s = 25 problem to KKT 1e-6
 * (scripts/bench-overparam.ts): alpha 1e-2 → 720 iterations, l1/l1(x*) = 1.61; 1e-3 → ≈1e4,
 * 1.07; 1e-4 → ≈1.6e4, 1.015. 1e-3 sits at the knee: most of the bias for a moderate cost.
 */
export const DEFAULT_ALPHA = 1e-3;

/**
 * Warm starts are raised to at least alpha·X0_FLOOR entrywise: the updates are
 * multiplicative, so an exact zero could never grow again.
 */
export const X0_FLOOR = 1e-3;

/** x = u^L entrywise. */
export function power(u: tf.Tensor2D, depth: number): tf.Tensor2D {
  return (depth === 2 ? tf.square(u) : tf.pow(u, depth)) as tf.Tensor2D;
}

/** u = x^(1/L) for x ≥ 0. */
export function root(x: tf.Tensor2D, depth: number): tf.Tensor2D {
  return (depth === 2 ? tf.sqrt(x) : tf.pow(x, 1 / depth)) as tf.Tensor2D;
}
