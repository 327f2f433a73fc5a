/**
 * What every method of gramHalfStep shares (gram-steps-methods.ts): the problem and the
 * iterate on column-contiguous float64 arrays (column j at j·k … j·k + k − 1), shared between
 * the kernel threads; a method's operations on a range of columns; the G·x products and the
 * small helpers of the u-parametrized methods.
 */
import { exportsOn, type MemoryPayload } from './wasm/own-memory';

/** The slots of `GramColumns.params` (float64, written by the calling thread per call). */
/** λmax(G) (0 read as 1). */
export const P_LIP = 0;
/** The attrs' learningRate. */
export const P_RATE = 1;
/** The depth L of x = u^L. */
export const P_DEPTH = 2;
/** The warm start's floor alpha·X0_FLOOR (overparam methods). */
export const P_FLOOR = 3;
/** The `fixed` rule's decay γ. */
export const P_DECAY = 4;
/** The method's global step (η/λmax, or the rate of overparam-nesterov), ÷4 per restart. */
export const P_STEP = 5;
export const PARAMS = 6;

/**
 * The problem and a method's state, all on shared memory: G (`k × k`) and its transpose GT,
 * c (r columns of k), the warm start `start`, the iterate `x`, the last checked iterate `good`,
 * `vectors` (the method's arrays of r columns of k) and `columns` (its arrays of one number per
 * column). With `mem`, every Float64Array here is a view of that WebAssembly memory, and the
 * G·x products run in products.wat's gramColumns64 (SIMD); without it (no WebAssembly SIMD, or
 * a problem beyond wasm32's memory) in gemv/gemv2 below: the same bits either way.
 */
export interface GramColumns {
  k: number;
  r: number;
  G: Float64Array;
  GT: Float64Array;
  mem?: MemoryPayload;
  c: Float64Array;
  start: Float64Array;
  x: Float64Array;
  good: Float64Array;
  params: Float64Array;
  vectors: Float64Array[];
  columns: Float64Array[];
}

/**
 * A method's operations on columns j0 ≤ j < j1 (every column advances on its own; what all
 * columns share, the step in params[P_STEP], changes only between calls of these).
 */
export interface ColumnMethod {
  /** The state at the warm start `start`. */
  init(j0: number, j1: number): void;
  /** The state at `good` (after a non-finite value; the caller has cut params[P_STEP]). */
  restart(j0: number, j1: number): void;
  /** One iteration; `iteration` = iterations done before it. */
  step(iteration: number, j0: number, j1: number): void;
  /** Gx − c at x into g. */
  gradient(g: Float64Array, j0: number, j1: number): void;
}

/** A method: how many vectors and columns arrays its state takes, and its operations. */
export interface MethodSpec {
  vectors: number;
  columns: number;
  make(s: GramColumns): ColumnMethod;
}

/**
 * out[oo …] = G·x[xo …] for one column of k, four rows of G at a time (each x entry loaded once
 * per four products: ≈2× a plain loop in V8).
 */
export function gemv(
  G: Float64Array,
  k: number,
  x: Float64Array,
  xo: number,
  out: Float64Array,
  oo: number,
): void {
  let i = 0;
  for (; i + 3 < k; i += 4) {
    const r0 = i * k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let t = 0; t < k; t++) {
      const v = x[xo + t];
      s0 += G[r0 + t] * v;
      s1 += G[r0 + k + t] * v;
      s2 += G[r0 + 2 * k + t] * v;
      s3 += G[r0 + 3 * k + t] * v;
    }
    out[oo + i] = s0;
    out[oo + i + 1] = s1;
    out[oo + i + 2] = s2;
    out[oo + i + 3] = s3;
  }
  for (; i < k; i++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += G[i * k + t] * x[xo + t];
    out[oo + i] = s;
  }
}

/**
 * G·x and G·y for two columns at once (x at xo, y at yo; into out at xOut, yOut): four rows
 * of G by two columns per pass, each G entry loaded once for both (≈3× a plain loop in V8).
 * Each product's sums run in the order of gemv's: the same bits.
 */
