/**
 * The coordinate-descent kernel of `hals`: min_{F ≥ 0} ½ tr(F G Fᵀ) − tr(Fᵀ P) for F
 * `rows × k` (row-major, updated in place), G `k × k` (symmetric), P `rows × k`.
 *
 * The problem separates over the rows of F, so each row is swept on its own, its k coordinates
 * in sklearn's order, with the row's gradient F_i·G − P_i kept up to date by one k-vector
 * update per coordinate that moves (coordinates that stay put cost nothing). A row is swept
 * again while that is worth it (accelerated HALS, Gillis & Glineur 2012: a sweep costs far
 * less than the product that made P): at most `maxSweeps` times, and only while its last sweep
 * changed it by more than `ratio` times its first sweep's squared change.
 *
 * Two precisions: `loopSweeps` in float64 (`anls`'s polish, the sharded fit's) and
 * `loopSweeps32` in float32 (`hals`). These loop forms are the JavaScript ones (they run where
 * WebAssembly SIMD is missing; the wasm kernels `sweepRows` and `sweepRows32` of sweep-wasm.ts
 * are the fast paths and compute the same bits). Rows are independent, so a threaded sweep (the
 * chunk task `sweepChunk`) gives the same F.
 */
import { gramLoop } from '../wasm/thin64';

/**
 * Sweeps rows r0 ≤ i < r1 of F; returns Σ|projected gradient| of their first sweep before its
 * updates (sklearn's measure).
 */
export type SweepKernel = (
  F: Float64Array,
  G: Float64Array,
  P: ArrayLike<number>,
  r0: number,
  r1: number,
  maxSweeps: number,
  ratio: number,
) => number;

const kernels = new Map<number, SweepKernel>();

/** The kernel for rank k: `loopSweeps` with k bound. */
export function sweepKernel(k: number): SweepKernel {
  let kernel = kernels.get(k);
  if (!kernel) {
    kernel = (F, G, P, r0, r1, maxSweeps, ratio) =>
      loopSweeps(F, G, P, r0, r1, k, maxSweeps, ratio);
    kernels.set(k, kernel);
  }
  return kernel;
}

/** The kernel as plain loops, for any k. */
export function loopSweeps(
  F: Float64Array,
  G: Float64Array,
  P: ArrayLike<number>,
  r0: number,
  r1: number,
  k: number,
  maxSweeps: number,
  ratio: number,
): number {
  let violation = 0;
  const g = new Float64Array(k);
  const f = new Float64Array(k);
  for (let i = r0; i < r1; i++) {
    const base = i * k;
    for (let t = 0; t < k; t++) f[t] = F[base + t];
    // g = f·G − P_i, the terms of the r with f[r] = 0 skipped (zeros: they change at most the
    // sign of a zero entry, which no update reads), so a sparse row costs its non-zeros.
    for (let t = 0; t < k; t++) g[t] = -P[base + t];
    for (let r = 0; r < k; r++) {
      const fr = f[r];
      if (fr === 0) continue;
      for (let t = 0; t < k; t++) g[t] += G[r * k + t] * fr;
    }
    let first = 0;
    for (let s = 0; s < maxSweeps; s++) {
      let change = 0;
      for (let t = 0; t < k; t++) {
        if (s === 0) violation += f[t] === 0 ? Math.max(-g[t], 0) : Math.abs(g[t]);
        const hess = G[t * k + t];
        if (hess === 0) continue;
        const next = Math.max(f[t] - g[t] / hess, 0);
        const delta = next - f[t];
        if (delta === 0) continue;
        f[t] = next;
        change += delta * delta;
        for (let r = 0; r < k; r++) g[r] += G[t * k + r] * delta;
      }
      if (s === 0) first = change;
      else if (change <= ratio * first) break;
      if (change === 0) break;
    }
    for (let t = 0; t < k; t++) F[base + t] = f[t];
  }
  return violation;
}

