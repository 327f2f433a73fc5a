/**
 * `polish`: turns a first-order answer into the exact NNLS solution. Per column, the support of
 * x (entries above 1e-7 of the column's largest) seeds a warm-started Lawson–Hanson run in
 * float64: an exact least-squares solve on the support, then active-set steps (usually none or
 * a few) until the KKT conditions hold. The polished X is kept only if it is no worse in
 * float64 objective than the first-order X.
 */
import * as tf from '@tensorflow/tfjs-core';
import { objective64 } from '../linalg/dense64';
import { column } from './active-set';
import { lawsonHanson } from './lawson-hanson';
import type { NnlsProblem } from './types';

/** Entries at most this fraction of their column's largest (float32 rounding level) are taken as 0. */
const SUPPORT_FRACTION = 1e-7;

export interface PolishResult {
  /** The polished X (`n × r`, owned by the caller), or undefined when it was not better. */
  x?: tf.Tensor2D;
  /** Float64 objective of the polished X. */
  objective: number;
  /** True when every column reached the exact KKT point. */
  exact: boolean;
  /** Active-set pivots, summed over the columns. */
  pivots: number;
}

/** Polishes X (`n × r`, scaled problem units); at most 10n + 100 pivots per column. */
export function polish(p: NnlsProblem, x: tf.Tensor2D): PolishResult {
  const maxPivots = 10 * p.n + 100;
  const e = p.float64();
  const { n, r } = p;
  const X0 = Float64Array.from(x.dataSync());
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
  const objective = objective64(e, X);
  const better = objective <= objective64(e, X0);
  return {
    x: better ? tf.tensor2d(Float32Array.from(X), [n, r]) : undefined,
    objective,
    exact: better && exact,
    pivots,
  };
}
