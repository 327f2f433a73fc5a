/**
 * The inexact-ANLS rule shared by anls.ts (any NNLS engine, on tensors) and anls-overparam.ts
 * (the default engine, on typed arrays): each half-step must cut its relative KKT residual by a
 * factor η from its value at the warm start (inner tol = η·kkt(x0), at least INNER_TOL_FLOOR),
 * within INNER_MAX_ITER iterations; η follows the outer progress, the relative decrease of the
 * error in the previous outer iteration, clamped to [ETA_MIN, ETA_MAX] (in the spirit of
 * Lin 2007): early half-steps stop loosely, later ones tighten as the outer iteration settles.
 */
import { NmflowError } from '../errors';

export const ETA_MAX = 1e-1;
export const ETA_MIN = 1e-2;
export const INNER_TOL_FLOOR = 1e-7;
export const INNER_MAX_ITER = 20;
export const INNER_CHECK_EVERY = 5;
/**
 * Each half-step runs this many overparametrized BB iterations, then continues with projected
 * BB steps on x (kernels/js/bb-columns.ts; `step: 'bb'` keeps the overparametrized method to
 * the end). Measured to sklearn `cd`'s final error (outer iterations, bb alone → with the
 * switch at 5; README, Performance): SpamAssassin rank 20 230 → 12, SOTU rank 10 > 879 → 26,
 * MNIST rank 16 97 → 54, the tall-thin case 21 → 10, the short-wide one 92 → 23; APG instead
 * of projected BB failed the short-wide case.
 */
export const INNER_SWITCH_AT = 5;
/**
 * With the switch, a half-step runs at most this many iterations (INNER_SWITCH_AT
 * overparametrized, the rest projected) instead of INNER_MAX_ITER: more of them were mostly
 * spent short of the η-tolerance, which at large rank or with many columns it seldom reaches.
 * Measured to sklearn `cd`'s final error (seconds, 20 → 10; README, Performance): MNIST rank 64
 * 16.0 → 5.1, the short-wide case 1.62 → 1.17, SpamAssassin 0.61 → 0.50, MNIST rank 16
 * 1.30 → 1.19 (72 outer iterations instead of 54), the others within ±5 %; 8 failed the
 * short-wide case (133 outer iterations), 12 and 15 were in between.
 */
export const SWITCHED_INNER_MAX_ITER = 2 * INNER_SWITCH_AT;

/**
 * `exact`'s half-steps stop after this many iterations instead of INNER_MAX_ITER: its exact
 * line search makes each iteration count, and the second ten were mostly spent short of the
 * η-tolerance. Measured to sklearn `cd`'s final error (seconds, 20 → 10, seed 0; README, NMF
 * options): MNIST rank 16 4.66 → 2.75, SOTU rank 10 2.35 → 1.94, the short-wide case 15.7 →
 * 13.2, the tall-thin 5.74 → 5.51, SpamAssassin rank 20 4.26 → 5.26. The other methods keep 20:
 * for `armijo` 10 cost more (MNIST rank 16 5.55 → 5.89 s), for `overparam-nesterov` too (2.18 →
 * 5.96).
 */
export const EXACT_INNER_MAX_ITER = 10;

/** The inner iterations of a half-step with `step` (or an engine's name) unless maxIter is set. */
export function innerMaxIterOf(step: string | undefined): number {
  return step === 'exact' ? EXACT_INNER_MAX_ITER : INNER_MAX_ITER;
}

/** η before any progress is known: transform (H fixed) solves one convex problem, tightly. */
export function startingEta(updateH: boolean): number {
  return updateH ? ETA_MAX : ETA_MIN;
}

/** η after an outer iteration that took the error from `previous` to `error`. */
export function nextEta(eta: number, previous: number | undefined, error: number): number {
  if (previous === undefined || !(previous > 0)) return eta;
  const progress = Math.abs(previous - error) / previous;
  return Math.min(ETA_MAX, Math.max(ETA_MIN, progress));
}

export function overflowError(): NmflowError {
  return new NmflowError(
    'numeric',
    'solver "anls" diverged: the products WᵀX / XHᵀ overflow float32 although X is scaled ' +
      'near 1 (the factors grew without bound); try solver "hals" or another seed',
  );
}
