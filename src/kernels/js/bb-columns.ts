/**
 * The column kernel of overparam-gram.ts: `overparam` with the `bb` step rule advanced column
 * by column, for G `n × n` and r independent columns (every n-vector below is stored column
 * after column, column j at j·n).
 *
 * Per column and iteration k (hasPrev = k > 0): d = L·u^(L−1) ⊙ (Gx − c); a Barzilai–Borwein
 * step ‖Δu‖²/⟨Δu, Δd⟩ from the previous iteration (else the column's own η), clamped to
 * η₀·[1e-10, 1e10]; the trial u⁺ = u − step·d, x⁺ = (u⁺)^L is accepted when
 * f(x⁺) ≤ max(last BB_MEMORY levels) − ARMIJO_C·step·‖d‖², u⁺ ≥ 0 and f(x⁺) finite (then
 * η = 2·step), else the column keeps its iterate (η = step/4). f is tracked as a level relative
 * to the start, from the exact change ⟨x⁺ − x, g + ½G(x⁺ − x)⟩.
 *
 * From iteration `switchAt` on, the columns continue on x itself with projected
 * Barzilai–Borwein steps (spectral projected gradient, Birgin–Martínez–Raydan), under the same
 * non-monotone test and memory: g = Gx − c, trial x⁺ = max(0, x − step·g) (the first step
 * η₀), accepted when f(x⁺) ≤ max(last BB_MEMORY levels) + ARMIJO_C·⟨g, x⁺ − x⟩ and f(x⁺)
 * finite (then step = ‖Δx‖²/⟨Δx, Δg⟩, or η₀·1e10 where that is not positive), else the column
 * keeps its iterate (step/4). The overparametrized phase sets the support (its implicit bias
 * acts while entries climb from the floor); the projected steps do not slow down near zero as
 * the u-steps do (nnls/overparam-finish.ts is the same idea for `nnls()`, with APG).
 *
 * Columns are independent, so a kernel call advances columns j0 ≤ j < j1 through iterations
 * k0 ≤ k < k1 in one go and reports Σ min(λ·x, Gx − c)² over them (the KKT residual's square,
 * unnormalized); the caller decides between calls whether to go on. (Letting each column stop
 * once its own part was within its share of the tolerance was tried: on MNIST the loose early
 * W half-steps then stalled the outer iteration at relative error 0.5396.) This loop form is the
 * one JavaScript form, for any depth (products.wat's `bbPairs`, bb-pairs.ts, is the fast path
 * for depth 2, with the same bits); the chunk task `bbColumnsChunk` runs it on worker threads.
 */
/** Sufficient decrease of the `bb` and `armijo` rules: Δf ≤ −ARMIJO_C·η‖∇ℒ‖². */
export const ARMIJO_C = 1e-4;

/**
 * How many past objective values the non-monotone `bb` acceptance test compares against
 * (products.wat's bbPairs has the same two constants).
 */
export const BB_MEMORY = 10;

/** `switchAt` for the overparametrized method alone (an int32, as products.wat reads it). */
export const NEVER_SWITCH = 0x7fffffff;

/** Columns per chunk of a threaded call (each chunk's residual part summed in chunk order). */
export const BB_CHUNK_COLUMNS = 128;

/** Everything a kernel call reads and writes; arrays on SharedArrayBuffers when threaded. */
export interface BbColumns {
  /** `n × n` row-major. */
  G: Float64Array;
  n: number;
  r: number;
  depth: number;
  /** Initial step η₀ = learningRate/λmax(G) and the unit λ of the KKT residual. */
  eta0: number;
  lipschitz: number;
  /** Warm starts are raised to at least this (the updates are multiplicative). */
  floor: number;
  /** The first iteration of the projected phase (NEVER_SWITCH: none). */
  switchAt: number;
  /** `r × n` column after column: C, and the iterate's u, x = u^L, Gx, previous u and d. */
  c: Float64Array;
  u: Float64Array;
  x: Float64Array;
  gx: Float64Array;
  prevU: Float64Array;
  prevDir: Float64Array;
  /** Per column: step η, level f(x) − f(x₀), and a ring of the last BB_MEMORY levels. */
  eta: Float64Array;
  level: Float64Array;
  recent: Float64Array;
  /** Per call slot (chunk): Σ min(λx, Gx − c)² of its columns after the call, and with init, of
   * the warm start as given (before flooring). */
  kkt: Float64Array;
  startKkt: Float64Array;
}

/**
 * Advances columns j0 ≤ j < j1 through iterations k0 ≤ k < k1; with `init`, first floors x
 * (from the warm start in x), sets u = x^(1/L) and Gx. Writes the columns' Σ min(λx, Gx − c)²
 * to S.kkt[slot] (and the warm start's to S.startKkt[slot] with init).
 */
export type BbKernel = (
  S: BbColumns,
  j0: number,
  j1: number,
  k0: number,
  k1: number,
  init: boolean,
  slot: number,
) => void;

