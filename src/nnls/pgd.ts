/**
 * `pgd`: projected gradient descent, X ← max(0, X − η∇f(X)) with η = learningRate/L
 * (learningRate default 1, i.e. the safe step 1/L). Starts from x0, or from alpha·1 when alpha
 * is given, or from 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { iterate, type Stepper } from './driver';
import { gradient } from './measures';
import type { NnlsProblem, NnlsSolver, ResolvedNnlsOptions } from './types';

/** The starting point shared by the classic solvers: x0, else alpha·1, else `fallback`·1. */
export function startingPoint(p: NnlsProblem, o: ResolvedNnlsOptions, fallback = 0): tf.Tensor2D {
  if (o.x0) return tf.clone(o.x0);
  return tf.fill([p.n, p.r], o.alpha ?? fallback) as tf.Tensor2D;
}

export const pgd: NnlsSolver = (p, o) => {
  let eta = (o.learningRate ?? 1) / (p.lipschitz || 1);
  let x = startingPoint(p, o);
  let grad = gradient(p, x);
  const stepper: Stepper = {
    get x() {
      return x;
    },
    get grad() {
      return grad;
    },
    step() {
      const next = tf.tidy(() => tf.relu(tf.sub(x, tf.mul(grad, eta))) as tf.Tensor2D);
      tf.dispose([x, grad]);
      x = next;
      grad = gradient(p, x);
    },
    recover(good) {
      eta /= 4;
      tf.dispose([x, grad]);
      x = tf.clone(good);
      grad = gradient(p, x);
      return true;
    },
    dispose() {
      tf.dispose([x, grad]);
    },
  };
  return iterate(p, o, stepper, 'pgd');
};
