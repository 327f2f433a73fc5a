/**
 * Lawson–Hanson active-set NNLS for one right-hand side in Gram form (the FNNLS variant of
 * Bro & de Jong), in float64 on typed arrays:
 *
 *     min_{x ≥ 0} ½ xᵀGx − cᵀx,   G `n × n` symmetric PSD (row-major), c length n.
 *
 * The passive set P grows one index at a time (the one with the largest negative gradient
 * w = c − Gx); the least-squares solution on P comes from a Cholesky factor of G_PP that is
 * extended by one row per added index (O(|P|²)) and refactored from the first removed position
 * when indices leave. Indices whose column is numerically dependent on P are skipped, which
 * keeps G_PP positive definite on rank-deficient and under-determined problems. A warm start
 * (any x ≥ 0) seeds P with its support.
 */

export interface LawsonHansonResult {
  /** The solution (length n). */
  x: Float64Array;
  /** Pivots: indices added or removed (attempts included). */
  pivots: number;
  /**
   * Outer iterations: indices chosen to enter P (attempts included), at most `maxPivots`
   * (scipy's `maxiter` counts the same).
   */
  iterations: number;
  /** True when the KKT conditions hold to rounding; false when `maxPivots` ran out. */
  converged: boolean;
}

/** Column `col` of the row-major `rows × cols` matrix M. */
export function column(M: Float64Array, rows: number, cols: number, col: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = M[i * cols + col];
  return out;
}

/** A column is dependent on P when its Cholesky pivot² falls below this fraction of G_jj. */
const DEPENDENCE = 1e-11;
const EPS = 2.220446049250313e-16;

