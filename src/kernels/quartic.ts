/**
 * Batched exact line search along a quartic: for each column j, the step s ≥ 0 that minimizes
 *     φ_j(s) = a1 s + a2 s² + a3 s³ + a4 s⁴        (a1 ≤ 0, a4 ≥ 0),
 * the change of the objective along the multiplicative path of the overparametrized solver
 * (DESIGN.md §3). Everything stays on the device: no readback.
 *
 * The stationary points solve φ'(s) = 0; with w = 1/s this is the monic cubic
 *     w³ + (2a2/a1) w² + (3a3/a1) w + 4a4/a1 = 0,
 * whose leading coefficient a1 is the (non-zero) directional derivative, so the near-quadratic
 * case a4 → 0 stays well conditioned (it only sends one root w → 0, s → ∞). The cubic is
 * rescaled so that its coefficients are at most 1 in magnitude (float32 range) and solved in
 * closed form (trigonometric form for three real roots, Cardano for one). Every candidate
 * s = 1/w > 0 is scored by φ itself, together with a step where descent is guaranteed; the best
 * wins, and s = 0 (no move) only where a1 = 0. Because candidates are judged by φ, a float32
 * error in a root costs optimality of the step, never descent.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Coefficients of φ(s) = a1 s + a2 s² + a3 s³ + a4 s⁴, each `1 × r` (one per column). */
export interface QuarticCoefficients {
  a1: tf.Tensor2D;
  a2: tf.Tensor2D;
  a3: tf.Tensor2D;
  a4: tf.Tensor2D;
}

const TINY = 1e-30;

/** φ(s) by Horner's rule, for coefficient rows `1 × r` and steps `k × r`. */
export function quarticValue(a: QuarticCoefficients, s: tf.Tensor): tf.Tensor {
  return tf.tidy(() =>
    tf.mul(s, tf.add(a.a1, tf.mul(s, tf.add(a.a2, tf.mul(s, tf.add(a.a3, tf.mul(s, a.a4))))))),
  );
}

/**
 * +1 where v ≥ 0, else −1. (Not tf.sign: on the wasm backend of tfjs 4.22 it returns 0 for
 * |v| below ≈1e-8.)
 */
function signOf(v: tf.Tensor): tf.Tensor {
  return tf.where(tf.less(v, 0), tf.fill(v.shape, -1), tf.fill(v.shape, 1));
}

/** Real cube root (tfjs has no cbrt). */
function cbrt(v: tf.Tensor): tf.Tensor {
  return tf.mul(signOf(v), tf.pow(tf.abs(v), 1 / 3));
}

/** Among candidate steps `k × r`, the one with the lowest φ < 0 per column (else 0). */
function pickBest(a: QuarticCoefficients, s: tf.Tensor, descent: tf.Tensor): tf.Tensor2D {
  const phi = quarticValue(a, s);
  const usable = tf.logicalAnd(
    tf.logicalAnd(tf.greater(s, 0), tf.isFinite(s)),
    tf.logicalAnd(tf.less(phi, 0), tf.isFinite(phi)),
  );
  const score = tf.where(usable, phi, tf.fill(phi.shape, Infinity));
  const best = tf.cast(tf.transpose(tf.oneHot(tf.argMin(score, 0), s.shape[0])), 'bool');
  const step = tf.sum(tf.where(tf.logicalAnd(best, usable), s, tf.zerosLike(s)), 0, true);
  return tf.where(descent, step, tf.zerosLike(step)) as tf.Tensor2D;
}

/** Both roots of A2 s² + A1 s + A0 (cancellation-free); the vertex −A1/(2A2) if complex. */
function quadraticRoots(A2: tf.Tensor, A1: tf.Tensor, A0: tf.Tensor): tf.Tensor[] {
  const disc = tf.sub(tf.square(A1), tf.mul(tf.mul(A2, A0), 4));
  const q = tf.mul(tf.add(A1, tf.mul(signOf(A1), tf.sqrt(tf.relu(disc)))), -0.5);
  const real = tf.greaterEqual(disc, 0);
  const vertex = tf.div(A1, tf.mul(A2, -2));
  return [tf.where(real, tf.div(q, A2), vertex), tf.where(real, tf.div(A0, q), vertex)];
}

