/**
 * Float64 kernels on row-major typed arrays, for the exact solvers and references (tensors are
 * float32; these are not). Every matrix is a flat array plus its dimensions.
 */

/**
 * A problem in float64 row-major typed arrays (scaled like `NnlsProblem`): G `n × n`, C `n × r`,
 * and A `m × n`, B `m × r` when the caller gave them.
 */
export interface ExactProblem {
  G: Float64Array;
  C: Float64Array;
  A?: Float64Array;
  B?: Float64Array;
  m: number;
  n: number;
  r: number;
  bNormSq: number;
}

/** `out = s·data` as a new Float64Array (s = 1/scale; scale 0 means no scaling). */
export function scaled64(data: ArrayLike<number>, scale: number): Float64Array {
  const inv = scale > 0 ? 1 / scale : 1;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * inv;
  return out;
}

/** G = AᵀA (`n × n`) for A `m × n`: dot products of contiguous columns (a transposed copy). */
export function gram64(A: Float64Array, m: number, n: number): Float64Array {
  const At = new Float64Array(n * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) At[j * m + i] = A[i * n + j];
  const G = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const a = j * m;
    for (let k = j; k < n; k++) {
      const b = k * m;
      let s0 = 0;
      let s1 = 0;
      let i = 0;
      for (; i + 1 < m; i += 2) {
        s0 += At[a + i] * At[b + i];
        s1 += At[a + i + 1] * At[b + i + 1];
      }
      if (i < m) s0 += At[a + i] * At[b + i];
      G[j * n + k] = G[k * n + j] = s0 + s1;
    }
  }
  return G;
}

/** C = AᵀB (`n × r`) for A `m × n`, B `m × r`. */
export function crossProduct64(
  A: Float64Array,
  B: Float64Array,
  m: number,
  n: number,
  r: number,
): Float64Array {
  const C = new Float64Array(n * r);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const a = A[i * n + j];
      if (a === 0) continue;
      for (let c = 0; c < r; c++) C[j * r + c] += a * B[i * r + c];
    }
  }
  return C;
}

/**
 * ½‖AX − B‖²_F in float64 when A and B are given (from the residual: no cancellation), else
 * ½⟨X, GX⟩ − ⟨C, X⟩ + ½‖B‖². X is `n × r`.
 */
export function objective64(p: ExactProblem, X: Float64Array): number {
  const { n, r } = p;
  let sum = 0;
  if (p.A && p.B) {
    const res = new Float64Array(r);
    for (let i = 0; i < p.m; i++) {
      for (let c = 0; c < r; c++) res[c] = -p.B[i * r + c];
      for (let j = 0; j < n; j++) {
        const a = p.A[i * n + j];
        if (a === 0) continue;
        for (let c = 0; c < r; c++) res[c] += a * X[j * r + c];
      }
      for (let c = 0; c < r; c++) sum += res[c] * res[c];
    }
    return 0.5 * sum;
  }
  for (let c = 0; c < r; c++) {
    for (let j = 0; j < n; j++) {
      const xj = X[j * r + c];
      if (xj === 0) continue;
      let gx = 0;
      for (let k = 0; k < n; k++) gx += p.G[j * n + k] * X[k * r + c];
      sum += xj * (0.5 * gx - p.C[j * r + c]);
    }
  }
  return sum + 0.5 * p.bNormSq;
}

/**
 * Solves G Z = C (G `n × n` symmetric, C `n × r`) by Cholesky; undefined when G is not
 * numerically positive definite (a pivot² at most `relTol`·G_jj).
 */
export function choleskySolve64(
  G: Float64Array,
  C: Float64Array,
  n: number,
  r: number,
  relTol = 1e-11,
): Float64Array | undefined {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const Lj = j * n;
    for (let i = 0; i <= j; i++) {
      const Li = i * n;
      let s = G[Lj + i];
      for (let k = 0; k < i; k++) s -= L[Lj + k] * L[Li + k];
      if (i < j) L[Lj + i] = s / L[Li + i];
      else if (s > relTol * G[Lj + j]) L[Lj + j] = Math.sqrt(s);
      else return undefined;
    }
  }
  const Z = Float64Array.from(C);
  for (let c = 0; c < r; c++) {
    for (let j = 0; j < n; j++) {
      let s = Z[j * r + c];
      for (let k = 0; k < j; k++) s -= L[j * n + k] * Z[k * r + c];
      Z[j * r + c] = s / L[j * n + j];
    }
    for (let j = n - 1; j >= 0; j--) {
      let s = Z[j * r + c];
      for (let k = j + 1; k < n; k++) s -= L[k * n + j] * Z[k * r + c];
      Z[j * r + c] = s / L[j * n + j];
    }
  }
  return Z;
}
