/**
 * `overparam-mirror`: the accelerated mirror-descent discretization of the second-order flow
 * x' = (2/t)(y − x), y' = −(t/2)·y ⊙ ∇f(x) (DESIGN.md §3), with y = e^z:
 *     x ← ((k+2)·x + 2·e^z) / (k+4),
 *     z ← z − η·(k+2)/2 · ∇f(x)            (∇f at the new x),
 * from x₀ = alpha·1, z₀ = log(alpha). η = learningRate/λmax(AᵀA), learningRate default
 * MIRROR_LEARNING_RATE. x stays positive: it is a running average of exponentials. This form
 * works on x itself (the depth-2 flow's mirror map); the `depth` option does not apply.
 *
 * k is kept per column and restarted (k = 0, z = log x) when the step just taken points uphill,
 * ⟨∇f(x⁺), x⁺ − x⟩ > 0, computed on the device from the gradient the next z-step needs anyway.
 * Without restarts the growing weight (k+2)/2 makes the iterates oscillate around the solution.
 *
 * One iteration is one fused kernel (src/kernels/nnls-ops.ts `mirrorStep`).
 *
 * Near a solution it continues with APG by default (overparam-finish.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { iterate, type Stepper } from './driver';
import { withApgFinish } from './overparam-finish';
import { mirrorStep } from '../kernels/nnls-ops';
import { overparamStart } from './overparam-common';
import type { NnlsSolver } from './types';

/** Default learningRate (units of 1/λmax) of `overparam-mirror`. */
export const MIRROR_LEARNING_RATE = 0.5;

/** log(x) floored where x = 0, so that e^z stays 0 there without −∞ arithmetic. */
function safeLog(x: tf.Tensor): tf.Tensor {
  return tf.log(tf.maximum(x, 1e-38));
}

export const overparamMirror: NnlsSolver = (p, o) => {
  let eta = (o.learningRate ?? MIRROR_LEARNING_RATE) / (p.lipschitz || 1);
  let x = overparamStart(p, o);
  let z = tf.tidy(() => safeLog(x)) as tf.Tensor2D;
  let since = tf.zeros([1, p.r]) as tf.Tensor2D;
  const stepper: Stepper = {
    get x() {
      return x;
    },
    step() {
      const next = mirrorStep(p.G, p.C, { x, z, since }, eta);
      tf.dispose([x, z, since]);
      [x, z, since] = next;
    },
    recover(good) {
      eta /= 4;
      tf.dispose([x, z, since]);
      x = tf.clone(good);
      z = tf.tidy(() => safeLog(x)) as tf.Tensor2D;
      since = tf.zeros([1, p.r]);
      return true;
    },
    dispose() {
      tf.dispose([x, z, since]);
    },
  };
  return iterate(p, o, withApgFinish(p, o, stepper), 'overparam-mirror');
};