export function lawsonHanson(
  G: Float64Array,
  c: Float64Array,
  n: number,
  /** maxPivots: the most outer iterations (see `LawsonHansonResult.iterations`). */
  opts: { maxPivots: number; start?: Float64Array },
): LawsonHansonResult {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const inP = new Uint8Array(n);
  const blocked = new Uint8Array(n);
  const P = new Int32Array(n);
  const L = new Float64Array(n * n);
  const z = new Float64Array(n);
  const row = new Float64Array(n);
  let k = 0;
  let pivots = 0;
  let iterations = 0;

  /** Appends j to P, extending the Cholesky factor; false (P unchanged) when j is dependent. */
  const append = (j: number): boolean => {
    let d = G[j * n + j];
    for (let a = 0; a < k; a++) {
      let s = G[P[a] * n + j];
      const La = a * n;
      for (let b = 0; b < a; b++) s -= L[La + b] * row[b];
      row[a] = s / L[La + a];
      d -= row[a] * row[a];
    }
    if (!(d > DEPENDENCE * G[j * n + j])) return false;
    const Lk = k * n;
    for (let a = 0; a < k; a++) L[Lk + a] = row[a];
    L[Lk + k] = Math.sqrt(d);
    P[k++] = j;
    inP[j] = 1;
    return true;
  };

  /** z (by position in P) = G_PP⁻¹ c_P by two triangular solves. */
  const solve = (): void => {
    for (let a = 0; a < k; a++) {
      let s = c[P[a]];
      const La = a * n;
      for (let b = 0; b < a; b++) s -= L[La + b] * z[b];
      z[a] = s / L[La + a];
    }
    // Lᵀz = y by columns of Lᵀ (rows of L): contiguous reads.
    for (let a = k - 1; a >= 0; a--) {
      const La = a * n;
      const za = (z[a] /= L[La + a]);
      for (let b = 0; b < a; b++) z[b] -= L[La + b] * za;
    }
  };

  /**
   * Removes position p from P and downdates the Cholesky factor in O(k²): deleting row p of L
   * leaves rows p.. with one entry right of the diagonal, which Givens rotations on column
   * pairs (j, j+1) fold back (G_PP = L Lᵀ is unchanged by an orthogonal transform of columns).
   */
  const removeAt = (p: number): void => {
    inP[P[p]] = 0;
    for (let a = p; a < k - 1; a++) {
      P[a] = P[a + 1];
      L.copyWithin(a * n, (a + 1) * n, (a + 1) * n + a + 2);
    }
    k--;
    for (let j = p; j < k; j++) {
      const Lj = j * n;
      const [u, v] = [L[Lj + j], L[Lj + j + 1]];
      const h = Math.hypot(u, v);
      const [cs, sn] = [u / h, v / h];
      for (let i = j; i < k; i++) {
        const Li = i * n;
        const [a, b] = [L[Li + j], L[Li + j + 1]];
        L[Li + j] = cs * a + sn * b;
        L[Li + j + 1] = cs * b - sn * a;
      }
    }
  };

  /** Drops the indices of P whose x is not positive (last positions first). */
  const dropNonPositive = (): void => {
    for (let a = k - 1; a >= 0; a--) {
      if (x[P[a]] <= 0) {
        x[P[a]] = 0;
        removeAt(a);
        pivots++;
      }
    }
  };

  /**
   * Makes x the least-squares solution on P while keeping x ≥ 0: moves from x toward z, stopping
   * where the first coordinate reaches 0, drops it, and repeats (the Lawson–Hanson inner loop).
   */
  const restoreFeasibility = (): void => {
    for (;;) {
      solve();
      let alpha = Infinity;
      let hit = -1;
      for (let a = 0; a < k; a++) {
        if (z[a] <= 0) {
          const xa = x[P[a]];
          const t = xa / (xa - z[a]);
          if (t < alpha) [alpha, hit] = [t, a];
        }
      }
      if (hit < 0) {
        for (let a = 0; a < k; a++) x[P[a]] = z[a];
        return;
      }
      for (let a = 0; a < k; a++) x[P[a]] += alpha * (z[a] - x[P[a]]);
      x[P[hit]] = 0; // exactly, whatever the rounding of the step
      dropNonPositive();
      if (k === 0) return;
    }
  };

  /** w = c − G x (x is 0 off P); returns the tolerance below which w counts as 0. */
  const updateGradient = (): number => {
    w.set(c);
    let cMax = 0;
    let xMax = 0;
    let gMax = 0;
    for (let a = 0; a < k; a++) {
      const j = P[a];
      const xj = x[j];
      const Gj = j * n; // row j = column j (G is symmetric): contiguous
      for (let i = 0; i < n; i++) w[i] -= G[Gj + i] * xj;
      xMax = Math.max(xMax, xj);
    }
    for (let i = 0; i < n; i++) {
      cMax = Math.max(cMax, Math.abs(c[i]));
      gMax = Math.max(gMax, G[i * n + i]);
    }
    return 8 * n * EPS * (cMax + gMax * xMax);
  };

  if (opts.start) {
    const order = Array.from({ length: n }, (_, i) => i)
      .filter((i) => opts.start![i] > 0)
      .sort((a, b) => opts.start![b] - opts.start![a]);
    for (const j of order) if (append(j)) x[j] = opts.start[j];
    if (k > 0) restoreFeasibility();
  }

  for (;;) {
    const tolW = updateGradient();
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (!inP[i] && !blocked[i] && w[i] > tolW && (best < 0 || w[i] > w[best])) best = i;
    }
    if (best < 0) return { x, pivots, iterations, converged: true };
    if (iterations >= opts.maxPivots) return { x, pivots, iterations, converged: false };
    iterations++;
    pivots++;
    if (!append(best)) {
      blocked[best] = 1;
      continue;
    }
    solve();
    if (!(z[k - 1] > 0)) {
      // Rounding: the entering index would not move off zero; skip it until P changes.
      k--;
      inP[best] = 0;
      blocked[best] = 1;
      continue;
    }
    blocked.fill(0);
    restoreFeasibility();
  }
}
