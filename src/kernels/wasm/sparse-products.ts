/**
 * A sparse float32 X (`rows × cols`) kept in CSR form in a shared WebAssembly memory and
 * multiplied by thin factors with products.wat's kernels on this thread and worker threads:
 *
 *   timesTransposed(M, k): X·Mᵀ for M `k × cols`  → `rows × k`   (`csrTimes`: gathers)
 *   transposedTimes(M, k): Mᵀ·X for M `rows × k`  → `k × cols`   (`csrTimes` on Xᵀ: gathers)
 *
 * X·Mᵀ gathers: every output row is one thread's sum over the stored entries of one row of X,
 * in storage order. Mᵀ·X gathers too, from a CSC copy of X (the CSR form of Xᵀ, made once):
 * every output column is one thread's sum over the stored entries of one column of X, in row
 * order (the bits of a scatter of all the rows in one chunk). Scattering the rows instead into
 * per-chunk accumulators summed afterwards (`csrScatter`, `sumChunks`) took 2–5× as long on
 * SpamAssassin and SOTU tf-idf: read-modify-writes of a `cols × kp` accumulator larger than a
 * core's cache, its zeroing and its summing. Neither result depends on the number of threads.
 * Indices take 2 bytes when they are below 65536, else 4: with both copies 12 to 16 bytes per
 * stored entry against 4 per entry for a dense X, so at the density where dense input switches
 * to this form (¼, nmf/data.ts) it is smaller, and faster (MNIST, density 0.19: X·Hᵀ 4× faster
 * than the dense kernel).
 *
 * Memory layout (byte offsets, each part 64-aligned): indptr, indices, values of X, the same of
 * Xᵀ; then a product's larger operand (its factor or its output, `max(rows, cols) × kp`, kp = k
 * rounded up to 8), its smaller one (`min(rows, cols) × kp`) and room for the result's
 * transpose (or, for rowGram, X·Xᵀ in float64).
 */
import { pairTerms, type Csr } from '../../linalg/sparse';
import type { ChunkTask } from '../threads/kernel-threads';
import {
  KernelMemory,
  align,
  defaultThreads,
  residentCsrLayout,
  squaredSum,
} from './kernel-memory';
import { SCAN_BLOCK } from './scan';

/** Bounds on the chunks of one product: at most this many, of at least this many entries. */
const MAX_CHUNKS = 64;
const MIN_CHUNK_ENTRIES = 8192;

/** Where the CSR form of X lies in the memory, and its index width. */
interface Compressed {
  indptr: number;
  indices: number;
  values: number;
  /** Bytes per column index: 2 when cols ≤ 65536, else 4. */
  isz: 2 | 4;
}

/**
 * Columns of X per call of csrPairs64 (rowGram): a call runs the code it started with, and V8
 * compiles a hot WebAssembly function's optimized code in the background for the next calls
 * (SOTU's 17260 columns in one call 30–43 ms, by 128 columns 12–19 ms, fresh process).
 */
const PAIR_CALL_COLUMNS = 128;

/**
 * Mᵀ·X by blocks of M's rows where M (`rows × kp` float32) is larger than a core's cache
 * (BLOCKED_MIN_FACTOR): the gathers of a column from rows all over M miss the cache at every
 * entry, so the columns go over one block of about BLOCK_BYTES of M's rows at a time, each
 * column's sums carried from block to block (csrTimes's `accumulate`: the same bits). MNIST at
 * rank 64 (10000 × 784, 19 % non-zero): ≈25 % less time on one thread, ≈13 % on two. Worth it
 * only where a column has many entries in each block (BLOCK_MIN_ENTRIES on average): on sparser
 * data the blocks' starts cost more than the misses (the generated 20000 × 10000 case at 2 %:
 * none faster).
 */
const BLOCK_BYTES = 1 << 18;
const BLOCKED_MIN_FACTOR = 1 << 20;
const BLOCK_MIN_ENTRIES = 128;
/** The blocks are made of these (at least MIN_FINE_ROWS rows, at most MAX_FINE_BLOCKS). */
const MIN_FINE_ROWS = 256;
const MAX_FINE_BLOCKS = 32;

