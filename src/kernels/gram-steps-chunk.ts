/**
 * The chunk task of gramHalfStep's host form (`gram-steps`, threads/tasks.ts): the calling
 * thread and the kernel workers advance fixed chunks of GRAM_CHUNK_COLUMNS columns each, so
 * every column is computed by exactly one thread in the same order whatever their number (the
 * same bits on any number of threads). What a command does is in `ctl` (shared, written by the
 * calling thread before each command), so one payload serves a whole call and the next ones.
 */
import type { GramMethod } from './gram-steps-attrs';
import { METHODS } from './gram-steps-methods';
import { exportsOn } from './wasm/own-memory';
import { P_LIP, gradientInto, type ColumnMethod, type GramColumns } from './gram-steps-problem';

/** Columns per chunk (fixed: the chunks, not the threads, decide the order of the work). */
export const GRAM_CHUNK_COLUMNS = 64;

/**
 * The commands (ctl[CTL_PHASE]). Each but PHASE_SOLUTION ends with the gradient at x in g and
 * the chunk's two sums of the residual check at (x, g) in `sums` (residualSums).
 *
 * Load: C and x0 (`k × r` row-major float32, in `C32`, `x032`; `r × k` with ctl[CTL_ROWS]) into
 * columns (c, start); with ctl[CTL_START_GRADIENT], G·start − c into g0 and the chunk's sums at
 * (start, g0) in `startSums`; the method's state at the warm start.
 */
export const PHASE_LOAD = 0;
/** The method's state at `good`. */
export const PHASE_RESTART = 1;
/** Iterations ctl[CTL_FROM] ≤ it < ctl[CTL_TO]. */
export const PHASE_STEPS = 2;
/** `good` into out32 (`k × r` row-major; `r × k` with ctl[CTL_ROWS]). */
export const PHASE_SOLUTION = 3;

export const CTL_PHASE = 0;
export const CTL_FROM = 1;
export const CTL_TO = 2;
export const CTL_START_GRADIENT = 3;
/** 1: C, x0 and x are `r × k` (a column of the problem per row), as the columns here are. */
export const CTL_ROWS = 4;
export const CTL_WORDS = 5;

/** What the threads share for one method and shape (all arrays on shared memory). */
export interface GramStepsPayload extends GramColumns {
  method: GramMethod;
  /** The gradient at x after each command (r columns of k). */
  g: Float64Array;
  /** The gradient at the warm start (PHASE_LOAD with ctl[CTL_START_GRADIENT]). */
  g0: Float64Array;
  /** C, x0 and the solution, `k × r` row-major float32. */
  C32: Float32Array;
  x032: Float32Array;
  out32: Float32Array;
  ctl: Float64Array;
  /** Per chunk: the residual check's sums at (x, g) after each command (2 per chunk). */
  sums: Float64Array;
  /** Per chunk: the sums at (start, g0) after PHASE_LOAD with ctl[CTL_START_GRADIENT]. */
  startSums: Float64Array;
}

/**
 * The residual check's two sums over entries e0 ≤ e < e1 into out[at], out[at + 1]:
 * Σ min(λ·x, g)² (the squared projected-gradient residual) and Σ x·(g − c) (twice the
 * objective, only tested for being finite), each as residualSums64 adds it: the even entries
 * (from e0) and the odd ones in two sums, in order, added at the end. The caller adds the
 * chunks' sums in chunk order.
 */
function residualSumsLoop(
  x: Float64Array,
  g: Float64Array,
  c: Float64Array,
  lip: number,
  e0: number,
  e1: number,
  out: Float64Array,
  at: number,
): void {
  const sums = [0, 0, 0, 0]; // residual, objective: even lane, odd lane
  for (let e = e0; e < e1; e++) {
    const lane = (e - e0) & 1;
    const m = Math.min(lip * x[e], g[e]);
    sums[lane] += m * m;
    sums[2 + lane] += x[e] * (g[e] - c[e]);
  }
  out[at] = sums[0] + sums[1];
  out[at + 1] = sums[2] + sums[3];
}

/**
 * Each thread's method on a payload, made once (the methods read the call's settings from
 * params at each operation): made afresh per call, its closures would defeat V8's optimized
 * code (measured: overparam-nesterov ≈30% more CPU time per half-step).
 */
const bound = new WeakMap<GramStepsPayload, { method: ColumnMethod; sums: ResidualSums }>();

function boundTo(p: GramStepsPayload): { method: ColumnMethod; sums: ResidualSums } {
  let b = bound.get(p);
  if (!b) bound.set(p, (b = { method: METHODS[p.method].make(p), sums: residualSumsOf(p) }));
  return b;
}

type ResidualSums = typeof residualSumsLoop;

/**
 * residualSumsLoop on a payload's memory: products.wat's residualSums64 where the arrays are
 * views of a WebAssembly memory (the same operations in the same order), else the loop.
 */
function residualSumsOf(p: GramStepsPayload): ResidualSums {
  if (!p.mem) return residualSumsLoop;
  const wasm = exportsOn(p.mem).residualSums64 as (...args: number[]) => void;
  return (x, g, c, lip, e0, e1, out, at) =>
    wasm(
      x.byteOffset + 8 * e0,
      g.byteOffset + 8 * e0,
      c.byteOffset + 8 * e0,
      lip,
      e1 - e0,
      out.byteOffset + 8 * at,
    );
}

/** λmax(G) as the residual check uses it (0 read as 1). */
const lipOf = (p: GramStepsPayload) => p.params[P_LIP] || 1;

/** Chunk `chunk` of the command in p.ctl. */
export function gramStepsChunk(p: GramStepsPayload, chunk: number): void {
  const { k, r, ctl } = p;
  const j0 = chunk * GRAM_CHUNK_COLUMNS;
  const j1 = Math.min(r, j0 + GRAM_CHUNK_COLUMNS);
  const phase = ctl[CTL_PHASE];
  const rows = ctl[CTL_ROWS] === 1;
  if (phase === PHASE_SOLUTION) {
    const { good, out32 } = p;
    if (rows) out32.set(good.subarray(j0 * k, j1 * k), j0 * k);
    else
      for (let j = j0; j < j1; j++) for (let i = 0; i < k; i++) out32[i * r + j] = good[j * k + i];
    return;
  }
  const { method, sums: residualSums } = boundTo(p);
  if (phase === PHASE_LOAD) {
    const { C32, x032, c, start } = p;
    if (rows) {
      c.set(C32.subarray(j0 * k, j1 * k), j0 * k);
      start.set(x032.subarray(j0 * k, j1 * k), j0 * k);
    } else {
      for (let j = j0; j < j1; j++) {
        for (let i = 0; i < k; i++) {
          c[j * k + i] = C32[i * r + j];
          start[j * k + i] = x032[i * r + j];
        }
      }
    }
    if (ctl[CTL_START_GRADIENT]) {
      gradientInto(p, start, p.g0, j0, j1);
      residualSums(start, p.g0, c, lipOf(p), j0 * k, j1 * k, p.startSums, 2 * chunk);
    }
    method.init(j0, j1);
  } else if (phase === PHASE_RESTART) {
    method.restart(j0, j1);
  } else {
    for (let it = ctl[CTL_FROM]; it < ctl[CTL_TO]; it++) method.step(it, j0, j1);
  }
  method.gradient(p.g, j0, j1);
  residualSums(p.x, p.g, p.c, lipOf(p), j0 * k, j1 * k, p.sums, 2 * chunk);
}
