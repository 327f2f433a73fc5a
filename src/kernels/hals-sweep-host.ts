/**
 * The host kernel of hals's fused half-step (ops.ts's halsSweep): the Gram matrix of the other
 * factor (float64), the penalties, then the coordinate-descent sweeps of every row (the
 * existing WebAssembly sweeps or the JavaScript kernel, on worker threads) of the factor being
 * updated. hals keeps its factors in float64 between iterations, so they live with the kernel:
 * the rule registers its arrays as a state, keyed by a small handle tensor's data (as X is
 * keyed, resident.ts), and each call moves only the product in and the float32 factor out.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { gram64 } from './half-step-host';
import { rounded32 } from './wasm/host-loops';
import type { SweepStart } from './js/sweep-kernel';

/** hals's arrays: index 0 the W half (W `n × k`), 1 the H half (Hᵀ `m × k`). */
export interface HalsSweepState {
  k: number;
  /** n and m. */
  rows: [number, number];
  /** W and Hᵀ (float64, row-major, updated in place). */
  factors: [Float64Array, Float64Array];
  /**
   * Where each half starts: Ŵ (set before each W half) and Ĥᵀ (where the rule keeps it between
   * the halves: Hᵀ itself in hals, made there before the W half).
   */
  starts: [SweepStart, Float64Array];
  /**
   * Where the sweeps read X·Ĥᵀ and Xᵀ·W (on memory the sweeps' threads share); once swept, the
   * factor's float32 rounding is staged there.
   */
  products: [Float32Array, Float32Array];
  /**
   * The existing sweeps: F (`rows × k`) made from `start` where it is not F, then swept against G
   * and P; returns sklearn's violation.
   */
  sweep(F: Float64Array, G: Float64Array, P: Float32Array, rows: number, start: SweepStart): number;
  /**
   * FᵀF (float64) of F `rows × k`, one of the arrays above, on the sweeps' threads where they
   * take it (the bits of gram64); undefined where not (gram64 then runs on this thread).
   */
  gram?(F: Float64Array, rows: number): Float64Array | undefined;
  /** Each half's last violation, in float64 (the op's output is its float32 rounding). */
  violation: [number, number];
  /**
   * The Gram matrix of the other factor each half last swept against, before penalties: at
   * index 1 WᵀW of the W the H half read (the rule's fit reuses it). Set by each call.
   */
  grams?: [Float64Array | undefined, Float64Array | undefined];
}

const states = new WeakMap<object, HalsSweepState>();

/** Makes `state` the one the sweep op finds for `handle`. */
export function registerHalsState(handle: tf.TensorInfo, state: HalsSweepState): void {
  states.set(handle.dataId, state);
}

export function halsStateOf(handle: tf.TensorInfo): HalsSweepState {
  const state = states.get(handle.dataId);
  if (!state) throw new Error('halsSweep: the handle has no registered state');
  return state;
}

/**
 * Half `side` of one hals iteration: F ← sweeps of F from its start, against
 * G = Fₒᵀ·Fₒ + l2·I (Fₒ: Ĥᵀ for the W half, the new W for the H half) and P − l1; the new F
 * into `out` as float32. Returns sklearn's violation of the first sweeps.
 */
export function halsSweepHost(
  state: HalsSweepState,
  side: 0 | 1,
  P: ArrayLike<number>,
  l1: number,
  l2: number,
  out: Float32Array,
): number {
  const { k } = state;
  const F = state.factors[side];
  const start = state.starts[side];
  const other = side === 0 ? state.starts[1] : state.factors[0];
  const buffer = state.products[side];
  buffer.set(P);
  const otherRows = state.rows[1 - side];
  const gram = state.gram?.(other, otherRows) ?? gram64(other, otherRows, k);
  (state.grams ??= [undefined, undefined])[side] = gram;
  const G = l2 !== 0 ? gram.slice() : gram;
  if (l2 !== 0) for (let t = 0; t < k; t++) G[t * k + t] += l2;
  if (l1 !== 0) for (let i = 0; i < buffer.length; i++) buffer[i] -= l1;
  const violation = state.sweep(F, G, buffer, state.rows[side], start);
  rounded32(F, out, buffer); // the product's buffer is free once swept
  state.violation[side] = violation;
  return violation;
}
