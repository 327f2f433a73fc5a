/**
 * One shared WebAssembly memory with an instance of products.wat's kernels, and the worker
 * threads that run kernel commands and chunk tasks on it: what DenseProducts and
 * SparseProducts have in common.
 */
import { compileWasm } from '../../host';
import { defaultThreads, threadHost } from '../threads/host';
import {
  KernelThreads,
  runOnThisThread,
  threadsAvailable,
  type KernelCommand,
} from '../threads/kernel-threads';
import { runTaskOnThisThread, type ChunkTask } from '../threads/task-registry';
import { PRODUCTS_WASM_BASE64 } from './products-wasm';
import { kernelInstance } from './kernel-imports';

const PAGE = 65536;
/** Below this many multiply-adds a product runs on the calling thread alone. */
const THREADED_MIN_WORK = 1 << 22;
/** The fewest stored entries of X for which startThreadsFor starts the threads ahead of use. */
const EAGER_ENTRIES = 1 << 16;
/** The largest memory (bytes) the products use: wasm32 addresses 4 GiB. */
export const MAX_KERNEL_BYTES = 3 * 2 ** 30;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernels, or null where WebAssembly SIMD or shared memory is missing. */
export function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = Uint8Array.from(atob(PRODUCTS_WASM_BASE64), (ch) => ch.charCodeAt(0));
    compiled =
      typeof SharedArrayBuffer === 'function' && WebAssembly.validate(bytes)
        ? compileWasm(bytes)
        : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * Boots the kernels' worker threads ahead of the first fit where they will run (the host keeps
 * them idle until a pool takes them), settling once they have booted: a worker takes ≈50 ms to
 * start and ≈5 MB to load its modules, which otherwise fall into the first fit (its
 * initialization's products then run on the calling thread alone, beside the boot).
 */
export async function prestartKernelThreads(): Promise<void> {
  const threads = defaultThreads();
  if (threads > 1 && simdProductsAvailable()) await threadHost()?.prestart?.(threads - 1);
}

/** Whether this runtime can run the SIMD products (WebAssembly SIMD and shared memory). */
export function simdProductsAvailable(): boolean {
  return kernelModule() !== null;
}

/** Threads for the products: the thread host's choice (host.ts), 1 where none is installed. */
export { defaultThreads };

/** `bytes` rounded up to a multiple of 64 (a cache line). */
export function align(bytes: number): number {
  return 64 * Math.ceil(bytes / 64);
}

/**
 * The kernel memories made and not yet disposed (weakly held: a memory dropped without dispose
 * goes with the garbage collector), whose threads chunk tasks may borrow: see `taskThreads`.
 */
const live: WeakRef<KernelMemory>[] = [];

/**
 * The latest made live kernel memory with `threads` threads, or undefined: a chunk task names
 * its own memory in its payload, so any pool runs it, and borrowing X's products' pool for the
 * fused kernels' tasks saves a second set of workers (each a Node isolate, ≈10 MB resident).
 */
export function taskThreads(threads: number): KernelMemory | undefined {
  for (let i = live.length - 1; i >= 0; i--) {
    const m = live[i].deref();
    if (!m) live.splice(i, 1);
    else if (m.threads === threads) return m;
  }
  return undefined;
}

/**
 * The memories of `residentFloats`'s arrays and `residentCsrArrays`'s matrices (keyed by the
 * buffer), with the length of the array at offset 0 (the floats, or the CSR's indptr) and, for
 * a CSR matrix, where its indices and values lie; each marked while a KernelMemory works in it.
 */
const residents = new WeakMap<
  ArrayBufferLike,
  {
    memory: WebAssembly.Memory;
    length: number;
    taken: boolean;
    csr?: { indices: number; values: number; nnz: number };
  }
>();

function sharedMemory(bytes: number): WebAssembly.Memory {
  return new WebAssembly.Memory({
    initial: Math.ceil(bytes / PAGE) + 1,
    maximum: 65536,
    shared: true,
  });
}

/**
 * `length` zeros at offset 0 of a memory of their own that the kernels can work in: a
 * KernelMemory made for them (`contents`) takes that memory instead of copying them into a new
 * one. A plain Float32Array where the kernels are not available or would not hold them.
 */
export function residentFloats(length: number): Float32Array {
  if (!simdProductsAvailable() || 4 * length >= MAX_KERNEL_BYTES) return new Float32Array(length);
  const memory = sharedMemory(4 * length);
  residents.set(memory.buffer, { memory, length, taken: false });
  return new Float32Array(memory.buffer, 0, length);
}

/**
 * Whether `values` is a `residentFloats` array, whole (a part of one is not: what lies past it
 * is the caller's), whose memory a KernelMemory may take now.
 */
export function residentAvailable(values: ArrayLike<number>): boolean {
  return residentOf(values) !== undefined;
}

/**
 * The resident memory that `contents` starts, whole, where a KernelMemory may take it now: a
 * residentFloats array, or a residentCsrArrays matrix's indptr.
 */
function residentOf(contents: ArrayLike<number>) {
  const floats = contents instanceof Float32Array;
  if (!(floats || contents instanceof Int32Array) || contents.byteOffset !== 0) return undefined;
  const resident = residents.get(contents.buffer);
  if (!resident || resident.taken || resident.length !== contents.length) return undefined;
  return floats === (resident.csr === undefined) ? resident : undefined;
}

/**
 * A CSR matrix of `rows` rows and `nnz` stored entries, zeros, in a memory of its own that the
 * kernels can work in (indptr at offset 0, int32 indices, float32 values, each with room for
 * one more entry past its end): SparseProducts takes that memory instead of copying the three
 * arrays (`residentCsrLayout`). Plain arrays where the kernels are not available or would not
 * hold them.
 */
export function residentCsrArrays(
  rows: number,
  nnz: number,
): { indptr: Int32Array; indices: Int32Array; values: Float32Array } {
  const indices = align(4 * (rows + 2));
  const values = align(indices + 4 * (nnz + 1));
  const bytes = values + 4 * (nnz + 1);
  if (!simdProductsAvailable() || bytes >= MAX_KERNEL_BYTES) {
    return {
      indptr: new Int32Array(rows + 1),
      indices: new Int32Array(nnz),
      values: new Float32Array(nnz),
    };
  }
  const memory = sharedMemory(bytes);
  residents.set(memory.buffer, {
    memory,
    length: rows + 1,
    taken: false,
    csr: { indices, values, nnz },
  });
  const b = memory.buffer;
  return {
    indptr: new Int32Array(b, 0, rows + 1),
    indices: new Int32Array(b, indices, nnz),
    values: new Float32Array(b, values, nnz),
  };
}

/**
 * A residentCsrArrays matrix's indptr and where its indices and values lie (byte offsets), when
 * `csr`'s three arrays are its own, whole, and a KernelMemory may take its memory now (with
 * `csr.indptr` as its contents); else undefined.
 */
export function residentCsrLayout(csr: {
  indptr: ArrayLike<number>;
  indices: ArrayLike<number>;
  values: ArrayLike<number>;
}): { indptr: Int32Array; indices: number; values: number } | undefined {
  const resident = residentOf(csr.indptr);
  const layout = resident?.csr;
  if (!layout) return undefined;
  const buffer = (csr.indptr as Int32Array).buffer;
  const whole = (a: ArrayLike<number>, type: typeof Int32Array | typeof Float32Array, at: number) =>
    a instanceof type && a.buffer === buffer && a.byteOffset === at && a.length === layout.nnz;
  return whole(csr.indices, Int32Array, layout.indices) &&
    whole(csr.values, Float32Array, layout.values)
    ? { indptr: csr.indptr as Int32Array, indices: layout.indices, values: layout.values }
    : undefined;
}

export class KernelMemory {
  readonly memory: WebAssembly.Memory;
  /** Whether `contents` already lie at offset 0 (a resident array taken in): no copy needed. */
  readonly holdsContents: boolean;
  private readonly exports: WebAssembly.Exports;
  private pool?: KernelThreads;
  private disposed = false;
  private readonly ref = new WeakRef(this);
  private readonly resident?: { taken: boolean };

  /**
   * @param bytes the initial size of the memory
   * @param threads threads for large commands and tasks (the calling one included)
   * @param contents what the caller will place at offset 0: when it is a `residentFloats` array
   *   or a `residentCsrArrays` matrix's indptr, at offset 0 of a memory that no other
   *   KernelMemory has taken, that memory is used (grown to `bytes`; returned at dispose), and
   *   `holdsContents` is true
   */
  constructor(
    bytes: number,
    readonly threads: number,
    contents?: ArrayLike<number>,
  ) {
    const module = kernelModule();
    if (!module) throw new Error('WebAssembly SIMD with shared memory is not available');
    const resident = contents === undefined ? undefined : residentOf(contents);
    this.holdsContents = resident !== undefined;
    if (resident) {
      resident.taken = true;
      this.resident = resident;
      this.memory = resident.memory;
    } else {
      this.memory = sharedMemory(bytes);
    }
    this.exports = kernelInstance(module, this.memory).exports;
    this.reserve(bytes);
    live.push(this.ref);
  }

  /** Grows the memory to at least `bytes` (views made before a growth stay valid). */
  reserve(bytes: number): void {
    this.checkLive();
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
  }

  floats(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  ints(offset: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, offset, length);
  }

  /**
   * A factor's layout for the products (kp ≥ k a multiple of 4, zero padding): M (`k × cols`
   * row-major) transposed into the `cols × kp` floats at `offset`, through the `k × cols`
   * floats at `stage` (products.wat's transpose32; the two regions must not overlap).
   */
  transposedFactor(
    offset: number,
    M: ArrayLike<number>,
    k: number,
    cols: number,
    kp: number,
    stage: number,
  ) {
    this.floats(stage, k * cols).set(M);
    this.call('transpose32', stage, offset, k, cols, kp);
  }

  /**
   * M (`rows × k`) into the `total × kp` floats at `offset`, zeros past k and past rows (copied
   * in, then spread in place by products.wat's spreadRows32).
   */
  paddedFactor(
    offset: number,
    M: ArrayLike<number>,
    rows: number,
    k: number,
    kp: number,
    total = rows,
  ) {
    this.floats(offset, rows * k).set(M);
    if (k === kp) this.floats(offset + 4 * rows * k, (total - rows) * kp).fill(0);
    else this.call('spreadRows32', offset, rows, k, kp, total);
  }

  /**
   * The `rows × kp` floats at `offset` without their padding columns, into result (`rows × k`);
   * packs them in place first (products.wat's packRows32), which leaves that region changed.
   */
  unpadded(
    offset: number,
    rows: number,
    k: number,
    kp: number,
    result: Float32Array,
  ): Float32Array {
    if (k !== kp) this.call('packRows32', offset, rows, k, kp);
    result.set(this.floats(offset, rows * k));
    return result;
  }

  /**
   * Σ over `chunks` accumulators (`cols × kp` each, consecutive from `acc`) in chunk order
   * (products.wat's sumChunks), through the floats at `at`, into result: `k × cols`, or with
   * `asRows` `cols × k`.
   */
  summedChunks(
    acc: number,
    chunks: number,
    cols: number,
    kp: number,
    k: number,
    at: number,
    result: Float32Array,
    asRows = false,
  ): Float32Array {
    const [tBytes, jBytes] = asRows ? [4, 4 * k] : [4 * cols, 4];
    this.call('sumChunks', acc, chunks, cols * kp * 4, cols, kp, k, at, tBytes, jBytes);
    result.set(this.floats(at, k * cols));
    return result;
  }

  /** Calls one of products.wat's exported functions on this thread. */
  call(name: string, ...args: number[]): number {
    this.checkLive();
    return (this.exports[name] as (...a: number[]) => number)(...args);
  }

  /** Runs a kernel command: on the threads when it has at least 2²² multiply-adds (`work`). */
  run(command: KernelCommand, work: number): void {
    this.checkLive();
    const pool = work >= THREADED_MIN_WORK ? this.threadPool() : undefined;
    if (pool) pool.run(command);
    else runOnThisThread(this.exports, command);
  }

  /**
   * Runs a chunk task on this thread and the worker threads (this thread alone when `threads`
   * is 1 or no thread host is installed); the typed arrays it writes must live on
   * SharedArrayBuffers.
   */
  runTask(task: ChunkTask): void {
    this.checkLive();
    const pool = task.chunks > 1 ? this.threadPool() : undefined;
    if (pool) pool.runTask(task);
    else runTaskOnThisThread(task);
  }

  /**
   * Starts the worker threads now where X has at least EAGER_ENTRIES stored entries (a fit on
   * it runs its products and half-steps on them): a worker takes ≈50–70 ms to start, which then
   * overlaps with the caller's work before the first threaded command (the initialization's
   * random draws) instead of delaying it. `touch`: bytes [from, to) the caller is about to fill
   * from the front, which the workers make resident from the back meanwhile (fresh memory's
   * first touch, ≈3 ms a MB on a VM, then runs on two threads or more: X's copy, for one).
   */
  startThreadsFor(entries: number, touch?: readonly [number, number]): void {
    if (entries >= EAGER_ENTRIES) this.threadPool(touch);
  }

  /** Whether this memory's worker threads are running and all ready for a task now. */
  threadsReady(): boolean {
    return this.pool !== undefined && this.pool.usable && this.pool.ready;
  }

  /** Stops the worker threads; the memory goes with the object. */
  dispose(): void {
    if (this.resident) this.resident.taken = false;
    this.disposed = true;
    const i = live.indexOf(this.ref);
    if (i >= 0) live.splice(i, 1);
    this.pool?.dispose();
    this.pool = undefined;
  }

  private checkLive(): void {
    if (this.disposed) throw new Error('SIMD products used after dispose()');
  }

  /**
   * The worker threads, started on first use (a pool that became unusable, a worker having
   * died, is replaced); undefined for one thread or where no thread host is installed.
   */
  private threadPool(touch?: readonly [number, number]): KernelThreads | undefined {
    if (this.threads <= 1 || !threadsAvailable()) return undefined;
    if (this.pool && !this.pool.usable) {
      this.pool.dispose();
      this.pool = undefined;
    }
    this.pool ??= new KernelThreads(
      this.exports,
      kernelModule()!,
      this.memory,
      this.threads - 1,
      touch,
    );
    return this.pool;
  }
}

/**
 * Σ a[p]² for p0 ≤ p < p1, in float64, in order: a small function called per row, which V8
 * compiles after a few rows (one long loop in a function called once ran unoptimized).
 */
export function squaredSum(a: Float32Array, p0: number, p1: number): number {
  let s = 0;
  for (let p = p0; p < p1; p++) s += a[p] * a[p];
  return s;
}
