/**
 * hals's coordinate-descent sweeps in WebAssembly (products.wat's `sweepRows`): the same
 * arithmetic in the same order as sweep-kernel.ts's loop form, so the same bits, without the
 * JavaScript kernel's start (V8 compiling it on every thread, and until then an interpreted
 * kernel that boxes every double: ≈150 MB of garbage per outer iteration on MNIST, which grew
 * the young generation).
 *
 * The arrays the sweeps read and write (F, P, G) live in one shared WebAssembly memory of a size
 * fixed up front; `f64` and `f32` hand out views of it, and the factors, products and Gram
 * matrices of a fit are allocated there. Rows go in chunks of SWEEP_CHUNK_ROWS to the data's
 * threads (rows are independent: the same F on any number of threads). The Gram matrix of a
 * factor there goes to the threads too (`gram`: its block rows split between them).
 */
import { MAX_KERNEL_BYTES, kernelModule } from './kernel-memory';
import type { ChunkTask } from '../threads/task-registry';
import {
  exportsOn,
  viewsOf,
  memoryPayload,
  ownMemory,
  releaseKernel,
  type MemoryPayload,
} from './own-memory';
import { SWEEP_CHUNK_ROWS, type SweepStart } from '../js/sweep-kernel';
import { kernelBuffer, kernelsOn, lazyExports, type LazyExports } from './wasm-arrays';
import { mirrorUpper } from '../../linalg/sparse';

/** What the chunk task reads: byte offsets in the memory, and the rank. */
export interface WasmSweepPayload extends MemoryPayload {
  G: number;
  k: number;
  /** Whether the sweeps are sweepRows32's (G float32) or sweepRows's (G float64). */
  float32: boolean;
  call: number;
  scratch: number;
  violations: number;
  /**
   * Where the start's words lie: two int32, the byte offset of the rows F is set to first and
   * that of the previous iterate F is extrapolated from in place (each −1 where not), then β
   * (float64, at +8).
   */
  startWordAt: number;
}

type SweepRows = (...args: number[]) => void;

/** What the chunk task `wasm-gram` reads: the memory, and where its call's int32 words are. */
export interface WasmGramPayload extends MemoryPayload {
  call: number;
}

/** Rows of F a gramPart call takes: a block stays in a core's cache (thin64.ts's BLOCK_ROWS). */
const GRAM_BLOCK_ROWS = 1024;

/** gram's threaded form from this many rows of F (fewer: gram64 on the calling thread). */
const THREADED_GRAM_MIN_ROWS = 4096;

/** The most parts FᵀF's block rows are split into (each part's thread reads all of F once). */
const GRAM_PARTS = 4;

/**
 * The chunk task `wasm-gram`: products.wat's gramPart on part c of FᵀF's block rows, over the
 * rows of F a block at a time (each entry's sum in row order: gramRows's bits); the chunk after
 * the last part sums the entries of the last k mod 4 columns. The call's words: F, rows, k, G
 * (byte offsets and sizes), the number of parts, then the parts' bounds.
 */
export function wasmGramChunk(p: WasmGramPayload, c: number): void {
  const { i32 } = viewsOf(p.memory.buffer);
  const w = p.call >> 2;
  const F = i32[w];
  const rows = i32[w + 1];
  const k = i32[w + 2];
  const G = i32[w + 3];
  const rest = c === i32[w + 4] ? 1 : 0;
  const a0 = rest ? k : i32[w + 5 + c];
  const a1 = rest ? k : i32[w + 6 + c];
  const gramPart = exportsOn(p).gramPart as SweepRows;
  for (let r0 = 0; r0 < rows; r0 += GRAM_BLOCK_ROWS) {
    gramPart(F + 8 * k * r0, Math.min(GRAM_BLOCK_ROWS, rows - r0), k, G, a0, a1, rest);
  }
}

/**
 * FᵀF's block rows (multiples of 4 below k − k mod 4) in at most GRAM_PARTS parts of about as
 * many 4 × 4 blocks each (block row a has (k4 − a)/4): the parts' bounds, first to last.
 */
function gramBounds(k: number): number[] {
  const k4 = k - (k % 4);
  const blocks = (k4 / 4) * (k4 / 4 + 1) * 0.5;
  const parts = Math.max(1, Math.min(GRAM_PARTS, k4 / 4));
  const bounds = [0];
  let done = 0;
  for (let a = 0; a < k4; a += 4) {
    done += (k4 - a) / 4;
    if (done >= (blocks * bounds.length) / parts && bounds.length < parts) bounds.push(a + 4);
  }
  if (bounds[bounds.length - 1] !== k4) bounds.push(k4);
  return bounds;
}

