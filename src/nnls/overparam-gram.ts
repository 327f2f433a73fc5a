/**
 * `overparam` with the `bb` step rule on typed arrays, for Gram-form problems with a small
 * n and many right-hand sides (the NMF half-steps of `anls`: G `k × k`, C `k × nSamples`).
 *
 * The same method as `bbRule` in overparam.ts, column by column (its steps, step sizes and
 * acceptance test are per column): GD on u with x = u^L, Barzilai–Borwein steps, the
 * non-monotone acceptance f(x⁺) ≤ max(last BB_MEMORY levels) − ARMIJO_C·η‖∇ℒ‖² with u⁺ ≥ 0
 * and f finite, a rejected column keeping its iterate and quartering its step. The driver's
 * stopping rule is kept too: at every `checkEvery`-th iteration (and at maxIter) the relative
 * KKT residual ‖min(λ·x, Gx − C)‖_F / ‖C‖_F is compared with `tol`. What changes is the cost:
 * one iteration is a few float64 loops (≈ 2·n²·r flops, generated per n: overparam-gram-kernel.ts)
 * instead of ~125 tfjs dispatches, on worker threads when there are any, and the arithmetic is
 * float64 instead of float32.
 */
import { runTaskOnThisThread, sharedFloat64, type ChunkTask } from '../linalg/simd/kernel-threads';
import { BB_MEMORY } from './overparam';
import { DEFAULT_ALPHA, X0_FLOOR } from './overparam-common';
import { BB_CHUNK_COLUMNS, bbTaskSource, type BbColumns } from './overparam-gram-kernel';

/** Largest n for which `anls` takes this path (a k × k Gram matrix stays in cache). */
export const GRAM_FAST_PATH_MAX_N = 64;

export interface GramBbOptions {
  depth: number;
  alpha?: number;
  learningRate?: number;
  /** λmax(G) (an upper estimate), the unit of the step sizes. */
  lipschitz: number;
  /**
   * Stop once the relative KKT residual is at most this; as a function, of the warm start's
   * relative residual (as given, before flooring).
   */
  tol: number | ((startResidual: number) => number);
  maxIter: number;
  checkEvery: number;
}

export interface GramBbResult {
  /** The solution, `n × r` row-major. */
  x: Float64Array;
  iterations: number;
  kktResidual: number;
}

/**
 * The state arrays of overparamGramBb kept from one call to the next with the same n and r
 * (anls's half-steps), on shared memory: without it every call allocates ≈ 7·8·n·r bytes of
 * SharedArrayBuffers that only the garbage collector frees.
 */
export class GramBbWorkspace {
  private readonly states = new Map<string, BbColumns>();

  /** The arrays for n and r (zero-filled when new; as the last call left them otherwise). */
  arrays(n: number, r: number): BbColumns {
    const key = `${n}×${r}`;
    let S = this.states.get(key);
    if (!S) {
      const chunks = Math.ceil(r / BB_CHUNK_COLUMNS);
      S = {
        G: sharedFloat64(n * n),
        n,
        r,
        depth: 2,
        eta0: 1,
        lipschitz: 1,
        floor: 0,
        c: sharedFloat64(n * r),
        u: sharedFloat64(n * r),
        x: sharedFloat64(n * r),
        gx: sharedFloat64(n * r),
        prevU: sharedFloat64(n * r),
        prevDir: sharedFloat64(n * r),
        eta: sharedFloat64(r),
        level: sharedFloat64(r),
        recent: sharedFloat64(r * BB_MEMORY),
        kkt: sharedFloat64(chunks),
        startKkt: sharedFloat64(chunks),
      };
      this.states.set(key, S);
    }
    return S;
  }
}

/**
 * Solves min_{x ≥ 0} ½⟨x, Gx⟩ − ⟨C, x⟩ for G `n × n` and C, x0 `n × r` (row-major) from the
 * warm start x0 (floored at alpha·X0_FLOOR, as `overparam` does). The columns advance in
 * chunks of BB_CHUNK_COLUMNS through `runTask` (the threads of the products, where there are
 * any), `checkEvery` iterations at a time between residual checks; the result does not depend
 * on the number of threads.
 */
export function overparamGramBb(
  G: Float64Array,
  C: ArrayLike<number>,
  x0: ArrayLike<number>,
  n: number,
  r: number,
  o: GramBbOptions,
  runTask: (task: ChunkTask) => void = runTaskOnThisThread,
  workspace = new GramBbWorkspace(),
): GramBbResult {
  const L = o.depth;
  const chunks = Math.ceil(r / BB_CHUNK_COLUMNS);
  const eta0 = (o.learningRate ?? 1) / (o.lipschitz || 1);
  const S = workspace.arrays(n, r);
  Object.assign(S, {
    depth: L,
    eta0,
    lipschitz: o.lipschitz,
    floor: (o.alpha ?? DEFAULT_ALPHA) * X0_FLOOR,
  });
  // u, Gx are set by the init pass and the previous u and d before they are read (k > 0).
  S.G.set(G);
  toColumns(C, n, r, S.c);
  toColumns(x0, n, r, S.x);
  S.eta.fill(eta0);
  S.level.fill(0);
  S.recent.fill(0);
  let cNorm = 0;
  for (let i = 0; i < S.c.length; i++) cNorm += S.c[i] * S.c[i];
  cNorm = Math.sqrt(cNorm) || 1;
  const source = bbTaskSource(n, L);
  const relative = (parts: Float64Array) => {
    let s = 0;
    for (let c = 0; c < chunks; c++) s += parts[c];
    return Math.sqrt(s) / cNorm;
  };
  /** Iterations k0 ≤ k < k1 on every column; the relative KKT residual after them. */
  const advance = (k0: number, k1: number, init: boolean) => {
    runTask({ source, payload: { S, k0, k1, init }, chunks });
    return relative(S.kkt);
  };
  let k = 0;
  let residual = advance(0, 0, true);
  const tol = typeof o.tol === 'function' ? o.tol(relative(S.startKkt)) : o.tol;
  while (residual > tol && k < o.maxIter) {
    const next = Math.min(o.maxIter, (Math.floor(k / o.checkEvery) + 1) * o.checkEvery);
    residual = advance(k, next, false);
    k = next;
  }
  return { x: rows(S.x, n, r), iterations: k, kktResidual: residual };
}

/**
 * The relative KKT residual ‖min(λ·x, Gx − C)‖_F / ‖C‖_F (as `kktResidualTensor`) for G
 * `n × n` and C, x `n × r` row-major, in float64.
 */
export function gramKktResidual(
  G: Float64Array,
  C: ArrayLike<number>,
  x: ArrayLike<number>,
  n: number,
  r: number,
  lipschitz: number,
): number {
  let s = 0;
  let cNorm = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < r; j++) {
      let g = -C[i * r + j];
      for (let t = 0; t < n; t++) g += G[i * n + t] * x[t * r + j];
      const m = Math.min(x[i * r + j] * (lipschitz || 1), g);
      s += m * m;
      cNorm += C[i * r + j] * C[i * r + j];
    }
  }
  return Math.sqrt(s) / (Math.sqrt(cNorm) || 1);
}

/** `n × r` row-major to r × n row-major (columns contiguous), into out. */
function toColumns(a: ArrayLike<number>, n: number, r: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < r; j++) out[j * n + i] = a[i * r + j];
}

function rows(a: Float64Array, n: number, r: number): Float64Array {
  const out = new Float64Array(n * r);
  for (let j = 0; j < r; j++) for (let i = 0; i < n; i++) out[i * r + j] = a[j * n + i];
  return out;
}
