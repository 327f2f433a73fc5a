/**
 * Extrapolation of alternating NMF updates (Ang & Gillis 2019, "Accelerating nonnegative matrix
 * factorization algorithms using extrapolation", Neural Computation 31(2)).
 *
 * After an outer iteration produced (Wₙ, Hₙ), the next one starts from the extrapolated points
 * Ŵ = [Wₙ + β(Wₙ − Wₙ₋₁)]₊ and Ĥ = [Hₙ + β(Hₙ − Hₙ₋₁)]₊ instead of (Wₙ, Hₙ). β adapts to the
 * objective: when it decreased, β grows by γ (capped by β̄, which itself grows by γ̄ towards 1);
 * when it rose, the next iteration restarts from (Wₙ, Hₙ) unextrapolated, β̄ becomes the β that
 * failed and β shrinks by η. The factors a fit reports are always the unextrapolated (Wₙ, Hₙ).
 */
import * as tf from '@tensorflow/tfjs-core';
import { extrapolateWasm } from '../kernels/wasm/wasm-arrays';

/** The paper's recommended parameters (its Section 4: β₀ = 0.5, η = 1.5, γ = 1.01, γ̄ = 1.005). */
const BETA0 = 0.5;
const ETA = 1.5;
const GAMMA = 1.01;
const GAMMA_BAR = 1.005;

export interface ExtrapolationState {
  /** The current extrapolation weight β. */
  beta: number;
  /** Its current cap β̄. */
  betaMax: number;
  /** The objective after the previous outer iteration (Infinity before the first). */
  previous: number;
}

/** The state at the start, or when resuming from a checkpoint's rule scalars. */
export function resumedExtrapolation(saved?: Record<string, number>): ExtrapolationState {
  if (saved?.beta === undefined || saved.betaMax === undefined) {
    return { beta: BETA0, betaMax: 1, previous: Infinity };
  }
  const previous = saved.previousObjective ?? -1;
  return { beta: saved.beta, betaMax: saved.betaMax, previous: previous < 0 ? Infinity : previous };
}

/** The scalars a checkpoint keeps (JSON-safe: −1 stands for "no objective yet"). */
export function savedExtrapolation(s: ExtrapolationState): Record<string, number> {
  return {
    beta: s.beta,
    betaMax: s.betaMax,
    previousObjective: Number.isFinite(s.previous) ? s.previous : -1,
  };
}

/**
 * The state after an outer iteration whose objective is `objective`, and whether the next one
 * may start from extrapolated points (`false`: restart from the iterates themselves).
 */
export function nextExtrapolation(
  s: ExtrapolationState,
  objective: number,
): { state: ExtrapolationState; extrapolate: boolean } {
  if (objective > s.previous) {
    return {
      state: { beta: s.beta / ETA, betaMax: s.beta, previous: objective },
      extrapolate: false,
    };
  }
  return {
    state: {
      beta: Math.min(s.betaMax, GAMMA * s.beta),
      betaMax: Math.min(1, GAMMA_BAR * s.betaMax),
      previous: objective,
    },
    extrapolate: true,
  };
}

/** [current + β(current − previous)]₊ as a new tensor. */
export function extrapolated(
  current: tf.Tensor2D,
  previous: tf.Tensor2D,
  beta: number,
): tf.Tensor2D {
  return tf.tidy(
    () => tf.relu(tf.add(current, tf.mul(beta, tf.sub(current, previous)))) as tf.Tensor2D,
  );
}

/**
 * out = [current + β(current − previous)]₊, entrywise; then previous ← current. In products.wat
 * where the arrays live on a kernel memory (kernels/wasm/wasm-arrays.ts: the same bits).
 */
export function extrapolateInto(
  out: Float64Array | Float32Array,
  current: Float64Array | Float32Array,
  previous: Float64Array | Float32Array,
  beta: number,
): void {
  if (extrapolateWasm(out, current, previous, beta)) return;
  for (let i = 0; i < out.length; i++) {
    const c = current[i];
    out[i] = Math.max(c + beta * (c - previous[i]), 0);
    previous[i] = c;
  }
}
