/**
 * The methods and settings of gramHalfStep (gram-steps-op.ts), in a module without imports:
 * the kernels (gram-steps-host.ts, gram-steps-composite.ts) read them without importing the
 * op, which imports the registration (no import cycle).
 */

/** The methods of the kernel: an engine (solver name) or `overparam` with a step rule. */
export const GRAM_METHODS = [
  'fixed',
  'armijo',
  'exact',
  'overparam-nesterov',
  'overparam-mirror',
  'apg',
  'pgd',
] as const;
export type GramMethod = (typeof GRAM_METHODS)[number];

/** The settings of one Gram half-step. */
export interface GramStepAttrs {
  method: GramMethod;
  /** λmax(G) (the solvers' `lipschitz`, 0 read as 1). */
  lipschitz: number;
  /** Step in units of 1/λmax (the method's default already applied). */
  learningRate: number;
  /** Depth L of x = u^L (overparam methods). */
  depth: number;
  /** Warm starts of the overparam methods are floored at alpha·X0_FLOOR. */
  alpha: number;
  /** The `fixed` rule's decay γ: η_k = η/(k+2)^γ. */
  decay: number;
  /** Relative KKT tolerance: `tol` when ≥ 0, else max(tolFloor, tolFactor·kkt(x0)). */
  tol: number;
  tolFactor: number;
  tolFloor: number;
  maxIter: number;
  checkEvery: number;
  /**
   * C, x0 and x as `r × k` (a column of the problem per row, as W is stored) instead of
   * `k × r`: the W half of `anls` then needs no transposes.
   */
  rows?: boolean;
}

/** What `info` holds: [iterations, relative KKT residual, status]. */
export const GRAM_STEP_OK = 0;
/** ‖C‖ is not finite (x is 0). */
export const GRAM_STEP_OVERFLOW = 1;
/** A non-finite or diverging value the restarts could not cure (x is the last good iterate). */
export const GRAM_STEP_DIVERGED = 2;

/** The most restarts after a non-finite or diverging value (the driver's MAX_RECOVERIES). */
export const GRAM_STEP_MAX_RECOVERIES = 30;

/**
 * A check point whose relative KKT residual exceeds this multiple of max(1, the warm start's)
 * has diverged, as one with a non-finite residual: the half-step restarts from its last good
 * check point with a quarter of the step. (Taking only non-finite values as divergence kept
 * blown-up but finite iterates, 1e23 × the start's residual, as the point to restart from:
 * every restart then overflowed again.)
 */
export const GRAM_STEP_DIVERGED_KKT = 1e6;

/** Whether a check point's residual `kkt` has diverged from the warm start's `start`. */
export function kktDiverged(kkt: number, start: number): boolean {
  return !(kkt <= GRAM_STEP_DIVERGED_KKT * Math.max(1, Number.isFinite(start) ? start : 1));
}
