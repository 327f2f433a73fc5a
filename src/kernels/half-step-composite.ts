/**
 * The composite form of the fused half-step (ops.ts's overparamHalfStep) in tf ops, for the
 * backends without nmflow's host code: the same method as the host kernel (overparam with
 * Barzilai–Borwein steps per column, the non-monotone acceptance over the last BB_MEMORY levels,
 * a rejected column keeping its iterate and quartering its step, the relative KKT residual
 * checked every `checkEvery` iterations), with all r columns advanced together: the iterate is
 * the `r × k` matrix of their rows, each iteration about thirty tf ops whatever r, and one read
 * of a scalar per check; from `switchAt` on, the projected finish (js/bb-columns.ts), about
 * twenty-five ops per iteration. Float32 throughout (the host kernel works in float64).
 */
import * as tf from '@tensorflow/tfjs-core';
import { largestEigenvalueSmall } from '../linalg/small';
import { ARMIJO_C, BB_MEMORY } from './js/bb-columns';
import { X0_FLOOR } from './overparam-maps';
import type { HalfStepAttrs } from './half-step-attrs';

/** Σ over all entries of min(λ·x, gx − c)², a scalar tensor. */
export function residualSq(
  x: tf.Tensor2D,
  gx: tf.Tensor2D,
  c: tf.Tensor2D,
  lip: number,
): tf.Scalar {
  return tf.sum(tf.square(tf.minimum(tf.mul(x, lip), tf.sub(gx, c))));
}

/** What a half-step needs before its iterations: G, C, the scale and the tolerance. */
export interface HalfStepSetup {
  G: tf.Tensor2D;
  c: tf.Tensor2D;
  cNorm: number;
  /** λmax(G) (1 when G = 0). */
  lip: number;
  /** The first step, and the clamp of every trial step to [lo, hi]. */
  eta0: number;
  lo: number;
  hi: number;
  /** Warm starts are floored here. */
  floor: number;
  tol: number;
}

/**
 * G = FᵀF + l2·I and C = P − l1, and the numbers of the iterations; or, for C = 0 or a
 * non-finite C, the finished result ([x, info]). Run under the kernel's tidy (C may be P).
 */
export function halfStepSetup(
  F: tf.Tensor2D,
  P: tf.Tensor2D,
  x0: tf.Tensor2D,
  a: HalfStepAttrs,
): HalfStepSetup | tf.Tensor[] {
  const k = P.shape[1];
  const G = tf.tidy(() => {
    const g = tf.matMul(F, F, true, false);
    return a.l2 !== 0 ? tf.add(g, tf.mul(tf.eye(k), a.l2)) : g;
  }) as tf.Tensor2D;
  const c = (a.l1 !== 0 ? tf.sub(P, a.l1) : P) as tf.Tensor2D;
  const cNormSq = tf.tidy(() => tf.sum(tf.square(c))).dataSync()[0];
  const done = (info: number[]) => [tf.zerosLike(P), tf.tensor1d(info)];
  if (!Number.isFinite(cNormSq)) return done([0, Infinity, 1]);
  if (cNormSq === 0) return done([0, 0, 0]);
  const cNorm = Math.sqrt(cNormSq);
  const lip = largestEigenvalueSmall(Float64Array.from(G.dataSync()), k) || 1;
  const eta0 = a.learningRate / lip;
  const start =
    Math.sqrt(tf.tidy(() => residualSq(x0, tf.matMul(x0, G), c, lip)).dataSync()[0]) / cNorm;
  return {
    G,
    c,
    cNorm,
    lip,
    eta0,
    lo: eta0 * 1e-10,
    hi: eta0 * 1e10,
    floor: a.alpha * X0_FLOOR,
    tol: a.tol >= 0 ? a.tol : Math.max(a.tolFloor, a.tolFactor * start),
  };
}

