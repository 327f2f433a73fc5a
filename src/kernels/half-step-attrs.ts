/**
 * The settings of overparamHalfStep (ops.ts), in a module without imports: its kernels
 * (half-step-host.ts, half-step-composite.ts) and their registration (register-host.ts,
 * register-composite.ts) read them without importing ops.ts, which imports the registration
 * (no import cycle).
 */

/** The settings of one overparametrized half-step (anls's inner solve). */
export interface HalfStepAttrs {
  /** Penalties of this half: C = P − l1, G = FᵀF + l2·I. */
  l1: number;
  l2: number;
  /** Depth L of x = u^L (2: the wasm pair kernel where it runs). */
  depth: number;
  /** Warm starts are floored at alpha·X0_FLOOR. */
  alpha: number;
  /** Initial step learningRate/λmax(G). */
  learningRate: number;
  /**
   * Relative KKT tolerance: `tol` when it is ≥ 0, else max(tolFloor, tolFactor·r₀) for the
   * warm start's relative residual r₀.
   */
  tol: number;
  tolFactor: number;
  tolFloor: number;
  maxIter: number;
  checkEvery: number;
  /**
   * The first iteration of the projected finish (BB steps on x itself with projection, from
   * the iterate: js/bb-columns.ts); NEVER_SWITCH (or more) for the overparametrized method
   * alone.
   */
  switchAt: number;
}