/**
 * Where each column of X starts at every `rows`-th row: `count + 1` int32 arrays of X's `cols`
 * entry offsets into its CSC form at `at`, array b the first entry of each column at a row ≥
 * b·rows (array 0 the column starts, array `count` their ends).
 */
interface RowBlocks {
  at: number;
  rows: number;
  count: number;
}

/**
 * Stored entries per call of the transpose's kernels (rows per call: as many as hold about this
 * many entries): later calls run the optimized code V8 compiles meanwhile (see PAIR_CALL_COLUMNS).
 */
const TRANSPOSE_CALL = 1 << 16;

export class SparseProducts {
  private readonly kernels: KernelMemory;
  private readonly csr: Compressed;
  /** Xᵀ in CSR form (X's CSC form), made by `transposeStored`. */
  private readonly csc: Compressed;
  /** X's row blocks, where a column has enough entries for blocked products to pay. */
  private readonly rowBlocks?: RowBlocks;
  private readonly end: number;
  /** The widest padded rank `plan` has laid its areas out for. */
  private layoutKp = 0;

  /** The stored entries of X (the non-zeros of a dense input). */
  readonly nnz: number;

  /**
   * Lays out the memory for `nnz` stored entries; the static constructors fill it. With
   * `resident` (residentCsrLayout's), X's CSR form lies in a residentCsrArrays memory already
   * (int32 indices), which this takes.
   */
  private constructor(
    readonly rows: number,
    readonly cols: number,
    nnz: number,
    threads: number,
    resident?: { indptr: Int32Array; indices: number; values: number },
  ) {
    this.nnz = nnz;
    // One spare entry after the arrays: compressRows writes one past the last non-zero, and a
    // 2-byte index is read as a masked 32-bit word.
    const layout = (at: number, n: number, width: number): Compressed => {
      const isz = width <= 65536 ? 2 : 4;
      const indices = align(at + 4 * (n + 1));
      const values = align(indices + isz * (nnz + 1));
      return { indptr: at, indices, values, isz };
    };
    this.csr = resident
      ? { indptr: 0, indices: resident.indices, values: resident.values, isz: 4 }
      : layout(0, rows, cols);
    this.csc = layout(align(this.csr.values + 4 * (nnz + 1)), cols, rows);
    let end = align(this.csc.values + 4 * (nnz + 1));
    if (nnz >= 4 * BLOCK_MIN_ENTRIES * cols && rows >= 2 * MIN_FINE_ROWS) {
      const fine = Math.max(MIN_FINE_ROWS, Math.ceil(rows / MAX_FINE_BLOCKS));
      this.rowBlocks = { at: end, rows: fine, count: Math.ceil(rows / fine) };
      end = align(end + 4 * cols * (this.rowBlocks.count + 1));
    }
    this.end = end;
    this.kernels = new KernelMemory(this.end, threads, resident?.indptr);
    if (resident && !this.kernels.holdsContents) throw new Error('SparseProducts: X was taken');
    // The static constructors fill X's CSR form from the front, then Xᵀ's.
    this.kernels.startThreadsFor(nnz, [resident ? this.csc.indptr : 0, this.end]);
  }

  /**
   * Copies a CSR matrix into the shared memory, or takes the memory it lies in (a
   * residentCsrArrays matrix no other products hold). The indices are trusted: validate them
   * first (`checkCsr`).
   */
  static fromCsr(csr: Csr, threads = defaultThreads()): SparseProducts {
    const nnz = csr.indptr[csr.rows];
    const resident = nnz === csr.values.length ? residentCsrLayout(csr) : undefined;
    const products = new SparseProducts(csr.rows, csr.cols, nnz, threads, resident);
    if (!resident) {
      const v = products.view();
      v.indptr.set(csr.indptr);
      v.indices.set(csr.indices.subarray(0, nnz));
      v.values.set(csr.values.subarray(0, nnz));
    }
    products.transposeStored();
    return products;
  }

