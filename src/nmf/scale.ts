/**
 * NMF is scale-equivariant: for c > 0, cX = (√c W)(√c H). nmflow computes in float32, whose
 * squares overflow past ≈1e19 and lose digits below ≈1e-19, so an X (`nSamples × nFeatures`)
 * whose largest entry lies outside [2^-SCALE_LOG2, 2^SCALE_LOG2] is fitted as cX with c a power
 * of four that brings its largest entry near 1 (exact in floating point: √c is a power of two),
 * and W, H, losses and errors are handed back in the user's units. Fits of X within the range
 * are untouched (c = 1).
 *
 * The objective D_β(X | WH) + l1(‖W‖₁ + ‖H‖₁) + ½l2(‖W‖² + ‖H‖²) becomes c^β times itself when
 * X, W, H are scaled and the penalties are l1·c^(β−½), l2·c^(β−1).
 */
import * as tf from '@tensorflow/tfjs-core';
import { isCsr } from '../linalg/csr';
import type { NmfInput } from './data';
import type { Penalties } from './options';

const SCALE_LOG2 = 30;

/** The factor c (a power of four) for an X whose largest entry is `max`: 1 when in range. */
export function dataScale(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const log2 = Math.log2(max);
  if (Math.abs(log2) <= SCALE_LOG2) return 1;
  return 4 ** -Math.round(log2 / 2);
}

/** cX as a new input of the same kind (a tensor input gives a new tensor: dispose it). */
export function scaledInput(X: NmfInput, c: number): NmfInput {
  if (X instanceof tf.Tensor) return tf.mul(X, c) as tf.Tensor;
  if (isCsr(X)) return { ...X, values: Float32Array.from(X.values, (v) => v * c) };
  if (Array.isArray(X)) return X.map((row) => row.map((v) => v * c));
  return { data: Float32Array.from(X.data, (v) => v * c), shape: X.shape };
}

/** The penalties of the scaled problem (see the file comment). */
export function scaledPenalties(p: Penalties, c: number, beta: number): Penalties {
  if (c === 1) return p;
  const a = c ** (beta - 0.5);
  const b = c ** (beta - 1);
  return { l1W: p.l1W * a, l2W: p.l2W * b, l1H: p.l1H * a, l2H: p.l2H * b };
}
