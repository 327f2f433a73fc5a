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
 * one iteration is a few loops (≈ 2·n²·r flops: kernels/js/bb-columns.ts, or bbPairs) instead
 * of ~125 tfjs dispatches, on worker threads when there are any, and the arithmetic is float64
 * instead of float32, except for anls's half-steps (float32 rows in and out, at most
 * MAX_CHUNK_SEGMENTS checks), which run in float32 (js/bb-columns32.ts, or products.wat's
 * bbQuads: four columns per instruction instead of two).
 */
import { runTaskOnThisThread, type ChunkTask } from './threads/tasks';
import { DEFAULT_ALPHA, X0_FLOOR } from './overparam-maps';
import {
  ColumnState,
  MAX_CHUNK_SEGMENTS,
  QuadChunks,
  PairState,
  quadChunksAvailable,
  pairStateAvailable,
  type BbLayout,
  type BbScalars,
  type BbState,
} from './bb-state';
import { NEVER_SWITCH } from './js/bb-columns';

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
  /** The layout of C, x0 and the solution (default `rows`, `n × r` row-major). */
  layout?: BbLayout;
  /** ‖C‖_F, when the caller has it. */
  cNorm?: number;
  /**
   * From this iteration on, projected BB steps on x from the iterate (js/bb-columns.ts;
   * default: never, the overparametrized method alone).
   */
  switchAt?: number;
}

export interface GramBbResult {
  /** The solution, `n × r` in the layout (into `out` when given). */
  x: Float64Array | Float32Array;
  iterations: number;
  kktResidual: number;
}

/**
 * The states of overparamGramBb kept from one call to the next with the same n, r and form
 * (anls's half-steps): without it every call allocates ≈ 7·8·n·r bytes of shared memory that
 * only the garbage collector frees.
 */
export class GramBbWorkspace {
  private readonly states = new Map<string, BbState | QuadChunks>();

  /** @param wasm whether to use PairState where it runs (false: always ColumnState) */
  constructor(private readonly wasm = true) {}

  /**
   * The state for n, r and depth: wasm pairs for depth 2 where they run, else JS columns; with
   * float32 (depth 2), js/bb-columns32.ts's columns.
   */
  state(n: number, r: number, depth: number, float32 = false): BbState {
    const pairs = depth === 2 && !float32;
    const key = `${n}×${r}${pairs ? ' depth 2' : ''}${float32 ? ' float32' : ''}`;
    let state = this.states.get(key) as BbState | undefined;
    if (!state) {
      state =
        pairs && this.wasm && pairStateAvailable(n, r)
          ? new PairState(n, r)
          : new ColumnState(n, r, float32);
      this.states.set(key, state);
    }
    return state;
  }

  /** The chunk-by-chunk float32 quads for n × r (QuadChunks), where they run. */
  chunks(n: number, r: number): QuadChunks | undefined {
    const key = `${n}×${r} chunks`;
    let state = this.states.get(key);
    if (!state && this.wasm && quadChunksAvailable(n, r)) {
      state = new QuadChunks(n, r);
      this.states.set(key, state);
    }
    return state as QuadChunks | undefined;
  }

  dispose(): void {
    for (const state of this.states.values()) state.dispose();
    this.states.clear();
  }
}

/**
 * Solves min_{x ≥ 0} ½⟨x, Gx⟩ − ⟨C, x⟩ for G `n × n` and C, x0 `n × r` (row-major) from the
 * warm start x0 (floored at alpha·X0_FLOOR, as `overparam` does). The columns advance in
 * chunks of BB_CHUNK_COLUMNS through `runTask` (the threads of the products, where there are
 * any), `checkEvery` iterations at a time between residual checks; the result does not depend
 * on the number of threads, nor on the form of the state (kernels/bb-state.ts). Float32 rows
 * (`columns` layout) with at most MAX_CHUNK_SEGMENTS checks, anls's half-steps, are solved in
 * float32 arithmetic, by QuadChunks where it runs (each chunk runs the whole solve in one task:
 * see `solveByChunks`), else by ColumnState's float32 form (the same bits).
 */
