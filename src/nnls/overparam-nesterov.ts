/**
 * `overparam-nesterov`: Nesterov momentum on u for ℒ(u) = ½‖A u^L − B‖² (x = u^L, depth L),
 * a discretization of the accelerated flow of DESIGN.md §3. Per column j:
 *     v = u + β_j (u − u_prev),   β_j = k_j/(k_j + 3),
 *     u⁺ = v − η_j ∇ℒ(v),
 * started at x₀ = alpha·1. k_j counts the iterations since the column's last restart.
 *
 * Step η_j = learningRate / ℓ_j (learningRate default 1), where ℓ_j bounds the curvature of ℒ
 * at v: ‖∇²ℒ‖ ≤ L²·max(x_v)^(2−2/L)·λmax(G) + L(L−1)·max|v^(L−2) ⊙ ∇f|; it is further capped so
 * that no entry of u shrinks by more than half (u stays positive).
 *
 * Adaptive restart, on the device without readback: a column restarts its momentum (k_j = 0)
 * when the step it just took points uphill, ⟨∇ℒ(v), u⁺ − u⟩ > 0 — the first-order sign of
 * "the objective rose" (O'Donoghue & Candès' gradient scheme), computed from G·x_v, which the
 * step needs anyway, so a restart costs no extra product.
 *
 * Near a solution it continues with APG by default (overparam-finish.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { iterate, type Stepper } from './driver';
import { withApgFinish } from './overparam-finish';
import { columnSums, overparamStart, power, root, uGradient } from './overparam-common';
import type { NnlsProblem, NnlsSolver } from './types';

/**
 * A per-column step bound `1 × r` for ℒ at u with gradient g = ∇f(u^L): the inverse of a
 * curvature bound, and small enough that no entry of u shrinks by more than half.
 */
export function curvatureStep(
  p: NnlsProblem,
  u: tf.Tensor2D,
  x: tf.Tensor2D,
  g: tf.Tensor2D,
  depth: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const L = depth;
    const uL2 = L === 2 ? tf.onesLike(u) : tf.pow(u, L - 2);
    const xMax = tf.max(x, 0, true);
    const gauss = tf.mul(tf.pow(xMax, 2 - 2 / L), L * L * (p.lipschitz || 1));
    const bend = tf.mul(tf.max(tf.abs(tf.mul(uL2, g)), 0, true), L * (L - 1));
    const shrink = tf.mul(tf.max(tf.mul(uL2, g), 0, true), L);
    const curvature = tf.maximum(tf.add(gauss, bend), tf.mul(shrink, 2));
    return tf.div(1, tf.maximum(curvature, 1e-30)) as tf.Tensor2D;
  });
}

export const overparamNesterov: NnlsSolver = (p, o) => {
  const L = o.depth;
  let rate = o.learningRate ?? 1;
  let x = overparamStart(p, o);
  let u = root(x, L);
  let uPrev = tf.clone(u);
  let since = tf.zeros([1, p.r]) as tf.Tensor2D;
  const stepper: Stepper = {
    get x() {
      return x;
    },
    step() {
      const next = tf.tidy(() => {
        const beta = tf.div(since, tf.add(since, 3));
        let v = tf.add(u, tf.mul(beta, tf.sub(u, uPrev))) as tf.Tensor2D;
        // Odd depths: keep v > 0 so that x_v = v^L stays in the orthant.
        if (L % 2 === 1) v = tf.maximum(v, tf.mul(u, 0.5));
        const xv = power(v, L);
        const gv = tf.sub(tf.matMul(p.G, xv), p.C) as tf.Tensor2D;
        const dir = uGradient(v, gv, L);
        const eta = tf.mul(curvatureStep(p, v, xv, gv, L), rate);
        const uNext = tf.sub(v, tf.mul(eta, dir)) as tf.Tensor2D;
        const uphill = tf.greater(columnSums(tf.mul(dir, tf.sub(uNext, u))), 0);
        return {
          u: uNext,
          x: power(uNext, L),
          since: tf.where(uphill, tf.zerosLike(since), tf.add(since, 1)) as tf.Tensor2D,
        };
      });
      tf.dispose([uPrev, x, since]);
      uPrev = u;
      ({ u, x, since } = next);
    },
    recover(good) {
      rate /= 4;
      tf.dispose([u, uPrev, x, since]);
      x = tf.clone(good);
      u = root(x, L);
      uPrev = tf.clone(u);
      since = tf.zeros([1, p.r]);
      return true;
    },
    dispose() {
      tf.dispose([u, uPrev, x, since]);
    },
  };
  return iterate(p, o, withApgFinish(p, o, stepper), 'overparam-nesterov');
};
