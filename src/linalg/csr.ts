/**
 * Compressed sparse row matrices, the sparse form nmflow accepts and data sets produce
 * (text corpora: documents × terms).
 */
import { inputError, usageError } from '../errors';

/** A CSR matrix `rows × cols`: row i holds values[indptr[i]..indptr[i+1]) at columns indices[…]. */
export interface CsrMatrix {
  indptr: Int32Array | number[];
  indices: Int32Array | number[];
  values: Float32Array | Float64Array | number[];
  shape: [number, number] | readonly [number, number];
}

export function isCsr(x: unknown): x is CsrMatrix {
  return (
    typeof x === 'object' &&
    x !== null &&
    'indptr' in x &&
    'indices' in x &&
    'values' in x &&
    'shape' in x
  );
}

/**
 * nmflow's CSR matrix, validated (see `checkCsr`): typed arrays, float32 values, `rows × cols`.
 * `CsrMatrix` is the input form users pass (plain arrays allowed, `shape`).
 */
export interface Csr {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  rows: number;
  cols: number;
}

/** The three arrays of a CSR matrix, whatever their types. */
export interface CsrArrays {
  indptr: ArrayLike<number>;
  indices: ArrayLike<number>;
  values: ArrayLike<number>;
}

/**
 * The first k whose column index indices[k] is not an integer in [0, cols) or whose value
 * values[k] is not finite, −1 when none: checkCsr's entry checks as a loop. Where WebAssembly
 * SIMD runs, checkCsr's callers pass kernels/wasm/scan.ts's form instead (in a fresh process
 * this loop runs unoptimized at first, boxing every value it reads).
 */
export function firstBadEntryLoop({ indices, values }: CsrArrays, cols: number): number {
  for (let k = 0; k < values.length; k++) {
    const j = indices[k];
    if (!Number.isInteger(j) || j < 0 || j >= cols || !Number.isFinite(values[k])) return k;
  }
  return -1;
}

/**
 * Validates a CSR matrix (structure, index ranges, finiteness) and returns it with typed
 * arrays (the input's own where they are Int32Array / Float32Array already). Errors name the
 * argument and the entry at fault. `firstBadEntry` finds the first entry with a bad index or
 * value (another form of the loop's answer may be passed).
 */
export function checkCsr(
  x: CsrMatrix,
  name: string,
  firstBadEntry: typeof firstBadEntryLoop = firstBadEntryLoop,
): Csr {
  const [rows, cols] = x.shape;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows <= 0 || cols <= 0) {
    throw usageError(`${name}.shape must be two positive integers, got [${x.shape.join(', ')}]`);
  }
  if (x.indptr.length !== rows + 1) {
    throw usageError(
      `${name}.indptr has ${x.indptr.length} entries; a ${rows}-row CSR matrix needs ${rows + 1}`,
    );
  }
  const nnz = x.indptr[rows];
  if (x.indptr[0] !== 0 || x.indices.length !== nnz || x.values.length !== nnz) {
    throw usageError(
      `${name}: indptr must start at 0 and end at nnz = indices.length = values.length ` +
        `(got indptr[0] = ${x.indptr[0]}, indptr[${rows}] = ${nnz}, ${x.indices.length} indices, ${x.values.length} values)`,
    );
  }
  for (let i = 0; i < rows; i++) {
    if (x.indptr[i + 1] < x.indptr[i]) throw usageError(`${name}.indptr decreases at row ${i}`);
  }
  const k = firstBadEntry(x, cols);
  if (k >= 0) {
    const j = x.indices[k];
    if (!Number.isInteger(j) || j < 0 || j >= cols) {
      throw usageError(`${name}.indices[${k}] = ${j} is outside [0, ${cols})`);
    }
    throw inputError(`${name}.values[${k}] is ${x.values[k]} (not finite)`);
  }
  // Typed arrays are taken as they are, not copied (a large matrix's indices are its largest
  // part): the caller must not change them while the result is in use.
  return {
    indptr: x.indptr instanceof Int32Array ? x.indptr : Int32Array.from(x.indptr),
    indices: x.indices instanceof Int32Array ? x.indices : Int32Array.from(x.indices),
    values: x.values instanceof Float32Array ? x.values : Float32Array.from(x.values),
    rows,
    cols,
  };
}
