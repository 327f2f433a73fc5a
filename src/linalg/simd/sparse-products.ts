/**
 * A sparse float32 X (`rows × cols`) kept in a shared WebAssembly memory in both CSR and CSC
 * form, multiplied by thin factors with products.wat's `csrTimes` on this thread and worker
 * threads:
 *
 *   timesTransposed(M, k): X·Mᵀ for M `k × cols`  → `rows × k`   (X's rows, CSR)
 *   transposedTimes(M, k): Mᵀ·X for M `rows × k`  → `k × cols`   (Xᵀ's rows, CSC)
 *
 * Both products gather: every output row is one thread's sum over the stored entries of one row
 * of X or of Xᵀ, in storage order, so results do not depend on the number of threads and need
 * no partial sums. Each stored entry costs about what one dense entry costs in DenseProducts
 * (≈1.2 ns against ≈1.0 per thread, 10000 × 784 MNIST at rank 16), and memory is 16 bytes per
 * stored entry against 4 per entry: below a density of ¼ this is faster and smaller (MNIST,
 * density 0.19: X·Hᵀ 4× faster).
 *
 * Memory layout (byte offsets, each part 64-aligned): CSR indptr, indices, values; CSC indptr,
 * indices, values; then the factor and the output (`max(rows, cols) × kp` each, kp = k rounded
 * up to 16).
 */
import type { Csr } from '../sparse';
import type { ChunkTask } from './kernel-threads';
import { KernelMemory, align, defaultThreads } from './kernel-memory';
import { SCAN_BLOCK } from './scan';

/** Bounds on the chunks of one product: at most this many, of at least this many entries. */
const MAX_CHUNKS = 64;
const MIN_CHUNK_ENTRIES = 8192;

/** Where one compressed form (CSR of X or of Xᵀ) lies in the memory. */
interface Compressed {
  /** Rows of the form (X's rows for CSR, its columns for CSC). */
  rows: number;
  indptr: number;
  indices: number;
  values: number;
}

export class SparseProducts {
  private readonly kernels: KernelMemory;
  private readonly byRows: Compressed;
  private readonly byCols: Compressed;
  private readonly end: number;

  /** The stored entries of X (the non-zeros of a dense input). */
  readonly nnz: number;

  /** Lays out the memory for `nnz` stored entries; the static constructors fill it. */
  private constructor(rows: number, cols: number, nnz: number, threads: number) {
    this.nnz = nnz;
    // One spare entry after the CSR arrays: compressRows writes one past the last non-zero.
    const sizes = [rows + 1, nnz + 1, nnz + 1, cols + 1, nnz, nnz];
    const offsets: number[] = [];
    let end = 0;
    for (const n of sizes) {
      offsets.push(end);
      end = align(end + 4 * n);
    }
    this.end = end;
    this.kernels = new KernelMemory(end, threads);
    this.byRows = { rows, indptr: offsets[0], indices: offsets[1], values: offsets[2] };
    this.byCols = { rows: cols, indptr: offsets[3], indices: offsets[4], values: offsets[5] };
  }

  /**
   * Copies a CSR matrix into the shared memory and builds its CSC form. The indices are
   * trusted: validate them first (`checkCsr`).
   */
  static fromCsr(csr: Csr, threads = defaultThreads()): SparseProducts {
    const nnz = csr.indptr[csr.rows];
    const products = new SparseProducts(csr.rows, csr.cols, nnz, threads);
    const v = products.view(products.byRows);
    v.indptr.set(csr.indptr);
    v.indices.set(csr.indices.subarray(0, nnz));
    v.values.set(csr.values.subarray(0, nnz));
    products.transpose();
    return products;
  }

  /**
   * Stores the non-zeros of a dense `rows × cols` row-major X (`nnz` of them) and builds the
   * CSC form. X passes through the memory a block of rows at a time (products.wat's
   * `compressRows`), never whole.
   */
  static fromDense(
    values: Float32Array,
    rows: number,
    cols: number,
    nnz: number,
    threads = defaultThreads(),
  ): SparseProducts {
    const products = new SparseProducts(rows, cols, nnz, threads);
    const { kernels, byRows: csr } = products;
    const blockRows = Math.max(1, Math.floor(SCAN_BLOCK / cols));
    // The block goes where the factors will go.
    const block = products.end;
    kernels.reserve(block + blockRows * cols * 4);
    let p = 0;
    for (let r0 = 0; r0 < rows; r0 += blockRows) {
      const view = values.subarray(r0 * cols, Math.min(rows, r0 + blockRows) * cols);
      kernels.floats(block, view.length).set(view);
      const n = view.length / cols;
      p = kernels.call(
        'compressRows',
        block,
        n,
        cols,
        p,
        csr.indptr + 4 * r0,
        csr.indices,
        csr.values,
        nnz,
      );
      if (p < 0) throw new Error(`fromDense: more than the announced ${nnz} non-zeros`);
    }
    if (p !== nnz) throw new Error(`fromDense: ${p} non-zeros found, ${nnz} announced`);
    products.transpose();
    return products;
  }

