/**
 * Float64 products of a thin matrix F (`rows × l`, row-major: many rows, few columns) in
 * WebAssembly (products.wat's `gramRows` and `thinTimes`), with the loop forms of linalg/thin.ts
 * (the same products in the same order, so the same bits) where WebAssembly SIMD is missing.
 *
 * They replace one-off JavaScript loops that run interpreted until V8 has compiled them, boxing
 * every double on the way: megabytes of garbage per loop on MNIST (the randomized SVD's U = Q·U_B,
 * wideSvd's BBᵀ and Vᵀ, the NMF rules' Gram matrices in their first iterations), which is what
 * grows V8's young generation and with it the process's peak memory.
 */
import {
  checkSquare,
  gramLoop,
  inverseCholeskyLoop,
  symmetricEigen,
  timesLoop,
  type Matrix64,
  type SymmetricEigen,
  type ThinProducts,
} from '../../linalg/thin';
import type { Rng } from '../../random';
import type { ChunkTask } from '../threads/task-registry';
import { align, defaultThreads, kernelModule } from './kernel-memory';
import {
  GROWABLE_BYTES,
  growMemory,
  memoryPayload,
  ownMemory,
  releaseMemory,
  type MemoryPayload,
} from './own-memory';
import { CALL_WORDS, THIN_CHUNK_ROWS } from './thin-times-task';
import { kernelInstance } from './kernel-imports';

export { gramLoop, symmetrized, timesLoop } from '../../linalg/thin';

/**
 * Rows of F a Thin64 copies into its memory at a time: gramRows passes over a block once per
 * 4 × 8 tile of FᵀF, so the block stays in a core's cache up to k ≈ 64 (0.5 MB of float64; the
 * Gram matrix of 10000 × 64: 2.9 ms by 2048 rows, 2.2 by 1024).
 */
const BLOCK_ROWS = 1024;
/** Normal draws per call of normalPairs64 (an even number). */
const NORMAL_BLOCK = 8192;

/** F·M in place goes to the kernels' threads from this many rows of F (fewer: one block). */
const THREADED_MIN_ROWS = 4096;

/**
 * The kernels on a memory of their own: a small matrix of at most `maxCols`² float64 first, then
 * a block of at most BLOCK_ROWS rows of F and one of the result, the memory grown to what each
 * call needs (so that it holds about what was touched, pages a later kernel takes once `release`
 * gives them back). F goes through it a block at a time, whatever its number of rows.
 */
export class Thin64 {
  private readonly smallBytes: number;
  private memory?: WebAssembly.Memory;
  /**
   * scratch32's memory (shared), where its next array goes and the buffers its arrays were made
   * on. With `runTask`, its first `headBytes` hold the threaded F·M's call: its words, M and
   * one area per thread (thin-times-task.ts), so that F·M of a scratch array runs where it lies.
   */
  private scratch?: {
    payload: MemoryPayload;
    end: number;
    buffers: WeakSet<ArrayBufferLike>;
  };
  private readonly headBytes: number;
  private readonly gramRows: (F: number, rows: number, k: number, G: number) => void;
  private readonly thinTimes: (
    F: number,
    rows: number,
    l: number,
    M: number,
    k: number,
    out: number,
    upper: number,
  ) => void;
  private readonly symmetricEigen64: (v: number, d: number, e: number, n: number) => void;
  private readonly normalPairs64: (state: number, out: number, pairs: number) => void;
  private readonly inverseCholesky64: (
    G: number,
    R: number,
    inverse: number,
    l: number,
    minPivotSq: number,
  ) => number;

  /**
   * With `runTask` (task-threads.ts's runKernelTaskNow), float32 F·M in place runs as chunk
   * tasks through it (`times`). null where WebAssembly SIMD or shared memory is missing.
   */
  static create(maxCols: number, runTask?: (task: ChunkTask) => void): Thin64 | null {
    const module = kernelModule();
    return module ? new Thin64(module, maxCols, runTask) : null;
  }

