/**
 * What the masked update rules (hals-masked.ts, anls-masked.ts) share: X and its mask read
 * once into typed arrays, the factors W (`n × k`) and H (`k × m`) as row-major float64 arrays
 * with their tensor forms made when read, and the rule that picks the masked variant of a
 * solver when the data has missing values.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NmfData } from './data';
import type { RuleFactory } from './rule';

/** X (`n × m`, missing entries 0) and its mask (1 observed, 0 missing), row-major. */
export interface MaskedValues {
  x: Float32Array;
  mask: Uint8Array;
}

/** Reads X and the mask of masked dense data into typed arrays. */
export function maskedValues(data: NmfData): MaskedValues {
  if (!data.mask || !data.dense) throw new Error('maskedValues needs dense data with a mask');
  const x = data.dense.dataSync() as Float32Array;
  const m = data.mask.dataSync();
  const mask = new Uint8Array(m.length);
  for (let i = 0; i < m.length; i++) mask[i] = m[i] === 0 ? 0 : 1;
  return { x, mask };
}

/** W (`n × k`) and H (`k × m`) in float64, with tensors made on first read after a change. */
export class Float64Factors {
  readonly w: Float64Array;
  readonly h: Float64Array;
  private W?: tf.Tensor2D;
  private H?: tf.Tensor2D;

  /** Takes over W0 and H0 (disposed here). */
  constructor(
    W0: tf.Tensor2D,
    H0: tf.Tensor2D,
    readonly n: number,
    readonly m: number,
    readonly k: number,
  ) {
    this.w = Float64Array.from(W0.dataSync());
    this.h = Float64Array.from(H0.dataSync());
    tf.dispose([W0, H0]);
  }

  get tensorW(): tf.Tensor2D {
    return (this.W ??= tf.tensor2d(Float32Array.from(this.w), [this.n, this.k]));
  }

  get tensorH(): tf.Tensor2D {
    return (this.H ??= tf.tensor2d(Float32Array.from(this.h), [this.k, this.m]));
  }

  /** Drops the tensor forms: the arrays are about to change. */
  changing(): void {
    tf.dispose([this.W, this.H]);
    this.W = this.H = undefined;
  }

  dispose(): void {
    this.changing();
  }
}

/** `plain` for data without missing values, `masked` for data with a mask. */
export function maskable(plain: RuleFactory, masked: RuleFactory): RuleFactory {
  return (ctx) => (ctx.data.mask ? masked(ctx) : plain(ctx));
}