/**
 * loopSweeps with float32 arithmetic (`hals`'s sweeps): G `k × k` float32, each row of F rounded
 * to float32 as it is loaded and its swept values stored back (F stays float64, the start's
 * extrapolation too). Every operation is rounded to float32 as WebAssembly's f32 operations round
 * (a float32 product or quotient computed in float64 and rounded once is the float32 result), so
 * sweep-wasm.ts's `sweepRows32` gives the same bits; the violation sums in float64. On the bench
 * cases (MNIST at ranks 16 and 64, tf-idf, generated data) hals reaches its target error in the
 * same number of outer iterations as with float64 sweeps, which take ≈1.6× as long at k = 64.
 * A copy of loopSweeps's loops, not one loop over a rounding function: in a process that runs
 * both, V8 then compiled the shared loop for neither (3–5× slower on 20,000 rows at k = 20).
 */
export function loopSweeps32(
  F: Float64Array,
  G: Float32Array,
  P: ArrayLike<number>,
  r0: number,
  r1: number,
  k: number,
  maxSweeps: number,
  ratio: number,
): number {
  const round = Math.fround;
  const ratio32 = round(ratio);
  let violation = 0;
  const g = new Float32Array(k);
  const f = new Float32Array(k);
  for (let i = r0; i < r1; i++) {
    const base = i * k;
    for (let t = 0; t < k; t++) f[t] = F[base + t];
    for (let t = 0; t < k; t++) g[t] = -P[base + t];
    for (let r = 0; r < k; r++) {
      const fr = f[r];
      if (fr === 0) continue;
      for (let t = 0; t < k; t++) g[t] += round(G[r * k + t] * fr);
    }
    let first = 0;
    for (let s = 0; s < maxSweeps; s++) {
      let change = 0;
      for (let t = 0; t < k; t++) {
        if (s === 0) violation += f[t] === 0 ? Math.max(-g[t], 0) : Math.abs(g[t]);
        const hess = G[t * k + t];
        if (hess === 0) continue;
        const next = Math.max(round(f[t] - round(g[t] / hess)), 0);
        const delta = round(next - f[t]);
        if (delta === 0) continue;
        f[t] = next;
        change = round(change + round(delta * delta));
        for (let r = 0; r < k; r++) g[r] += round(G[t * k + r] * delta);
      }
      if (s === 0) first = change;
      else if (change <= round(ratio32 * first)) break;
      if (change === 0) break;
    }
    for (let t = 0; t < k; t++) F[base + t] = f[t];
  }
  return violation;
}

/**
 * Where a half's sweeps start: F itself, an array F is set to first, or F extrapolated in place
 * from its previous iterate, max(F + β(F − previous), 0) entrywise with previous ← F
 * (extrapolation.ts's arithmetic), row by row as the sweeps take them.
 */
export type SweepStart = Float64Array | { previous: Float64Array; beta: number };

/** Rows per chunk of a threaded sweep (each chunk's violation is summed in chunk order). */
export const SWEEP_CHUNK_ROWS = 256;

/** What a threaded sweep reads and writes; F, P and violations on SharedArrayBuffers. */
export interface SweepPayload {
  F: Float64Array;
  /** float32 for loopSweeps32's arithmetic, float64 for loopSweeps's. */
  G: Float64Array | Float32Array;
  P: Float32Array;
  rows: number;
  /** The rank: F, P are `rows × k`, G `k × k`. */
  k: number;
  maxSweeps: number;
  ratio: number;
  /** One slot per chunk of SWEEP_CHUNK_ROWS rows. */
  violations: Float64Array;
}

/**
 * The chunk task `hals-sweep` (tasks.ts): sweeps chunk c of a SweepPayload, in float32 where its G
 * is (loopSweeps32), else in float64.
 */
export function sweepChunk(p: SweepPayload, c: number): void {
  const r0 = c * SWEEP_CHUNK_ROWS;
  const r1 = Math.min(p.rows, r0 + SWEEP_CHUNK_ROWS);
  p.violations[c] =
    p.G instanceof Float32Array
      ? loopSweeps32(p.F, p.G, p.P, r0, r1, p.k, p.maxSweeps, p.ratio)
      : loopSweeps(p.F, p.G, p.P, r0, r1, p.k, p.maxSweeps, p.ratio);
}

/** FᵀF (`k × k`, symmetric) for F `rows × k` row-major, in float64. */
export type GramKernel = (F: Float64Array | Float32Array, rows: number) => Float64Array;

/** The Gram kernel for rank k in JavaScript: thin64.ts's gramLoop (the same bits as Thin64). */
export function gramKernel(k: number): GramKernel {
  return (F, rows) => gramLoop(F, rows, k);
}
