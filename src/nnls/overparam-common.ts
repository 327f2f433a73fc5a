/**
 * Pieces shared by the overparametrized solvers (`overparam`, `overparam-nesterov`,
 * `overparam-mirror`): the starting point and the maps between u and x = u^L.
 *
 * Units: `nnls()` rescales the problem so that max|A| = max|B| = 1 (problem.ts); alpha and
 * every iterate here are in those scaled units.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NnlsProblem, ResolvedNnlsOptions } from './types';

export { DEFAULT_ALPHA, power, root, X0_FLOOR } from '../kernels/overparam-maps';
import { DEFAULT_ALPHA, X0_FLOOR } from '../kernels/overparam-maps';

/** x₀ (`n × r`, > 0): the warm start x0 floored at alpha·X0_FLOOR, else alpha·1. */
export function overparamStart(p: NnlsProblem, o: ResolvedNnlsOptions): tf.Tensor2D {
  const alpha = o.alpha ?? DEFAULT_ALPHA;
  if (o.x0) return tf.maximum(o.x0, alpha * X0_FLOOR);
  return tf.fill([p.n, p.r], alpha) as tf.Tensor2D;
}

/**
 * The gradient of ℒ(u) = ½‖A u^L − B‖² with respect to u: L·u^(L−1) ⊙ g, where g = ∇f(u^L)
 * = G u^L − C is given.
 */
export function uGradient(u: tf.Tensor2D, g: tf.Tensor2D, depth: number): tf.Tensor2D {
  return tf.tidy(() => {
    const chain = depth === 2 ? tf.mul(u, 2) : tf.mul(tf.pow(u, depth - 1), depth);
    return tf.mul(chain, g) as tf.Tensor2D;
  });
}

/** Column sums as a `1 × r` row. */
export function columnSums(t: tf.Tensor): tf.Tensor2D {
  return tf.sum(t, 0, true) as tf.Tensor2D;
}
