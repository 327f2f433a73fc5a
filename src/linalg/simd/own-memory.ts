/**
 * Kernels of products.wat run on a memory of their own (not the products' memory) through the
 * chunk tasks of kernel-threads.ts: the state of hals's sweeps (sweep-wasm.ts) and of the bb
 * solver's pairs (overparam-gram-state.ts). Each thread instantiates the module on such a memory
 * the first time a task names it, and keeps the last few instances by the memory's id; the
 * calling thread's are dropped by `releaseKernel` (workers drop theirs with their pool).
 */
import { kernelModule } from './kernel-memory';
import { runTaskOnThisThread } from './kernel-threads';

const PAGE = 65536;
let nextId = 0;

/** A shared WebAssembly memory of at least `bytes`, with an id for the instance caches. */
export function ownMemory(bytes: number): { memory: WebAssembly.Memory; id: number } {
  const pages = Math.ceil(bytes / PAGE) + 1;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  return { memory, id: nextId++ };
}

/**
 * The source of a chunk task `(p, c)` whose payload carries `module`, `memory` and `id`:
 * `call` is a statement that runs chunk c with `kernel`, the export `name` of the instance on
 * p.memory.
 */
export function ownMemoryTask(name: string, call: string): string {
  return `(() => {
  const kernels = new Map(); // the last few memories' ${name}, by id
  return (p, c) => {
    if (p.release) return void kernels.delete(p.id);
    let kernel = kernels.get(p.id);
    if (!kernel) {
      const instance = new WebAssembly.Instance(p.module, { env: { memory: p.memory } });
      kernel = instance.exports.${name};
      kernels.set(p.id, kernel);
      if (kernels.size > 4) kernels.delete(kernels.keys().next().value);
    }
    ${call}
  };
})()`;
}

/** The part of a task payload that names the memory. */
export function memoryPayload(memory: WebAssembly.Memory, id: number) {
  return { module: kernelModule(), memory, id };
}

/** Drops the calling thread's cached instance of `source` on memory `id`. */
export function releaseKernel(source: string, id: number): void {
  runTaskOnThisThread({ source, payload: { release: true, id }, chunks: 1 });
}
