/**
 * `overparam-joint`: NMF as a two-layer diagonal network. W = U ⊙ U and H = V ⊙ V, and U, V
 * are trained jointly by a tfjs optimizer (Adam) on gradients from `tf.grads` of any
 * differentiable loss: the β-divergence (Frobenius, KL, IS, any β), masked entries left out,
 * plus sklearn's l1/l2 penalties. No projection is ever needed: the factors stay non-negative
 * by construction (the NMF analogue of the overparametrized NNLS engine, DESIGN.md §3).
 *
 * The implicit-bias knob is `initScale` s: training starts from W₀ = s·W_init, H₀ = s·H_init
 * (U₀ = √W₀, V₀ = √H₀). Gradients with respect to U are 2U ⊙ ∇_W, so entries that start
 * small grow slowly unless the data keeps pulling them up: small s favours sparse factors
 * (many entries stay near 0) at the price of more iterations; s = 1 starts from the plain
 * initialization. Adam moves every entry by about its step per iteration whatever the size of
 * its gradient, so the step must be relative to the size the factors have to reach, not to
 * where they start: it is `learningRate` times the larger of the root-mean-square of U₀
 * (resp. V₀) and the data's factor scale (mean(X)/k)^¼ (the size of √W in sklearn's random
 * init, W H ≈ X with balanced factors). A step relative to U₀ alone shrinks with √s, and a
 * small start then never leaves the origin within a normal iteration budget.
 */
import * as tf from '@tensorflow/tfjs-core';
// tf.grad needs the gradient registry (see autodiff.ts).
import '../autodiff';
import type { NmfData } from './data';
import { betaDivergenceTerms } from './losses';
import type { Penalties } from './options';
import type { RuleFactory } from './rule';

function rms(t: tf.Tensor): number {
  const s = tf.tidy(() => tf.sqrt(tf.mean(tf.square(t))));
  const v = s.dataSync()[0];
  s.dispose();
  return v > 0 ? v : 1;
}

/** (mean(X)/k)^¼: the scale of U = √W and V = √H in sklearn's random init, where W H ≈ X. */
function dataRootScale(data: NmfData, rank: number): number {
  return Math.pow(data.mean / rank, 0.25) || 1;
}

/** The regularized objective of W = U², H = V² (differentiable in U and V). */
function objective(
  X: tf.Tensor2D,
  mask: tf.Tensor2D | undefined,
  U: tf.Tensor2D,
  V: tf.Tensor2D,
  beta: number,
  p: Penalties,
): tf.Scalar {
  const W = tf.square(U);
  const H = tf.square(V);
  let Y = tf.matMul(W, H) as tf.Tensor2D;
  if (mask) Y = tf.mul(Y, mask);
  let terms = betaDivergenceTerms(X, Y, beta);
  if (mask) terms = tf.mul(terms, mask);
  let loss = tf.sum(terms) as tf.Scalar;
  if (p.l1W) loss = tf.add(loss, tf.mul(p.l1W, tf.sum(W)));
  if (p.l2W) loss = tf.add(loss, tf.mul(0.5 * p.l2W, tf.sum(tf.square(W))));
  if (p.l1H) loss = tf.add(loss, tf.mul(p.l1H, tf.sum(H)));
  if (p.l2H) loss = tf.add(loss, tf.mul(0.5 * p.l2H, tf.sum(tf.square(H))));
  return loss;
}

export const overparamJoint: RuleFactory = ({
  data,
  W: W0,
  H: H0,
  options,
  penalties,
  updateH,
}) => {
  const X = data.dense!;
  const s = options.initScale;
  const rootOf = (F: tf.Tensor2D, trainable: boolean) => {
    const root = tf.tidy(() => tf.sqrt(tf.mul(F, s)));
    const variable = tf.variable(root, trainable);
    tf.dispose([root, F]);
    return variable;
  };
  const U = rootOf(W0, true);
  const V = rootOf(H0, updateH);
  const target = dataRootScale(data, (U.shape as number[])[1]);
  const optU = tf.train.adam(options.learningRate * Math.max(rms(U), target));
  const optV = tf.train.adam(options.learningRate * Math.max(rms(V), target));
  const lossGrads = tf.grads((u: tf.Tensor, v: tf.Tensor) =>
    objective(X, data.mask, u as tf.Tensor2D, v as tf.Tensor2D, options.beta, penalties),
  );
  const squares = () => [tf.square(U), tf.square(V)] as tf.Tensor2D[];
  let [W, H] = squares();
  return {
    get W() {
      return W;
    },
    get H() {
      return H;
    },
    async step() {
      tf.tidy(() => {
        const [gU, gV] = lossGrads([U, V]);
        optU.applyGradients([{ name: U.name, tensor: gU }]);
        if (updateH) optV.applyGradients([{ name: V.name, tensor: gV }]);
      });
      tf.dispose([W, H]);
      [W, H] = squares();
    },
    dispose() {
      tf.dispose([W, H, U, V]);
      optU.dispose();
      optV.dispose();
    },
  };
};
