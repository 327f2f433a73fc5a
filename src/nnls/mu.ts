/**
 * `mu`: Lee–Seung multiplicative updates X ← X ⊙ C / (GX), defined when G = AᵀA and C = AᵀB
 * have no negative entry (A, B ≥ 0 suffices); other problems are rejected with an error.
 * It is the overparametrized step with the per-coordinate step size 1/(2(GX)ᵢ) (DESIGN.md §3).
 *
 * Start: x0, or alpha·1 when alpha is given, or else each column at the best multiple of 1,
 * s·1 with s = ⟨C, 1⟩/⟨1, G1⟩. Divisions are guarded: where (GX)ᵢ = 0 the coordinate stays.
 * Coordinates that reach 0 stay at 0 (a property of the method), so a start with zeros can stall.
 */
import * as tf from '@tensorflow/tfjs-core';
import { inputError } from '../errors';
import { iterate, type Stepper } from './driver';
import type { NnlsProblem, NnlsSolver, ResolvedNnlsOptions } from './types';

/** Smallest (GX)ᵢ divided by: far below any float32 value that matters, but not 0. */
const TINY = 1e-30;

function checkNonNegative(p: NnlsProblem): void {
  const mins = tf.tidy(() => tf.stack([tf.min(p.G), tf.min(p.C)]));
  const [gMin, cMin] = mins.dataSync();
  mins.dispose();
  if (gMin < 0 || cMin < 0) {
    throw inputError(
      `solver "mu" (multiplicative updates) needs G = AᵀA and C = AᵀB without negative entries ` +
        `(min G = ${gMin}, min C = ${cMin}; A ≥ 0 and B ≥ 0 guarantee it); ` +
        'use solver "hals", "apg" or "active-set" for data with negative entries',
    );
  }
}

function muStart(p: NnlsProblem, o: ResolvedNnlsOptions): tf.Tensor2D {
  if (o.x0) return tf.clone(o.x0);
  if (o.alpha !== undefined) return tf.fill([p.n, p.r], o.alpha) as tf.Tensor2D;
  return tf.tidy(() => {
    const scale = tf.div(tf.sum(p.C, 0, true), tf.maximum(tf.sum(p.G), TINY));
    return tf.mul(tf.ones([p.n, p.r]), scale) as tf.Tensor2D;
  });
}

export const mu: NnlsSolver = (p, o) => {
  checkNonNegative(p);
  let x = muStart(p, o);
  const stepper: Stepper = {
    get x() {
      return x;
    },
    step() {
      const next = tf.tidy(() => {
        const gx = tf.matMul(p.G, x);
        const ratio = tf.where(
          tf.greater(gx, TINY),
          tf.div(p.C, tf.maximum(gx, TINY)),
          tf.onesLike(gx),
        );
        return tf.mul(x, ratio) as tf.Tensor2D;
      });
      x.dispose();
      x = next;
    },
    recover() {
      return false;
    },
    dispose() {
      x.dispose();
    },
  };
  return iterate(p, o, stepper, 'mu');
};
