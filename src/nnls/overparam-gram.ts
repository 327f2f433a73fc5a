/**
 * `overparam` with the `bb` step rule on typed arrays, for Gram-form problems with a small
 * n and many right-hand sides (the NMF half-steps of `anls`: G `k × k`, C `k × nSamples`).
 *
 * The same method as `bbRule` in overparam.ts, column by column (its steps, step sizes and
 * acceptance test are per column): GD on u with x = u^L, Barzilai–Borwein steps, the
 * non-monotone acceptance f(x⁺) ≤ max(last BB_MEMORY levels) − ARMIJO_C·η‖∇ℒ‖² with u⁺ ≥ 0
 * and f finite, a rejected column keeping its iterate and quartering its step. The driver's
 * stopping rule is kept too: at every `checkEvery`-th iteration (and at maxIter) the relative
 * KKT residual ‖min(λ·x, Gx − C)‖_F / ‖C‖_F is compared with `tol`. What changes is the cost:
 * one iteration is a few float64 loops (≈ 2·n²·r flops) instead of ~125 tfjs dispatches, and
 * the arithmetic is float64 instead of float32.
 */
import { ARMIJO_C, BB_MEMORY } from './overparam';
import { DEFAULT_ALPHA, X0_FLOOR } from './overparam-common';

/** Largest n for which `anls` takes this path (a k × k Gram matrix stays in cache). */
export const GRAM_FAST_PATH_MAX_N = 64;

export interface GramBbOptions {
  depth: number;
  alpha?: number;
  learningRate?: number;
  /** λmax(G) (an upper estimate), the unit of the step sizes. */
  lipschitz: number;
  tol: number;
  maxIter: number;
  checkEvery: number;
}

export interface GramBbResult {
  /** The solution, `n × r` row-major. */
  x: Float64Array;
  iterations: number;
  kktResidual: number;
}

/**
 * Solves min_{x ≥ 0} ½⟨x, Gx⟩ − ⟨C, x⟩ for G `n × n` and C, x0 `n × r` (row-major) from the
 * warm start x0 (floored at alpha·X0_FLOOR, as `overparam` does).
 */
