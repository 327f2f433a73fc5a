/**
 * `hals`: cyclic coordinate descent (HALS, Cichocki & Phan) over the n coordinates, all r
 * columns at once. Coordinate i moves to its exact minimizer with the others fixed:
 *
 *     X[i, :] ← max(0, X[i, :] − ∇f(X)[i, :] / G[i, i]),   ∇f = GX − C kept up to date.
 *
 * One iteration is one sweep over all n coordinates. The sweep runs on float64 typed arrays
 * (G and C read back once; the gradient updated by a rank-one correction per coordinate,
 * O(n·r) each): one tfjs op per coordinate would cost n dispatches per sweep (≈10–20 µs each on
 * wasm), more than the arithmetic for n in the hundreds. Tensors are made only at check points.
 * Starts from x0, or alpha·1 when alpha is given, or 0. Coordinates with G[i, i] = 0 (a zero
 * column of A) stay where they start.
 */
import * as tf from '@tensorflow/tfjs-core';
import { iterate, type Stepper } from './driver';
import { startingPoint } from './pgd';
import type { NnlsSolver } from './types';

/** One HALS sweep in place on X and its gradient R = GX − C (row-major, `n × r`). */
export function halsSweep(
  G: Float64Array,
  X: Float64Array,
  R: Float64Array,
  n: number,
  r: number,
): void {
  const delta = new Float64Array(r);
  for (let i = 0; i < n; i++) {
    const gii = G[i * n + i];
    if (!(gii > 0)) continue;
    let moved = false;
    for (let c = 0; c < r; c++) {
      const xi = X[i * r + c];
      const next = Math.max(0, xi - R[i * r + c] / gii);
      delta[c] = next - xi;
      if (delta[c] !== 0) {
        X[i * r + c] = next;
        moved = true;
      }
    }
    if (!moved) continue;
    for (let k = 0; k < n; k++) {
      const gki = G[i * n + k]; // = G[k, i] (G is symmetric)
      if (gki === 0) continue;
      const row = k * r;
      for (let c = 0; c < r; c++) R[row + c] += gki * delta[c];
    }
  }
}

export const hals: NnlsSolver = (p, o) => {
  const { n, r } = p;
  const G = Float64Array.from(p.G.dataSync());
  const C = p.C.dataSync();
  const start = startingPoint(p, o);
  const X = Float64Array.from(start.dataSync());
  start.dispose();
  const R = new Float64Array(n * r);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < r; c++) {
      let s = -C[i * r + c];
      for (let k = 0; k < n; k++) s += G[i * n + k] * X[k * r + c];
      R[i * r + c] = s;
    }
  }
  let cached: tf.Tensor2D | undefined;
  const stepper: Stepper = {
    get x() {
      cached ??= tf.tensor2d(Float32Array.from(X), [n, r]);
      return cached;
    },
    step() {
      halsSweep(G, X, R, n, r);
      cached?.dispose();
      cached = undefined;
    },
    recover() {
      return false;
    },
    dispose() {
      cached?.dispose();
    },
  };
  return iterate(p, o, stepper, 'hals');
};
