/**
 * The chunk task `thin-times` (threads/tasks.ts): the rows of a thin product F·M (thin64.ts's
 * threaded form) on the threads. F is float32 (`rows × l`) on a shared memory and is replaced
 * by F·M (l = k); each chunk takes THIN_CHUNK_ROWS rows through its thread's own area: widened
 * to float64, products.wat's `thinTimes` (every entry's sum in the same order whichever thread
 * runs it: the same bits as the one-thread form), rounded back into its rows.
 */
import { thisThread } from '../threads/task-registry';
import { exportsOn, viewsOf, type MemoryPayload } from './own-memory';

/**
 * Rows per chunk: a thread's area holds a chunk's rows and products as float64 (2 × 0.15 MB at
 * l = 74), so that the areas of all threads cost few first touches (at 2048 rows they were
 * 4.8 MB on MNIST at rank 64, ≈9 ms of page faults on a VM).
 */
export const THIN_CHUNK_ROWS = 256;

/** What the task reads: the memory; the call's numbers are in its first words (CALL_WORDS). */
export type ThinTimesPayload = MemoryPayload;

/**
 * The int32 words at the start of the memory: rows, l, and the byte offsets of F (float32
 * `rows × l`), M (float64 `l × l`) and the areas (one per thread index, areaBytes each); upper
 * is 1 where M is upper triangular (thinTimes skips its zero terms).
 */
export const CALL_WORDS = ['rows', 'l', 'F', 'M', 'areas', 'areaBytes', 'upper'] as const;

export function thinTimesChunk(p: ThinTimesPayload, c: number): void {
  // The words of CALL_WORDS, one by one (a destructuring allocates per chunk).
  const { i32, f32, f64 } = viewsOf(p.memory.buffer);
  const rows = i32[0];
  const l = i32[1];
  const F = i32[2];
  const M = i32[3];
  const areas = i32[4];
  const areaBytes = i32[5];
  const upper = i32[6];
  const r0 = c * THIN_CHUNK_ROWS;
  const count = Math.min(THIN_CHUNK_ROWS, rows - r0) * l;
  const area = areas + thisThread.index * areaBytes;
  const product = area + 8 * THIN_CHUNK_ROWS * l;
  const rowsOfF = f32.subarray((F >> 2) + r0 * l, (F >> 2) + r0 * l + count);
  f64.set(rowsOfF, area >> 3);
  const thinTimes = exportsOn(p).thinTimes as (...args: number[]) => void;
  thinTimes(area, count / l, l, M, l, product, upper);
  rowsOfF.set(f64.subarray(product >> 3, (product >> 3) + count));
}