/** [x (`r × k`), info [iterations, relative KKT residual, overflow 1/0]]. */
export function halfStepComposite(
  F: tf.Tensor2D,
  P: tf.Tensor2D,
  x0: tf.Tensor2D,
  a: HalfStepAttrs,
): tf.Tensor[] {
  const setup = halfStepSetup(F, P, x0, a);
  if (Array.isArray(setup)) return setup;
  const { G, c, cNorm, lip, eta0, lo, hi, floor, tol } = setup;
  const [r] = P.shape;
  const L = a.depth;

  let x = tf.maximum(x0, floor) as tf.Tensor2D;
  let u = (L === 2 ? tf.sqrt(x) : tf.pow(x, 1 / L)) as tf.Tensor2D;
  let gx = tf.matMul(x, G) as tf.Tensor2D;
  let eta = tf.fill([r], eta0) as tf.Tensor1D;
  let level = tf.zeros([r]) as tf.Tensor1D;
  let recent = tf.zeros([r, BB_MEMORY]) as tf.Tensor2D;
  let pu: tf.Tensor2D | undefined;
  let pd: tf.Tensor2D | undefined;
  const slots = tf.expandDims(tf.range(0, BB_MEMORY, 1, 'int32'), 0);
  const residual = () => Math.sqrt(residualSq(x, gx, c, lip).dataSync()[0]) / cNorm;

  /** One iteration on every column (k > 0: with the previous u and d). */
  const iterate = (iteration: number) => {
    const next = tf.tidy(() => {
      const diff = tf.sub(gx, c);
      const chain = L === 2 ? tf.mul(u, 2) : tf.mul(tf.pow(u, L - 1), L);
      const d = tf.mul(chain, diff) as tf.Tensor2D;
      const dirSq = tf.sum(tf.square(d), 1);
      let trial: tf.Tensor1D = eta;
      if (pu && pd) {
        const du = tf.sub(u, pu);
        const sy = tf.sum(tf.mul(du, tf.sub(d, pd)), 1);
        const duSq = tf.sum(tf.square(du), 1);
        trial = tf.where(tf.greater(sy, 0), tf.div(duSq, sy), eta) as tf.Tensor1D;
      }
      trial = tf.clipByValue(trial, lo, hi);
      const un = tf.sub(u, tf.mul(tf.expandDims(trial, 1), d));
      const nonNegative = tf.all(tf.greaterEqual(un, 0), 1);
      const xn = L === 2 ? tf.square(un) : tf.pow(un, L);
      const gxn = tf.matMul(xn, G);
      const change = tf.sum(tf.mul(tf.sub(xn, x), tf.add(diff, tf.mul(tf.sub(gxn, gx), 0.5))), 1);
      const nextLevel = tf.add(level, change);
      const wanted = tf.sub(tf.max(recent, 1), tf.mul(tf.mul(trial, dirSq), ARMIJO_C));
      const accept = tf.logicalAnd(
        tf.logicalAnd(tf.lessEqual(nextLevel, wanted), tf.isFinite(nextLevel)),
        nonNegative,
      );
      const rows = tf.expandDims(accept, 1);
      const newLevel = tf.where(accept, nextLevel, level);
      const slot = tf.equal(slots, iteration % BB_MEMORY);
      return {
        u: tf.where(rows, un, u) as tf.Tensor2D,
        x: tf.where(rows, xn, x) as tf.Tensor2D,
        gx: tf.where(rows, gxn, gx) as tf.Tensor2D,
        eta: tf.where(accept, tf.mul(trial, 2), tf.div(trial, 4)) as tf.Tensor1D,
        level: newLevel as tf.Tensor1D,
        recent: tf.where(slot, tf.expandDims(newLevel, 1), recent) as tf.Tensor2D,
        pu: tf.clone(u),
        pd: d,
      };
    });
    tf.dispose([u, x, gx, eta, level, recent, ...(pu && pd ? [pu, pd] : [])]);
    ({ u, x, gx, eta, level, recent, pu, pd } = next);
  };

  // The projected finish (js/bb-columns.ts): BB steps on x with projection, the same test.
  const projectedIterate = (iteration: number) => {
    if (iteration === a.switchAt) {
      eta.dispose();
      eta = tf.fill([r], eta0);
    }
    const next = tf.tidy(() => {
      const g = tf.sub(gx, c);
      const trial = tf.clipByValue(eta, lo, hi);
      const xn = tf.relu(tf.sub(x, tf.mul(tf.expandDims(trial, 1), g))) as tf.Tensor2D;
      const dx = tf.sub(xn, x);
      const decrease = tf.sum(tf.mul(g, dx), 1);
      const gxn = tf.matMul(xn, G) as tf.Tensor2D;
      const dg = tf.sub(gxn, gx);
      const change = tf.sum(tf.mul(dx, tf.add(g, tf.mul(dg, 0.5))), 1);
      const nextLevel = tf.add(level, change);
      const wanted = tf.add(tf.max(recent, 1), tf.mul(decrease, ARMIJO_C));
      const accept = tf.logicalAnd(tf.lessEqual(nextLevel, wanted), tf.isFinite(nextLevel));
      const rows = tf.expandDims(accept, 1);
      const sy = tf.sum(tf.mul(dx, dg), 1);
      const bb = tf.where(
        tf.greater(sy, 0),
        tf.div(tf.sum(tf.square(dx), 1), sy),
        tf.fill([r], hi),
      );
      const newLevel = tf.where(accept, nextLevel, level);
      const slot = tf.equal(slots, iteration % BB_MEMORY);
      return {
        x: tf.where(rows, xn, x) as tf.Tensor2D,
        gx: tf.where(rows, gxn, gx) as tf.Tensor2D,
        eta: tf.where(accept, bb, tf.div(trial, 4)) as tf.Tensor1D,
        level: newLevel as tf.Tensor1D,
        recent: tf.where(slot, tf.expandDims(newLevel, 1), recent) as tf.Tensor2D,
      };
    });
    tf.dispose([x, gx, eta, level, recent]);
    ({ x, gx, eta, level, recent } = next);
  };

  let iteration = 0;
  let kkt = residual();
  while (kkt > tol && iteration < a.maxIter) {
    const stop = Math.min(a.maxIter, (Math.floor(iteration / a.checkEvery) + 1) * a.checkEvery);
    for (; iteration < stop; iteration++) {
      if (iteration >= a.switchAt) projectedIterate(iteration);
      else iterate(iteration);
    }
    kkt = residual();
  }
  tf.dispose([u, gx, eta, level, recent, ...(pu && pd ? [pu, pd] : [])]);
  return [x, tf.tensor1d([iteration, kkt, 0])];
}
