/**
 * Small dense float64 helpers on row-major typed arrays, for the k × k work of NMF (k is the
 * rank): cheaper on typed arrays than as tfjs ops, whose dispatch costs ~15 µs each on wasm.
 */

/** G = AᵀA for A `rows × k` row-major: `k × k`. */
export function gramOfColumns(A: ArrayLike<number>, rows: number, k: number): Float64Array {
  const G = new Float64Array(k * k);
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    for (let a = 0; a < k; a++) {
      const va = A[base + a];
      if (va === 0) continue;
      for (let b = a; b < k; b++) G[a * k + b] += va * A[base + b];
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) G[a * k + b] = G[b * k + a];
  return G;
}

/** G = AAᵀ for A `k × cols` row-major: `k × k`. */
export function gramOfRows(A: ArrayLike<number>, k: number, cols: number): Float64Array {
  const G = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += A[a * cols + j] * A[b * cols + j];
      G[a * k + b] = s;
      G[b * k + a] = s;
    }
  }
  return G;
}

/**
 * Largest eigenvalue of a symmetric PSD `n × n` matrix by power iteration from the all-ones
 * vector (run to relative change 1e-10 or 500 steps), with a 1% margin above (an upper
 * estimate, as step sizes 1/L need). 0 for G = 0.
 */
export function largestEigenvalueSmall(G: Float64Array, n: number): number {
  let v = new Float64Array(n).fill(1 / Math.sqrt(n));
  let lambda = 0;
  for (let it = 0; it < 500; it++) {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += G[i * n + j] * v[j];
      w[i] = s;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += w[i] * w[i];
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    const done = Math.abs(norm - lambda) <= 1e-10 * norm;
    lambda = norm;
    v = w.map((x) => x / norm);
    if (done) break;
  }
  return lambda * 1.01;
}
