/**
 * Data read straight into the memory the fit works in. factorize keeps a dense X in a shared
 * WebAssembly memory for its products (kernels/wasm/dense-products.ts), a sparse one there in
 * CSR form with its transpose (sparse-products.ts), and copies a caller's arrays there; a matrix
 * made here already lies there, so a fit takes it as it is: one copy of X less (dense: 40 MB
 * and, where fresh memory is slow to touch, ≈0.1 s for 50000 × 200). Fill it, then pass it to
 * factorize, NMF.fit or transform like any matrix of its form; it stays yours and may be
 * refilled between fits. Two fits at once on the same matrix work: the second copies it.
 */
import { usageError } from '../errors';
import { residentCsrArrays, residentFloats } from '../kernels/wasm/kernel-memory';
import type { CsrMatrix } from '../linalg/csr';

/**
 * A `rows × cols` float32 matrix of zeros (`data` row-major) where the fit's kernels read it;
 * a plain Float32Array where WebAssembly SIMD or shared memory is missing, or past 3 GiB.
 */
export function residentMatrix(
  rows: number,
  cols: number,
): { data: Float32Array; shape: [number, number] } {
  checkCounts('residentMatrix', { rows, cols });
  return { data: residentFloats(rows * cols), shape: [rows, cols] };
}

/**
 * A CSR matrix `rows × cols` with `nnz` stored entries, its arrays zeros (`indptr` `rows + 1`
 * int32, `indices` `nnz` int32, `values` `nnz` float32), where the fit's sparse kernels read it
 * (on SpamAssassin a 3.9 MB copy less, and about 700 first touches of fresh pages).
 * Fill the three arrays as a CSR matrix. Plain arrays where WebAssembly SIMD or shared memory
 * is missing, or past 3 GiB.
 */
export function residentCsr(rows: number, cols: number, nnz: number): CsrMatrix {
  checkCounts('residentCsr', { rows, cols });
  if (!Number.isInteger(nnz) || nnz < 0) {
    throw usageError(`residentCsr: nnz must be a non-negative integer, got ${nnz}`);
  }
  return { ...residentCsrArrays(rows, nnz), shape: [rows, cols] };
}

function checkCounts(what: string, counts: Record<string, number>): void {
  for (const [name, v] of Object.entries(counts)) {
    if (!Number.isInteger(v) || v < 1) {
      throw usageError(`${what}: ${name} must be a positive integer, got ${v}`);
    }
  }
}
