/**
 * Kernels of products.wat run on a memory of their own (not the products' memory) through the
 * chunk tasks of tasks.ts: the state of hals's sweeps (sweep-wasm.ts) and of the bb solver's
 * pairs (bb-pairs.ts). Each thread instantiates the module on such a memory the first time a task
 * names it, and keeps the last few instances by the memory's id; the calling thread's are
 * dropped by `releaseKernel` (workers drop theirs with their pool).
 */
import { kernelModule, MAX_KERNEL_BYTES } from './kernel-memory';
import { kernelInstance } from './kernel-imports';

const PAGE = 65536;
/** wasm32's largest memory. */
const MAX_PAGES = 65536;
/** Instances a thread keeps (the oldest goes first). */
const KEPT_INSTANCES = 8;
let nextId = 0;

/**
 * The `maximumBytes` of a memory that may grow as far as its kernels need (MAX_KERNEL_BYTES, the
 * bb states' and sweeps' limit too): once given back, such a memory can serve any later
 * ownMemory.
 */
export const GROWABLE_BYTES = MAX_KERNEL_BYTES;

/**
 * Memories of at most this many pages are made new, not taken from those given back: a few
 * fresh pages cost less than a given-back memory a later, larger one could have taken (on
 * SpamAssassin the rule's Gram kernel, 2 pages, took the nndsvd's 38, and the host loops' 26
 * then came new).
 */
export const NEW_MEMORY_PAGES = 2;

/**
 * A shared WebAssembly memory of at least `bytes`, with an id for the instance caches; it can
 * grow (growMemory) up to `maximumBytes` (default: not at all). It is a memory given back by
 * `releaseMemory` where one can grow that far (its pages zeroed as they are handed out: it reads
 * as a new one), else a new one (always for NEW_MEMORY_PAGES or fewer).
 */
export function ownMemory(
  bytes: number,
  maximumBytes = bytes,
): { memory: WebAssembly.Memory; id: number } {
  const pages = pagesFor(bytes);
  const maximum = Math.min(Math.max(pages, pagesFor(maximumBytes)), MAX_PAGES);
  const memory =
    (pages > NEW_MEMORY_PAGES ? takeReleased(pages, maximum) : undefined) ??
    new WebAssembly.Memory({ initial: pages, maximum, shared: true });
  maximumPages.set(memory, maximum);
  heldPages.set(memory, pages);
  return { memory, id: nextId++ };
}

/** Each ownMemory's maximum, in pages. */
const maximumPages = new WeakMap<WebAssembly.Memory, number>();
/**
 * The pages each ownMemory's owner holds (asked for, or grown to): zeroed. A memory taken from
 * the released ones may be larger; its pages past these are zeroed as growMemory hands them out.
 */
const heldPages = new WeakMap<WebAssembly.Memory, number>();

/**
 * Memories given back, weakly held: what a later ownMemory takes (a fit's memories take the
 * pages its initialization used, pages this process has touched already: on a VM each first
 * touch of a page costs ≈10 µs), or the garbage collector does.
 */
let released: Released[] = [];
interface Released {
  memory: WeakRef<WebAssembly.Memory>;
  maximum: number;
}

/**
 * Gives an ownMemory back for a later ownMemory to take. The caller and its instances must not
 * use it any more (the next owner overwrites it).
 */
export function releaseMemory(memory: WebAssembly.Memory): void {
  const maximum = maximumPages.get(memory);
  if (maximum === undefined) throw new Error('releaseMemory: not an ownMemory');
  maximumPages.delete(memory);
  released.push({ memory: new WeakRef(memory), maximum });
}

/** Forgets every released memory (none is taken after this; tests start from here). */
export function forgetReleased(): void {
  released = [];
}

/**
 * A released memory that can be grown to `maximum` pages, its first `pages` zeroed (grown to
 * them where it is smaller); undefined where none is left. The smallest that holds `pages`
 * already, else the largest.
 */
function takeReleased(pages: number, maximum: number): WebAssembly.Memory | undefined {
  // deref() keeps what it returns alive to the end of this job.
  released = released.filter((r) => r.memory.deref());
  const pagesOf = (r: Released) => r.memory.deref()!.buffer.byteLength / PAGE;
  const fits = released.filter((r) => r.maximum >= maximum);
  const holding = fits.filter((r) => pagesOf(r) >= pages);
  const pick = holding.length
    ? holding.reduce((a, b) => (pagesOf(b) < pagesOf(a) ? b : a))
    : fits.reduce<Released | undefined>(
        (a, b) => (!a || pagesOf(b) > pagesOf(a) ? b : a),
        undefined,
      );
  if (!pick) return undefined;
  released.splice(released.indexOf(pick), 1);
  const memory = pick.memory.deref()!;
  heldPages.set(memory, 0);
  growMemory(memory, (pages - 1) * PAGE);
  return memory;
}

/**
 * Grows an ownMemory to at least `bytes` (its buffer then is a new object: take views anew).
 * Pages a released memory had already are zeroed as they are handed out: they read as new ones.
 */
export function growMemory(memory: WebAssembly.Memory, bytes: number): void {
  const pages = pagesFor(bytes);
  const now = memory.buffer.byteLength / PAGE;
  const held = heldPages.get(memory) ?? now;
  if (pages <= held) return;
  if (held < now)
    new Uint8Array(memory.buffer, held * PAGE, (Math.min(pages, now) - held) * PAGE).fill(0);
  if (pages > now) memory.grow(pages - now);
  heldPages.set(memory, pages);
}

/** The pages of a memory of `bytes` (one more: the kernels may read a little past the end). */
function pagesFor(bytes: number): number {
  return Math.ceil(bytes / PAGE) + 1;
}

/** The part of a task payload that names the memory. */
export interface MemoryPayload {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  id: number;
}

/** The part of a task payload that names the memory. */
export function memoryPayload(memory: WebAssembly.Memory, id: number): MemoryPayload {
  return { module: kernelModule()!, memory, id };
}

/** Whole-buffer views of a memory's buffer (see viewsOf). */
export interface BufferViews {
  i32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
}

const bufferViews = new WeakMap<ArrayBufferLike, BufferViews>();

/**
 * Int32, float32 and float64 views of the whole of `buffer` (a memory's, whose length is a
 * multiple of its 64 KiB pages), made once per buffer: a chunk task reads its words and moves
 * its rows through them, where a view per chunk (and an iterator per destructuring) was garbage
 * on every chunk of every product, megabytes of young-generation pages in a short fit.
 */
export function viewsOf(buffer: ArrayBufferLike): BufferViews {
  let views = bufferViews.get(buffer);
  if (!views) {
    views = {
      i32: new Int32Array(buffer),
      f32: new Float32Array(buffer),
      f64: new Float64Array(buffer),
    };
    bufferViews.set(buffer, views);
  }
  return views;
}

/** This thread's instances, by memory id, oldest first. */
const instances = new Map<number, WebAssembly.Exports>();

/** products.wat's exports on p.memory for this thread (instantiated on first use, then kept). */
export function exportsOn(p: MemoryPayload): WebAssembly.Exports {
  let exports = instances.get(p.id);
  if (!exports) {
    exports = kernelInstance(p.module, p.memory).exports;
    instances.set(p.id, exports);
    if (instances.size > KEPT_INSTANCES) instances.delete(instances.keys().next().value!);
  }
  return exports;
}

/** Drops the calling thread's instance on memory `id`. */
export function releaseKernel(id: number): void {
  instances.delete(id);
}

/** Drops every instance this thread keeps (a worker going back to its host). */
export function releaseKernels(): void {
  instances.clear();
}
