/** CSR row batches built from entries read in row order (the sparse streaming readers). */
import type { CsrBatch } from '../nmf/online-source';

/**
 * Builds CSR batches from entries that arrive sorted by row (columns in any order within a
 * row; duplicates summed, as the whole-file readers do). Its buffers grow to the largest batch
 * and are reused.
 */
export class CsrBatchBuilder {
  private rowOf = new Int32Array(1024);
  private colOf = new Int32Array(1024);
  private valOf = new Float32Array(1024);
  private count = 0;
  private readonly indptr: Int32Array;
  private indices = new Int32Array(1024);
  private values = new Float32Array(1024);
  /** First row of the batch being built. */
  start = 0;
  peakBytes = 0;

  constructor(
    readonly cols: number,
    readonly batchSize: number,
  ) {
    this.indptr = new Int32Array(batchSize + 1);
  }

  /** Adds entry (row, col) = v; row in [start, start + batchSize). */
  add(row: number, col: number, v: number): void {
    if (this.count === this.rowOf.length) {
      const grow = <T extends Int32Array | Float32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.rowOf = grow(this.rowOf);
      this.colOf = grow(this.colOf);
      this.valOf = grow(this.valOf);
    }
    this.rowOf[this.count] = row - this.start;
    this.colOf[this.count] = col;
    this.valOf[this.count] = v;
    this.count++;
  }

  /** The batch of rows [start, start + rows) from the entries added; then start += rows. */
  take(rows: number): CsrBatch {
    const { count, indptr } = this;
    if (this.indices.length < count) {
      this.indices = new Int32Array(this.rowOf.length);
      this.values = new Float32Array(this.rowOf.length);
    }
    indptr.fill(0);
    for (let p = 0; p < count; p++) indptr[this.rowOf[p] + 1]++;
    for (let i = 0; i < rows; i++) indptr[i + 1] += indptr[i];
    // Entries come row by row, so each row's entries are contiguous and in file order.
    let nnz = 0;
    for (let i = 0; i < rows; i++) {
      const a = indptr[i];
      const b = indptr[i + 1];
      const rowStart = nnz;
      let sorted = true;
      for (let p = a + 1; p < b; p++) if (this.colOf[p] <= this.colOf[p - 1]) sorted = false;
      if (sorted) {
        for (let p = a; p < b; p++) {
          this.indices[nnz] = this.colOf[p];
          this.values[nnz++] = this.valOf[p];
        }
      } else {
        const idx = Array.from({ length: b - a }, (_, q) => a + q).sort(
          (x, y) => this.colOf[x] - this.colOf[y] || x - y,
        );
        for (const p of idx) {
          if (nnz > rowStart && this.indices[nnz - 1] === this.colOf[p]) {
            this.values[nnz - 1] += this.valOf[p];
          } else {
            this.indices[nnz] = this.colOf[p];
            this.values[nnz++] = this.valOf[p];
          }
        }
      }
      indptr[i] = rowStart;
    }
    indptr[rows] = nnz;
    const batch: CsrBatch = {
      kind: 'csr',
      start: this.start,
      rows,
      cols: this.cols,
      indptr: indptr.subarray(0, rows + 1),
      indices: this.indices.subarray(0, nnz),
      values: this.values.subarray(0, nnz),
    };
    this.peakBytes = Math.max(
      this.peakBytes,
      indptr.byteLength +
        this.indices.byteLength +
        this.values.byteLength +
        this.rowOf.byteLength +
        this.colOf.byteLength +
        this.valOf.byteLength,
    );
    this.start += rows;
    this.count = 0;
    return batch;
  }
}
