/** Coordinate (row, column, value) lists and their conversion to and from CSR. */
import type { CsrMatrix } from '../linalg/csr';
import { inputError } from '../errors';
import { checkAllocation } from './common';

/** Bytes of one stored triplet (int32 row, int32 column, float32 value). */
export const TRIPLET_BYTES = 12;

/** Triplets accumulated while reading, growing under the allocation limit. */
export class Triplets {
  rows: Int32Array;
  cols: Int32Array;
  vals: Float32Array;
  length = 0;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
    capacity = 1024,
  ) {
    checkAllocation(file, `${capacity} entries`, capacity * TRIPLET_BYTES, maxBytes);
    this.rows = new Int32Array(capacity);
    this.cols = new Int32Array(capacity);
    this.vals = new Float32Array(capacity);
  }

  push(i: number, j: number, v: number): void {
    if (this.length === this.rows.length) this.grow(this.length * 2);
    this.rows[this.length] = i;
    this.cols[this.length] = j;
    this.vals[this.length++] = v;
  }

  private grow(capacity: number): void {
    checkAllocation(this.file, `${capacity} entries`, capacity * TRIPLET_BYTES, this.maxBytes);
    const grow = <T extends Int32Array | Float32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.rows = grow(this.rows, (n) => new Int32Array(n));
    this.cols = grow(this.cols, (n) => new Int32Array(n));
    this.vals = grow(this.vals, (n) => new Float32Array(n));
  }

  /** A CSR matrix `rows × cols`, columns sorted within each row, duplicate entries summed. */
  toCsr(
    rows: number,
    cols: number,
  ): CsrMatrix & { indptr: Int32Array; indices: Int32Array; values: Float32Array } {
    const n = this.length;
    // Row pointers (count, next, indptr) and the CSR copy: a declared row count alone can be huge.
    checkAllocation(
      this.file,
      `a ${rows} × ${cols} sparse matrix with ${n} entries`,
      12 * (rows + 1) + 12 * n,
      this.maxBytes,
    );
    const count = new Int32Array(rows + 1);
    for (let k = 0; k < n; k++) count[this.rows[k] + 1]++;
    for (let i = 0; i < rows; i++) count[i + 1] += count[i];
    const order = new Int32Array(n);
    const next = count.slice(0, rows);
    for (let k = 0; k < n; k++) order[next[this.rows[k]]++] = k;
    const indptr = new Int32Array(rows + 1);
    const indices = new Int32Array(n);
    const values = new Float32Array(n);
    let nnz = 0;
    for (let i = 0; i < rows; i++) {
      const seg = Array.from(order.subarray(count[i], count[i + 1])).sort(
        (a, b) => this.cols[a] - this.cols[b],
      );
      for (const k of seg) {
        if (nnz > indptr[i] && indices[nnz - 1] === this.cols[k]) {
          values[nnz - 1] += this.vals[k];
          if (!Number.isFinite(values[nnz - 1])) {
            throw inputError(
              `${this.file}: the duplicate entries at (row ${i}, column ${this.cols[k]}) sum beyond float32's range`,
            );
          }
        } else {
          indices[nnz] = this.cols[k];
          values[nnz++] = this.vals[k];
        }
      }
      indptr[i + 1] = nnz;
    }
    return {
      indptr,
      indices: indices.slice(0, nnz),
      values: values.slice(0, nnz),
      shape: [rows, cols],
    };
  }
}

/** Visits the stored entries of a CSR matrix in row order. */
export function* csrEntries(m: CsrMatrix): Generator<[number, number, number]> {
  for (let i = 0; i < m.shape[0]; i++) {
    for (let k = m.indptr[i]; k < m.indptr[i + 1]; k++) yield [i, m.indices[k], m.values[k]];
  }
}
