/**
 * Statistics of a large dense float32 array by products.wat's `statistics` kernel, streamed
 * through a small WebAssembly memory in blocks. The same sums, in the same order, as a float64
 * loop in JavaScript, without depending on when V8 optimizes that loop (unoptimized, it boxes
 * every double: ≈250 MB of garbage for 10⁷ entries, which grows the young generation).
 */
import {
  KernelMemory,
  align,
  residentAvailable,
  residentCsrLayout,
  simdProductsAvailable,
} from './kernel-memory';
import { firstBadEntryLoop, type CsrArrays } from '../../linalg/csr';

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

/**
 * Σ x, Σ x², max, the zeros and the first bad entry of `values`. A `residentFloats` array, or
 * the values of a `residentCsrArrays` matrix (`csr`, whose arrays they are), is scanned where it
 * lies, block by block as the copies are (the same bits), without copying it through the small
 * memory (10⁷ entries: 16.5 → 12.5 ms).
 */
export function scanEntries(values: Float32Array, csr?: CsrArrays): EntryStatistics {
  const blocks = entryBlocks(values, csr, 32);
  const out = blocks.head;
  try {
    new Float64Array(blocks.kernels.memory.buffer, out, 4).fill(0);
    for (let start = 0; start < values.length; start += SCAN_BLOCK) {
      const n = Math.min(SCAN_BLOCK, values.length - start);
      const bad = blocks.kernels.call('statistics', blocks.values(start, n), n, out);
      if (bad >= 0) return { ...read(blocks.kernels, out), bad: start + bad };
    }
    return { ...read(blocks.kernels, out), bad: -1 };
  } finally {
    blocks.kernels.dispose();
  }
}

function read(kernels: KernelMemory, out: number) {
  const [sum, sqNorm, max, zeros] = new Float64Array(kernels.memory.buffer, out, 4);
  return { sum, sqNorm, max, zeros };
}

/**
 * The first k whose column index x.indices[k] is outside [0, cols) or whose value x.values[k]
 * is not finite, −1 when none: checkCsr's entry checks by products.wat's `badEntry`, on a
 * residentCsrArrays matrix where it lies, else through a small memory SCAN_BLOCK entries at a
 * time. The answer of its loop (`firstBadEntryLoop`), which runs in JavaScript unoptimized for
 * its first ≈10⁵ entries, boxing every value it reads (SpamAssassin's 6·10⁵ in a fresh process:
 * ≈12 ms, this ≈10, most of both the first touches of X's pages). The loop where WebAssembly
 * SIMD is missing or the arrays are of other types.
 */
export function firstBadEntry(x: CsrArrays, cols: number): number {
  const { indices, values } = x;
  const typed = indices instanceof Int32Array && values instanceof Float32Array;
  if (!typed || !simdProductsAvailable() || indices.length !== values.length || cols >= 2 ** 31) {
    return firstBadEntryLoop(x, cols);
  }
  const blocks = entryBlocks(values, x, 0, indices);
  try {
    for (let start = 0; start < values.length; start += SCAN_BLOCK) {
      const n = Math.min(SCAN_BLOCK, values.length - start);
      const [at, from] = [blocks.indices(start, n), blocks.values(start, n)];
      const bad = blocks.kernels.call('badEntry', at, from, n, cols);
      if (bad >= 0) return start + bad;
    }
    return -1;
  } finally {
    blocks.kernels.dispose();
  }
}

/**
 * A KernelMemory where the kernels read a CSR matrix's values (and indices) SCAN_BLOCK entries
 * at a time: `values(start, n)` and `indices(start, n)` give the byte offsets of entries
 * start … start + n − 1, `head` those of `headBytes` for the caller. In place where the arrays
 * lie in a memory the kernels may take (a residentFloats `values`, a residentCsrArrays matrix
 * `csr`: the head past their end), else each block copied into a small memory after the head.
 */
function entryBlocks(
  values: Float32Array,
  csr: CsrArrays | undefined,
  headBytes: number,
  indices?: Int32Array,
) {
  const inPlace = (kernels: KernelMemory, indicesAt: number, valuesAt: number, head: number) => {
    kernels.reserve(head + headBytes);
    return {
      kernels,
      head,
      values: (start: number) => valuesAt + 4 * start,
      indices: (start: number) => indicesAt + 4 * start,
    };
  };
  const layout = csr && residentCsrLayout(csr);
  if (layout) {
    const kernels = new KernelMemory(0, 1, layout.indptr);
    return inPlace(
      kernels,
      layout.indices,
      layout.values,
      align(layout.values + values.byteLength),
    );
  }
  if (residentAvailable(values)) {
    const end = align(values.byteLength);
    return inPlace(new KernelMemory(end + headBytes, 1, values), 0, 0, end);
  }
  const [floatsAt, block] = [align(headBytes), align(4 * SCAN_BLOCK)];
  const kernels = new KernelMemory(floatsAt + 2 * block, 1);
  const floats = kernels.floats(floatsAt, SCAN_BLOCK);
  const ints = kernels.ints(floatsAt + block, SCAN_BLOCK);
  return {
    kernels,
    head: 0,
    values(start: number, n: number) {
      floats.set(values.subarray(start, start + n));
      return floatsAt;
    },
    indices(start: number, n: number) {
      ints.set(indices!.subarray(start, start + n));
      return floatsAt + block;
    },
  };
}
