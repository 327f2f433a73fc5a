/**
 * nndsvd's passes over the singular vectors (nmf/nndsvd-parts.ts) in products.wat: the norms of
 * each vector's positive and negative parts (`partSums64`), then the scaled parts that become
 * the initial factors (`scaledParts64`), with the loop forms' operations in their order, so the
 * same bits. A fresh process ran those loops at interpreter speed (≈30 ns per entry: 25 ms of
 * SpamAssassin's start); here they take about 1 ns per entry from the first call.
 */
import { align, kernelModule } from './kernel-memory';
import { GROWABLE_BYTES, ownMemory, releaseMemory } from './own-memory';
import { kernelInstance } from './kernel-imports';

/**
 * k vectors of len entries: entry i of vector t at F[i·rowStride + t·vecStride]; `scaled` puts
 * it at i·outRowStride + t·outVecStride (default: F's layout).
 */
export interface Vectors {
  F: Float32Array | Float64Array;
  len: number;
  k: number;
  rowStride: number;
  vecStride: number;
  outRowStride?: number;
  outVecStride?: number;
}

/** What nndsvd computes from its vectors. */
export interface VectorParts {
  /** Per vector, √Σ x² over its entries x > 0, and over the others. */
  norms(): [Float64Array, Float64Array];
  /**
   * s_t·(max(c_t·x, 0) + z_t·max(−x, 0)) for each entry x of vector t, float32 in the output
   * layout (Vectors), the values below eps set to fill: a view of the passes' memory (valid until
   * the next `scaled` of these vectors or the release), or a new array.
   */
  scaled(
    c: Float64Array,
    z: Float64Array,
    s: Float64Array,
    eps: number,
    fill: number,
  ): Float32Array;
}

/** Passes over several sets of vectors, and the release of the memory they run on. */
export interface VectorPartsGroup {
  parts: VectorParts[];
  /** Gives the memory the passes run on back for later kernels; no call after this. */
  release(): void;
}

type Kernels = Record<string, (...args: number[]) => void>;

/**
 * The kernels for each of `sets` on one memory of their own holding each F as float64, or null
 * without WebAssembly SIMD. One memory (nndsvd's U and V parts, 1–2 MB each on the text
 * corpora), so that a later kernel takes all those pages once `release` gives them back: two
 * memories left the smaller one idle, touched pages that the fit's peak memory counted.
 */
export function wasmVectorParts(...sets: Vectors[]): VectorPartsGroup | null {
  const module = kernelModule();
  if (!module) return null;
  // Per set: F (float64), then c, z, s and the sums (5·k float64), then the output (float32).
  const layouts = sets.map(({ len, k }) => {
    const small = align(8 * len * k);
    const out = small + align(40 * k);
    return { small, out, bytes: align(out + 4 * len * k) };
  });
  const { memory } = ownMemory(
    layouts.reduce((sum, l) => sum + l.bytes, 0),
    GROWABLE_BYTES,
  );
  const ex = kernelInstance(module, memory).exports as Kernels;
  let at = 0;
  const parts = sets.map((v, i) => {
    const { small, out, bytes } = layouts[i];
    const part = partsAt(ex, memory, v, at, at + small, at + out);
    at += bytes;
    return part;
  });
  return { parts, release: () => releaseMemory(memory) };
}

/**
 * The passes over v on `memory`: F from byte `at`, the small arrays at `small`, the output at
 * `out`.
 */
function partsAt(
  ex: Kernels,
  memory: WebAssembly.Memory,
  v: Vectors,
  at: number,
  small: number,
  out: number,
): VectorParts {
  const { len, k, rowStride, vecStride } = v;
  const entries = len * k;
  new Float64Array(memory.buffer, at, entries).set(v.F);
  const smallView = new Float64Array(memory.buffer, small, 5 * k);
  return {
    norms() {
      ex.partSums64(at, len, k, rowStride, vecStride, small + 24 * k);
      const sums = smallView.subarray(3 * k);
      return [sums.slice(0, k).map(Math.sqrt), sums.slice(k, 2 * k).map(Math.sqrt)];
    },
    scaled(c, z, s, eps, fill) {
      smallView.set(c, 0);
      smallView.set(z, k);
      smallView.set(s, 2 * k);
      const { outRowStride = rowStride, outVecStride = vecStride } = v;
      ex.scaledParts64(
        at,
        len,
        k,
        rowStride,
        vecStride,
        small,
        eps,
        fill,
        out,
        outRowStride,
        outVecStride,
      );
      return new Float32Array(memory.buffer, out, entries);
    },
  };
}
