/**
 * The overparametrized NNLS solver written literally as a TensorFlow.js model: a trainable
 * `tf.variable` u (`n × r`), the prediction A·u^L (a "diagonal linear network" of depth L),
 * the loss ℒ(u) = ½‖A u^L − B‖²_F, and a stock tfjs optimizer (`tf.train.sgd` or
 * `tf.train.momentum`) stepping u through `optimizer.minimize`, i.e. through autodiff.
 *
 * It exists to show, by test, that the fused solver `overparam` with step `fixed` is plain
 * gradient descent on this model: with the optimizer's learning rate equal to the fused
 * solver's u-step η = learningRate/λmax(AᵀA) (both act on u, both on the ½-scaled loss), the
 * iterates agree to float32 precision. It is slow (autodiff, no Gram reuse); use `nnls()` to
 * solve problems.
 *
 * Shapes: A `m × n`, B `m × r` (or a length-m vector), u and x = u^L `n × r`.
 */
import * as tf from '@tensorflow/tfjs-core';
// tf.grad needs the gradient registry (see autodiff.ts).
import '../autodiff';
import { usageError } from '../errors';
import { toMatrix, type MatrixOrVector } from '../linalg/matrix';
import { power, root } from '../kernels/overparam-maps';
import { checkChoice, checkKnownKeys, checkNumber } from '../options';

/** Options of `DiagonalNetwork`: depth L, initial x-scale alpha, the optimizer, its learning rate. */
export interface DiagonalNetworkOptions {
  /** Depth L of x = u^L (integer ≥ 2, default 2). */
  depth?: number;
  /** Initial x-scale: x₀ = alpha·1, i.e. u₀ = alpha^(1/L)·1 (default 1e-3). */
  alpha?: number;
  /** The optimizer's learning rate η on u, in the units of A and B (required). */
  learningRate: number;
  /** Step decay γ: η_k = η/(k+2)^γ at step k = 0, 1, … (default 0: constant). */
  decay?: number;
  /** `sgd` (default) or `momentum` (tf.train.momentum). */
  optimizer?: 'sgd' | 'momentum';
  /** Momentum coefficient of the `momentum` optimizer (default 0.9). */
  momentum?: number;
  /** Nesterov form of the `momentum` optimizer (default false). */
  useNesterov?: boolean;
}

const KNOWN = [
  'depth',
  'alpha',
  'learningRate',
  'decay',
  'optimizer',
  'momentum',
  'useNesterov',
] as const;

/** ℒ(u) = ½‖A u^L − B‖²_F as a scalar tensor (the model's loss). */
export function diagonalNetworkLoss(
  A: tf.Tensor2D,
  B: tf.Tensor2D,
  u: tf.Tensor,
  depth: number,
): tf.Scalar {
  return tf.tidy(() =>
    tf.mul(0.5, tf.sum(tf.square(tf.sub(tf.matMul(A, power(u as tf.Tensor2D, depth)), B)))),
  );
}

/**
 * The overparametrized NNLS model x = u^L trained by a stock tfjs optimizer through autodiff
 * (A `m × n`, B `m × r`, u `n × r`); see the file comment. Dispose it when done.
 */
export class DiagonalNetwork {
  /** The trainable parameter u (`n × r`). */
  readonly u: tf.Variable;
  /** Optimizer steps taken so far. */
  iterations = 0;
  private readonly A: tf.Tensor2D;
  private readonly B: tf.Tensor2D;
  private readonly depth: number;
  private readonly eta: number;
  private readonly decay: number;
  private readonly optimizer: tf.SGDOptimizer;

  /** A: `m × n`; B: `m × r` or a vector of length m. Inputs are copied, never disposed. */
  constructor(A: MatrixOrVector, B: MatrixOrVector, options: DiagonalNetworkOptions) {
    checkKnownKeys('DiagonalNetwork', options, KNOWN);
    this.depth = checkNumber('depth', options.depth ?? 2, { min: 2, integer: true });
    const alpha = checkNumber('alpha', options.alpha ?? 1e-3, { min: 0, exclusiveMin: true });
    this.eta = checkNumber('learningRate', options.learningRate, { min: 0, exclusiveMin: true });
    this.decay = checkNumber('decay', options.decay ?? 0, { min: 0 });
    const kind = checkChoice('optimizer', options.optimizer ?? 'sgd', ['sgd', 'momentum']);
    const momentum = checkNumber('momentum', options.momentum ?? 0.9, { min: 0, max: 1 });
    this.A = toMatrix(A, 'A');
    this.B = toMatrix(B, 'B', { allowVector: true });
    if (this.B.shape[0] !== this.A.shape[0]) {
      const [m, n] = this.A.shape;
      tf.dispose([this.A, this.B]);
      throw usageError(
        `shape mismatch: A is ${m} × ${n} but B has ${this.B.shape[0]} rows (B must be ${m} × r)`,
      );
    }
    const [n, r] = [this.A.shape[1], this.B.shape[1]];
    // u₀ = alpha^(1/L), computed with the same kernels as the fused solver's start.
    this.u = tf.tidy(() => tf.variable(root(tf.fill([n, r], alpha), this.depth), true, 'u'));
    this.optimizer =
      kind === 'sgd'
        ? tf.train.sgd(this.eta)
        : tf.train.momentum(this.eta, momentum, options.useNesterov ?? false);
  }

  /** The current loss ½‖A u^L − B‖²_F (a new scalar tensor). */
  loss(): tf.Scalar {
    return diagonalNetworkLoss(this.A, this.B, this.u, this.depth);
  }

  /** The current x = u^L (`n × r`, a new tensor). */
  x(): tf.Tensor2D {
    return tf.tidy(() => power(this.u as tf.Tensor2D, this.depth));
  }

  /** One optimizer step on u via autodiff (`optimizer.minimize`). */
  step(): void {
    if (this.decay > 0)
      this.optimizer.setLearningRate(this.eta / (this.iterations + 2) ** this.decay);
    tf.tidy(() => {
      this.optimizer.minimize(() => this.loss(), false, [this.u]);
    });
    this.iterations++;
  }

  /** `steps` optimizer steps; returns the final loss (one readback). */
  train(steps: number): number {
    checkNumber('steps', steps, { min: 0, integer: true });
    for (let i = 0; i < steps; i++) this.step();
    const loss = this.loss();
    const value = loss.dataSync()[0];
    loss.dispose();
    return value;
  }

  /** Releases u, the data and the optimizer's state. */
  dispose(): void {
    this.optimizer.dispose();
    tf.dispose([this.u, this.A, this.B]);
  }
}
