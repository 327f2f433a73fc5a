/**
 * nndsvd's passes over the singular vectors (nmf/nndsvd-parts.ts) in products.wat: the norms of
 * each vector's positive and negative parts (`partSums64`), then the scaled parts that become
 * the initial factors (`scaledParts64`), with the loop forms' operations in their order, so the
 * same bits. A fresh process ran those loops at interpreter speed (≈30 ns per entry: 25 ms of
 * SpamAssassin's start); here they take about 1 ns per entry from the first call.
 */
import { kernelModule } from './kernel-memory';
import { GROWABLE_BYTES, ownMemory, releaseMemory } from './own-memory';

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
   * layout (Vectors), the values below eps set to fill.
   */
  scaled(
    c: Float64Array,
    z: Float64Array,
    s: Float64Array,
    eps: number,
    fill: number,
  ): Float32Array;
  /** Gives the memory the passes run on back for later kernels; no call after this. */
  release?(): void;
}

/** The kernels on a memory of their own holding F as float64; null without WebAssembly SIMD. */
export function wasmVectorParts(v: Vectors): VectorParts | null {
  const module = kernelModule();
  if (!module) return null;
  const { len, k, rowStride, vecStride } = v;
  const entries = len * k;
  const small = 64 * Math.ceil((8 * entries) / 64); // c, z, s, then the sums: 5·k float64
  const out = small + 64 * Math.ceil((40 * k) / 64);
  const { memory } = ownMemory(out + 4 * entries, GROWABLE_BYTES);
  const ex = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<
    string,
    (...args: number[]) => void
  >;
  new Float64Array(memory.buffer, 0, entries).set(v.F);
  const smallView = new Float64Array(memory.buffer, small, 5 * k);
  return {
    norms() {
      ex.partSums64(0, len, k, rowStride, vecStride, small + 24 * k);
      const sums = smallView.subarray(3 * k);
      return [sums.slice(0, k).map(Math.sqrt), sums.slice(k, 2 * k).map(Math.sqrt)];
    },
    scaled(c, z, s, eps, fill) {
      smallView.set(c, 0);
      smallView.set(z, k);
      smallView.set(s, 2 * k);
      const { outRowStride = rowStride, outVecStride = vecStride } = v;
      ex.scaledParts64(
        0,
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
      return new Float32Array(memory.buffer, out, entries).slice();
    },
    release: () => releaseMemory(memory),
  };
}
