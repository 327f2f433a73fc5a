/**
 * What every method of gramHalfStep shares (gram-steps-methods.ts): the problem on
 * column-contiguous float64 arrays (column j at j·k … j·k + k − 1), a method's state machine,
 * the G·x products and the small helpers of the u-parametrized methods.
 */
import { X0_FLOOR } from '../nnls/overparam-common';

/** The problem: G (`k × k`), c (r columns of k), λmax (> 0). */
export interface GramProblem {
  G: Float64Array;
  c: Float64Array;
  k: number;
  r: number;
  lip: number;
}

/** A method's state machine (the driver's Stepper, on arrays). */
export interface MethodState {
  /** The current iterate (r columns of k). */
  readonly x: Float64Array;
  /** Gx − c at x into g. */
  gradient(g: Float64Array): void;
  /** One iteration; `iteration` = iterations done before it. */
  step(iteration: number): void;
  /** Restart from `good` with a smaller step (after a non-finite value). */
  restart(good: Float64Array): void;
}

/**
 * out[oo …] = G·x[xo …] for one column of k, four rows of G at a time (each x entry loaded once
 * per four products: ≈2× a plain loop in V8).
 */
export function gemv(
  G: Float64Array,
  k: number,
  x: Float64Array,
  xo: number,
  out: Float64Array,
  oo: number,
): void {
  let i = 0;
  for (; i + 3 < k; i += 4) {
    const r0 = i * k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let t = 0; t < k; t++) {
      const v = x[xo + t];
      s0 += G[r0 + t] * v;
      s1 += G[r0 + k + t] * v;
      s2 += G[r0 + 2 * k + t] * v;
      s3 += G[r0 + 3 * k + t] * v;
    }
    out[oo + i] = s0;
    out[oo + i + 1] = s1;
    out[oo + i + 2] = s2;
    out[oo + i + 3] = s3;
  }
  for (; i < k; i++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += G[i * k + t] * x[xo + t];
    out[oo + i] = s;
  }
}

/**
 * G·x and G·y for two columns at once (x at xo, y at yo; into out at xOut, yOut): four rows
 * of G by two columns per pass, each G entry loaded once for both (≈3× a plain loop in V8).
 */
export function gemv2(
  G: Float64Array,
  k: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
  out: Float64Array,
  xOut: number,
  yOut: number,
): void {
  let i = 0;
  for (; i + 3 < k; i += 4) {
    const r0 = i * k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    for (let t = 0; t < k; t++) {
      const v = x[xo + t];
      const w = y[yo + t];
      const g0 = G[r0 + t];
      const g1 = G[r0 + k + t];
      const g2 = G[r0 + 2 * k + t];
      const g3 = G[r0 + 3 * k + t];
      s0 += g0 * v;
      s1 += g1 * v;
      s2 += g2 * v;
      s3 += g3 * v;
      q0 += g0 * w;
      q1 += g1 * w;
      q2 += g2 * w;
      q3 += g3 * w;
    }
    out[xOut + i] = s0;
    out[xOut + i + 1] = s1;
    out[xOut + i + 2] = s2;
    out[xOut + i + 3] = s3;
    out[yOut + i] = q0;
    out[yOut + i + 1] = q1;
    out[yOut + i + 2] = q2;
    out[yOut + i + 3] = q3;
  }
  for (; i < k; i++) {
    let s = 0;
    let q = 0;
    for (let t = 0; t < k; t++) {
      s += G[i * k + t] * x[xo + t];
      q += G[i * k + t] * y[yo + t];
    }
    out[xOut + i] = s;
    out[yOut + i] = q;
  }
}

/** out = G·x for every column (two at a time). */
export function gramTimes(p: GramProblem, x: Float64Array, out: Float64Array): void {
  const { G, k, r } = p;
  let j = 0;
  for (; j + 1 < r; j += 2) gemv2(G, k, x, j * k, x, (j + 1) * k, out, j * k, (j + 1) * k);
  if (j < r) gemv(G, k, x, j * k, out, j * k);
}

/** g = G·x − c. */
export function gradientInto(p: GramProblem, x: Float64Array, g: Float64Array): void {
  gramTimes(p, x, g);
  for (let e = 0; e < g.length; e++) g[e] -= p.c[e];
}

/**
 * u with |u| < 1e-140 set to 0 (then x = u² ≥ 1e-280 or 0): keeps float64 subnormals (100×
 * slower arithmetic) out of the multiplicative updates, which drive inactive entries to 0
 * geometrically; float32, the tensor form's, is at 0 long before (x below 1.4e-45).
 */
export const flushed = (u: number) => (Math.abs(u) < 1e-140 ? 0 : u);

export const ipow = (v: number, p: number) =>
  p === 0 ? 1 : p === 1 ? v : p === 2 ? v * v : p === 3 ? v * v * v : Math.pow(v, p);

/** x₀ of the overparam methods: the warm start floored at alpha·X0_FLOOR. */
export function floored(start: Float64Array, alpha: number): Float64Array {
  const floor = alpha * X0_FLOOR;
  return start.map((v) => Math.max(v, floor));
}

export function rootOf(x: Float64Array, L: number): Float64Array {
  return x.map((v) => (L === 2 ? Math.sqrt(v) : Math.pow(v, 1 / L)));
}