export function gemv2(
  G: Float64Array,
  k: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
  out: Float64Array,
  xOut: number,
  yOut: number,
): void {
  let i = 0;
  for (; i + 3 < k; i += 4) {
    const r0 = i * k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    for (let t = 0; t < k; t++) {
      const v = x[xo + t];
      const w = y[yo + t];
      const g0 = G[r0 + t];
      const g1 = G[r0 + k + t];
      const g2 = G[r0 + 2 * k + t];
      const g3 = G[r0 + 3 * k + t];
      s0 += g0 * v;
      s1 += g1 * v;
      s2 += g2 * v;
      s3 += g3 * v;
      q0 += g0 * w;
      q1 += g1 * w;
      q2 += g2 * w;
      q3 += g3 * w;
    }
    out[xOut + i] = s0;
    out[xOut + i + 1] = s1;
    out[xOut + i + 2] = s2;
    out[xOut + i + 3] = s3;
    out[yOut + i] = q0;
    out[yOut + i + 1] = q1;
    out[yOut + i + 2] = q2;
    out[yOut + i + 3] = q3;
  }
  for (; i < k; i++) {
    let s = 0;
    let q = 0;
    for (let t = 0; t < k; t++) {
      s += G[i * k + t] * x[xo + t];
      q += G[i * k + t] * y[yo + t];
    }
    out[xOut + i] = s;
    out[yOut + i] = q;
  }
}

/** out = G·x for columns j0 ≤ j < j1 (two at a time), in JavaScript. */
function gramTimesLoop(
  G: Float64Array,
  k: number,
  x: Float64Array,
  out: Float64Array,
  j0: number,
  j1: number,
): void {
  let j = j0;
  for (; j + 1 < j1; j += 2) gemv2(G, k, x, j * k, x, (j + 1) * k, out, j * k, (j + 1) * k);
  if (j < j1) gemv(G, k, x, j * k, out, j * k);
}

/**
 * out = G·x (minus `minus` where given) for columns j0 ≤ j < j1 of arrays of r columns of k
 * (views of s.mem where there is one); each entry sums its k products in gemv's order.
 */
export type GramTimes = (
  x: Float64Array,
  out: Float64Array,
  j0: number,
  j1: number,
  minus?: Float64Array,
) => void;

type GramColumns64 = (x: number, n: number, k: number, M: number, c: number, out: number) => void;

/** Each payload's product on this thread (the wasm instance looked up once). */
const products = new WeakMap<GramColumns, GramTimes>();

/** The G·x product of s on this thread: gramColumns64 on s.mem, else the loop form. */
export function gramTimesOf(s: GramColumns): GramTimes {
  let f = products.get(s);
  if (f) return f;
  const { k, G, GT } = s;
  if (s.mem) {
    const kernel = exportsOn(s.mem).gramColumns64 as GramColumns64;
    const kb = 8 * k;
    f = (x, out, j0, j1, minus) =>
      kernel(
        x.byteOffset + j0 * kb,
        j1 - j0,
        k,
        GT.byteOffset,
        minus ? minus.byteOffset + j0 * kb : 0,
        out.byteOffset + j0 * kb,
      );
  } else {
    f = (x, out, j0, j1, minus) => {
      gramTimesLoop(G, k, x, out, j0, j1);
      if (minus) for (let e = j0 * k; e < j1 * k; e++) out[e] -= minus[e];
    };
  }
  products.set(s, f);
  return f;
}

/** g = G·x − c for columns j0 ≤ j < j1. */
export function gradientInto(
  s: GramColumns,
  x: Float64Array,
  g: Float64Array,
  j0: number,
  j1: number,
): void {
  gramTimesOf(s)(x, g, j0, j1, s.c);
}

/**
 * u with |u| < 1e-140 set to 0 (then x = u² ≥ 1e-280 or 0): keeps float64 subnormals (100×
 * slower arithmetic) out of the multiplicative updates, which drive inactive entries to 0
 * geometrically; float32, the tensor form's, is at 0 long before (x below 1.4e-45).
 */
export const flushed = (u: number) => (Math.abs(u) < 1e-140 ? 0 : u);

export const ipow = (v: number, p: number) =>
  p === 0 ? 1 : p === 1 ? v : p === 2 ? v * v : p === 3 ? v * v * v : Math.pow(v, p);

/**
 * The depth L of params (an integer ≥ 2 from the options) as a small integer for the
 * compiler: a double L makes `L % 2` a call to fmod and every ipow branch a float compare.
 */
export const depthOf = (params: Float64Array) => {
  const L = params[P_DEPTH];
  return Number.isInteger(L) ? L | 0 : L;
};

/** v^(1/L) (x = u^L → u). */
export const rootOf = (v: number, L: number) => (L === 2 ? Math.sqrt(v) : Math.pow(v, 1 / L));

/** to[e] = from[e] for the entries of columns j0 ≤ j < j1. */
export function copyColumns(
  to: Float64Array,
  from: Float64Array,
  k: number,
  j0: number,
  j1: number,
): void {
  to.set(from.subarray(j0 * k, j1 * k), j0 * k);
}