/**
 * The sweeps' scratch for rank k, per chunk (16-byte aligned): sweepRows's 11k + 2 float64,
 * sweepRows32's 15k.
 */
const SCRATCH_BYTES = (k: number) => 16 * Math.ceil((8 * (15 * k + 2)) / 16);

/**
 * The chunk task `wasm-sweep` (tasks.ts): sweepRows (or sweepRows32) on chunk c's rows, first set
 * to start's or extrapolated in place from the previous iterate's (products.wat's extrapolate64).
 */
export function wasmSweepChunk(p: WasmSweepPayload, c: number): void {
  const r0 = c * SWEEP_CHUNK_ROWS;
  const { i32, f64 } = viewsOf(p.memory.buffer);
  const start = i32[p.startWordAt >> 2];
  const previous = i32[(p.startWordAt >> 2) + 1];
  if (start >= 0 || previous >= 0) {
    const F = i32[p.call >> 2];
    const rows = i32[(p.call >> 2) + 3];
    const n = p.k * (Math.min(rows, r0 + SWEEP_CHUNK_ROWS) - r0);
    const at = 8 * p.k * r0;
    if (start >= 0) f64.copyWithin((F + at) >> 3, (start + at) >> 3, (start + at) / 8 + n);
    else {
      const beta = f64[(p.startWordAt + 8) >> 3];
      (exportsOn(p).extrapolate64 as SweepRows)(F + at, F + at, previous + at, n, beta);
    }
  }
  const scratch = p.scratch + c * SCRATCH_BYTES(p.k);
  const sweepRows = exportsOn(p)[p.float32 ? 'sweepRows32' : 'sweepRows'] as SweepRows;
  sweepRows(p.G, r0, r0 + SWEEP_CHUNK_ROWS, p.k, p.call, scratch, p.violations + 8 * c);
}

/** Whether WasmSweeps can run here with `bytes` of arrays (WebAssembly SIMD, shared memory). */
export function wasmSweepsAvailable(bytes = 0): boolean {
  return kernelModule() !== null && bytes < MAX_KERNEL_BYTES;
}

export class WasmSweeps {
  private readonly memory: WebAssembly.Memory;
  private readonly id: number;
  private end = 0;
  /** The bytes it takes its arrays from (its memory, taken from released ones, may be larger). */
  private readonly bytes: number;
  /** The Gram matrix of the next sweep (float64, or float32 for sweepRows32). */
  private readonly G: Float64Array | Float32Array;
  private readonly violations: Float64Array;
  private readonly scratch: number;
  /** products.wat's exports on the memory, for its arrays' elementwise kernels. */
  private readonly kernels: LazyExports;
  /** The tasks' payload, one object: posted to the workers once (the rows go in `call`). */
  private readonly payload: WasmSweepPayload;
  /** The numbers of the next sweep (see sweepRows): four int32, then a float64 at +16. */
  private readonly callInts: Int32Array;
  private readonly callFloats: Float64Array;
  /** The start's words (see WasmSweepPayload.startWordAt): the offsets, then β. */
  private readonly startWords: Int32Array;
  private readonly startBeta: Float64Array;
  /** gram's sums (`k × k`), its call's words and payload. */
  private readonly gramSums: Float64Array;
  private readonly gramWords: Int32Array;
  private readonly gramPayload: WasmGramPayload;
  private readonly gramParts: number;

