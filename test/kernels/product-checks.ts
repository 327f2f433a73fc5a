/** Float64 references for the SIMD products' tests. */
import { expect } from 'chai';
import { Rng } from '../../src/random';

/** Uniform [0, 1) entries, a share `zeros` of them exactly 0, as float32. */
export function randomArray(length: number, seed: number, zeros = 0.2): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length }, () => (rng.uniform() < zeros ? 0 : rng.uniform()));
}

/**
 * Checks X·Mᵀ (M `k × cols`) or Mᵀ·X (M `rows × k`) against float64 sums: every entry within
 * 1e-6 of the sum of its terms' magnitudes (float32 accumulation of ≤ 10⁴ non-negative terms).
 */
export function expectProduct(
  got: Float32Array,
  X: Float32Array,
  M: Float32Array,
  rows: number,
  cols: number,
  k: number,
  transposed: boolean,
) {
  const outer = transposed ? k : rows;
  const inner = transposed ? rows : cols;
  const width = transposed ? cols : k;
  let worst = 0;
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < width; b++) {
      let s = 0;
      for (let t = 0; t < inner; t++) {
        s += transposed ? M[t * k + a] * X[t * cols + b] : X[a * cols + t] * M[b * cols + t];
      }
      worst = Math.max(worst, Math.abs(got[a * width + b] - s) / Math.max(s, 1e-30));
    }
  }
  expect(worst, 'largest relative error').to.be.below(1e-5);
}
