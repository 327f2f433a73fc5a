/** Small seeded problems for the kernel tests, and running a test body on a chosen backend. */
import * as tf from '@tensorflow/tfjs-core';
import { gaussian } from '../helpers';
import type { XOperand } from '../../src/kernels/ops';
import { registerNmflowKernels, type KernelForm } from '../../src/kernels/register';
import { largestEigenvalueSmall } from '../../src/linalg/small';
import { Rng } from '../../src/random';

/** A non-negative `rows × cols` float32 matrix with about `density` of its entries non-zero. */
export function nonNegative(rows: number, cols: number, seed: number, density = 1): Float32Array {
  const g = gaussian(rows, cols, seed);
  const keep = gaussian(rows, cols, seed + 1000);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      // |keep| ≤ z with probability density for a standard normal: a rough quantile is enough.
      const z = density >= 1 ? Infinity : 1.15 * density * 2;
      if (Math.abs(keep[i][j]) <= z) out[i * cols + j] = Math.abs(g[i][j]);
    }
  }
  return out;
}

/** The CSR form of a dense row-major matrix. */
export function csrOf(values: Float32Array, rows: number, cols: number) {
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const stored: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (values[i * cols + j] !== 0) {
        indices.push(j);
        stored.push(values[i * cols + j]);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return {
    indptr,
    indices: Int32Array.from(indices),
    values: Float32Array.from(stored),
    rows,
    cols,
  };
}

/** A dense row-major matrix as the CSR operand of the ops (new tensors the caller disposes). */
export function csrOperand(
  values: Float32Array,
  rows: number,
  cols: number,
): Extract<XOperand, { kind: 'csr' }> {
  const csr = csrOf(values, rows, cols);
  return {
    kind: 'csr',
    indptr: tf.tensor1d(csr.indptr, 'int32'),
    indices: tf.tensor1d(csr.indices, 'int32'),
    values: tf.tensor1d(csr.values),
    rows,
    cols,
  };
}

/** Runs `body` with `name` as the active backend, then restores the previous one. */
export async function onBackend<T>(name: string, body: () => T | Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  await tf.setBackend(name);
  try {
    return await body();
  } finally {
    await tf.setBackend(previous);
  }
}

/** Whether two float32 arrays are equal bit for bit (NaN included). */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const x = Float32Array.from(a);
  const y = Float32Array.from(b);
  const u = new Uint32Array(x.buffer);
  const v = new Uint32Array(y.buffer);
  for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return false;
  return true;
}

/** ‖a − b‖ / ‖b‖. */
export function relativeDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / (n || 1));
}

/** Runs body on cpu with nmflow's kernels in `form` (cpu's host kernels restored after). */
export function onCpu<T>(form: KernelForm, body: () => T | Promise<T>): Promise<T> {
  return onBackend('cpu', async () => {
    registerNmflowKernels('cpu', form);
    try {
      return await body();
    } finally {
      registerNmflowKernels('cpu', 'host');
    }
  });
}

/** G = AᵀA (`n × n`), C = AᵀB (`n × r`) and a positive warm start, all row-major float64. */
export function gramProblem(n: number, r: number, seed: number) {
  const A = gaussian(3 * n, n, seed);
  const B = gaussian(3 * n, r, seed + 1);
  const G = new Float64Array(n * n);
  const C = new Float64Array(n * r);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < n; t++) for (const row of A) G[i * n + t] += row[i] * row[t];
    for (let j = 0; j < r; j++) A.forEach((row, s) => (C[i * r + j] += row[i] * B[s][j]));
  }
  const x0 = Float64Array.from(gaussian(n, r, seed + 2).flat(), (v) => Math.abs(v));
  return { G, C, x0, lipschitz: largestEigenvalueSmall(G, n) };
}

/**
 * G = AᵀA (`k × k`), C = AᵀB (`k × r`, some constraints active) for A with `m` rows, and x0
 * `k × r` with zeros, all float32 (the gram-steps kernels' inputs).
 */
export function gramStepsProblem(k: number, r: number, m: number, seed: number) {
  const rng = new Rng(seed);
  const A = Float64Array.from({ length: m * k }, () => rng.uniform());
  const B = Float64Array.from({ length: m * r }, () => rng.uniform() * 2 - 0.6);
  const G = new Float32Array(k * k);
  const C = new Float32Array(k * r);
  for (let i = 0; i < k; i++) {
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let q = 0; q < m; q++) s += A[q * k + i] * A[q * k + t];
      G[i * k + t] = s;
    }
    for (let j = 0; j < r; j++) {
      let s = 0;
      for (let q = 0; q < m; q++) s += A[q * k + i] * B[q * r + j];
      C[i * r + j] = s;
    }
  }
  const x0 = Float32Array.from({ length: k * r }, () => (rng.uniform() < 0.3 ? 0 : rng.uniform()));
  return { G, C, x0, lipschitz: largestEigenvalueSmall(Float64Array.from(G), k) };
}
