/**
 * `hals`: fast HALS, i.e. scikit-learn's coordinate descent solver (`solver='cd'`, Cichocki &
 * Phan 2009; Hsieh & Dhillon 2011) for the Frobenius loss with sklearn's l1/l2 penalties.
 *
 * Per half-step the big product (X·Hᵀ or Wᵀ·X) runs in tfjs (dense) or in the sparse kernels,
 * the k × k Gram matrix is one tfjs product, and the coordinate sweeps, which are many tiny
 * operations, run on float64 typed arrays. `violation` sums |projected gradient| over both sweeps, as sklearn's
 * `_update_cdnmf_fast` does, for its stopping rule.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gramOf } from '../linalg/small';
import { transposeArray } from '../linalg/sparse';
import type { RuleFactory } from './rule';

/**
 * One coordinate-descent sweep on min_{F ≥ 0} ½ tr(F G Fᵀ) − tr(Fᵀ P) for F `rows × k`
 * (row-major, updated in place), G `k × k`, P `rows × k`. Returns Σ|projected gradient| (before
 * the updates, as sklearn measures it) and Σ(ΔF)².
 *
 * The problem separates over the rows of F, so sweeping row by row (all k coordinates of a
 * row, then the next row) performs the updates of sklearn's column-by-column order. The
 * gradient `grad` = F·G − P (`rows × k`) is kept up to date by a rank-one update per
 * coordinate that moves, so coordinates held at 0 cost nothing. With `fresh` false, `grad`
 * must hold the gradient left by the previous sweep on the same F, G and P, and the next
 * sweep starts from it instead of recomputing it.
 */
export function coordinateSweep(
  F: Float64Array,
  G: Float64Array,
  P: ArrayLike<number>,
  rows: number,
  k: number,
  grad: Float64Array = new Float64Array(rows * k),
  fresh = true,
): { violation: number; change: number } {
  let violation = 0;
  let change = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    if (fresh) {
      for (let t = 0; t < k; t++) grad[base + t] = -P[base + t];
      for (let r = 0; r < k; r++) {
        const f = F[base + r];
        if (f !== 0) for (let t = 0; t < k; t++) grad[base + t] += G[r * k + t] * f;
      }
    }
    for (let t = 0; t < k; t++) {
      const g = grad[base + t];
      const old = F[base + t];
      violation += old === 0 ? Math.max(-g, 0) : Math.abs(g);
      const hess = G[t * k + t];
      if (hess === 0) continue;
      const next = Math.max(old - g / hess, 0);
      const delta = next - old;
      if (delta === 0) continue;
      F[base + t] = next;
      change += delta * delta;
      for (let r = 0; r < k; r++) grad[base + r] += G[t * k + r] * delta;
    }
  }
  return { violation, change };
}

/**
 * Accelerated HALS (Gillis & Glineur 2012): a product X·Hᵀ (or Wᵀ·X) costs far more than a
 * sweep, so the sweep is repeated on the same G and P while it still moves F: until a sweep's
 * squared change falls below 1% of the first one's, at most MAX_SWEEPS sweeps (5: on 10,000
 * MNIST digits at rank 16 it reached sklearn's final error in 95 outer iterations where one
 * sweep, sklearn's `cd`, needs ≈ 200). The repeated sweeps reuse the gradient the previous
 * one left. Returns the first sweep's violation (sklearn's stopping measure).
 */
function sweeps(F: Float64Array, G: Float64Array, P: ArrayLike<number>, rows: number, k: number) {
  const grad = new Float64Array(rows * k);
  const first = coordinateSweep(F, G, P, rows, k, grad, true);
  for (let s = 1; s < MAX_SWEEPS; s++) {
    if (coordinateSweep(F, G, P, rows, k, grad, false).change <= 0.01 * first.change) break;
  }
  return first.violation;
}

const MAX_SWEEPS = 5;

function regularize(G: Float64Array, P: Float64Array, k: number, l1: number, l2: number): void {
  if (l2 !== 0) for (let t = 0; t < k; t++) G[t * k + t] += l2;
  if (l1 !== 0) for (let i = 0; i < P.length; i++) P[i] -= l1;
}

export const hals: RuleFactory = ({ data, W: W0, H: H0, penalties: pen, updateH }) => {
  const n = data.rows;
  const m = data.cols;
  const k = W0.shape[1];
  const w = Float64Array.from(W0.dataSync());
  const ht = Float64Array.from(transposeArray(H0.dataSync(), k, m)); // Hᵀ, m × k
  let W = W0;
  let H = H0;
  let WtX: Float32Array | undefined;
  let violation = 0;
  const readBack = (t: tf.Tensor2D): Float32Array => {
    const d = t.dataSync() as Float32Array;
    t.dispose();
    return d;
  };
  return {
    get W() {
      return W;
    },
    get H() {
      return H;
    },
    get WtX() {
      return WtX;
    },
    get violation() {
      return violation;
    },
    async step() {
      // W half: min ½‖X − WH‖² over W ≥ 0, with Gram HHᵀ and right-hand side X·Hᵀ.
      const P = Float64Array.from(readBack(data.timesTransposed(H)));
      const G = gramOf(H, 'rows');
      regularize(G, P, k, pen.l1W, pen.l2W);
      violation = sweeps(w, G, P, n, k);
      W.dispose();
      W = tf.tensor2d(Float32Array.from(w), [n, k]);
      WtX = undefined;
      if (!updateH) return;
      // H half on the transposed problem: Hᵀ (m × k), Gram WᵀW, right-hand side Xᵀ·W.
      const wtx = readBack(data.transposedTimes(W));
      const Q = Float64Array.from(transposeArray(wtx, k, m));
      const GW = gramOf(W, 'columns');
      regularize(GW, Q, k, pen.l1H, pen.l2H);
      violation += sweeps(ht, GW, Q, m, k);
      H.dispose();
      H = tf.tensor2d(transposeArray(ht, m, k), [k, m]);
      WtX = wtx;
    },
    dispose() {
      tf.dispose([W, H]);
    },
  };
};
