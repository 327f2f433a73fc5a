/**
 * The last touch of an `anls` fit: one exact coordinate-descent pass (hals's sweeps, the loop form
 * of sweep-kernel.ts) over W (`n × k`) and then Hᵀ (`m × k`), both row-major, with sklearn's
 * l1/l2 penalties. The NNLS engines approach a zero of the solution without reaching it (the
 * overparametrized x = u^L, and its warm starts, stay positive); a coordinate step
 * max(x − g/G_tt, 0) lands on exactly 0 where the gradient pushes an entry below zero, and never
 * increases the objective. So the entries the solution puts at zero come back as 0.
 */
import { transposeArray } from '../linalg/sparse';
import type { NmfData } from './data';
import { regularize } from './gram-fit';
import { gramFor } from '../kernels/wasm/gram-wasm';
import type { Penalties } from './options';
import { loopSweeps } from '../kernels/js/sweep-kernel';

export const POLISH_SWEEPS = 5;
export const POLISH_RATIO = 0.01;

/** Polishes w (`n × k`) and, with `updateH`, ht (`m × k`) in place. */
export function polishFactors(
  data: NmfData,
  w: Float32Array | Float64Array,
  ht: Float32Array | Float64Array,
  k: number,
  pen: Penalties,
  updateH: boolean,
): void {
  const n = data.rows;
  const m = data.cols;
  const gram = gramFor(k);
  // W half: Gram HHᵀ, right-hand side X·Hᵀ.
  const P = data.timesTransposedArray(transposeArray(ht, m, k), k);
  const G = gram(ht, m);
  regularize(G, P, k, pen.l1W, pen.l2W);
  const W = Float64Array.from(w);
  loopSweeps(W, G, P, 0, n, k, POLISH_SWEEPS, POLISH_RATIO);
  w.set(W);
  if (!updateH) return;
  // H half: Gram WᵀW, right-hand side Xᵀ·W.
  const Q = transposeArray(data.transposedTimesArray(w, k), k, m);
  const GW = gram(w, n);
  regularize(GW, Q, k, pen.l1H, pen.l2H);
  const Ht = Float64Array.from(ht);
  loopSweeps(Ht, GW, Q, 0, m, k, POLISH_SWEEPS, POLISH_RATIO);
  ht.set(Ht);
  // A pair with one side all zero fits nothing: the sweeps leave the other side where it was
  // (its Gram diagonal is 0), but its best value is 0 (with a penalty, and for boundedness).
  for (let t = 0; t < k; t++) {
    if (columnIsZero(w, n, k, t) || columnIsZero(ht, m, k, t)) {
      for (let i = 0; i < n; i++) w[i * k + t] = 0;
      for (let j = 0; j < m; j++) ht[j * k + t] = 0;
    }
  }
}

function columnIsZero(a: Float32Array | Float64Array, rows: number, k: number, t: number) {
  for (let i = 0; i < rows; i++) if (a[i * k + t] !== 0) return false;
  return true;
}
