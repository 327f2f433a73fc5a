/**
 * The one contract every NNLS solver implements.
 *
 * Problem: min_{X ≥ 0} ½‖A X − B‖²_F with A `m × n`, B `m × r` (r right-hand sides solved
 * together), held in Gram form G = AᵀA (`n × n`), C = AᵀB (`n × r`). When A and B are known
 * they are kept, so that the objective is computed from the residual (no cancellation).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ExactProblem } from '../linalg/dense64';
import type { MatrixOrVector } from '../linalg/matrix';

/** Why a solver stopped: its tolerance held, `maxIter`, `timeLimitSeconds`, or `signal` aborted. */
export type StopReason = 'tolerance' | 'maxIter' | 'timeLimit' | 'aborted';
/** The overparametrized solvers' step: `fixed`, `bb` (default), `exact` (depth 2) or `armijo`. */
export type StepRule = 'fixed' | 'bb' | 'exact' | 'armijo';

/** What a check point reports (to `onIteration` and into `history`). */
export interface IterationInfo {
  /** Iterations done so far. */
  iteration: number;
  /** ½‖AX − B‖²_F (or ½XᵀGX − CᵀX + ½‖B‖² in Gram form; see `NnlsProblem.bNormSq`). */
  objective: number;
  /** Relative natural KKT residual ‖min(L·X, ∇f)‖_F / ‖C‖_F (see `kkt.ts`). */
  kktResidual: number;
  /** Seconds since the solve started. */
  seconds: number;
  /**
   * The relative objective gap (f − f*)/max(f*, 1e-6·½‖B‖²) at the check points where the
   * driver certified it by an exact float64 solve from X's support (see polish.ts `exactGap`).
   */
  gap?: number;
}

/** A problem in Gram form, built once by `nnls()`/`nnlsGram()`; solvers must not dispose it. */
export interface NnlsProblem {
  /** G = AᵀA, `n × n`, symmetric positive semi-definite. */
  G: tf.Tensor2D;
  /** C = AᵀB, `n × r`. */
  C: tf.Tensor2D;
  /** A (`m × n`) when the caller gave it. */
  A?: tf.Tensor2D;
  /** B (`m × r`) when the caller gave it. */
  B?: tf.Tensor2D;
  /** ‖B‖²_F (float64), or 0 when unknown (Gram form without it): shifts the objective only. */
  bNormSq: number;
  /** ‖C‖_F (float64). */
  cNorm: number;
  /** L = largest eigenvalue of G (power iteration; a tight upper estimate). */
  lipschitz: number;
  n: number;
  r: number;
  /**
   * The same scaled problem in float64, built from the caller's data on first use (cached):
   * what the exact solver and `polish` work on.
   */
  float64(): ExactProblem;
}

export type { ExactProblem };

/** Options shared by every solver (those that do not apply to a solver are ignored by it). */
export interface NnlsOptions {
  /** Solver name from the registry (default `overparam`). */
  solver?: string;
  /**
   * Stop when the relative KKT residual is at most `tol` (default 1e-6) and (where it can be
   * certified) the relative objective gap is at most `gapTol`.
   */
  tol?: number;
  /**
   * First-order solvers stop on tolerance only once the relative objective gap
   * (f − f*)/max(f*, 1e-6·½‖B‖²) is at most this (default 1e-5), certified when the KKT test
   * holds by an exact float64 solve from the iterate's support (polish.ts `exactGap`). Applies
   * when ‖B‖ is known (`nnls()`, `nnlsGram()` with `bNormSq`) and n ≤ 2000; otherwise the
   * KKT test alone decides.
   */
  gapTol?: number;
  /** Iteration limit (default 20000). */
  maxIter?: number;
  /** Wall-clock limit in seconds (default none). */
  timeLimitSeconds?: number;
  /** Check point period in iterations: metrics, history, callbacks, stop tests (default 20). */
  checkEvery?: number;
  /** Called at each check point. */
  onIteration?: (info: IterationInfo) => void;
  /** Aborts the solve at the next check point. */
  signal?: AbortSignal;
  /** Seed for every random choice (power iteration start, …). Default 0. */
  seed?: number;
  /** Warm start, `n × r` non-negative (default: the solver's own initialization). */
  x0?: MatrixOrVector;
  /** Keep the history of check points (default true). */
  history?: boolean;
  /** Overparametrized solvers: depth L of x = u^L (integer ≥ 2, default 2). */
  depth?: number;
  /** Overparametrized solvers: initial scale of x, x₀ = alpha·1 (default: see overparam.ts). */
  alpha?: number;
  /** Step rule of `overparam`: `bb` (default, monotone), `armijo`, `exact` (depth 2), `fixed`. */
  step?: StepRule;
  /** Step size η (in units of 1/L, the inverse Lipschitz constant of ∇f; default per solver). */
  learningRate?: number;
  /** Step decay γ of the `fixed` rule: η_k = η/(k+2)^γ (default 0). */
  decay?: number;
  /**
   * First-order solvers: finish with an exact float64 least-squares solve on the support found,
   * followed by active-set steps until the answer is the exact NNLS solution (default false).
   */
  polish?: boolean;
  /** Memory limit in bytes for the memory guard (default: see `src/memory.ts`). */
  memoryLimit?: number;
}

/** Options after defaults, ranges and cross-checks: what solvers read. */
export interface ResolvedNnlsOptions {
  readonly solver: string;
  readonly tol: number;
  readonly gapTol: number;
  readonly maxIter: number;
  readonly timeLimitSeconds: number;
  readonly checkEvery: number;
  readonly onIteration?: (info: IterationInfo) => void;
  readonly signal?: AbortSignal;
  readonly seed: number;
  readonly x0?: tf.Tensor2D;
  readonly history: boolean;
  readonly depth: number;
  /** Undefined means "the solver's default". */
  readonly alpha?: number;
  readonly step?: StepRule;
  readonly learningRate?: number;
  readonly decay: number;
  readonly polish: boolean;
  readonly memoryLimit?: number;
}

/** What a solver returns; `nnls()` adds `seconds` and `solver`. */
export interface SolverOutput {
  /** The solution, `n × r`, owned by the caller. */
  x: tf.Tensor2D;
  /**
   * Exact solvers (and `polish`): the solution in float64, row-major `n × r` (`x` is its
   * float32 rounding); `objective` is that of this X.
   */
  x64?: Float64Array;
  iterations: number;
  converged: boolean;
  stopReason: StopReason;
  objective: number;
  kktResidual: number;
  history: IterationInfo[];
}

/** The result of `nnls()` / `nnlsGram()`. `x` is a new tensor: dispose it when done. */
export interface NnlsResult extends SolverOutput {
  /**
   * The float64 solution (row-major `n × r`, the user's units) of an exact solve: the
   * `active-set` solver, or a result `polish` replaced (`polished: true`). Then `objective` is
   * ½‖A·xFloat64 − B‖²_F and `x` is xFloat64 rounded to float32. Absent for first-order answers,
   * whose `objective` is that of `x` itself.
   */
  xFloat64?: Float64Array;
  solver: string;
  /** True when `polish` replaced the first-order answer by the exact one on its support. */
  polished: boolean;
  /** Solve time in seconds (problem set-up included, input conversion excluded). */
  seconds: number;
}

/** A solver: one file each, registered by name in `registry.ts`. */
export type NnlsSolver = (
  problem: NnlsProblem,
  options: ResolvedNnlsOptions,
) => Promise<SolverOutput>;