/** `steps` Newton steps on φ'(s) = 0 for candidates `k × r`, taken only where φ'' > 0. */
function newton(a: QuarticCoefficients, s: tf.Tensor, steps: number): tf.Tensor {
  for (let i = 0; i < steps; i++) {
    const d1 = tf.add(
      a.a1,
      tf.mul(
        s,
        tf.add(tf.mul(a.a2, 2), tf.mul(s, tf.add(tf.mul(a.a3, 3), tf.mul(s, tf.mul(a.a4, 4))))),
      ),
    );
    const d2 = tf.add(
      tf.mul(a.a2, 2),
      tf.mul(s, tf.add(tf.mul(a.a3, 6), tf.mul(s, tf.mul(a.a4, 12)))),
    );
    const next = tf.sub(s, tf.div(d1, d2));
    s = tf.where(tf.logicalAnd(tf.greater(d2, 0), tf.isFinite(next)), next, s);
  }
  return s;
}

/** The minimizing step per column (`1 × r`): ≥ 0, finite, 0 where a1 = 0 (stationary). */
export function minimizeQuartic(a: QuarticCoefficients): tf.Tensor2D {
  return tf.tidy(() => {
    const descent = tf.less(a.a1, 0);
    const a1 = tf.where(descent, a.a1, tf.neg(tf.onesLike(a.a1)));
    const B = tf.div(tf.mul(a.a2, 2), a1);
    const C = tf.div(tf.mul(a.a3, 3), a1);
    const D = tf.div(tf.mul(a.a4, 4), a1);
    // Root scale: every root has |w| ≤ 2τ; dividing by τ keeps b, c, d in [−1, 1].
    const tau = tf.add(
      tf.maximum(tf.maximum(tf.abs(B), tf.sqrt(tf.abs(C))), cbrt(tf.abs(D))),
      TINY,
    );
    const b = tf.div(B, tau);
    const c = tf.div(C, tf.square(tau));
    const d = tf.div(D, tf.pow(tau, 3));
    // Depressed cubic t³ + P t + Q = 0 with ω = w/τ = t − b/3.
    const shift = tf.div(b, 3);
    const P = tf.sub(c, tf.mul(b, shift));
    const Q = tf.add(tf.sub(tf.mul(tf.pow(shift, 3), 2), tf.mul(shift, c)), d);
    const disc = tf.add(tf.div(tf.square(Q), 4), tf.div(tf.pow(P, 3), 27));
    // Three real roots (disc ≤ 0): t_k = ρ cos(θ − 2πk/3).
    const Pn = tf.minimum(P, -TINY);
    const rho = tf.mul(tf.sqrt(tf.div(Pn, -3)), 2);
    const cosArg = tf.mul(tf.div(tf.mul(Q, 1.5), Pn), tf.sqrt(tf.div(-3, Pn)));
    const theta = tf.div(tf.acos(tf.clipByValue(cosArg, -1, 1)), 3);
    const trig = [0, 1, 2].map((k) => tf.mul(rho, tf.cos(tf.sub(theta, (2 * Math.PI * k) / 3))));
    // One real root (disc > 0), in the cancellation-free form t = A − P/(3A).
    const A = tf.mul(tf.neg(signOf(Q)), cbrt(tf.add(tf.div(tf.abs(Q), 2), tf.sqrt(tf.relu(disc)))));
    const cardano = tf.sub(A, tf.div(P, tf.mul(tf.add(A, TINY), 3)));
    const w = tf.mul(tf.sub(tf.concat([...trig, cardano], 0), shift), tau);
    // Near-double roots can be lost to float32 in the closed form; the truncated models
    // φ' ≈ a1 + 2a2 s + 3a3 s² (small s) and φ'/s ≈ 2a2 + 3a3 s + 4a4 s² (large s) add
    // candidates near them, which Newton steps on φ' then polish.
    const truncated = [
      ...quadraticRoots(tf.mul(a.a3, 3), tf.mul(a.a2, 2), a.a1),
      ...quadraticRoots(tf.mul(a.a4, 4), tf.mul(a.a3, 3), tf.mul(a.a2, 2)),
    ];
    // Guaranteed descent: with σ⁻¹ = |a2/a1| + |a3/a1|^½ + |a4/a1|^⅓, φ(σ/9) < 0.
    const invSigma = tf.add(
      tf.add(tf.abs(tf.div(B, 2)), tf.sqrt(tf.abs(tf.div(C, 3)))),
      cbrt(tf.abs(tf.div(D, 4))),
    );
    const s = newton(a, tf.concat([tf.div(1, w), ...truncated, tf.div(1 / 9, invSigma)], 0), 2);
    return pickBest(a, s, descent);
  });
}
