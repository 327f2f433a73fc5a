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
 * threads (rows are independent: the same F on any number of threads).
 */
import { MAX_KERNEL_BYTES, kernelModule } from './kernel-memory';
import type { ChunkTask } from '../threads/task-registry';
import {
  exportsOn,
  memoryPayload,
  ownMemory,
  releaseKernel,
  type MemoryPayload,
} from './own-memory';
import { SWEEP_CHUNK_ROWS } from '../js/sweep-kernel';
import { kernelBuffer, lazyExports, type LazyExports } from './wasm-arrays';

/** What the chunk task reads: byte offsets in the memory, and the rank. */
export interface WasmSweepPayload extends MemoryPayload {
  G: number;
  k: number;
  call: number;
  scratch: number;
  violations: number;
}

type SweepRows = (...args: number[]) => void;

/** sweepRows's scratch for rank k, per chunk (11k + 2 float64, 16-byte aligned). */
const SCRATCH_BYTES = (k: number) => 16 * Math.ceil((8 * (11 * k + 2)) / 16);

/** The chunk task `wasm-sweep` (tasks.ts): sweepRows on chunk c's rows. */
export function wasmSweepChunk(p: WasmSweepPayload, c: number): void {
  const r0 = c * SWEEP_CHUNK_ROWS;
  const scratch = p.scratch + c * SCRATCH_BYTES(p.k);
  const sweepRows = exportsOn(p).sweepRows as SweepRows;
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
  private readonly G: Float64Array;
  private readonly violations: Float64Array;
  private readonly scratch: number;
  /** products.wat's exports on the memory, for its arrays' elementwise kernels. */
  private readonly kernels: LazyExports;
  /** The tasks' payload, one object: posted to the workers once (the rows go in `call`). */
  private readonly payload: WasmSweepPayload;
  /** The numbers of the next sweep (see sweepRows): four int32, then a float64 at +16. */
  private readonly callInts: Int32Array;
  private readonly callFloats: Float64Array;

  /**
   * @param rows the most rows a sweep takes
   * @param k the rank
   * @param arrayBytes room for the arrays the caller will take with f64 and f32
   */
  constructor(rows: number, k: number, arrayBytes: number) {
    const chunks = Math.ceil(rows / SWEEP_CHUNK_ROWS);
    this.bytes = arrayBytes + 8 * k * k + 8 * chunks + SCRATCH_BYTES(k) * chunks + 64 * 9;
    ({ memory: this.memory, id: this.id } = ownMemory(this.bytes));
    // Its arrays' elementwise kernels (the factors' extrapolation) find the memory by their buffers.
    this.kernels = lazyExports(() => exportsOn(this.payload));
    this.G = this.f64(k * k);
    this.violations = this.f64(chunks);
    this.scratch = this.take(SCRATCH_BYTES(k) * chunks);
    const call = this.take(24);
    this.callInts = new Int32Array(this.memory.buffer, call, 4);
    this.callFloats = new Float64Array(this.memory.buffer, call + 16, 1);
    this.payload = {
      ...memoryPayload(this.memory, this.id),
      G: this.G.byteOffset,
      k,
      call,
      scratch: this.scratch,
      violations: this.violations.byteOffset,
    };
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
   * Sweeps the `rows` rows of F (`rows × k`, a view from f64) against G (`k × k`) and P
   * (`rows × k`, a view from f32); returns sklearn's violation of their first sweeps.
   */
  sweep(
    runTask: (task: ChunkTask) => void,
    F: Float64Array,
    G: Float64Array,
    P: Float32Array,
    rows: number,
    maxSweeps: number,
    ratio: number,
  ): number {
    this.G.set(G);
    const chunks = Math.ceil(rows / SWEEP_CHUNK_ROWS);
    this.callInts.set([F.byteOffset, P.byteOffset, maxSweeps, rows]);
    this.callFloats[0] = ratio;
    runTask({ task: 'wasm-sweep', payload: this.payload, chunks });
    let total = 0;
    for (let c = 0; c < chunks; c++) total += this.violations[c];
    return total;
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
