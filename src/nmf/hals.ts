/**
 * `hals`: fast HALS, i.e. scikit-learn's coordinate descent solver (`solver='cd'`, Cichocki &
 * Phan 2009; Hsieh & Dhillon 2011) for the Frobenius loss with sklearn's l1/l2 penalties.
 *
 * Per half-step the big product (X·Hᵀ or Wᵀ·X) runs in tfjs (dense) or in the sparse kernels;
 * the k × k Gram matrices and the coordinate sweeps (sweep-kernel.ts), which are many tiny
 * operations, run on float64 typed arrays. `violation` sums |projected gradient| over both
 * halves' first sweeps, as sklearn's `_update_cdnmf_fast` does, for its stopping rule.
 */
import * as tf from '@tensorflow/tfjs-core';
import { transposeArray } from '../linalg/sparse';
import {
  extrapolateInto,
  nextExtrapolation,
  resumedExtrapolation,
  savedExtrapolation,
} from './extrapolation';
import type { Penalties } from './options';
import type { Matrix32, RuleFactory } from './rule';
import { sweepKernel } from './sweep-kernel';

/** Accelerated HALS's limits on the repeated sweeps (see sweep-kernel.ts). */
const MAX_SWEEPS = 5;
const SWEEP_RATIO = 0.01;

function regularize(G: Float64Array, P: Float64Array, k: number, l1: number, l2: number): void {
  if (l2 !== 0) for (let t = 0; t < k; t++) G[t * k + t] += l2;
  if (l1 !== 0) for (let i = 0; i < P.length; i++) P[i] -= l1;
}

/** FᵀF (`k × k`) for F `rows × k` row-major, in float64. */
function gramOfRows(F: Float64Array, rows: number, k: number): Float64Array {
  const G = new Float64Array(k * k);
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    for (let a = 0; a < k; a++) {
      const fa = F[base + a];
      if (fa === 0) continue;
      for (let b = a; b < k; b++) G[a * k + b] += fa * F[base + b];
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) G[a * k + b] = G[b * k + a];
  return G;
}

function sum(a: Float64Array, f: (v: number) => number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += f(a[i]);
  return s;
}

/**
 * ½‖X − WH‖² plus the penalties from WᵀX (`k × m` row-major), WᵀW, W (`n × k`) and Hᵀ
 * (`m × k`): ½(‖X‖² − 2⟨WᵀX, H⟩ + ⟨WᵀW, HHᵀ⟩) + l1·Σ + ½·l2·‖·‖² for each factor.
 */
function objective(
  sqNorm: number,
  wtx: ArrayLike<number>,
  GW: Float64Array,
  w: Float64Array,
  ht: Float64Array,
  m: number,
  k: number,
  pen: Penalties,
): number {
  let cross = 0;
  for (let t = 0; t < k; t++) for (let j = 0; j < m; j++) cross += wtx[t * m + j] * ht[j * k + t];
  const GH = gramOfRows(ht, m, k);
  let product = 0;
  for (let i = 0; i < GH.length; i++) product += GW[i] * GH[i];
  let value = 0.5 * (sqNorm - 2 * cross + product);
  if (pen.l1W !== 0 || pen.l2W !== 0) value += sum(w, (v) => pen.l1W * v + 0.5 * pen.l2W * v * v);
  if (pen.l1H !== 0 || pen.l2H !== 0) value += sum(ht, (v) => pen.l1H * v + 0.5 * pen.l2H * v * v);
  return value;
}

/**
 * With `extrapolate` (the default when H is updated too), each outer iteration starts from the
 * extrapolated points of `extrapolation.ts` rather than from the last iterates: on 10,000 MNIST
 * digits at rank 16 it reaches sklearn's final error in 44 outer iterations against 95 without
 * (sklearn's `cd`: 200).
 */
export const hals: RuleFactory = ({
  data,
  W: W0,
  H: H0,
  penalties: pen,
  updateH,
  options,
  state,
  matrices,
}) => {
  const n = data.rows;
  const m = data.cols;
  const k = W0.shape[1];
  const sweep = sweepKernel(k);
  const w = Float64Array.from(W0.dataSync()); // Wₙ, n × k
  const ht = Float64Array.from(transposeArray(H0.dataSync(), k, m)); // Hₙᵀ, m × k
  tf.dispose([W0, H0]);
  const extrapolating = updateH && options.extrapolate;
  // Ŵ, Ĥᵀ: where the next iteration starts; Wₙ₋₁, Hₙ₋₁ᵀ: the previous iterates.
  const wHat = extrapolating ? Float64Array.from(w) : w;
  const htHat = extrapolating ? Float64Array.from(ht) : ht;
  const wPrev = extrapolating ? Float64Array.from(w) : w;
  const htPrev = extrapolating ? Float64Array.from(ht) : ht;
  if (extrapolating && matrices?.Wstart && matrices.Hstart) {
    wHat.set(matrices.Wstart.data);
    htHat.set(transposeArray(matrices.Hstart.data, k, m));
  }
  let extra = resumedExtrapolation(state);
  let W: tf.Tensor2D | undefined;
  let H: tf.Tensor2D | undefined;
  let WtX: Float32Array | undefined;
  let violation = 0;
  const hTensor = (a: Float64Array) => tf.tensor2d(transposeArray(a, m, k), [k, m]);
  return {
    get W() {
      return (W ??= tf.tensor2d(Float32Array.from(w), [n, k]));
    },
    get H() {
      return (H ??= hTensor(ht));
    },
    get WtX() {
      return WtX;
    },
    get violation() {
      return violation;
    },
    get state() {
      return savedExtrapolation(extra);
    },
    matrices(): Record<string, Matrix32> {
      if (!extrapolating) return {};
      return {
        Wstart: { data: Float32Array.from(wHat), shape: [n, k] },
        Hstart: { data: transposeArray(htHat, m, k), shape: [k, m] },
      };
    },
    async step() {
      // W half: min ½‖X − WĤ‖² over W ≥ 0 from Ŵ, with Gram ĤĤᵀ and right-hand side X·Ĥᵀ.
      const P = Float64Array.from(data.timesTransposedArray(transposeArray(htHat, m, k), k));
      const G = gramOfRows(htHat, m, k);
      regularize(G, P, k, pen.l1W, pen.l2W);
      if (w !== wHat) w.set(wHat);
      violation = sweep(w, G, P, n, MAX_SWEEPS, SWEEP_RATIO);
      tf.dispose([W, H]);
      W = H = undefined;
      WtX = undefined;
      if (!updateH) return;
      // H half on the transposed problem from Ĥᵀ: Gram WᵀW, right-hand side Xᵀ·W.
      const wtx = data.transposedTimesArray(w, k);
      const Q = Float64Array.from(transposeArray(wtx, k, m));
      const GW = gramOfRows(w, n, k);
      const GWreg = Float64Array.from(GW);
      regularize(GWreg, Q, k, pen.l1H, pen.l2H);
      if (ht !== htHat) ht.set(htHat);
      violation += sweep(ht, GWreg, Q, m, MAX_SWEEPS, SWEEP_RATIO);
      WtX = wtx;
      if (!extrapolating) return;
      const next = nextExtrapolation(extra, objective(data.sqNorm, wtx, GW, w, ht, m, k, pen));
      extra = next.state;
      const beta = next.extrapolate ? extra.beta : 0;
      extrapolateInto(wHat, w, wPrev, beta);
      extrapolateInto(htHat, ht, htPrev, beta);
    },
    dispose() {
      tf.dispose([W, H]);
    },
  };
};