  private constructor(
    module: WebAssembly.Module,
    private readonly maxCols: number,
    private readonly runTask?: (task: ChunkTask) => void,
  ) {
    this.smallBytes = align(8 * maxCols * maxCols);
    const areas = threadedAreas(maxCols);
    this.headBytes = runTask ? areas.areas + areas.bytes : 0;
    // It grows per call.
    const { memory } = ownMemory(this.smallBytes, GROWABLE_BYTES);
    this.memory = memory;
    const exports = kernelInstance(module, memory).exports;
    this.gramRows = exports.gramRows as Thin64['gramRows'];
    this.thinTimes = exports.thinTimes as Thin64['thinTimes'];
    this.symmetricEigen64 = exports.symmetricEigen64 as Thin64['symmetricEigen64'];
    this.inverseCholesky64 = exports.inverseCholesky64 as Thin64['inverseCholesky64'];
    this.normalPairs64 = exports.normalPairs64 as Thin64['normalPairs64'];
  }

  /**
   * Views of the small matrix (`smallLength` float64), a block F (`fLength`) after it and a
   * block `product` (`productLength`) after F, the memory grown to hold them.
   */
  private views(smallLength: number, fLength: number, productLength: number) {
    const memory = this.live();
    const at = this.smallBytes + align(8 * fLength);
    growMemory(memory, at + 8 * productLength);
    const buffer = memory.buffer;
    return {
      small: new Float64Array(buffer, 0, smallLength),
      F: new Float64Array(buffer, this.smallBytes, fLength),
      product: new Float64Array(buffer, at, productLength),
    };
  }

  /** FᵀF (`k × k`) for F `rows × k`, into `out` or a new array. */
  gram(
    F: Matrix64,
    rows: number,
    k: number,
    out: Float64Array = new Float64Array(k * k),
  ): Float64Array {
    this.check(k);
    const block = Math.min(BLOCK_ROWS, rows);
    const { small: G, F: blockF } = this.views(k * k, block * k, 0);
    G.fill(0);
    for (let r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
      const n = Math.min(BLOCK_ROWS, rows - r0);
      blockF.set(F.subarray(r0 * k, (r0 + n) * k));
      this.gramRows(blockF.byteOffset, n, k, G.byteOffset);
    }
    out.set(G);
    return out;
  }

  /**
   * F·M (`rows × k`) for F `rows × l` and M `l × k`, into `out` (which may be F itself) or a
   * new array. Float32 F replaced by F·M (the randomized SVD's orthonormalizations) runs on the
   * kernels' threads where they are ready (the same bits). With `upperTriangular` the zero terms
   * below M's diagonal are skipped (the same bits: products.wat's rowsTimes): half the work of
   * CholeskyQR's F·R⁻¹.
   */
  times<T extends Matrix64 = Float64Array>(
    F: Matrix64,
    rows: number,
    l: number,
    M: Matrix64,
    k: number,
    out: T = new Float64Array(rows * k) as T,
    upperTriangular = false,
  ): T {
    this.check(Math.max(l, k));
    const { runTask } = this;
    if (runTask && F instanceof Float32Array && out === F && l === k && rows >= THREADED_MIN_ROWS) {
      this.threadedTimes(runTask, F, rows, l, M, upperTriangular);
      return out;
    }
    const block = Math.min(BLOCK_ROWS, rows);
    const { small: m, F: blockF, product } = this.views(l * k, block * l, block * k);
    m.set(M.subarray(0, l * k));
    for (let r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
      const n = Math.min(BLOCK_ROWS, rows - r0);
      blockF.set(F.subarray(r0 * l, (r0 + n) * l));
      this.thinTimes(
        blockF.byteOffset,
        n,
        l,
        m.byteOffset,
        k,
        product.byteOffset,
        upperTriangular ? 1 : 0,
      );
      out.set(product.subarray(0, n * k), r0 * k);
    }
    return out;
  }