/** The kernel as plain loops, for any n. */
export function loopBbColumns(
  S: BbColumns,
  j0: number,
  j1: number,
  k0: number,
  k1: number,
  init: boolean,
  slot: number,
): void {
  const { G, n, c, u, x, gx, prevU, prevDir, eta, level, recent } = S;
  const L = S.depth;
  const lip = S.lipschitz || 1;
  const dir = new Float64Array(n);
  const un = new Float64Array(n);
  const xn = new Float64Array(n);
  const gxn = new Float64Array(n);
  /** out[at …] = G·v[at …] (n entries). */
  const multiply = (v: Float64Array, out: Float64Array, at: number) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += G[i * n + t] * v[at + t];
      out[at + i] = s;
    }
  };
  /** Σ min(λx, Gx − c)² of column b. */
  const residualSq = (b: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const m = Math.min(x[b + i] * lip, gx[b + i] - c[b + i]);
      s += m * m;
    }
    return s;
  };
  let kkt = 0;
  let start = 0;
  for (let j = j0; j < j1; j++) {
    const b = j * n;
    if (init) {
      multiply(x, gx, b);
      start += residualSq(b);
      for (let i = 0; i < n; i++) {
        x[b + i] = Math.max(x[b + i], S.floor);
        u[b + i] = L === 2 ? Math.sqrt(x[b + i]) : Math.pow(x[b + i], 1 / L);
      }
      multiply(x, gx, b);
    }
    for (let k = k0; k < k1; k++) {
      if (k >= S.switchAt) {
        projectedIteration(S, b, j, k, xn, gxn);
        continue;
      }
      let dirSq = 0;
      let sy = 0;
      let duSq = 0;
      for (let i = 0; i < n; i++) {
        const ui = u[b + i];
        const chain = L === 2 ? 2 * ui : L * Math.pow(ui, L - 1);
        const d = chain * (gx[b + i] - c[b + i]);
        dir[i] = d;
        dirSq += d * d;
        if (k > 0) {
          const du = ui - prevU[b + i];
          sy += du * (d - prevDir[b + i]);
          duSq += du * du;
        }
        prevU[b + i] = ui;
        prevDir[b + i] = d;
      }
      let trial = k > 0 && sy > 0 ? duSq / sy : eta[j];
      trial = Math.min(Math.max(trial, S.eta0 * 1e-10), S.eta0 * 1e10);
      let nonNegative = true;
      for (let i = 0; i < n; i++) {
        const v = u[b + i] - trial * dir[i];
        un[i] = v;
        nonNegative &&= v >= 0;
        xn[i] = L === 2 ? v * v : Math.pow(v, L);
      }
      multiply(xn, gxn, 0);
      // f(x + δ) − f(x) = ⟨δ, g + ½Gδ⟩, exact and free of the cancellation of f itself.
      let change = 0;
      for (let i = 0; i < n; i++) {
        change += (xn[i] - x[b + i]) * (gx[b + i] - c[b + i] + 0.5 * (gxn[i] - gx[b + i]));
      }
      const next = level[j] + change;
      let highest = -Infinity;
      for (let s = 0; s < BB_MEMORY; s++) highest = Math.max(highest, recent[j * BB_MEMORY + s]);
      if (next <= highest - ARMIJO_C * trial * dirSq && Number.isFinite(next) && nonNegative) {
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
    kkt += residualSq(b);
  }
  S.kkt[slot] = kkt;
  if (init) S.startKkt[slot] = start;
}

/**
 * One projected BB iteration (see above) of the column at b (j), iteration k; xn and gxn are
 * scratch of n entries.
 */
function projectedIteration(
  S: BbColumns,
  b: number,
  j: number,
  k: number,
  xn: Float64Array,
  gxn: Float64Array,
): void {
  const { G, n, c, x, gx, eta, level, recent, eta0 } = S;
  if (k === S.switchAt) eta[j] = eta0;
  const trial = Math.min(Math.max(eta[j], eta0 * 1e-10), eta0 * 1e10);
  let decrease = 0;
  for (let i = 0; i < n; i++) {
    const g = gx[b + i] - c[b + i];
    const v = Math.max(0, x[b + i] - trial * g);
    xn[i] = v;
    decrease += g * (v - x[b + i]);
  }
  let change = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < n; t++) s += G[i * n + t] * xn[t];
    gxn[i] = s;
  }
  for (let i = 0; i < n; i++) {
    change += (xn[i] - x[b + i]) * (gx[b + i] - c[b + i] + 0.5 * (gxn[i] - gx[b + i]));
  }
  const next = level[j] + change;
  let highest = -Infinity;
  for (let s = 0; s < BB_MEMORY; s++) highest = Math.max(highest, recent[j * BB_MEMORY + s]);
  if (next <= highest + ARMIJO_C * decrease && Number.isFinite(next)) {
    let ss = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const dx = xn[i] - x[b + i];
      ss += dx * dx;
      sy += dx * (gxn[i] - gx[b + i]);
      x[b + i] = xn[i];
      gx[b + i] = gxn[i];
    }
    level[j] = next;
    eta[j] = sy > 0 ? ss / sy : eta0 * 1e10;
  } else {
    eta[j] = trial / 4;
  }
  recent[j * BB_MEMORY + (k % BB_MEMORY)] = level[j];
}

/** What the chunk task `bb-columns` (tasks.ts) reads: the columns and the call's iterations. */
export interface BbColumnsPayload {
  S: BbColumns;
  k0: number;
  k1: number;
  init: boolean;
}

/** A chunk task running `kernel` on chunk c's BB_CHUNK_COLUMNS columns. */
export function columnsChunk(kernel: BbKernel): (p: BbColumnsPayload, c: number) => void {
  return (p, c) => {
    const j0 = c * BB_CHUNK_COLUMNS;
    const j1 = Math.min(p.S.r, j0 + BB_CHUNK_COLUMNS);
    kernel(p.S, j0, j1, p.k0, p.k1, p.init, c);
  };
}

/** The chunk task `bb-columns`: loopBbColumns on a chunk. */
export const bbColumnsChunk = columnsChunk(loopBbColumns);
