/**
 * A dense float32 X (`rows × cols`) kept in a shared WebAssembly memory and multiplied by thin
 * factors with the SIMD kernels of products.wat, on this thread and worker threads:
 *
 *   timesTransposed(M, k): X·Mᵀ for M `k × cols`  → `rows × k`
 *   transposedTimes(M, k): Mᵀ·X for M `rows × k`  → `k × cols`
 *
 * Both products read X in its own row-major layout (no transposed copy, no packed copy) at
 * ≈30 GFLOP/s per thread (10000 × 784 by rank 16, measured against ≈23 for tfjs-wasm's
 * matMul, which also needs Xᵀ for the second product). Results are float32 and do not depend
 * on the number of threads: the rows are cut into chunks fixed by the shape, each chunk is
 * computed by one thread, and the partial sums of Mᵀ·X are added in chunk order (float64).
 *
 * Memory layout (byte offsets): X at 0 (`rowsPadded × cols`, a zero row appended when rows is
 * odd), then the factor (`cols × kp` or `rowsPadded × kp`), the output of X·Mᵀ
 * (`rowsPadded × kp`) or one `cols × kp` accumulator per chunk, then their sum (`sumChunks`),
 * kp = k rounded up to 16.
 */
import type { ChunkTask } from '../threads/kernel-threads';
import { KernelMemory, align, defaultThreads, squaredSum } from './kernel-memory';

/**
 * Bounds on the number of row chunks: X·Mᵀ's chunks write disjoint rows; Mᵀ·X's each fill a
 * `cols × kp` accumulator, summed afterwards on the calling thread, so they are fewer.
 */
const MAX_CHUNKS = 64;
const MAX_SUMMED_CHUNKS = 16;
const MIN_CHUNK_ROWS = 256;
const MAX_ACCUMULATOR_BYTES = 1 << 24;
/**
 * X·Mᵀ's chunks have at least this many entries of X (their rows are disjoint: any number of
 * chunks gives the same bits), so a short wide X (200 × 50000) is still shared by the threads.
 */
const MIN_CHUNK_ENTRIES = 1 << 17;
/**
 * When Mᵀ·X's rows make one chunk (a short X), the threads share its columns instead, in blocks
 * whose part of the accumulator (`block × kp` floats) stays in a core's cache: each column's
 * sum still runs over all the rows in order, so the bits are those of the one chunk.
 */
const COLUMN_BLOCK_BYTES = 1 << 17;

export class DenseProducts {
  private readonly kernels: KernelMemory;
  private readonly rowsPadded: number;

  /**
   * Copies X (`rows × cols` row-major) into the shared memory, or works in X's own where it is
   * a `residentFloats` array (`residentMatrix`) that no other DenseProducts is using.
   * @param threads threads to use for large products (default `defaultThreads()`)
   */
  constructor(
    values: ArrayLike<number>,
    readonly rows: number,
    readonly cols: number,
    threads = defaultThreads(),
  ) {
    this.rowsPadded = rows + (rows % 2);
    const bytes = this.rowsPadded * cols * 4;
    this.kernels = new KernelMemory(bytes, threads, values);
    const copying = !this.kernels.holdsContents;
    // The workers make X's fresh memory resident from the back while it is copied in.
    this.kernels.startThreadsFor(rows * cols, copying ? [0, bytes] : undefined);
    if (copying) this.kernels.floats(0, rows * cols).set(values);
    // A resident X's memory may hold an earlier fit's factors past it.
    else this.kernels.floats(4 * rows * cols, (this.rowsPadded - rows) * cols).fill(0);
  }

  /** X as stored (`rows × cols` row-major), a view into the shared memory: read only. */
  get values(): Float32Array {
    return this.kernels.floats(0, this.rows * this.cols);
  }

