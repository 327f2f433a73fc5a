/**
 * `mu`: Lee–Seung multiplicative updates for the β-divergence, as scikit-learn writes them
 * (Févotte & Idier 2011), with sklearn's guards:
 *
 *   W ← W ⊙ (num/den)^γ,  num = (X ⊙ (WH)^(β−2))·Hᵀ,  den = (WH)^(β−1)·Hᵀ + l1_W + l2_W·W,
 *
 * WH floored at ε where raised to a negative power, den = 0 replaced by ε, and γ = 1/(2 − β)
 * for β < 1, 1/(β − 1) for β > 2, else 1 (the exponent that makes the update monotone).
 * H is updated symmetrically. With a mask M, WH is replaced by M ⊙ WH (missing entries of X
 * are stored as 0), so missing entries drop out of the loss.
 *
 * Sparse X supports β = 2 (products with X only) and β = 1 (WH sampled at X's non-zeros).
 */
import * as tf from '@tensorflow/tfjs-core';
import { usageError } from '../errors';
import {
  csrTimesTransposed,
  sampledProduct,
  transposedTimesCsr,
  withValues,
} from '../linalg/sparse';
import { thinTransposedTimes, timesThinTransposed, type NmfData } from './data';
import { EPSILON } from './losses';
import type { RuleFactory } from './rule';

/** sklearn's exponent on the multiplicative factor. */
export function muExponent(beta: number): number {
  if (beta < 1) return 1 / (2 - beta);
  if (beta > 2) return 1 / (beta - 1);
  return 1;
}

/**
 * The numerator and denominator weights: num = A·Hᵀ and den = B·Hᵀ for W (Wᵀ·A, Wᵀ·B for H).
 * B undefined means "the shortcut": W·(HHᵀ) for β = 2, row sums of H for β = 1.
 */
interface Weights {
  /** 'X': X itself, multiplied by the data's own products (the same for a dense or CSR X). */
  A: tf.Tensor2D | Float32Array | 'X';
  B?: tf.Tensor2D;
}

function denseWeights(data: NmfData, W: tf.Tensor2D, H: tf.Tensor2D, beta: number): Weights {
  const M = data.mask;
  if (beta === 2 && !M) return { A: 'X' };
  const X = data.dense!;
  return tf.tidy(() => {
    let WH = tf.matMul(W, H) as tf.Tensor2D;
    if (M) WH = tf.mul(WH, M);
    if (beta === 2) return { A: 'X' as const, B: WH };
    const safe = tf.maximum(WH, EPSILON);
    const A = tf.mul(X, beta === 1 ? tf.reciprocal(safe) : tf.pow(safe, beta - 2)) as tf.Tensor2D;
    if (beta === 1) return { A, B: M ? tf.clone(M) : undefined };
    let B = tf.pow(beta < 1 ? safe : WH, beta - 1) as tf.Tensor2D;
    if (M) B = tf.mul(B, M);
    return { A, B };
  });
}

function sparseWeights(data: NmfData, W: tf.Tensor2D, H: tf.Tensor2D, beta: number): Weights {
  const X = data.csr!;
  if (beta === 2) return { A: 'X' };
  if (beta !== 1)
    throw usageError(`sparse X supports the Frobenius and KL losses, got β = ${beta}`);
  const y = sampledProduct(X, W.dataSync(), H.dataSync(), W.shape[1]);
  for (let p = 0; p < y.length; p++) y[p] = X.values[p] / Math.max(y[p], EPSILON);
  return { A: y };
}

export const mu: RuleFactory = ({ data, W: W0, H: H0, options, penalties: pen, updateH }) => {
  const beta = options.beta;
  const gamma = muExponent(beta);
  const k = W0.shape[1];
  let W = W0;
  let H = H0;
  const weights = (Wc: tf.Tensor2D, Hc: tf.Tensor2D) =>
    data.csr ? sparseWeights(data, Wc, Hc, beta) : denseWeights(data, Wc, Hc, beta);
  // A·Hᵀ (n × k) and Wᵀ·A (k × m) for a dense tensor A or sparse values on X's pattern.
  const timesHt = (A: Weights['A']) =>
    A === 'X'
      ? data.timesTransposed(H)
      : A instanceof tf.Tensor
        ? timesThinTransposed(A, H)
        : tf.tensor2d(csrTimesTransposed(withValues(data.csr!, A), H.dataSync(), k), [
            data.rows,
            k,
          ]);
  const WtTimes = (A: Weights['A']) =>
    A === 'X'
      ? data.transposedTimes(W)
      : A instanceof tf.Tensor
        ? thinTransposedTimes(W, A)
        : tf.tensor2d(transposedTimesCsr(W.dataSync(), withValues(data.csr!, A), k), [
            k,
            data.cols,
          ]);
  const release = (w: Weights) => {
    if (w.A instanceof tf.Tensor) w.A.dispose();
    w.B?.dispose();
  };
  const apply = (F: tf.Tensor2D, num: tf.Tensor2D, den: tf.Tensor2D, l1: number, l2: number) =>
    tf.tidy(() => {
      let d = den;
      if (l1 !== 0) d = tf.add(d, l1);
      if (l2 !== 0) d = tf.add(d, tf.mul(l2, F));
      d = tf.where(tf.equal(d, 0), tf.fill(d.shape, EPSILON), d);
      let delta = tf.div(num, d);
      if (gamma !== 1) delta = tf.pow(delta, gamma);
      return tf.mul(F, delta) as tf.Tensor2D;
    });

  return {
    get W() {
      return W;
    },
    get H() {
      return H;
    },
    async step() {
      const wW = weights(W, H);
      const nextW = tf.tidy(() => {
        const num = timesHt(wW.A);
        const den = wW.B
          ? timesHt(wW.B)
          : beta === 2
            ? tf.matMul(W, tf.matMul(H, H, false, true))
            : tf.broadcastTo(tf.reshape(tf.sum(H, 1), [1, k]), [data.rows, k]);
        return apply(W, num, den as tf.Tensor2D, pen.l1W, pen.l2W);
      });
      release(wW);
      W.dispose();
      W = nextW;
      if (!updateH) return;
      const wH = weights(W, H);
      const nextH = tf.tidy(() => {
        const num = WtTimes(wH.A);
        const den = wH.B
          ? WtTimes(wH.B)
          : beta === 2
            ? tf.matMul(thinTransposedTimes(W, W), H)
            : tf.broadcastTo(tf.reshape(tf.sum(W, 0), [k, 1]), [k, data.cols]);
        return apply(H, num, den as tf.Tensor2D, pen.l1H, pen.l2H);
      });
      release(wH);
      H.dispose();
      H = nextH;
    },
    dispose() {
      tf.dispose([W, H]);
    },
  };
};
