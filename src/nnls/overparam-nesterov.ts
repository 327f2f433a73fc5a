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
 * One iteration is one fused kernel (src/kernels/nnls-ops.ts `nesterovStep`).
 *
 * Near a solution it continues with APG by default (overparam-finish.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { iterate, type Stepper } from './driver';
import { withApgFinish } from './overparam-finish';
import { nesterovStep } from '../kernels/nnls-ops';
import { overparamStart, root } from './overparam-common';
import type { NnlsSolver } from './types';

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
      const [uNext, xNext, sinceNext] = nesterovStep(
        p.G,
        p.C,
        { u, uPrev, since },
        { depth: L, rate, lipschitz: p.lipschitz || 1 },
      );
      tf.dispose([uPrev, x, since]);
      uPrev = u;
      [u, x, since] = [uNext, xNext, sinceNext];
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