  /** ‖x_i‖² of every row (float64, each row's entries in order). */
  rowSquaredNorms(): Float64Array {
    const { rows, cols, values } = this;
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) out[i] = squaredSum(values, i * cols, (i + 1) * cols);
    return out;
  }

  /** Rows `which` of X, `which.length × cols` (a new array). */
  rowsOf(which: readonly number[]): Float32Array {
    const { cols, values } = this;
    const out = new Float32Array(which.length * cols);
    which.forEach((i, j) => out.set(values.subarray(i * cols, (i + 1) * cols), j * cols));
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
   * X times the factor that `write` lays out at f (`cols × kp`; the output's region, `stage`,
   * is free until the product): `rows × k`, into result.
   */
  private timesFactor(
    k: number,
    result: Float32Array,
    write: (f: number, kp: number, stage: number) => void,
  ): Float32Array {
    const { cols, kernels } = this;
    const plan = this.plan(k);
    write(plan.factor, plan.kp, plan.out);
    const pairs = Math.max(1, Math.ceil(MIN_CHUNK_ENTRIES / (2 * cols)));
    const chunks = Math.min(MAX_CHUNKS, Math.ceil(this.rowsPadded / (2 * pairs)));
    const chunkRows = 2 * Math.ceil(this.rowsPadded / (2 * chunks));
    this.run(0, { ...plan, chunkRows, chunks: Math.ceil(this.rowsPadded / chunkRows) }, k);
    return kernels.unpadded(plan.out, this.rows, k, plan.kp, result);
  }

  /** Mᵀ·X for M `rows × k` row-major: `k × cols` row-major, into `out` or a new array. */
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
    const { cols, kernels } = this;
    const plan = this.plan(k, MAX_SUMMED_CHUNKS);
    // The padding row of an odd `rows` is zero.
    kernels.paddedFactor(plan.factor, M, this.rows, k, plan.kp, this.rowsPadded);
    if (plan.chunks === 1) {
      const block = Math.max(16, Math.floor(COLUMN_BLOCK_BYTES / (4 * plan.kp)));
      this.run(5, { ...plan, chunkRows: block, chunks: Math.ceil(cols / block) }, k);
    } else {
      this.run(1, plan, k);
    }
    return kernels.summedChunks(plan.out, plan.chunks, cols, plan.kp, k, plan.sum, result, asRows);
  }

  /**
   * `bytes` where the products' factors and outputs go (pages their calls have touched), for a
   * result read before the next product.
   */
  spare(bytes: number): { buffer: ArrayBufferLike; byteOffset: number } {
    const at = align(this.rowsPadded * this.cols * 4);
    this.kernels.reserve(at + bytes);
    return { buffer: this.kernels.memory.buffer, byteOffset: at };
  }

  /**
   * Runs a chunk task on this thread and the worker threads (one thread when `threads` is 1);
   * the typed arrays it writes must live on SharedArrayBuffers.
   */
  runTask(task: ChunkTask): void {
    this.kernels.runTask(task);
  }

  /** Stops the worker threads; the memory goes with the object. */
  dispose(): void {
    this.kernels.dispose();
  }

  /** Where the factor and the outputs go for rank k, growing the memory when needed. */
  private plan(k: number, maxChunks = MAX_CHUNKS) {
    const { rowsPadded, cols } = this;
    const kp = 16 * Math.ceil(k / 16);
    const chunks = Math.max(
      1,
      Math.min(
        maxChunks,
        Math.ceil(rowsPadded / MIN_CHUNK_ROWS),
        Math.floor(MAX_ACCUMULATOR_BYTES / (cols * kp * 4)),
      ),
    );
    const chunkRows = 2 * Math.ceil(rowsPadded / (2 * chunks));
    const used = Math.ceil(rowsPadded / chunkRows);
    const factor = align(rowsPadded * cols * 4); // spare's room too
    const out = align(factor + Math.max(cols, rowsPadded) * kp * 4);
    const sum = align(out + Math.max(rowsPadded * kp, used * cols * kp) * 4);
    this.kernels.reserve(sum + cols * kp * 4);
    return { kp, chunkRows, chunks: used, factor, out, sum };
  }

  private run(
    op: 0 | 1 | 5,
    plan: Pick<ReturnType<DenseProducts['plan']>, 'factor' | 'out' | 'kp' | 'chunkRows' | 'chunks'>,
    k: number,
  ): void {
    const command = {
      op,
      x: 0,
      factor: plan.factor,
      out: plan.out,
      accStride: this.cols * plan.kp * 4,
      rows: this.rowsPadded,
      cols: this.cols,
      kp: plan.kp,
      chunkRows: plan.chunkRows,
      chunks: plan.chunks,
      indices: 0,
      values: 0,
      isz: 0,
      lanes: plan.kp,
    };
    this.kernels.run(command, this.rowsPadded * this.cols * k);
  }
}
