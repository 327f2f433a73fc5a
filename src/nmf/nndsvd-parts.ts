/**
 * nndsvd's passes over the singular vectors (init.ts): the float64 norms of each vector's
 * positive and negative parts, and the scaled parts that become the initial factors. The loop
 * forms below are the reference; products.wat runs the same operations in the same order
 * (kernels/wasm/vector-parts.ts), the same bits, where WebAssembly SIMD exists.
 */
import {
  wasmVectorParts,
  type VectorParts,
  type VectorPartsGroup,
  type Vectors,
} from '../kernels/wasm/vector-parts';

export type { VectorParts, Vectors };

/** The passes over each of `sets`: in WebAssembly where it runs (on one memory), else the loops. */
export function vectorParts(...sets: Vectors[]): VectorPartsGroup {
  return wasmVectorParts(...sets) ?? { parts: sets.map(loopVectorParts), release: () => {} };
}

/** The passes as JavaScript loops. */
export function loopVectorParts(v: Vectors): VectorParts {
  return {
    norms: () => partNorms(v),
    scaled: (c, z, s, eps, fill) => scaledParts(v, c, z, s, eps, fill),
  };
}

/** Per vector, √Σ x² over its entries x > 0 and over the others, in float64. */
function partNorms({ F, len, k, rowStride, vecStride }: Vectors): [Float64Array, Float64Array] {
  const pos = new Float64Array(k);
  const neg = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    let p = 0;
    let q = 0;
    for (let i = 0; i < len; i++) {
      const x = F[i * rowStride + t * vecStride];
      if (x > 0) p += x * x;
      else q += x * x;
    }
    pos[t] = Math.sqrt(p);
    neg[t] = Math.sqrt(q);
  }
  return [pos, neg];
}

/**
 * s_t·(relu(c_t·x) + z_t·relu(−x)) for each entry x of vector t, in float64, the values below
 * eps set to `fill`; the result in the output layout (F's unless given), float32.
 */
function scaledParts(
  { F, len, k, rowStride, vecStride, outRowStride = rowStride, outVecStride = vecStride }: Vectors,
  c: Float64Array,
  z: Float64Array,
  s: Float64Array,
  eps: number,
  fill: number,
): Float32Array {
  const out = new Float32Array(len * k);
  for (let t = 0; t < k; t++) {
    for (let i = 0; i < len; i++) {
      const x = F[i * rowStride + t * vecStride];
      const v = s[t] * (Math.max(c[t] * x, 0) + z[t] * Math.max(-x, 0));
      out[i * outRowStride + t * outVecStride] = v >= eps ? v : fill;
    }
  }
  return out;
}
