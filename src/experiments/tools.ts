/**
 * Shared numerics of the experiments: solving through `nnls()` and reading the answer back
 * as float64, exact measures in float64, the minimum-l1 non-negative solution (an LP), and
 * log–log slope fits. Everything here is deterministic.
 */
import lpSolver from 'javascript-lp-solver';
import { inputError } from '../errors';
import { nnls } from '../nnls';
import { Rng } from '../random';
import type { NnlsOptions } from '../nnls/types';

/** A dense problem min_{x ≥ 0} ½‖Ax − b‖², A `m × n` row-major. */
export interface DenseProblem {
  A: Float64Array;
  b: Float64Array;
  m: number;
  n: number;
}

/** A solve read back to float64, with its residual curve. */
export interface Solved {
  x: Float64Array;
  iterations: number;
  converged: boolean;
  /** ‖Ax − b‖₂ of the returned x, computed in float64. */
  residual: number;
  /** (iteration, ‖Ax − b‖₂) at each check point, from the solver's float32 objective. */
  history: { iteration: number; residual: number }[];
  seconds: number;
}

/**
 * Runs `nnls()` on a dense problem and returns x as float64 (no tensor escapes).
 * `stopAtResidual` adds the authors' stopping rule, ‖Ax − b‖ ≤ value at a check point (read
 * from the solver's objective through onIteration, which aborts the solve there); `converged`
 * then means that this rule fired.
 */
export async function solveDense(
  p: DenseProblem,
  options: NnlsOptions & { stopAtResidual?: number },
): Promise<Solved> {
  const { stopAtResidual, ...rest } = options;
  let reached = false;
  if (stopAtResidual !== undefined) {
    const controller = new AbortController();
    rest.signal = controller.signal;
    rest.onIteration = (info) => {
      if (Math.sqrt(2 * Math.max(0, info.objective)) <= stopAtResidual) {
        reached = true;
        controller.abort();
      }
    };
  }
  const res = await nnls({ data: p.A, shape: [p.m, p.n] }, p.b, rest);
  const x = Float64Array.from(res.x.dataSync());
  res.x.dispose();
  return {
    x,
    iterations: res.iterations,
    converged: stopAtResidual === undefined ? res.converged : reached,
    residual: residualNorm(p, x),
    history: res.history.map((h) => ({
      iteration: h.iteration,
      residual: Math.sqrt(Math.max(0, 2 * h.objective)),
    })),
    seconds: res.seconds,
  };
}

/** ‖Ax − b‖₂ in float64. */
export function residualNorm(p: DenseProblem, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.m; i++) {
    let r = -p.b[i];
    for (let j = 0; j < p.n; j++) r += p.A[i * p.n + j] * x[j];
    s += r * r;
  }
  return Math.sqrt(s);
}

export function l1(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]);
  return s;
}

/** The arithmetic mean. */
export function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

export function l2(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** ‖x − y‖₂. */
export function distance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
  return Math.sqrt(s);
}

/** max |v_i| (a loop: spreading millions of entries into Math.max overflows the stack). */
export function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

/** Number of entries above `threshold` (default 1e-6 · max entry). */
export function countNonzeros(x: ArrayLike<number>, threshold?: number): number {
  const t = threshold ?? 1e-6 * maxAbs(x);
  return Array.from(x).filter((v) => Math.abs(v) > t).length;
}

/**
 * The minimum-l1 non-negative solution min 1ᵀx s.t. Ax = b, x ≥ 0 (non-negative basis
 * pursuit), by the simplex method of `javascript-lp-solver` (float64, tolerance 1e-9). For
 * x ≥ 0, 1ᵀx = ‖x‖₁, so this is the l1 reference line of the implicit-bias experiment.
 * Throws an input error when Ax = b has no non-negative solution.
 */
export function minL1NonNegative(p: DenseProblem): Float64Array {
  const constraints: Record<string, { equal: number }> = {};
  for (let i = 0; i < p.m; i++) constraints[`r${i}`] = { equal: p.b[i] };
  const variables: Record<string, Record<string, number>> = {};
  for (let j = 0; j < p.n; j++) {
    const column: Record<string, number> = { l1: 1 };
    for (let i = 0; i < p.m; i++) column[`r${i}`] = p.A[i * p.n + j];
    variables[`x${j}`] = column;
  }
  const out = lpSolver.Solve({ optimize: 'l1', opType: 'min', constraints, variables }) as Record<
    string,
    number | boolean | undefined
  >;
  if (!out.feasible) {
    throw inputError('min-l1 reference: Ax = b has no non-negative solution (LP infeasible)');
  }
  return Float64Array.from({ length: p.n }, (_, j) => Number(out[`x${j}`] ?? 0));
}

/** Least-squares slope of log10(y) against log10(x) over the points with x, y > 0. */
export function logLogSlope(xs: number[], ys: number[]): number {
  const pts = xs.flatMap((x, i) =>
    x > 0 && ys[i] > 0 ? [[Math.log10(x), Math.log10(ys[i])]] : [],
  );
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of pts) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

/** Rounds to `digits` significant digits (keeps results.json readable). */
export function sig(v: number, digits = 6): number {
  return Number.isFinite(v) && v !== 0 ? +v.toPrecision(digits) : v;
}

/** Formats a number for tables. */
export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(digits - 1) : String(+v.toPrecision(digits));
}

/** Log-spaced values from 10^from to 10^to, `count` of them. */
export function logspace(from: number, to: number, count: number): number[] {
  if (count === 1) return [10 ** from];
  return Array.from({ length: count }, (_, i) =>
    sig(10 ** (from + ((to - from) * i) / (count - 1)), 12),
  );
}

/** λmax(AᵀA) in float64 by power iteration on v ↦ Aᵀ(Av) from a seeded start. */
export function largestEigenvalueAtA(p: DenseProblem, iterations = 200): number {
  const rng = new Rng(12345);
  let v = Float64Array.from({ length: p.n }, () => 1 + 0.1 * rng.normal());
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    const av = new Float64Array(p.m);
    for (let i = 0; i < p.m; i++) {
      let s = 0;
      for (let j = 0; j < p.n; j++) s += p.A[i * p.n + j] * v[j];
      av[i] = s;
    }
    const w = new Float64Array(p.n);
    for (let i = 0; i < p.m; i++) {
      const a = av[i];
      for (let j = 0; j < p.n; j++) w[j] += p.A[i * p.n + j] * a;
    }
    const norm = l2(w);
    if (norm === 0) return 0;
    lambda = norm / l2(v);
    v = w.map((x) => x / norm);
  }
  return lambda;
}

/**
 * The nmflow `learningRate` that reproduces the paper's raw fixed step η (gradient descent on
 * u for ½‖A u^L − b‖², u⁺ = u − η·L·u^(L−1)⊙∇f). nnls() rescales A by sA = max|A| and b by
 * sB = max|b| and measures η in units of 1/λmax of the scaled Gram matrix (estimated with a 1%
 * margin); undoing both gives learningRate = η·1.01·λmax(AᵀA)·(sB/sA)^(2(L−1)/L).
 */
export function paperLearningRate(p: DenseProblem, eta: number, depth: number): number {
  const sA = maxAbs(p.A);
  const sB = maxAbs(p.b);
  return eta * 1.01 * largestEigenvalueAtA(p) * (sB / sA) ** ((2 * (depth - 1)) / depth);
}