  /**
   * rng.normals(n, out)'s values, bit for bit, and its state after them: the pairs by
   * products.wat's `normalPairs64` (NORMAL_BLOCK at a time through F's block, the generator's
   * words in the small matrix's place), a cached spare and an odd last draw by rng itself. The
   * loop in random.ts ran interpreted for a fresh process's first draws, boxing every double:
   * ≈0.7 MB of young-generation garbage for the 4,660 draws of SOTU's sketch.
   */
  normals<T extends Float32Array | Float64Array = Float64Array>(
    rng: Rng,
    n: number,
    out: T = new Float64Array(n) as T,
  ): T {
    let i = 0;
    if (n > 0 && !Number.isNaN(rng.getState()[4])) out[i++] = rng.normal(); // the spare
    const { small, F: block } = this.views(2, NORMAL_BLOCK, 0);
    const words = new Int32Array(small.buffer, small.byteOffset, 4);
    words.set(rng.getState().slice(0, 4));
    while (n - i >= 2) {
      const pairs = Math.min(NORMAL_BLOCK, n - i) >> 1;
      this.normalPairs64(words.byteOffset, block.byteOffset, pairs);
      out.set(block.subarray(0, 2 * pairs), i);
      i += 2 * pairs;
    }
    rng.setState([...Array.from(words, (w) => w >>> 0), NaN]);
    if (i < n) out[i] = rng.normal();
    return out;
  }

  /**
   * The eigendecomposition of the symmetric `n × n` G by products.wat's `symmetricEigen64`
   * (ml-matrix's tred2 and tql2, operation for operation: its bits, without the 11–75 ms that
   * ml-matrix's loops take interpreted in a fresh process, once per fit's SVD). V goes through
   * the product block, d and e through F's.
   */
  eigen(G: ArrayLike<number>, n: number): SymmetricEigen {
    this.check(n);
    checkSquare(G, n);
    const { F: de, product: v } = this.views(0, 2 * n, n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) v[j * n + i] = G[i * n + j];
    const d = de.subarray(0, n);
    const e = de.subarray(n, 2 * n);
    this.symmetricEigen64(v.byteOffset, d.byteOffset, e.byteOffset, n);
    return { values: d.slice(), vectors: v.slice() };
  }

  /**
   * inverseCholeskyLoop's R⁻¹ (its bits) by products.wat's `inverseCholesky64`, G in the small
   * matrix's place, R and R⁻¹ in the blocks': its loops ran interpreted in a fresh process,
   * boxing every double (≈0.4–0.8 MB of young-generation garbage in a text corpus's SVD).
   */
  inverseCholesky(G: Float64Array, l: number, minPivotSq: number): Float64Array | null {
    this.check(l);
    const { small, F: R, product: inverse } = this.views(l * l, l * l, l * l);
    small.set(G.subarray(0, l * l));
    R.fill(0);
    inverse.fill(0);
    const ok = this.inverseCholesky64(
      small.byteOffset,
      R.byteOffset,
      inverse.byteOffset,
      l,
      minPivotSq,
    );
    return ok ? inverse.slice() : null;
  }

  /**
   * A float32 array of `length` zeros on a memory of this object's (its arrays one after the
   * other), given back with the others by `release`: the randomized SVD's work arrays, whose
   * pages the fit's kernels then take instead of fresh ones.
   */
  scratch32(length: number): Float32Array {
    const { buffer, at } = this.scratchBytes(4 * length);
    return new Float32Array(buffer, at, length);
  }

  /** As scratch32, float64. */
  scratch64(length: number): Float64Array {
    const { buffer, at } = this.scratchBytes(8 * length);
    return new Float64Array(buffer, at, length);
  }

  /** `bytes` more of the scratch memory: its buffer and where they start (64-aligned). */
  private scratchBytes(bytes: number): { buffer: ArrayBufferLike; at: number } {
    const scratch = this.scratchMemory(bytes);
    const at = scratch.end;
    scratch.end = align(at + bytes);
    growMemory(scratch.payload.memory, scratch.end);
    const buffer = scratch.payload.memory.buffer;
    scratch.buffers.add(buffer);
    return { buffer, at };
  }

  /** The scratch memory, made with room for `bytes` past its head where there is none yet. */
  private scratchMemory(bytes: number) {
    this.live();
    if (!this.scratch) {
      const { memory, id } = ownMemory(this.headBytes + bytes, GROWABLE_BYTES);
      this.scratch = {
        payload: memoryPayload(memory, id),
        end: this.headBytes,
        buffers: new WeakSet(),
      };
    }
    return this.scratch;
  }

