/**
 * Kernels of products.wat run on a memory of their own (not the products' memory) through the
 * chunk tasks of tasks.ts: the state of hals's sweeps (sweep-wasm.ts) and of the bb solver's
 * pairs (bb-pairs.ts). Each thread instantiates the module on such a memory the first time a task
 * names it, and keeps the last few instances by the memory's id; the calling thread's are
 * dropped by `releaseKernel` (workers drop theirs with their pool).
 */
import { kernelModule } from './kernel-memory';

const PAGE = 65536;
/** wasm32's largest memory. */
const MAX_PAGES = 65536;
/** Instances a thread keeps (the oldest goes first). */
const KEPT_INSTANCES = 8;
let nextId = 0;

/**
 * A shared WebAssembly memory of at least `bytes`, with an id for the instance caches; it can
 * grow (growMemory) up to `maximumBytes` (default: not at all).
 */
export function ownMemory(
  bytes: number,
  maximumBytes = bytes,
): { memory: WebAssembly.Memory; id: number } {
  const pages = pagesFor(bytes);
  const maximum = Math.min(Math.max(pages, pagesFor(maximumBytes)), MAX_PAGES);
  const memory = new WebAssembly.Memory({ initial: pages, maximum, shared: true });
  return { memory, id: nextId++ };
}

/** Grows an ownMemory to at least `bytes` (its buffer then is a new object: take views anew). */
export function growMemory(memory: WebAssembly.Memory, bytes: number): void {
  const pages = pagesFor(bytes);
  const now = memory.buffer.byteLength / PAGE;
  if (pages > now) memory.grow(pages - now);
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

/** This thread's instances, by memory id, oldest first. */
const instances = new Map<number, WebAssembly.Exports>();

/** products.wat's exports on p.memory for this thread (instantiated on first use, then kept). */
export function exportsOn(p: MemoryPayload): WebAssembly.Exports {
  let exports = instances.get(p.id);
  if (!exports) {
    exports = new WebAssembly.Instance(p.module, { env: { memory: p.memory } }).exports;
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
