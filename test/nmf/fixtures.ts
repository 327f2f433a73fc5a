/** Seeded NMF test data. */
import { Rng } from '../../src/random';

/** |N(0, 1)| entries, `rows × cols` (sklearn's `np.abs(rng.randn(...))`). */
export function absGaussian(rows: number, cols: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => Math.abs(rng.normal())),
  );
}

/** Uniform [0, 1) entries. */
export function uniform(rows: number, cols: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform()));
}

/** A·B in float64. */
export function product(A: number[][], B: number[][]): number[][] {
  return A.map((row) => B[0].map((_, j) => row.reduce((s, a, t) => s + a * B[t][j], 0)));
}

/** X = W·H exactly, with W `n × k`, H `k × m` uniform in [0.1, 1.1). */
export function exactProduct(n: number, m: number, k: number, seed: number) {
  const shift = (M: number[][]) => M.map((r) => r.map((v) => v + 0.1));
  const W = shift(uniform(n, k, seed));
  const H = shift(uniform(k, m, seed + 1));
  return { X: product(W, H), W, H };
}

/** The CSR form of a dense matrix (zeros left out). */
export function toCsr(X: number[][]) {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of X) {
    row.forEach((v, j) => {
      if (v !== 0) {
        indices.push(j);
        values.push(v);
      }
    });
    indptr.push(indices.length);
  }
  return { indptr, indices, values, shape: [X.length, X[0].length] as [number, number] };
}

/** Largest |a − b| over two matrices. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
