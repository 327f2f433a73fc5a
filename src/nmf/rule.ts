/**
 * The contract every NMF update rule implements (one rule per file, picked by name in
 * `factorize.ts`). A rule owns the current factors W (`nSamples × k`) and H (`k × nFeatures`)
 * and advances them one outer iteration per `step`; the loop around it (check points,
 * stopping rules, history, warnings) lives in `factorize.ts`.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ShapedFloat32 } from '../linalg/matrix';
import type { NmfData } from './data';
import type { Penalties, ResolvedNmfOptions } from './options';

export interface RuleContext {
  data: NmfData;
  /** Initial factors; the rule takes ownership of both. */
  W: tf.Tensor2D;
  H: tf.Tensor2D;
  options: ResolvedNmfOptions;
  penalties: Penalties;
  /** False in `transform`: H is fixed and only W is fitted. */
  updateH: boolean;
  /** The rule's own scalars saved in a checkpoint (see `UpdateRule.state`), when resuming. */
  state?: Record<string, number>;
  /** The rule's own matrices saved in a checkpoint (see `UpdateRule.matrices`), when resuming. */
  matrices?: Record<string, Matrix32>;
}

export interface UpdateRule {
  /** Current factors, owned by the rule, valid until the next `step` or `dispose`. */
  readonly W: tf.Tensor2D;
  readonly H: tf.Tensor2D;
  /**
   * Wᵀ·X (`k × nFeatures`, row-major) for the current W, when the last step computed it
   * (Frobenius check points then need no product with X; see `gramSquaredError`); the rule may
   * overwrite it in its next step.
   */
  readonly WtX?: Float32Array;
  /**
   * The fit of the current factors when the last step computed it in passing (Frobenius, no
   * mask): ‖X − WH‖² and the penalty terms. Check points then need neither tensor. `precise`:
   * from WᵀX summed in float64 (wtx-product.ts), trusted however small.
   */
  readonly fit?: { squaredError: number; penalty: number; precise?: boolean };
  /** sklearn `cd`'s projected-gradient violation of the last step (`hals` only). */
  readonly violation?: number;
  /** Scalars beyond W and H that the next steps depend on (saved in checkpoints). */
  readonly state?: Record<string, number>;
  /** Matrices beyond W and H that the next steps depend on (saved in checkpoints). */
  matrices?(): Record<string, Matrix32>;
  /**
   * W (`n × k`) and Hᵀ (`m × k`) row-major with the values of W and H, for check points that
   * measure the residual from them (rules that keep their factors as arrays; optional). With
   * `wtxRoom`, a `k × m` array beside Hᵀ (on its kernel memory) that a check point may make Wᵀ·X
   * in where the rule has none (WtX undefined): the fit's cross term then reads both where they
   * lie, instead of through the host loops' scratch memory (which took pages the rule's next
   * memory would have).
   */
  factorRows?(): { w: Float32Array; ht: Float32Array; wtxRoom?: Float32Array };
  step(iteration: number): Promise<void>;
  /** After the last step: a final touch to W and H (anls: exact zeros, see polish.ts). */
  finish?(): void;
  dispose(): void;
}

/** A float32 matrix, row-major, with its shape (kept as a name for the rules that import it). */
export type Matrix32 = ShapedFloat32;

export type RuleFactory = (ctx: RuleContext) => UpdateRule;
