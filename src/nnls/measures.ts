/**
 * Optimality and objective measures of an NNLS iterate.
 *
 * KKT for min ½‖AX − B‖² over X ≥ 0: X ≥ 0, ∇f = GX − C ≥ 0, X ⊙ ∇f = 0. The natural residual
 * ‖min(X, ∇f/L)‖ is the length of a projected-gradient step of size 1/L; it vanishes exactly
 * at KKT points. We report it in gradient units relative to ‖C‖:
 *     kkt(X) = ‖min(L·X, GX − C)‖_F / ‖C‖_F,
 * which is invariant to scaling A or B (DESIGN.md §3 writes ‖min(x, ∇f)‖ relative to ‖c‖; the
 * factor L makes both arguments of min carry the same units).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NnlsProblem } from './types';

/** ∇f = G X − C (`n × r`). */
export function gradient(p: NnlsProblem, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.sub(tf.matMul(p.G, x), p.C));
}

/** The relative KKT residual as a scalar tensor; pass `grad` when it is already known. */
export function kktResidualTensor(p: NnlsProblem, x: tf.Tensor2D, grad?: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const g = grad ?? gradient(p, x);
    const m = tf.minimum(tf.mul(x, p.lipschitz || 1), g);
    return tf.div(tf.norm(m), p.cNorm > 0 ? p.cNorm : 1);
  });
}

/**
 * The objective as a scalar tensor: ½‖AX − B‖²_F from the residual when A and B are known,
 * else ½⟨X, GX⟩ − ⟨C, X⟩ + ½‖B‖² (Gram form).
 */
export function objectiveTensor(p: NnlsProblem, x: tf.Tensor2D, grad?: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    if (p.A && p.B) return tf.mul(0.5, tf.sum(tf.square(tf.sub(tf.matMul(p.A, x), p.B))));
    // ½xᵀGx − cᵀx = ½⟨x, Gx − 2c⟩ = ½⟨x, ∇f − c⟩.
    const g = grad ?? gradient(p, x);
    return tf.add(tf.mul(0.5, tf.sum(tf.mul(x, tf.sub(g, p.C)))), 0.5 * p.bNormSq);
  });
}

/** Objective and KKT residual read back as numbers (one readback). */
export function measure(
  p: NnlsProblem,
  x: tf.Tensor2D,
  grad?: tf.Tensor2D,
): { objective: number; kktResidual: number } {
  const both = tf.tidy(() => {
    const g = grad ?? gradient(p, x);
    return tf.stack([objectiveTensor(p, x, g), kktResidualTensor(p, x, g)]);
  });
  const [objective, kktResidual] = both.dataSync();
  both.dispose();
  return { objective, kktResidual };
}
