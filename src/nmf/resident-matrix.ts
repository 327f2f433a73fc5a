/**
 * Dense data read straight into the memory the fit works in. factorize keeps a dense X in a
 * shared WebAssembly memory for its products (kernels/wasm/dense-products.ts) and copies a
 * caller's Float32Array there; a matrix made here already lies there, so a fit takes it as it
 * is: one copy of X less (40 MB and, where fresh memory is slow to touch, ≈0.1 s for 50000 ×
 * 200). Fill `data`, then pass the matrix to factorize, NMF.fit or transform like any
 * `{ data, shape }`; it stays yours and may be refilled between fits. Two fits at once on the
 * same matrix work: the second copies it.
 */
import { usageError } from '../errors';
import { residentFloats } from '../kernels/wasm/kernel-memory';

/**
 * A `rows × cols` float32 matrix of zeros (`data` row-major) where the fit's kernels read it;
 * a plain Float32Array where WebAssembly SIMD or shared memory is missing, or past 3 GiB.
 */
export function residentMatrix(
  rows: number,
  cols: number,
): { data: Float32Array; shape: [number, number] } {
  for (const [name, v] of [
    ['rows', rows],
    ['cols', cols],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw usageError(`residentMatrix: ${name} must be a positive integer, got ${v}`);
    }
  }
  return { data: residentFloats(rows * cols), shape: [rows, cols] };
}
