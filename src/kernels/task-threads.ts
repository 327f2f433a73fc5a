/**
 * The worker threads that run the fused kernels' chunk tasks (the half-step's column chunks,
 * hals's row chunks) when the task does not come with X's own threads: those of the latest
 * live kernel memory (X's products during a fit: kernel-memory.ts's taskThreads), else one
 * small kernel memory and its pool, made on first use and kept (its workers are unref'd: they
 * never keep a process alive). Results never depend on the number of threads (each chunk is
 * one thread's).
 */
import {
  KernelMemory,
  defaultThreads,
  simdProductsAvailable,
  taskThreads,
} from './wasm/kernel-memory';
import { runTaskOnThisThread, type ChunkTask } from './threads/tasks';

let pool: KernelMemory | undefined;

/** Runs a chunk task on the kernels' threads (this thread alone without WebAssembly SIMD). */
export function runKernelTask(task: ChunkTask): void {
  if (!simdProductsAvailable() || defaultThreads() === 1) return runTaskOnThisThread(task);
  const threads = defaultThreads();
  (taskThreads(threads) ?? (pool ??= new KernelMemory(1024, threads))).runTask(task);
}

/**
 * Runs a chunk task on the threads of the latest live kernel memory (X's products during a fit)
 * where they are all ready now, else on this thread alone (the same results): for work that
 * should not wait for workers still starting, and that needs no pool of its own.
 */
export function runKernelTaskNow(task: ChunkTask): void {
  const memory = simdProductsAvailable() ? taskThreads(defaultThreads()) : undefined;
  if (memory?.threadsReady()) memory.runTask(task);
  else runTaskOnThisThread(task);
}
