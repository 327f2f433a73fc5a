/**
 * What online NMF reads: the rows of X (`nSamples × nFeatures`) in consecutive batches, from a
 * file (io/stream-*.ts) or from memory (`memorySource`). A batch is CSR or dense, row-major;
 * its arrays stay valid only until the next batch is requested (readers reuse their buffers,
 * so memory follows the batch size, not the number of rows).
 */
import { usageError } from '../errors';
import { isCsr, type CsrMatrix } from '../linalg/csr';

/** Rows `start … start + rows − 1` of X as CSR (`rows × cols`, column indices sorted per row). */
export interface CsrBatch {
  kind: 'csr';
  start: number;
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** Rows `start … start + rows − 1` of X, dense row-major (`rows × cols`). */
export interface DenseBatch {
  kind: 'dense';
  start: number;
  rows: number;
  cols: number;
  data: Float32Array;
}

/** One batch of rows: CSR (sparse readers) or dense (NPY, delimited text, memory). */
export type RowBatch = CsrBatch | DenseBatch;

/** X read in row batches; every call of `batches` reads X again from its first row. */
export interface RowSource {
  /** What the rows come from (a file name), for messages. */
  readonly name: string;
  /** nSamples. */
  readonly rows: number;
  /** nFeatures. */
  readonly cols: number;
  /**
   * The rows in order, `batchSize` at a time (the last batch may be shorter). Every value is
   * finite and ≥ 0, or the reader throws an error naming the file and line.
   */
  batches(batchSize: number): AsyncGenerator<RowBatch>;
  /** The largest number of bytes a batch of this source has held so far (its buffers). */
  readonly peakBatchBytes: number;
}

/** Bytes held by a batch's arrays. */
export function batchBytes(b: RowBatch): number {
  return b.kind === 'csr'
    ? b.indptr.byteLength + b.indices.byteLength + b.values.byteLength
    : b.data.byteLength;
}

/**
 * A RowSource over a matrix in memory: CSR `{indptr, indices, values, shape}` or dense
 * `{data, shape}` (row-major), for the library API and tests.
 */
export function memorySource(
  X: CsrMatrix | { data: ArrayLike<number>; shape: readonly [number, number] },
  name = 'X',
): RowSource {
  const [rows, cols] = X.shape;
  let peak = 0;
  const check = (v: number, where: () => string) => {
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw usageError(`${name} has ${v} ${where()}; NMF needs finite non-negative data`);
    }
  };
  return {
    name,
    rows,
    cols,
    get peakBatchBytes() {
      return peak;
    },
    async *batches(batchSize: number) {
      for (let start = 0; start < rows; start += batchSize) {
        const r = Math.min(batchSize, rows - start);
        let batch: RowBatch;
        if (isCsr(X)) {
          const p0 = X.indptr[start];
          const p1 = X.indptr[start + r];
          const indptr = Int32Array.from({ length: r + 1 }, (_, i) => X.indptr[start + i] - p0);
          const indices = Int32Array.from({ length: p1 - p0 }, (_, p) => X.indices[p0 + p]);
          const values = Float32Array.from({ length: p1 - p0 }, (_, p) => X.values[p0 + p]);
          values.forEach((v, p) => check(v, () => `at values[${p0 + p}]`));
          batch = { kind: 'csr', start, rows: r, cols, indptr, indices, values };
        } else {
          const data = Float32Array.from({ length: r * cols }, (_, i) => X.data[start * cols + i]);
          data.forEach((v, i) =>
            check(v, () => `at row ${start + Math.floor(i / cols)}, column ${i % cols}`),
          );
          batch = { kind: 'dense', start, rows: r, cols, data };
        }
        peak = Math.max(peak, batchBytes(batch));
        yield batch;
      }
    },
  };
}