  get rows(): number {
    return this.byRows.rows;
  }

  get cols(): number {
    return this.byCols.rows;
  }

  /** X as a dense `rows × cols` row-major array (a new one). */
  toDense(): Float32Array {
    const { indptr, indices, values } = this.view(this.byRows);
    const out = new Float32Array(this.rows * this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) out[i * this.cols + indices[p]] += values[p];
    }
    return out;
  }

  /** X·Mᵀ for M `k × cols` row-major: `rows × k` row-major, into `out` or a new array. */
  timesTransposed(
    M: ArrayLike<number>,
    k: number,
    result: Float32Array = new Float32Array(this.rows * k),
  ): Float32Array {
    const { rows, cols } = this;
    const { kp, factor, out } = this.plan(k);
    const ht = this.kernels.floats(factor, cols * kp);
    ht.fill(0);
    for (let t = 0; t < k; t++) for (let j = 0; j < cols; j++) ht[j * kp + t] = M[t * cols + j];
    this.run(this.byRows, factor, out, kp);
    const o = this.kernels.floats(out, rows * kp);
    if (k === kp) result.set(o);
    else
      for (let i = 0; i < rows; i++) for (let t = 0; t < k; t++) result[i * k + t] = o[i * kp + t];
    return result;
  }

  /** Mᵀ·X for M `rows × k` row-major: `k × cols` row-major, into `out` or a new array. */
  transposedTimes(
    M: ArrayLike<number>,
    k: number,
    result: Float32Array = new Float32Array(k * this.cols),
  ): Float32Array {
    const { rows, cols } = this;
    const { kp, factor, out } = this.plan(k);
    const w = this.kernels.floats(factor, rows * kp);
    if (k === kp) {
      w.set(M);
    } else {
      w.fill(0);
      for (let i = 0; i < rows; i++) for (let t = 0; t < k; t++) w[i * kp + t] = M[i * k + t];
    }
    this.run(this.byCols, factor, out, kp);
    const o = this.kernels.floats(out, cols * kp);
    for (let j = 0; j < cols; j++) for (let t = 0; t < k; t++) result[t * cols + j] = o[j * kp + t];
    return result;
  }

  /** See KernelMemory.runTask. */
  runTask(task: ChunkTask): void {
    this.kernels.runTask(task);
  }

  /** Stops the worker threads; the memory goes with the object. */
  dispose(): void {
    this.kernels.dispose();
  }

  private view(c: Compressed) {
    const nnz = this.nnz;
    return {
      indptr: this.kernels.ints(c.indptr, c.rows + 1),
      indices: this.kernels.ints(c.indices, nnz),
      values: this.kernels.floats(c.values, nnz),
    };
  }

  /** Fills the CSC form (products.wat's `transposeCsr`: the entries of a column in row order). */
  private transpose(): void {
    const { byRows: r, byCols: c } = this;
    this.kernels.call(
      'transposeCsr',
      r.indptr,
      r.indices,
      r.values,
      r.rows,
      c.rows,
      c.indptr,
      c.indices,
      c.values,
    );
  }

  /** Where the factor and the output go for rank k, growing the memory when needed. */
  private plan(k: number) {
    const kp = 16 * Math.ceil(k / 16);
    const size = Math.max(this.rows, this.cols) * kp * 4;
    const factor = this.end;
    const out = align(factor + size);
    this.kernels.reserve(out + size);
    return { kp, factor, out };
  }

  /** out = (form)·factor for the rows of one compressed form. */
  private run(c: Compressed, factor: number, out: number, kp: number): void {
    const chunks = Math.max(
      1,
      Math.min(MAX_CHUNKS, c.rows, Math.floor(this.nnz / MIN_CHUNK_ENTRIES)),
    );
    const chunkRows = Math.ceil(c.rows / chunks);
    const command = {
      op: 3 as const,
      x: c.indptr,
      factor,
      out,
      accStride: 0,
      rows: c.rows,
      cols: 0,
      kp,
      chunkRows,
      chunks: Math.ceil(c.rows / chunkRows),
      indices: c.indices,
      values: c.values,
    };
    this.kernels.run(command, this.nnz * kp);
  }
}