  /**
   * Stores the non-zeros of a dense `rows × cols` row-major X (`nnz` of them). X passes through the memory a block of rows at a time (products.wat's
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
    const { kernels, csr } = products;
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
        csr.isz,
      );
      if (p < 0) throw new Error(`fromDense: more than the announced ${nnz} non-zeros`);
    }
    if (p !== nnz) throw new Error(`fromDense: ${p} non-zeros found, ${nnz} announced`);
    products.transposeStored();
    return products;
  }

  /** X as a dense `rows × cols` row-major array (a new one). */
  toDense(): Float32Array {
    const { indptr, indices, values } = this.view();
    const out = new Float32Array(this.rows * this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) out[i * this.cols + indices[p]] += values[p];
    }
    return out;
  }

  /** ‖x_i‖² of every row (float64, each row's stored entries in order). */
  rowSquaredNorms(): Float64Array {
    const { indptr, values } = this.view();
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = squaredSum(values, indptr[i], indptr[i + 1]);
    return out;
  }

  /** Rows `which` of X, dense, `which.length × cols` (a new array). */
  rowsOf(which: readonly number[]): Float32Array {
    const { indptr, indices, values } = this.view();
    const { cols } = this;
    const out = new Float32Array(which.length * cols);
    which.forEach((i, j) => {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) out[j * cols + indices[p]] += values[p];
    });
    return out;
  }

  /** X·Mᵀ for M `k × cols` row-major: `rows × k` row-major, into `out` or a new array. */
  timesTransposed(
    M: ArrayLike<number>,
    k: number,
    result: Float32Array = new Float32Array(this.rows * k),
  ): Float32Array {
    const { cols, kernels } = this;
    return this.timesFactor(k, result, (f, kp, stage) =>
      kernels.transposedFactor(f, M, k, cols, kp, stage),
    );
  }

  /** X·F for F `cols × k` row-major (X·Mᵀ for M = Fᵀ, the same bits): `rows × k`. */
  times(
    F: ArrayLike<number>,
    k: number,
    result: Float32Array = new Float32Array(this.rows * k),
  ): Float32Array {
    const { cols, kernels } = this;
    return this.timesFactor(k, result, (f, kp) => kernels.paddedFactor(f, F, cols, k, kp));
  }

  /**
   * X times the factor that `write` lays out at f (`cols × kp`; `stage`, `cols × kp` floats, is
   * free for it): `rows × k`, into result.
   */
  private timesFactor(
    k: number,
    result: Float32Array,
    write: (f: number, kp: number, stage: number) => void,
  ): Float32Array {
    const { rows, kernels } = this;
    const { kp, factor, out, acc } = this.plan(k, false);
    write(factor, kp, acc);
    const chunks = this.productChunks(rows);
    this.run(3, chunks, factor, out, k, kp);
    return kernels.unpadded(out, rows, k, kp, result);
  }

  transposedTimes(
    M: ArrayLike<number>,
    k: number,
    result: Float32Array = new Float32Array(k * this.cols),
  ): Float32Array {
    return this.timesOfTransposed(M, k, result, false);
  }

  /** Xᵀ·M for M `rows × k` row-major (Mᵀ·X transposed, the same bits): `cols × k` row-major. */
  transposedTimesRows(
    M: ArrayLike<number>,
    k: number,
    result: Float32Array = new Float32Array(this.cols * k),
  ): Float32Array {
    return this.timesOfTransposed(M, k, result, true);
  }

  /** Mᵀ·X as `k × cols`, or (`asRows`) as `cols × k`, into result. */
  private timesOfTransposed(
    M: ArrayLike<number>,
    k: number,
    result: Float32Array,
    asRows: boolean,
  ): Float32Array {
    const { rows, cols } = this;
    const { kp, factor, out, acc } = this.plan(k, true);
    this.kernels.paddedFactor(factor, M, rows, k, kp);
    const blocks = this.blocksFor(kp);
    if (blocks) {
      this.kernels.floats(out, cols * kp).fill(0);
      const chunks = this.productChunks(cols, blocks.length);
      for (const range of blocks) this.run(8, chunks, factor, out, k, kp, true, 0, range);
    } else this.run(3, this.productChunks(cols), factor, out, k, kp, true);
    return this.columnsOf(out, k, kp, acc, result, asRows);
  }

  /**
   * A product's output at `at`, (Mᵀ·X)ᵀ as `cols × kp` floats, into result: its first k columns
   * as `cols × k` (asRows), else transposed, `k × cols`, through the floats at `stage`. Packed in
   * place (packRows32: the region is left changed), then transposed in tiles (transpose32):
   * copies: the bits of sumChunks of one chunk (+0 plus each float32 in float64, rounded back),
   * which went entry by entry at ≈6 ns an entry (1.5 ms of each ≈3 ms Wᵀ·X on SpamAssassin), but
   * for a −0, which stays −0 (the sums start from +0; only a low part of a denormal sum can be).
   */
  private columnsOf(
    at: number,
    k: number,
    kp: number,
    stage: number,
    result: Float32Array,
    asRows: boolean,
  ): Float32Array {
    const { cols, kernels } = this;
    if (asRows) return kernels.unpadded(at, cols, k, kp, result);
    if (k !== kp) kernels.call('packRows32', at, cols, k, kp);
    kernels.call('transpose32', at, stage, cols, k, cols);
    result.set(kernels.floats(stage, k * cols));
    return result;
  }

  /**
   * Mᵀ·X for M `rows × k` row-major summed in float64 (csrTimesSplit on the rows of Xᵀ: the sums
   * of linalg/sparse.ts's transposedTimesCsr64, bit for bit), as two float32 parts `k × cols`:
   * hi, the sums rounded, and lo, what rounding left, rounded.
   */
  transposedTimesSplit(M: ArrayLike<number>, k: number, hi: Float32Array, lo: Float32Array): void {
    const { cols, kernels } = this;
    const { kp, factor, out, acc } = this.plan(k, true, 2);
    kernels.paddedFactor(factor, M, this.rows, k, kp);
    const loAt = acc + cols * kp * 4; // the second accumulator's place
    this.run(7, this.productChunks(cols), factor, out, k, kp, true, loAt - out);
    this.columnsOf(out, k, kp, acc, hi, false);
    this.columnsOf(loAt, k, kp, out, lo, false); // out is free once hi is read
  }

  /**
   * ‖X − WH‖² in float64 for W `rows × k` and Hᵀ `cols × k` row-major (float32 or float64):
   * Σ x·(x − 2y) over the stored entries x of X, y the entry of W·H there (csrResidual, chunks
   * of rows summed in chunk order: the same on any number of threads), plus ‖WH‖² = ⟨WᵀW, HHᵀ⟩
   * (gramRows). Not clamped: rounding can leave it slightly below 0 for an exact product.
   */
  squaredError(W: ArrayLike<number>, Ht: ArrayLike<number>, k: number): number {
    const { rows, cols, kernels, csr } = this;
    const k2 = 2 * Math.ceil(k / 2);
    const w = this.end;
    const h = align(w + 8 * rows * k2);
    const out = align(h + 8 * cols * k2);
    const chunks = this.productChunks(rows);
    const grams = align(out + 8 * chunks);
    kernels.reserve(grams + 16 * k2 * k2);
    const buffer = kernels.memory.buffer;
    const padded = (at: number, M: ArrayLike<number>, n: number) => {
      const view = new Float64Array(buffer, at, n * k2);
      if (k2 === k) view.set(M);
      else {
        for (let i = 0; i < n; i++) {
          for (let t = 0; t < k2; t++) view[i * k2 + t] = t < k ? M[i * k + t] : 0;
        }
      }
    };
    padded(w, W, rows);
    padded(h, Ht, cols);
    const chunkRows = Math.ceil(rows / chunks);
    const command = {
      op: 6 as const,
      x: csr.indptr,
      factor: w,
      out,
      accStride: h,
      rows,
      cols,
      kp: k2,
      chunkRows,
      chunks: Math.ceil(rows / chunkRows),
      indices: csr.indices,
      values: csr.values,
      isz: csr.isz,
      lanes: 0,
    };
    kernels.run(command, this.nnz * k2);
    const parts = new Float64Array(buffer, out, command.chunks);
    let s = 0;
    for (let c = 0; c < command.chunks; c++) s += parts[c];
    const G = new Float64Array(buffer, grams, 2 * k2 * k2).fill(0);
    kernels.call('gramRows', w, rows, k2, grams);
    kernels.call('gramRows', h, cols, k2, grams + 8 * k2 * k2);
    for (let i = 0; i < k2 * k2; i++) s += G[i] * G[k2 * k2 + i];
    return s;
  }

  /**
   * X·Xᵀ (`rows × rows`, float64) from the CSR form of Xᵀ (products.wat's csrPairs64: the bits of
   * linalg/sparse.ts's csrRowGram), or undefined where that takes more than `maxTerms`
   * multiply-adds (Σ_j n_j(n_j + 1)/2 over the n_j entries of X's columns). A view of the
   * products' area, valid until the next product (a copy was garbage that stayed for the rest of
   * a fit: 0.4 MB on SOTU).
   */
  rowGram(maxTerms = Infinity): Float64Array | undefined {
    const { rows, cols, kernels, csc } = this;
    if (pairTerms(this.view(true).indptr, cols) > maxTerms) return undefined;
    const G = this.end;
    kernels.reserve(G + 8 * rows * rows);
    const sums = new Float64Array(kernels.memory.buffer, G, rows * rows).fill(0);
    for (let j = 0; j < cols; j += PAIR_CALL_COLUMNS) {
      const end = Math.min(cols, j + PAIR_CALL_COLUMNS);
      kernels.call('csrPairs64', csc.indptr, csc.indices, csc.values, csc.isz, j, end, G, rows);
    }
    kernels.call('mirrorUpper64', G, rows);
    return sums;
  }

  /**
   * `bytes` where the products' factors and outputs go (pages their calls have touched), for a
   * result read before the next product.
   */
  spare(bytes: number): { buffer: ArrayBufferLike; byteOffset: number } {
    this.kernels.reserve(this.end + bytes);
    return { buffer: this.kernels.memory.buffer, byteOffset: this.end };
  }

  /** See KernelMemory.runTask. */
  runTask(task: ChunkTask): void {
    this.kernels.runTask(task);
  }

  /** Stops the worker threads; the memory goes with the object. */
  dispose(): void {
    this.kernels.dispose();
  }

  /** The CSR arrays of X, or of Xᵀ (`transposed`), as views of the memory. */
  private view(transposed = false) {
    const { indptr, indices, values, isz } = transposed ? this.csc : this.csr;
    const buffer = this.kernels.memory.buffer;
    return {
      indptr: this.kernels.ints(indptr, (transposed ? this.cols : this.rows) + 1),
      indices:
        isz === 2
          ? new Uint16Array(buffer, indices, this.nnz)
          : this.kernels.ints(indices, this.nnz),
      values: this.kernels.floats(values, this.nnz),
    };
  }

  /**
   * Fills the CSR form of Xᵀ from X's: a counting sort by column (each column's entries in row
   * order) in products.wat (csrCountColumns, csrScatterTranspose), by calls of TRANSPOSE_CALL
   * entries or rows, its column counts at the factor's place (free until the first product).
   */
  private transposeStored(): void {
    const { rows, cols, nnz, kernels, csr, csc } = this;
    const counts = this.end;
    kernels.reserve(counts + 4 * (cols + 1));
    const starts = kernels.ints(counts, cols + 1).fill(0);
    for (let p = 0; p < nnz; p += TRANSPOSE_CALL) {
      const end = Math.min(nnz, p + TRANSPOSE_CALL);
      kernels.call('csrCountColumns', csr.indices, csr.isz, p, end, counts);
    }
    for (let j = 0; j < cols; j++) starts[j + 1] += starts[j];
    kernels.ints(csc.indptr, cols + 1).set(starts);
    const callRows = Math.max(1, Math.floor((TRANSPOSE_CALL * rows) / Math.max(1, nnz)));
    const blocks = this.rowBlocks;
    // After the rows before a block's first, each count is where its column's entries from
    // that block on start.
    const snapshot = (b: number) =>
      kernels.ints(blocks!.at + 4 * cols * b, cols).set(starts.subarray(0, cols));
    if (blocks) snapshot(0);
    for (let i = 0; i < rows;) {
      const next = blocks ? blocks.rows * (Math.floor(i / blocks.rows) + 1) : rows;
      const end = Math.min(rows, i + callRows, next);
      kernels.call(
        'csrScatterTranspose',
        csr.indptr,
        csr.indices,
        csr.values,
        csr.isz,
        i,
        end,
        counts,
        csc.indices,
        csc.values,
        csc.isz,
      );
      if (blocks && (end === next || end === rows)) snapshot(Math.ceil(end / blocks.rows));
      i = end;
    }
  }

  /** How many chunks a product over `rows` rows (of X or Xᵀ), or one of its `parts`, takes. */
  private productChunks(rows: number, parts = 1): number {
    const entries = this.nnz / parts;
    return Math.max(1, Math.min(MAX_CHUNKS, rows, Math.floor(entries / MIN_CHUNK_ENTRIES)));
  }

  /**
   * The row blocks of Mᵀ·X for a factor of kp columns, as [begin, finish] pairs of entry-offset
   * arrays (RowBlocks), or undefined where the product goes in one pass.
   */
  private blocksFor(kp: number): [number, number][] | undefined {
    const b = this.rowBlocks;
    if (!b || this.rows * kp * 4 < BLOCKED_MIN_FACTOR) return undefined;
    const fineBytes = b.rows * kp * 4;
    const entries = (b.count * this.cols * BLOCK_MIN_ENTRIES) / this.nnz;
    const step = Math.max(1, Math.floor(BLOCK_BYTES / fineBytes), Math.ceil(entries));
    if (step >= b.count) return undefined;
    const at = (i: number) => b.at + 4 * this.cols * Math.min(i, b.count);
    const ranges: [number, number][] = [];
    for (let i = 0; i < b.count; i += step) ranges.push([at(i), at(i + step)]);
    return ranges;
  }

  /**
   * Where a product's operands go for rank k, growing the memory when needed: of its factor and
   * its output (`rows × kp` and `cols × kp`, one each way round for X·Mᵀ and, `transposed`, Mᵀ·X)
   * the larger at the first region, the smaller at the second, and from `acc` `stages` regions of
   * `cols × kp` floats (a transpose's stage, csrTimesSplit's second accumulator). The larger
   * operands of both products share their pages (SOTU: ≈1 MB less touched than a region each).
   */
  private plan(k: number, transposed: boolean, stages = 1) {
    // Rounded up to 8, not 16: the SVD's rank 20 (SOTU's rank 10) lays out 24 columns, not 32.
    const kp = 8 * Math.ceil(k / 8);
    // Laid out for the widest rank so far: a fit's products (rank k) then fall on the pages its
    // init's SVD (rank k + 10) has touched, instead of partly on fresh ones (SOTU: 800 page
    // faults fewer, ≈9 ms on a VM).
    this.layoutKp = Math.max(this.layoutKp, kp);
    const { rows, cols, layoutKp } = this;
    const smaller = align(this.end + Math.max(rows, cols) * layoutKp * 4);
    const acc = align(smaller + Math.min(rows, cols) * layoutKp * 4);
    this.kernels.reserve(acc + stages * cols * kp * 4);
    const [factorRows, outRows] = transposed ? [rows, cols] : [cols, rows];
    const [factor, out] = factorRows >= outRows ? [this.end, smaller] : [smaller, this.end];
    return { kp, factor, out, acc };
  }

  /**
   * csrTimes (op 3: into out; op 8: the entries from `range`'s begin to finish arrays, added to
   * out), or csrTimesSplit (op 7: hi into out, lo `loOffset` bytes on), on the rows of X, or of
   * Xᵀ (`transposed`), in `chunks` chunks; returns the chunks made.
   */
  private run(
    op: 3 | 7 | 8,
    chunks: number,
    factor: number,
    out: number,
    k: number,
    kp: number,
    transposed = false,
    loOffset = 0,
    range?: [number, number],
  ): number {
    const [rows, cols] = transposed ? [this.cols, this.rows] : [this.rows, this.cols];
    const chunkRows = Math.ceil(rows / chunks);
    const { indptr, indices, values, isz } = transposed ? this.csc : this.csr;
    const command = {
      op,
      x: range ? range[0] : indptr,
      factor,
      out,
      accStride: op === 7 ? loOffset : range ? range[1] : cols * kp * 4,
      rows,
      cols,
      kp,
      chunkRows,
      chunks: Math.ceil(rows / chunkRows),
      indices,
      values,
      isz,
      lanes: 4 * Math.ceil(k / 4),
    };
    this.kernels.run(command, this.nnz * kp);
    return command.chunks;
  }
}
