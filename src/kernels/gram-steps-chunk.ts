/**
 * The chunk task of gramHalfStep's host form (`gram-steps`, threads/tasks.ts): the calling
 * thread and the kernel workers advance fixed chunks of GRAM_CHUNK_COLUMNS columns each, so
 * every column is computed by exactly one thread in the same order whatever their number (the
 * same bits on any number of threads). What a command does is in `ctl` (shared, written by the
 * calling thread before each command), so one payload serves a whole call and the next ones.
 */
import type { GramMethod } from './gram-steps-attrs';
import { METHODS } from './gram-steps-methods';
import { gradientInto, type ColumnMethod, type GramColumns } from './gram-steps-problem';

/** Columns per chunk (fixed: the chunks, not the threads, decide the order of the work). */
export const GRAM_CHUNK_COLUMNS = 64;

/** The commands (ctl[CTL_PHASE]). */
/**
 * Load: C and x0 (`k × r` row-major float32, in `C32`, `x032`) into columns (c, start); with
 * ctl[CTL_START_GRADIENT], G·start − c into g0; the method's state at the warm start; the
 * gradient at x into g.
 */
export const PHASE_LOAD = 0;
/** The method's state at `good`; the gradient at x into g. */
export const PHASE_RESTART = 1;
/** Iterations ctl[CTL_FROM] ≤ it < ctl[CTL_TO]; the gradient at x into g. */
export const PHASE_STEPS = 2;
/** `good` into out32 (`k × r` row-major). */
export const PHASE_SOLUTION = 3;

export const CTL_PHASE = 0;
export const CTL_FROM = 1;
export const CTL_TO = 2;
export const CTL_START_GRADIENT = 3;
export const CTL_WORDS = 4;

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
}

/**
 * Each thread's method on a payload, made once (the methods read the call's settings from
 * params at each operation): made afresh per call, its closures would defeat V8's optimized
 * code (measured: overparam-nesterov ≈30% more CPU time per half-step).
 */
const bound = new WeakMap<GramStepsPayload, ColumnMethod>();

function methodOf(p: GramStepsPayload): ColumnMethod {
  let method = bound.get(p);
  if (!method) bound.set(p, (method = METHODS[p.method].make(p)));
  return method;
}

/** Chunk `chunk` of the command in p.ctl. */
export function gramStepsChunk(p: GramStepsPayload, chunk: number): void {
  const { k, r, ctl } = p;
  const j0 = chunk * GRAM_CHUNK_COLUMNS;
  const j1 = Math.min(r, j0 + GRAM_CHUNK_COLUMNS);
  const phase = ctl[CTL_PHASE];
  if (phase === PHASE_SOLUTION) {
    const { good, out32 } = p;
    for (let j = j0; j < j1; j++) for (let i = 0; i < k; i++) out32[i * r + j] = good[j * k + i];
    return;
  }
  const method = methodOf(p);
  if (phase === PHASE_LOAD) {
    const { C32, x032, c, start } = p;
    for (let j = j0; j < j1; j++) {
      for (let i = 0; i < k; i++) {
        c[j * k + i] = C32[i * r + j];
        start[j * k + i] = x032[i * r + j];
      }
    }
    if (ctl[CTL_START_GRADIENT]) gradientInto(p, start, p.g0, j0, j1);
    method.init(j0, j1);
  } else if (phase === PHASE_RESTART) {
    method.restart(j0, j1);
  } else {
    for (let it = ctl[CTL_FROM]; it < ctl[CTL_TO]; it++) method.step(it, j0, j1);
  }
  method.gradient(p.g, j0, j1);
}
