/**
 * `active-set`: the exact solver. Lawson–Hanson / FNNLS (see `lawson-hanson.ts`) per column of
 * C, in float64 on the problem's float64 form (built once from the caller's data, so the answer
 * is exact for the float64 inputs, not for their float32 copies). G is shared by all r columns.
 *
 * Contract: `iterations` is the largest number of outer iterations (indices chosen to enter the
 * passive set) any column needed, at most `maxIter`; the answer is float64 (`x64`, and
 * `xFloat64` in `nnls()`'s result; the tensor is its float32 rounding); `objective` is computed
 * in float64 from that float64 solution; `kktResidual` is measured in float32 like every other
 * solver's.
 *
 * Start: `x0` when given; else, when G is positive definite, the unconstrained least-squares
 * solution G⁻¹C clipped at 0 (one shared Cholesky factorization, n³/3 flops): its support is
 * usually close to the answer's, which saves most of the one-at-a-time pivots of a cold start
 * (on 1000×500 Gaussian problems ≈5× fewer flops). Rank-deficient G starts cold from 0. The time limit and the abort signal are checked
 * between columns; columns not reached are left at 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { choleskySolve64, objective64 } from '../linalg/dense64';
import { yieldToEventLoop } from './driver';
import { column, lawsonHanson } from './lawson-hanson';
import { measure } from './measures';
import type { IterationInfo, NnlsSolver, StopReason } from './types';

/** Yield to the event loop (abort signals) at most this often, in milliseconds. */
const YIELD_MS = 50;

export { column };

export const activeSet: NnlsSolver = async (p, o) => {
  const start = performance.now();
  const e = p.float64();
  const { n, r } = p;
  const X = new Float64Array(n * r);
  const X0 = o.x0 ? Float64Array.from(o.x0.dataSync()) : choleskySolve64(e.G, e.C, n, r);
  let iterations = 0;
  let stopReason: StopReason = 'tolerance';
  let lastYield = start;
  for (let col = 0; col < r; col++) {
    const res = lawsonHanson(e.G, column(e.C, n, r, col), n, {
      maxPivots: o.maxIter,
      start: X0 && column(X0, n, r, col),
    });
    for (let i = 0; i < n; i++) X[i * r + col] = res.x[i];
    iterations = Math.max(iterations, res.iterations);
    if (!res.converged) stopReason = 'maxIter';
    if (performance.now() - lastYield > YIELD_MS && col + 1 < r) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
    if (col + 1 < r && (performance.now() - start) / 1000 >= o.timeLimitSeconds) {
      stopReason = 'timeLimit';
      break;
    }
    if (col + 1 < r && o.signal?.aborted) {
      stopReason = 'aborted';
      break;
    }
  }
  const x = tf.tensor2d(Float32Array.from(X), [n, r]);
  const info: IterationInfo = {
    iteration: iterations,
    objective: objective64(e, X),
    kktResidual: measure(p, x).kktResidual,
    seconds: (performance.now() - start) / 1000,
  };
  o.onIteration?.(info);
  return {
    x,
    x64: X,
    iterations,
    converged: stopReason === 'tolerance',
    stopReason,
    objective: info.objective,
    kktResidual: info.kktResidual,
    history: o.history ? [info] : [],
  };
};
