/** Row operations shared by the loaders: seeded subsets and row normalization (dense or CSR). */
import { isCsr, type CsrMatrix } from '../linalg/csr';
import { Rng } from '../random';
import type { DataMatrix, DenseMatrix } from './types';

export type RowNorm = 'none' | 'l1' | 'l2' | 'max';
export const ROW_NORMS: readonly RowNorm[] = ['none', 'l1', 'l2', 'max'];

/**
 * The rows to keep: all of [0, n) when `limit` is undefined or ≥ n, else `limit` of them drawn
 * without replacement by a seeded shuffle and returned in increasing (source) order.
 */
export function chooseRows(n: number, limit: number | undefined, seed: number): number[] {
  if (limit === undefined || limit >= n) return Array.from({ length: n }, (_, i) => i);
  return Array.from(new Rng(seed).permutation(n).subarray(0, limit)).sort((a, b) => a - b);
}

/** The rows `keep` of a dense matrix, in that order. */
export function denseRows(m: DenseMatrix, keep: readonly number[]): DenseMatrix {
  const cols = m.shape[1];
  const out = new Float32Array(keep.length * cols);
  keep.forEach((i, r) => out.set(m.data.subarray(i * cols, (i + 1) * cols), r * cols));
  return { data: out, shape: [keep.length, cols] };
}

/** Scales each row to unit l1 / l2 norm or unit maximum (all-zero rows stay zero); in place. */
export function normalizeRows<T extends DataMatrix>(m: T, norm: RowNorm): T {
  if (norm === 'none') return m;
  const [rows, cols] = m.shape;
  const span = (i: number): [ArrayLike<number> & { [k: number]: number }, number, number] =>
    isCsr(m)
      ? [
          (m as CsrMatrix).values as Float32Array,
          (m as CsrMatrix).indptr[i],
          (m as CsrMatrix).indptr[i + 1],
        ]
      : [(m as DenseMatrix).data, i * cols, (i + 1) * cols];
  for (let i = 0; i < rows; i++) {
    const [v, a, b] = span(i);
    let s = 0;
    for (let k = a; k < b; k++) {
      const x = Math.abs(v[k]);
      s = norm === 'l1' ? s + x : norm === 'l2' ? s + x * x : Math.max(s, x);
    }
    const len = norm === 'l2' ? Math.sqrt(s) : s;
    if (len > 0) for (let k = a; k < b; k++) v[k] /= len;
  }
  return m;
}