export function overparamGramBb(
  G: Float64Array,
  C: ArrayLike<number>,
  x0: ArrayLike<number>,
  n: number,
  r: number,
  o: GramBbOptions,
  runTask: (task: ChunkTask) => void = runTaskOnThisThread,
  workspace?: GramBbWorkspace,
  out: Float64Array | Float32Array = new Float64Array(n * r),
): GramBbResult {
  if (!workspace) {
    const own = new GramBbWorkspace();
    try {
      return overparamGramBb(G, C, x0, n, r, o, runTask, own, out);
    } finally {
      own.dispose();
    }
  }
  const layout = o.layout ?? 'rows';
  const scalars = {
    depth: o.depth,
    eta0: (o.learningRate ?? 1) / (o.lipschitz || 1),
    lipschitz: o.lipschitz,
    floor: (o.alpha ?? DEFAULT_ALPHA) * X0_FLOOR,
    switchAt: Math.min(o.switchAt ?? NEVER_SWITCH, NEVER_SWITCH),
  };
  const cNorm = (o.cNorm ?? Math.sqrt(squaredNorm(C))) || 1;
  const bounds = checkBounds(o.maxIter, o.checkEvery);
  const float32 =
    o.depth === 2 &&
    layout === 'columns' &&
    C instanceof Float32Array &&
    x0 instanceof Float32Array &&
    out instanceof Float32Array &&
    bounds.length <= MAX_CHUNK_SEGMENTS;
  if (float32) {
    const chunks = workspace.chunks(n, r);
    if (chunks) return solveByChunks(chunks, G, C, x0, bounds, o, scalars, cNorm, runTask, out);
  }
  const state = workspace.state(n, r, o.depth, float32);
  state.load(G, C, x0, scalars.eta0, layout);
  /** Iterations k0 ≤ k < k1 on every column; the relative KKT residual after them. */
  const advance = (k0: number, k1: number, init: boolean) => {
    runTask(state.task(k0, k1, init, scalars));
    return Math.sqrt(state.residualSum()) / cNorm;
  };
  let k = 0;
  let residual = advance(0, 0, true);
  const tol = typeof o.tol === 'function' ? o.tol(Math.sqrt(state.startSum()) / cNorm) : o.tol;
  for (const next of bounds) {
    if (!(residual > tol)) break;
    residual = advance(k, next, false);
    k = next;
  }
  state.solution(out, layout);
  return { x: out, iterations: k, kktResidual: residual };
}

/** The iterations at which the solve checks its residual: every checkEvery-th, and maxIter. */
function checkBounds(maxIter: number, checkEvery: number): number[] {
  const bounds: number[] = [];
  for (let k = 0; k < maxIter;) {
    k = Math.min(maxIter, (Math.floor(k / checkEvery) + 1) * checkEvery);
    bounds.push(k);
  }
  return bounds;
}

/**
 * overparamGramBb's loop on QuadChunks (float32 rows, a few checks): every chunk runs all the
 * segments in one task, then the check points are read in order; where one before the last
 * stops the solve, the chunks run again from x0 to it (rare: the default half-step nearly always
 * runs its ten iterations). The same calls on the same numbers as the loop: the same bits.
 */
function solveByChunks(
  state: QuadChunks,
  G: Float64Array,
  C: Float32Array,
  x0: Float32Array,
  bounds: number[],
  o: GramBbOptions,
  scalars: BbScalars,
  cNorm: number,
  runTask: (task: ChunkTask) => void,
  out: Float32Array,
): GramBbResult {
  state.load(G, C, x0);
  runTask(state.task(bounds, scalars));
  const tol = typeof o.tol === 'function' ? o.tol(Math.sqrt(state.startSum()) / cNorm) : o.tol;
  let checks = 0; // segments run before the check that stops
  let residual = Math.sqrt(state.residualAt(0)) / cNorm;
  while (residual > tol && checks < bounds.length) {
    checks++;
    residual = Math.sqrt(state.residualAt(checks)) / cNorm;
  }
  if (checks < bounds.length) {
    state.loadStart(x0);
    runTask(state.task(bounds.slice(0, checks), scalars));
  }
  state.solution(out);
  return { x: out, iterations: checks === 0 ? 0 : bounds[checks - 1], kktResidual: residual };
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

/** Σ v² over an array, in float64. */
export function squaredNorm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}