export function overparamGramBb(
  G: Float64Array,
  C: ArrayLike<number>,
  x0: ArrayLike<number>,
  n: number,
  r: number,
  o: GramBbOptions,
): GramBbResult {
  const L = o.depth;
  const floor = (o.alpha ?? DEFAULT_ALPHA) * X0_FLOOR;
  const eta0 = (o.learningRate ?? 1) / (o.lipschitz || 1);
  // Column j of every n × r quantity is stored contiguously at j·n (r × n row-major).
  const c = columns(C, n, r);
  const x = columns(x0, n, r);
  const u = new Float64Array(n * r);
  for (let i = 0; i < x.length; i++) {
    x[i] = Math.max(x[i], floor);
    u[i] = L === 2 ? Math.sqrt(x[i]) : Math.pow(x[i], 1 / L);
  }
  const gx = new Float64Array(n * r);
  for (let j = 0; j < r; j++) multiply(G, x, gx, j * n, n);
  let cNorm = 0;
  for (let i = 0; i < c.length; i++) cNorm += c[i] * c[i];
  cNorm = Math.sqrt(cNorm) || 1;
  const eta = new Float64Array(r).fill(eta0);
  const level = new Float64Array(r);
  const recent = new Float64Array(r * BB_MEMORY); // per column, a ring of past levels
  const prevU = new Float64Array(n * r);
  const prevDir = new Float64Array(n * r);
  let hasPrev = false;
  // Work space for one column.
  const dir = new Float64Array(n);
  const un = new Float64Array(n);
  const xn = new Float64Array(n);
  const gxn = new Float64Array(n);
  const kkt = () => {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const m = Math.min(x[i] * (o.lipschitz || 1), gx[i] - c[i]);
      s += m * m;
    }
    return Math.sqrt(s) / cNorm;
  };
  let k = 0;
  let residual = kkt();
  while (residual > o.tol && k < o.maxIter) {
    for (let j = 0; j < r; j++) {
      const b = j * n;
      let dirSq = 0;
      let sy = 0;
      let duSq = 0;
      for (let i = 0; i < n; i++) {
        const ui = u[b + i];
        const chain = L === 2 ? 2 * ui : L * Math.pow(ui, L - 1);
        const d = chain * (gx[b + i] - c[b + i]);
        dir[i] = d;
        dirSq += d * d;
        if (hasPrev) {
          const du = ui - prevU[b + i];
          sy += du * (d - prevDir[b + i]);
          duSq += du * du;
        }
        prevU[b + i] = ui;
        prevDir[b + i] = d;
      }
      let trial = hasPrev && sy > 0 ? duSq / sy : eta[j];
      trial = Math.min(Math.max(trial, eta0 * 1e-10), eta0 * 1e10);
      let uMin = Infinity;
      for (let i = 0; i < n; i++) {
        const v = u[b + i] - trial * dir[i];
        un[i] = v;
        if (v < uMin) uMin = v;
        xn[i] = L === 2 ? v * v : Math.pow(v, L);
      }
      multiply(G, xn, gxn, 0, n);
      // f(x + d) − f(x) = ⟨d, g + ½Gd⟩, exact and free of the cancellation of f itself.
      let change = 0;
      for (let i = 0; i < n; i++) {
        const g = gx[b + i] - c[b + i];
        change += (xn[i] - x[b + i]) * (g + 0.5 * (gxn[i] - gx[b + i]));
      }
      const next = level[j] + change;
      let highest = -Infinity;
      for (let s = 0; s < BB_MEMORY; s++) highest = Math.max(highest, recent[j * BB_MEMORY + s]);
      const ok = next <= highest - ARMIJO_C * trial * dirSq && Number.isFinite(next) && uMin >= 0;
      if (ok) {
        for (let i = 0; i < n; i++) {
          u[b + i] = un[i];
          x[b + i] = xn[i];
          gx[b + i] = gxn[i];
        }
        level[j] = next;
        eta[j] = 2 * trial;
      } else {
        eta[j] = trial / 4;
      }
      recent[j * BB_MEMORY + (k % BB_MEMORY)] = level[j];
    }
    hasPrev = true;
    k++;
    if (k % o.checkEvery === 0 || k >= o.maxIter) residual = kkt();
  }
  return { x: rows(x, n, r), iterations: k, kktResidual: residual };
}

/**
 * The relative KKT residual ‖min(λ·x, Gx − C)‖_F / ‖C‖_F (as `kktResidualTensor`) for G
 * `n × n` and C, x `n × r` row-major, in float64.
 */
export function gramKktResidual(
  G: Float64Array,
  C: ArrayLike<number>,
  x: ArrayLike<number>,
  n: number,
  r: number,
  lipschitz: number,
): number {
  let s = 0;
  let cNorm = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < r; j++) {
      let g = -C[i * r + j];
      for (let t = 0; t < n; t++) g += G[i * n + t] * x[t * r + j];
      const m = Math.min(x[i * r + j] * (lipschitz || 1), g);
      s += m * m;
      cNorm += C[i * r + j] * C[i * r + j];
    }
  }
  return Math.sqrt(s) / (Math.sqrt(cNorm) || 1);
}

/** out[at … at+n) = G · v[at … at+n) for one column. */
function multiply(G: Float64Array, v: Float64Array, out: Float64Array, at: number, n: number) {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < n; t++) s += G[i * n + t] * v[at + t];
    out[at + i] = s;
  }
}

/** `n × r` row-major to r × n row-major (columns contiguous), as float64. */
function columns(a: ArrayLike<number>, n: number, r: number): Float64Array {
  const out = new Float64Array(n * r);
  for (let i = 0; i < n; i++) for (let j = 0; j < r; j++) out[j * n + i] = a[i * r + j];
  return out;
}

function rows(a: Float64Array, n: number, r: number): Float64Array {
  const out = new Float64Array(n * r);
  for (let j = 0; j < r; j++) for (let i = 0; i < n; i++) out[i * r + j] = a[j * n + i];
  return out;
}
