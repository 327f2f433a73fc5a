/**
 * hals's half-step (hals-half-op.ts's halsHalf) on `webgpu` as one WGSL dispatch: the method of
 * hals-half-composite.ts (fast HALS in scikit-learn's coordinate order, each row swept again at
 * most `maxSweeps` times while its last sweep changed it by more than `ratio` times its first,
 * sklearn's violation over the first sweep), one thread per row of F, the row's factor and
 * gradient in the thread's own arrays. The composite needs 3 tf ops per coordinate and sweep
 * (≈5k·3 per half); this is 1 dispatch and 3 small ops. Float32; sums in another order than the
 * composite's, so it agrees with it within float32 rounding.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HalsHalfAttrs } from '../hals-half-composite';
import { halsHalfComposite } from '../hals-half-composite';
import { FlatProgram, runProgram, WORKGROUP } from './program';

/** The largest k run fused (two arrays of k floats per thread). */
export const HALS_FUSED_MAX_RANK = 256;

/** The program of the half-step's sweeps, one thread per row of F. */
class HalsHalfProgram extends FlatProgram {
  constructor(
    rows: number,
    private readonly k: number,
  ) {
    super(
      [rows, k + 1],
      Math.ceil(rows / WORKGROUP),
      `nmflowHalsHalf_${k}`,
      ['start', 'gram', 'goal'],
      ['rows', 'transposed', 'maxSweeps'],
      ['l1', 'l2', 'ratio'],
    );
  }

  getUserCode(): string {
    return /* wgsl */ `
      const K = ${this.k};

      fn main(index : i32) {
        let row = index;
        if (row >= uniforms.rows) { return; }
        // Entry t of this row in F and P: row-major rows × k, or k × rows when transposed.
        var stride = 1;
        var base = row * K;
        if (uniforms.transposed != 0) { stride = uniforms.rows; base = row; }
        var f : array<f32, K>;
        var grad : array<f32, K>;
        for (var t = 0; t < K; t++) { f[t] = start[base + t * stride]; }
        // grad = f·(G + l2·I) − (P − l1)
        for (var t = 0; t < K; t++) {
          var acc = uniforms.l2 * f[t] - (goal[base + t * stride] - uniforms.l1);
          for (var s = 0; s < K; s++) { acc = acc + f[s] * gram[s * K + t]; }
          grad[t] = acc;
        }
        var violation = 0.0;
        var threshold = 0.0;
        for (var sweep = 0; sweep < uniforms.maxSweeps; sweep++) {
          var change = 0.0;
          for (var t = 0; t < K; t++) {
            let diagonal = gram[t * K + t] + uniforms.l2;
            if (sweep == 0) {
              // sklearn's violation: the projected gradient just before the update.
              let g = grad[t];
              violation = violation + select(abs(min(g, 0.0)), abs(g), f[t] > 0.0);
            }
            if (diagonal > 0.0) {
              let d = min(grad[t] * (1.0 / diagonal), f[t]);
              if (d != 0.0) {
                f[t] = f[t] - d;
                for (var r = 0; r < K; r++) {
                  grad[r] = grad[r] - d * (gram[t * K + r] + select(0.0, uniforms.l2, r == t));
                }
                change = change + d * d;
              }
            }
          }
          if (sweep == uniforms.maxSweeps - 1 || change <= threshold) { break; }
          if (sweep == 0) { threshold = change * uniforms.ratio; }
        }
        for (var t = 0; t < K; t++) { result[row * (K + 1) + t] = f[t]; }
        result[row * (K + 1) + K] = violation;
      }
    `;
  }
}

/**
 * [F (shape of f0), violation `[1]`], as halsHalfComposite; ranks above HALS_FUSED_MAX_RANK
 * run the composite.
 */
export function halsHalfWebGpu(
  f0: tf.Tensor2D,
  g: tf.Tensor2D,
  p: tf.Tensor2D,
  a: HalsHalfAttrs,
): tf.Tensor[] {
  const k = g.shape[0];
  const rows = f0.shape[a.transposed ? 1 : 0];
  if (k > HALS_FUSED_MAX_RANK || rows === 0 || a.maxSweeps < 1) {
    return halsHalfComposite(f0, g, p, a);
  }
  const out = runProgram(
    new HalsHalfProgram(rows, k),
    [f0, g, p],
    [rows, a.transposed ? 1 : 0, a.maxSweeps],
    [a.l1, a.l2, a.ratio],
  );
  const F = tf.slice(out, [0, 0], [rows, k]);
  const violation = tf.reshape(tf.sum(tf.slice(out, [0, k], [rows, 1])), [1]);
  return [a.transposed ? tf.transpose(F) : F, violation];
}