  /**
   * @param rows the most rows a sweep takes
   * @param k the rank
   * @param arrayBytes room for the arrays the caller will take with f64 and f32
   * @param float32 sweeps in float32 arithmetic (sweepRows32: loopSweeps32's bits), else in
   *   float64 (sweepRows: loopSweeps's)
   */
  constructor(rows: number, k: number, arrayBytes: number, float32 = false) {
    const chunks = Math.ceil(rows / SWEEP_CHUNK_ROWS);
    this.bytes = arrayBytes + 16 * k * k + 8 * chunks + SCRATCH_BYTES(k) * chunks + 64 * 12;
    ({ memory: this.memory, id: this.id } = ownMemory(this.bytes));
    // Its arrays' elementwise kernels (the factors' extrapolation) find the memory by their buffers.
    this.kernels = lazyExports(() => exportsOn(this.payload));
    this.G = float32 ? this.f32(k * k) : this.f64(k * k);
    this.violations = this.f64(chunks);
    this.scratch = this.take(SCRATCH_BYTES(k) * chunks);
    const call = this.take(24);
    const startWordAt = this.take(16);
    this.startWords = new Int32Array(this.memory.buffer, startWordAt, 2);
    this.startBeta = new Float64Array(this.memory.buffer, startWordAt + 8, 1);
    this.callInts = new Int32Array(this.memory.buffer, call, 4);
    this.callFloats = new Float64Array(this.memory.buffer, call + 16, 1);
    this.payload = {
      ...memoryPayload(this.memory, this.id),
      G: this.G.byteOffset,
      k,
      float32,
      call,
      scratch: this.scratch,
      violations: this.violations.byteOffset,
      startWordAt,
    };
    this.gramSums = this.f64(k * k);
    const bounds = gramBounds(k);
    this.gramParts = bounds.length - 1;
    const gramCall = this.take(4 * (6 + GRAM_PARTS));
    this.gramWords = new Int32Array(this.memory.buffer, gramCall, 6 + GRAM_PARTS);
    this.gramWords.set([0, 0, k, this.gramSums.byteOffset, this.gramParts, ...bounds]);
    this.gramPayload = { ...memoryPayload(this.memory, this.id), call: gramCall };
  }

  /** A zero-filled float64 view of the memory. */
  f64(length: number): Float64Array {
    return new Float64Array(kernelBuffer(this.memory, this.kernels), this.take(8 * length), length);
  }

  /** A zero-filled float32 view of the memory. */
  f32(length: number): Float32Array {
    return new Float32Array(kernelBuffer(this.memory, this.kernels), this.take(4 * length), length);
  }

  /**
   * Sweeps the `rows` rows of F (`rows × k`, a view from f64) against G (`k × k`, rounded to
   * float32 for float32 sweeps) and P (`rows × k`, a view from f32), each chunk's rows first made
   * from `start` where it is given and not F: set to an array's (a view from f64, else F is set
   * first), or extrapolated from a previous iterate (a view from f64); returns sklearn's
   * violation of their first sweeps.
   */
  sweep(
    runTask: (task: ChunkTask) => void,
    F: Float64Array,
    G: Float64Array,
    P: Float32Array,
    rows: number,
    maxSweeps: number,
    ratio: number,
    start: SweepStart = F,
  ): number {
    this.G.set(G);
    this.startWords.set([-1, -1]);
    const mine = (a: Float64Array) => kernelsOn(a) === this.kernels();
    if (start instanceof Float64Array) {
      if (start !== F && mine(start)) this.startWords[0] = start.byteOffset;
      else if (start !== F) F.set(start);
    } else {
      if (!mine(start.previous)) throw new Error('WasmSweeps.sweep: previous is not on its memory');
      this.startWords[1] = start.previous.byteOffset;
      this.startBeta[0] = start.beta;
    }
    const chunks = Math.ceil(rows / SWEEP_CHUNK_ROWS);
    this.callInts.set([F.byteOffset, P.byteOffset, maxSweeps, rows]);
    this.callFloats[0] = ratio;
    runTask({ task: 'wasm-sweep', payload: this.payload, chunks });
    let total = 0;
    for (let c = 0; c < chunks; c++) total += this.violations[c];
    return total;
  }

  /**
   * FᵀF (`k × k`, float64, a new array) for F `rows × k` made by `f64`, its block rows split
   * between the threads (gramRows's sums: the bits of gram64); undefined for fewer than
   * THREADED_GRAM_MIN_ROWS rows or an F elsewhere.
   */
  gram(
    runTask: (task: ChunkTask) => void,
    F: Float64Array,
    rows: number,
  ): Float64Array | undefined {
    if (rows < THREADED_GRAM_MIN_ROWS || kernelsOn(F) !== this.kernels()) return undefined;
    const { k } = this.payload;
    this.gramSums.fill(0);
    this.gramWords[0] = F.byteOffset;
    this.gramWords[1] = rows;
    const chunks = this.gramParts + (k % 4 ? 1 : 0);
    runTask({ task: 'wasm-gram', payload: this.gramPayload, chunks });
    return mirrorUpper(this.gramSums.slice(), k);
  }

  /** Drops this thread's cached instance on the memory (workers drop theirs with the pool). */
  dispose(): void {
    releaseKernel(this.id);
  }

  private take(bytes: number): number {
    const at = this.end;
    this.end = 16 * Math.ceil((at + bytes) / 16);
    if (this.end > this.bytes) throw new Error('WasmSweeps: out of room');
    return at;
  }
}
