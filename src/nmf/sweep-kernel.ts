/**
 * The coordinate-descent kernel of `hals`: min_{F ≥ 0} ½ tr(F G Fᵀ) − tr(Fᵀ P) for F
 * `rows × k` (row-major, updated in place), G `k × k` (symmetric), P `rows × k`.
 *
 * The problem separates over the rows of F, so each row is swept on its own, its k coordinates
 * in sklearn's order, with the row's gradient F_i·G − P_i kept up to date by one k-vector
 * update per coordinate that moves (coordinates that stay put cost nothing). A row is swept
 * again while that is worth it (accelerated HALS, Gillis & Glineur 2012: a sweep costs far
 * less than the product that made P): at most `maxSweeps` times, and only while its last sweep
 * changed it by more than `ratio` times its first sweep's squared change.
 *
 * For k ≤ UNROLLED_MAX_RANK the kernel is generated for that k, its loops over the k
 * coordinates unrolled so that V8 keeps the row's gradient and values in registers: the same
 * arithmetic in the same order (bit-identical results), about twice as fast as the loop form
 * (12.8 ms against 23 ms for 5 sweeps of 10,000 rows at k = 16). Generated kernels are cached
 * per k.
 */

/** Returns Σ|projected gradient| of the first sweep before its updates (sklearn's measure). */
export type SweepKernel = (
  F: Float64Array,
  G: Float64Array,
  P: ArrayLike<number>,
  rows: number,
  maxSweeps: number,
  ratio: number,
) => number;

export const UNROLLED_MAX_RANK = 32;

const cache = new Map<number, SweepKernel>();

/** The kernel for rank k (generated and cached for k ≤ UNROLLED_MAX_RANK). */
export function sweepKernel(k: number): SweepKernel {
  if (k > UNROLLED_MAX_RANK) return (F, G, P, rows, s, r) => loopSweeps(F, G, P, rows, k, s, r);
  let kernel = cache.get(k);
  if (!kernel) {
    kernel = unrolledSweeps(k);
    cache.set(k, kernel);
  }
  return kernel;
}

/** The kernel as plain loops, for any k. */
export function loopSweeps(
  F: Float64Array,
  G: Float64Array,
  P: ArrayLike<number>,
  rows: number,
  k: number,
  maxSweeps: number,
  ratio: number,
): number {
  let violation = 0;
  const g = new Float64Array(k);
  const f = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    for (let t = 0; t < k; t++) f[t] = F[base + t];
    for (let t = 0; t < k; t++) {
      let s = -P[base + t];
      for (let r = 0; r < k; r++) s += G[r * k + t] * f[r];
      g[t] = s;
    }
    let first = 0;
    for (let s = 0; s < maxSweeps; s++) {
      let change = 0;
      for (let t = 0; t < k; t++) {
        if (s === 0) violation += f[t] === 0 ? Math.max(-g[t], 0) : Math.abs(g[t]);
        const hess = G[t * k + t];
        if (hess === 0) continue;
        const next = Math.max(f[t] - g[t] / hess, 0);
        const delta = next - f[t];
        if (delta === 0) continue;
        f[t] = next;
        change += delta * delta;
        for (let r = 0; r < k; r++) g[r] += G[t * k + r] * delta;
      }
      if (s === 0) first = change;
      else if (change <= ratio * first) break;
      if (change === 0) break;
    }
    for (let t = 0; t < k; t++) F[base + t] = f[t];
  }
  return violation;
}

/** `loopSweeps` for one k with the loops over coordinates written out (locals f0…, g0…). */
function unrolledSweeps(k: number): SweepKernel {
  const ks = Array.from({ length: k }, (_, t) => t);
  const lines: string[] = ['let violation = 0;', 'for (let i = 0; i < rows; i++) {'];
  lines.push(`const base = i * ${k};`);
  for (const t of ks) lines.push(`let f${t} = F[base + ${t}];`);
  for (const t of ks) {
    lines.push(
      `let g${t} = -P[base + ${t}]${ks.map((r) => ` + G[${r * k + t}] * f${r}`).join('')};`,
    );
  }
  lines.push('let first = 0;', 'for (let s = 0; s < maxSweeps; s++) {', 'let change = 0;');
  for (const t of ks) {
    lines.push(
      `if (s === 0) violation += f${t} === 0 ? Math.max(-g${t}, 0) : Math.abs(g${t});`,
      `if (G[${t * k + t}] !== 0) {`,
      `const next = Math.max(f${t} - g${t} / G[${t * k + t}], 0);`,
      `const delta = next - f${t};`,
      'if (delta !== 0) {',
      `f${t} = next;`,
      'change += delta * delta;',
      ks.map((r) => `g${r} += G[${t * k + r}] * delta;`).join(' '),
      '}',
      '}',
    );
  }
  lines.push(
    'if (s === 0) first = change;',
    'else if (change <= ratio * first) break;',
    'if (change === 0) break;',
    '}',
  );
  for (const t of ks) lines.push(`F[base + ${t}] = f${t};`);
  lines.push('}', 'return violation;');
  return new Function('F', 'G', 'P', 'rows', 'maxSweeps', 'ratio', lines.join('\n')) as SweepKernel;
}
