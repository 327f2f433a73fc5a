/**
 * The paper's synthetic NNLS problems (Chou et al., AISTATS 2025; their public generator).
 *
 * A is `m × n` (row-major Float64Array) with entries
 * - `gaussian`: N(0, 1)/√m,
 * - `bernoulli`: Bernoulli(½) ∈ {0, 1}, scaled by 1/√m (every column has a positive mean, so
 *   some t with Aᵀt > 0 exists: the M+ criterion of the paper's stability theorem),
 * - `biased-gaussian`: N(20, 1)/√m.
 *
 * The ground truth x₊ has its first `s` coordinates drawn N(0, 1), normalized to ‖x₊‖₂ = 1,
 * then made non-negative by |·|; the rest are 0. An optional negative part x₋ (‖x₋‖₂ =
 * `negativePart`) sits on the s coordinates after the support (wrapping around within the
 * off-support ones), with |N(0, 1)| direction; x* = x₊ − x₋. Finally b = A x* + e with
 * e ~ N(0, noise²) entrywise (`noise` is the per-entry standard deviation, default 0).
 * Draw order from one seeded generator: A (row-major), x₊, x₋, e.
 */
import { usageError } from '../errors';
import { checkChoice, checkKnownKeys, checkNumber } from '../options';
import { Rng } from '../random';

export type SyntheticMatrix = 'gaussian' | 'bernoulli' | 'biased-gaussian';
export const SYNTHETIC_MATRICES: readonly SyntheticMatrix[] = [
  'gaussian',
  'bernoulli',
  'biased-gaussian',
];

export interface NnlsSyntheticOptions {
  /** Rows of A (measurements). */
  m: number;
  /** Columns of A (unknowns). */
  n: number;
  /** Support size of x₊ (1 ≤ s ≤ n). */
  s: number;
  /** Entry distribution of A (default `gaussian`). */
  matrix?: SyntheticMatrix;
  /** Per-entry standard deviation of the noise added to b (default 0). */
  noise?: number;
  /** ‖x₋‖₂ of the negative part of the ground truth (default 0). */
  negativePart?: number;
  /** Seed of every random draw (default 0). */
  seed?: number;
}

export interface NnlsSyntheticProblem {
  /** `m × n`, row-major. */
  A: Float64Array;
  /** Length m: A·xStar + noise. */
  b: Float64Array;
  /** Length n: the ground truth x₊ − x₋. */
  xStar: Float64Array;
  /** Length n: the non-negative part x₊ (‖x₊‖₂ = 1, support = first s coordinates). */
  xPlus: Float64Array;
  /** Length n: the negative part x₋ ≥ 0 (all zeros unless `negativePart` > 0). */
  xMinus: Float64Array;
  m: number;
  n: number;
}

const KNOWN = ['m', 'n', 's', 'matrix', 'noise', 'negativePart', 'seed'];

/** Draws one problem; the same options (seed included) give the same arrays. */
export function generateNnlsProblem(options: NnlsSyntheticOptions): NnlsSyntheticProblem {
  checkKnownKeys('nnls-synthetic', options, KNOWN);
  const m = checkNumber('m', options.m, { min: 1, integer: true });
  const n = checkNumber('n', options.n, { min: 1, integer: true });
  const s = checkNumber('s', options.s, { min: 1, max: n, integer: true });
  const matrix = checkChoice('matrix', options.matrix ?? 'gaussian', SYNTHETIC_MATRICES);
  const noise = checkNumber('noise', options.noise ?? 0, { min: 0 });
  const negativePart = checkNumber('negativePart', options.negativePart ?? 0, { min: 0 });
  const seed = checkNumber('seed', options.seed ?? 0, { integer: true });
  if (negativePart > 0 && s === n) {
    throw usageError('option negativePart needs s < n: the negative part lives off the support');
  }
  const rng = new Rng(seed);
  const scale = 1 / Math.sqrt(m);
  const A = new Float64Array(m * n);
  for (let i = 0; i < A.length; i++) {
    const v =
      matrix === 'gaussian'
        ? rng.normal()
        : matrix === 'bernoulli'
          ? rng.uniform() < 0.5
            ? 1
            : 0
          : 20 + rng.normal();
    A[i] = v * scale;
  }
  const xPlus = new Float64Array(n);
  fillUnitAbsNormal(rng, xPlus, range(0, s), 1);
  const xMinus = new Float64Array(n);
  if (negativePart > 0) {
    const off = range(0, s).map((j) => s + (j % (n - s)));
    fillUnitAbsNormal(rng, xMinus, [...new Set(off)], negativePart);
  }
  const xStar = xPlus.map((v, j) => v - xMinus[j]);
  const b = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += A[i * n + j] * xStar[j];
    b[i] = sum;
  }
  if (noise > 0) for (let i = 0; i < m; i++) b[i] += noise * rng.normal();
  return { A, b, xStar, xPlus, xMinus, m, n };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** Writes |N(0,1)| entries at `idx`, rescaled so that their l2 norm is `norm`. */
function fillUnitAbsNormal(rng: Rng, out: Float64Array, idx: number[], norm: number): void {
  const v = idx.map(() => rng.normal());
  const len = Math.hypot(...v) || 1;
  idx.forEach((j, i) => (out[j] = (Math.abs(v[i]) / len) * norm));
}
