/**
 * Statistics of a large dense float32 array by products.wat's `statistics` kernel, streamed
 * through a small WebAssembly memory in blocks. The same sums, in the same order, as a float64
 * loop in JavaScript, without depending on when V8 optimizes that loop (unoptimized, it boxes
 * every double: ≈250 MB of garbage for 10⁷ entries, which grows the young generation).
 */
import { KernelMemory } from './kernel-memory';

/** Entries per block copied into the kernel's memory. */
export const SCAN_BLOCK = 1 << 16;

export interface EntryStatistics {
  sum: number;
  sqNorm: number;
  max: number;
  zeros: number;
  /** Index of the first negative, NaN or +∞ entry (the scan stops there), −1 when none. */
  bad: number;
}

/** Σ x, Σ x², max, the zeros and the first bad entry of `values`. */
export function scanEntries(values: Float32Array): EntryStatistics {
  const kernels = new KernelMemory(SCAN_BLOCK * 4 + 64, 1);
  try {
    const block = kernels.floats(0, SCAN_BLOCK);
    const out = SCAN_BLOCK * 4;
    for (let start = 0; start < values.length; start += SCAN_BLOCK) {
      const n = Math.min(SCAN_BLOCK, values.length - start);
      block.set(values.subarray(start, start + n));
      const bad = kernels.call('statistics', 0, n, out);
      if (bad >= 0) return { ...read(kernels, out), bad: start + bad };
    }
    return { ...read(kernels, out), bad: -1 };
  } finally {
    kernels.dispose();
  }
}

function read(kernels: KernelMemory, out: number) {
  const [sum, sqNorm, max, zeros] = new Float64Array(kernels.memory.buffer, out, 4);
  return { sum, sqNorm, max, zeros };
}
