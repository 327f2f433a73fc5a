/**
 * `polish`: turns a first-order answer into the exact NNLS solution. Per column, the support of
 * x (entries above 1e-7 of the column's largest) seeds a warm-started Lawson–Hanson run in
 * float64: an exact least-squares solve on the support, then active-set steps (usually none or
 * a few) until the KKT conditions hold. The polished X is kept only if it is no worse in
 * float64 objective than the first-order X.
 *
 * The same solve certifies a first-order answer (`exactGap`): the polished objective is f*
 * when Lawson–Hanson converged, so (f(X) − f*)/max(f*, 1e-6·½‖B‖²) is the true objective gap.
 */
import * as tf from '@tensorflow/tfjs-core';
import { objective64 } from '../linalg/dense64';
import { column, lawsonHanson } from './lawson-hanson';
import type { NnlsProblem } from './types';

/** Entries at most this fraction of their column's largest (float32 rounding level) are taken as 0. */
const SUPPORT_FRACTION = 1e-7;

export interface PolishResult {
  /** The polished X (`n × r`, owned by the caller), or undefined when it was not better. */
  x?: tf.Tensor2D;
  /** The polished X in float64 (row-major `n × r`), when it was better. */
  x64?: Float64Array;
  /** Float64 objective of the polished X. */
  objective: number;
  /** True when every column reached the exact KKT point. */
  exact: boolean;
  /** Active-set pivots, summed over the columns. */
  pivots: number;
}

/** The float64 Lawson–Hanson solve from the support of X0 (row-major `n × r`). */
function polish64(p: NnlsProblem, X0: Float64Array) {
  const maxPivots = 10 * p.n + 100;
  const e = p.float64();
  const { n, r } = p;
  const X = new Float64Array(n * r);
  let exact = true;
  let pivots = 0;
  for (let col = 0; col < r; col++) {
    const start = column(X0, n, r, col);
    const top = start.reduce((m, v) => Math.max(m, v), 0);
    for (let i = 0; i < n; i++) if (start[i] <= SUPPORT_FRACTION * top) start[i] = 0;
    const res = lawsonHanson(e.G, column(e.C, n, r, col), n, { maxPivots, start });
    for (let i = 0; i < n; i++) X[i * r + col] = res.x[i];
    exact &&= res.converged;
    pivots += res.pivots;
  }
  return { X, exact, pivots, objective: objective64(e, X), start: objective64(e, X0) };
}

/** Polishes X (`n × r`, scaled problem units); at most 10n + 100 pivots per column. */
export function polish(p: NnlsProblem, x: tf.Tensor2D): PolishResult {
  const { X, exact, pivots, objective, start } = polish64(p, Float64Array.from(x.dataSync()));
  const better = objective <= start;
  return {
    x: better ? tf.tensor2d(Float32Array.from(X), [p.n, p.r]) : undefined,
    x64: better ? X : undefined,
    objective,
    exact: better && exact,
    pivots,
  };
}

/**
 * Largest n, and largest m·n² (the cost of forming AᵀA in float64), for which the driver
 * certifies first-order answers by an exact solve (`exactGap`); larger problems stop on the
 * KKT residual alone.
 */
export const CERTIFY_MAX_N = 2000;
export const CERTIFY_MAX_FLOPS = 4e9;

/** True when `exactGap` applies to p: ‖B‖ known and the exact solve affordable. */
export function canCertify(p: NnlsProblem): boolean {
  const m = p.A ? p.A.shape[0] : 1;
  return p.bNormSq > 0 && p.n <= CERTIFY_MAX_N && m * p.n * p.n <= CERTIFY_MAX_FLOPS;
}

/**
 * The objective gap of X (`n × r`, scaled units) against the exact optimum reached from its
 * support: (f(X) − f*)/max(f*, 1e-6·½‖B‖²), in float64. NaN when the exact solve did not
 * converge (no certificate).
 */
export function exactGap(p: NnlsProblem, x: tf.Tensor2D): number {
  const { exact, objective, start } = polish64(p, Float64Array.from(x.dataSync()));
  if (!exact) return NaN;
  const best = Math.min(objective, start);
  return (start - best) / Math.max(best, 1e-6 * 0.5 * p.bNormSq, 1e-300);
}
