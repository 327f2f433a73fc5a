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

/** The products in both layouts of DenseProducts and SparseProducts. */
interface LayoutProducts {
  timesTransposed(M: ArrayLike<number>, k: number): Float32Array;
  times(F: ArrayLike<number>, k: number): Float32Array;
  transposedTimes(M: ArrayLike<number>, k: number): Float32Array;
  transposedTimesRows(M: ArrayLike<number>, k: number): Float32Array;
}

/**
 * X·F for F = Hᵀ has the bits of X·Hᵀ, and Xᵀ·W those of Wᵀ·X transposed (H `k × cols`,
 * W `rows × k`): the row layouts only move the entries.
 */
export function expectRowLayouts(
  products: LayoutProducts,
  H: Float32Array,
  W: Float32Array,
  cols: number,
  k: number,
) {
  const transpose = (a: Float32Array, r: number, c: number) =>
    Float32Array.from({ length: r * c }, (_, i) => a[(i % r) * c + Math.floor(i / r)]);
  const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const xh = products.timesTransposed(H, k);
  expect(bits(products.times(transpose(H, k, cols), k)).equals(bits(xh))).to.equal(true);
  const wx = products.transposedTimes(W, k);
  expect(bits(products.transposedTimesRows(W, k)).equals(bits(transpose(wx, k, cols)))).to.equal(
    true,
  );
}

/**
 * The products' rows of X and row norms (float64, in order) against X itself: the guard's
 * re-seeding reads them there instead of making a tensor of X.
 */
export function expectRowsAndNorms(
  products: { rowsOf(which: readonly number[]): Float32Array; rowSquaredNorms(): Float64Array },
  X: Float32Array,
  rows: number,
  cols: number,
): void {
  const norms = Array.from({ length: rows }, (_, i) => {
    let s = 0;
    for (let j = 0; j < cols; j++) s += X[i * cols + j] * X[i * cols + j];
    return s;
  });
  expect(Array.from(products.rowSquaredNorms())).to.deep.equal(norms);
  const which = [rows - 1, 0, Math.floor(rows / 2), rows - 1];
  const expected = which.flatMap((i) => Array.from(X.subarray(i * cols, (i + 1) * cols)));
  expect(Array.from(products.rowsOf(which))).to.deep.equal(expected);
  expect(products.rowsOf([]).length).to.equal(0);
}
