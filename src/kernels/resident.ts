/**
 * X resident in the kernels' memory: the products' copy of X (DenseProducts, SparseProducts, or
 * a plain form where WebAssembly SIMD is missing), kept by the identity of the X tensor's data
 * (its dataId, a WeakMap key) so that each product call moves only the thin factor. `readData`
 * registers the copy it already made; an X tensor met for the first time gets its own copy,
 * made from the tensor's values (on one thread, so that nothing outlives the tensor).
 */
import type * as tf from '@tensorflow/tfjs-core';
import {
  type Csr,
  csrTimesTransposed,
  splitTransposed,
  transposedTimesCsr,
  transposedTimesCsr64,
} from '../linalg/sparse';
import { DenseProducts } from './wasm/dense-products';
import { simdProductsAvailable } from './wasm/kernel-memory';
import { SparseProducts } from './wasm/sparse-products';

/** The two products of a resident X (`rows × cols`), on row-major typed arrays. */
export interface ResidentX {
  /** X·Mᵀ for M `k × cols`: `rows × k`, into out. */
  timesTransposed(M: ArrayLike<number>, k: number, out: Float32Array): Float32Array;
  /** Mᵀ·X for M `rows × k`: `k × cols`, into out. */
  transposedTimes(M: ArrayLike<number>, k: number, out: Float32Array): Float32Array;
  /**
   * Xᵀ·M for M `rows × k`: `cols × k` (transposedTimes's transpose, the same bits), where it
   * saves the transpose.
   */
  transposedTimesRows?(M: ArrayLike<number>, k: number, out: Float32Array): Float32Array;
  /** X·F for F `cols × k` (X·Mᵀ of M = Fᵀ, the same bits), where it saves the transpose. */
  times?(F: ArrayLike<number>, k: number, out: Float32Array): Float32Array;
  /**
   * Mᵀ·X summed in float64 as float32 parts hi + lo (`k × cols` each; a CSR X: the sums of
   * linalg/sparse.ts's transposedTimesCsr64).
   */
  transposedTimesSplit?(M: ArrayLike<number>, k: number, hi: Float32Array, lo: Float32Array): void;
}

const residents = new WeakMap<object, ResidentX>();

/** Makes `copy` the resident form of the tensor X (dense X, or the values of a CSR X). */
export function registerResident(X: tf.TensorInfo, copy: ResidentX): void {
  residents.set(X.dataId, copy);
}

/** The resident copy of X (keyed by `key`'s data), made by `make` on first use. */
export function residentFor(key: tf.TensorInfo, make: () => ResidentX): ResidentX {
  let copy = residents.get(key.dataId);
  if (!copy) residents.set(key.dataId, (copy = make()));
  return copy;
}

/** A resident copy of a dense X (`rows × cols` values). */
export function denseResident(values: ArrayLike<number>, rows: number, cols: number): ResidentX {
  if (simdProductsAvailable()) return new DenseProducts(values, rows, cols, 1);
  const x = Float32Array.from(values);
  return {
    timesTransposed(M, k, out) {
      for (let i = 0; i < rows; i++) {
        for (let t = 0; t < k; t++) {
          let s = 0;
          for (let j = 0; j < cols; j++) s += x[i * cols + j] * M[t * cols + j];
          out[i * k + t] = s;
        }
      }
      return out;
    },
    transposedTimes(M, k, out) {
      const acc = new Float64Array(k * cols);
      for (let i = 0; i < rows; i++) {
        for (let t = 0; t < k; t++) {
          const v = M[i * k + t];
          for (let j = 0; j < cols; j++) acc[t * cols + j] += v * x[i * cols + j];
        }
      }
      out.set(acc);
      return out;
    },
  };
}

/** A resident copy of a CSR X. */
export function csrResident(csr: Csr): ResidentX {
  if (simdProductsAvailable()) return SparseProducts.fromCsr(csr, 1);
  return {
    timesTransposed: (M, k, out) => (out.set(csrTimesTransposed(csr, M, k)), out),
    transposedTimes: (M, k, out) => (out.set(transposedTimesCsr(M, csr, k)), out),
    transposedTimesSplit: (M, k, hi, lo) =>
      splitTransposed(transposedTimesCsr64(M, csr, k), csr.cols, k, hi, lo),
  };
}
