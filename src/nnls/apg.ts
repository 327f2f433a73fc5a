/**
 * `apg`: accelerated projected gradient (FISTA, Beck & Teboulle) with gradient-based adaptive
 * restart (O'Donoghue & Candès), each of the r columns keeping its own momentum:
 *
 *     X⁺ = max(0, Y − η∇f(Y)),   t⁺ = (1 + √(1 + 4t²))/2,   Y⁺ = X⁺ + ((t − 1)/t⁺)(X⁺ − X),
 *
 * and a column restarts (t = 1, Y⁺ = X⁺) when ⟨Y − X⁺, X⁺ − X⟩ > 0, i.e. when the step turns
 * against the momentum. η = learningRate/L (learningRate default 1: the safe step 1/L). Starts
 * from x0, or alpha·1 when alpha is given, or 0. Everything stays on the device: no readbacks.
 * One iteration is one fused kernel (src/kernels/nnls-ops.ts `apgStep`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { iterate, type Stepper } from './driver';
import { apgStep } from '../kernels/nnls-ops';
import { startingPoint } from './pgd';
import type { NnlsProblem, NnlsSolver } from './types';

/** An APG state machine from `start` (cloned), step η = rate/L; also `overparam`'s last phase. */
export function apgStepper(p: NnlsProblem, start: tf.Tensor2D, rate: number): Stepper {
  let eta = rate / (p.lipschitz || 1);
  let x = tf.clone(start);
  let y = tf.clone(x);
  let t = tf.ones([1, p.r]) as tf.Tensor2D;
  const reset = (from: tf.Tensor2D) => {
    tf.dispose([x, y, t]);
    x = tf.clone(from);
    y = tf.clone(from);
    t = tf.ones([1, p.r]) as tf.Tensor2D;
  };
  return {
    get x() {
      return x;
    },
    step() {
      const next = apgStep(p.G, p.C, { x, y, t }, eta);
      tf.dispose([x, y, t]);
      [x, y, t] = next;
    },
    recover(good) {
      eta /= 4;
      reset(good);
      return true;
    },
    dispose() {
      tf.dispose([x, y, t]);
    },
  };
}

export const apg: NnlsSolver = (p, o) => {
  const start = startingPoint(p, o);
  const stepper = apgStepper(p, start, o.learningRate ?? 1);
  start.dispose();
  return iterate(p, o, stepper, 'apg');
};