  /**
   * F·M in place for float32 F (`rows × l`) and M `l × l`, by the chunk task `thin-times` on
   * the kernels' threads where they are ready now, else on this thread (the same bits): on the
   * scratch memory, where F lies when it is a scratch array, else copied past its arrays.
   */
  private threadedTimes(
    runTask: (task: ChunkTask) => void,
    F: Float32Array,
    rows: number,
    l: number,
    M: Matrix64,
    upper: boolean,
  ): void {
    const scratch = this.scratchMemory(4 * rows * l);
    const inPlace = scratch.buffers.has(F.buffer);
    const at = { rows, l, ...threadedAreas(l), F: F.byteOffset, upper: upper ? 1 : 0 };
    if (!inPlace) {
      at.F = scratch.end;
      growMemory(scratch.payload.memory, at.F + 4 * rows * l);
    }
    const buffer = scratch.payload.memory.buffer;
    new Int32Array(buffer, 0, CALL_WORDS.length).set(CALL_WORDS.map((w) => at[w]));
    new Float64Array(buffer, at.M, l * l).set(M.subarray(0, l * l));
    const shared = new Float32Array(buffer, at.F, rows * l);
    if (!inPlace) shared.set(F.subarray(0, rows * l));
    runTask({
      task: 'thin-times',
      payload: scratch.payload,
      chunks: Math.ceil(rows / THIN_CHUNK_ROWS),
    });
    if (!inPlace) F.set(shared);
  }

  /** Gives this object's memories back (own-memory.ts's releaseMemory); no call after this. */
  release(): void {
    if (this.memory) releaseMemory(this.memory);
    if (this.scratch) releaseMemory(this.scratch.payload.memory);
    this.memory = this.scratch = undefined;
  }

  /** Its memory, or an error once `release` has given it back. */
  private live(): WebAssembly.Memory {
    if (!this.memory) throw new Error('Thin64: used after release()');
    return this.memory;
  }

  private check(cols: number): void {
    if (cols > this.maxCols)
      throw new RangeError(`Thin64: ${cols} columns, room for ${this.maxCols}`);
  }
}

/**
 * Where the threaded F·M's call puts M and the threads' areas (byte offsets in the scratch
 * memory, after the call's words) for l columns, and the bytes of each area.
 */
function threadedAreas(l: number) {
  const areaBytes = align(16 * THIN_CHUNK_ROWS * l);
  const M = 64;
  const areas = M + align(8 * l * l);
  return { M, areas, areaBytes, bytes: defaultThreads() * areaBytes };
}

/**
 * Both products on one Thin64 for matrices of at most `maxCols` columns, else by the loop forms.
 */
export function thinProducts(maxCols: number, runTask?: (task: ChunkTask) => void): ThinProducts {
  const kernels = Thin64.create(maxCols, runTask);
  return {
    gram: (F: Matrix64, rows: number, k: number, out?: Float64Array) =>
      kernels ? kernels.gram(F, rows, k, out) : copied(gramLoop(F, rows, k), out),
    times: <T extends Matrix64 = Float64Array>(
      F: Matrix64,
      rows: number,
      l: number,
      M: Matrix64,
      k: number,
      out?: T,
      upperTriangular?: boolean,
    ): T =>
      kernels
        ? kernels.times(F, rows, l, M, k, out, upperTriangular)
        : copied(timesLoop(F, rows, l, M, k), out),
    eigen: (G: ArrayLike<number>, n: number) =>
      kernels ? kernels.eigen(G, n) : symmetricEigen(G, n),
    inverseCholesky: (G: Float64Array, l: number, minPivotSq: number) =>
      kernels ? kernels.inverseCholesky(G, l, minPivotSq) : inverseCholeskyLoop(G, l, minPivotSq),
    scratch32: kernels ? (length: number) => kernels.scratch32(length) : undefined,
    scratch64: kernels ? (length: number) => kernels.scratch64(length) : undefined,
    normals: kernels
      ? <T extends Float32Array | Float64Array = Float64Array>(rng: Rng, n: number, out?: T) =>
          kernels.normals(rng, n, out)
      : undefined,
    release: () => kernels?.release(),
  };
}

function copied<T extends Matrix64>(result: Float64Array, out?: T): T {
  if (!out) return result as T;
  out.set(result);
  return out;
}
