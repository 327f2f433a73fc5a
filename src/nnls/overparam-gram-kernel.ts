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
 * Columns are independent, so a kernel call advances columns j0 ≤ j < j1 through iterations
 * k0 ≤ k < k1 in one go and reports Σ min(λ·x, Gx − c)² over them (the KKT residual's square,
 * unnormalized); the caller decides between calls whether to go on. (Letting each column stop
 * once its own part was within its share of the tolerance was tried: on MNIST the loose early
 * W half-steps then stalled the outer iteration at relative error 0.5396.) For n ≤ UNROLLED_MAX_N
 * the kernel is generated for that n with its loops over the n entries written out (V8 keeps
 * the column in registers), the loop form beyond; both compute the same arithmetic in the same
 * order as the loop form, so the results are bit-identical. The source text also runs on worker
 * threads (`bbTaskSource`).
 */
import { ARMIJO_C, BB_MEMORY } from './overparam';

export const UNROLLED_MAX_N = 32;

// Local names for the constants, which the loop form's source text (run on worker threads,
// where there are no imports) also defines.
const ARMIJO = ARMIJO_C;
const MEMORY = BB_MEMORY;

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
      for (let s = 0; s < MEMORY; s++) highest = Math.max(highest, recent[j * MEMORY + s]);
      if (next <= highest - ARMIJO * trial * dirSq && Number.isFinite(next) && nonNegative) {
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
      recent[j * MEMORY + (k % MEMORY)] = level[j];
    }
    kkt += residualSq(b);
  }
  S.kkt[slot] = kkt;
  if (init) S.startKkt[slot] = start;
}

/** `loopBbColumns` for one n and depth with the loops over entries written out. */
function unrolledSource(n: number, L: number): string {
  const is = Array.from({ length: n }, (_, i) => i);
  const each = (f: (i: number) => string) => is.map(f).join('\n');
  const pow = (v: string, e: number) =>
    e === 1 ? v : L === 2 ? `${v} * ${v}` : `Math.pow(${v}, ${e})`;
  const product = (v: string, i: number) =>
    `0${is.map((t) => ` + G[${i * n + t}] * ${v}${t}`).join('')}`;
  const names = ['u', 'x', 'gx', 'c', 'pu', 'pd'] as const;
  const arrays = { u: 'u', x: 'x', gx: 'gx', c: 'c', pu: 'prevU', pd: 'prevDir' };
  const residualSq = `0${is.map((i) => ` + sq(Math.min(x${i} * lip, gx${i} - c${i}))`).join('')}`;
  return `function (S, j0, j1, k0, k1, init, slot) {
const { G, c, u, x, gx, prevU, prevDir, eta, level, recent } = S;
const lip = S.lipschitz || 1;
const lo = S.eta0 * 1e-10;
const hi = S.eta0 * 1e10;
const sq = (m) => m * m;
let kkt = 0;
let start = 0;
for (let j = j0; j < j1; j++) {
const b = j * ${n};
${names.map((a) => each((i) => `let ${a}${i} = ${arrays[a]}[b + ${i}];`)).join('\n')}
if (init) {
${each((i) => `gx${i} = ${product('x', i)};`)}
start += ${residualSq};
${each((i) => `x${i} = Math.max(x${i}, S.floor);`)}
${each((i) => `u${i} = ${L === 2 ? `Math.sqrt(x${i})` : `Math.pow(x${i}, ${1 / L})`};`)}
${each((i) => `gx${i} = ${product('x', i)};`)}
}
let et = eta[j];
let lev = level[j];
for (let k = k0; k < k1; k++) {
${each((i) => `const d${i} = ${L === 2 ? `2 * u${i}` : `${L} * ${pow(`u${i}`, L - 1)}`} * (gx${i} - c${i});`)}
let dirSq = 0;
${each((i) => `dirSq += d${i} * d${i};`)}
let trial = et;
if (k > 0) {
let sy = 0;
let duSq = 0;
${each((i) => `sy += (u${i} - pu${i}) * (d${i} - pd${i}); duSq += (u${i} - pu${i}) * (u${i} - pu${i});`)}
if (sy > 0) trial = duSq / sy;
}
${each((i) => `pu${i} = u${i}; pd${i} = d${i};`)}
trial = Math.min(Math.max(trial, lo), hi);
${each((i) => `const un${i} = u${i} - trial * d${i};`)}
const nonNegative = ${is.map((i) => `un${i} >= 0`).join(' && ')};
${each((i) => `const xn${i} = ${pow(`un${i}`, L)};`)}
${each((i) => `const gxn${i} = ${product('xn', i)};`)}
let change = 0;
${each((i) => `change += (xn${i} - x${i}) * (gx${i} - c${i} + 0.5 * (gxn${i} - gx${i}));`)}
const next = lev + change;
let highest = -Infinity;
for (let s = 0; s < ${BB_MEMORY}; s++) highest = Math.max(highest, recent[j * ${BB_MEMORY} + s]);
if (next <= highest - ${ARMIJO_C} * trial * dirSq && Number.isFinite(next) && nonNegative) {
${each((i) => `u${i} = un${i}; x${i} = xn${i}; gx${i} = gxn${i};`)}
lev = next;
et = 2 * trial;
} else {
et = trial / 4;
}
recent[j * ${BB_MEMORY} + (k % ${BB_MEMORY})] = lev;
}
eta[j] = et;
level[j] = lev;
${names
  .filter((a) => a !== 'c')
  .map((a) => each((i) => `${arrays[a]}[b + ${i}] = ${a}${i};`))
  .join('\n')}
kkt += ${residualSq};
}
S.kkt[slot] = kkt;
if (init) S.startKkt[slot] = start;
}`;
}

/** A self-contained function expression of the kernel for n and depth L. */
export function bbKernelSource(n: number, L: number): string {
  if (n <= UNROLLED_MAX_N) return unrolledSource(n, L);
  return `(() => {
  const ARMIJO = ${ARMIJO};
  const MEMORY = ${MEMORY};
  return ${loopBbColumns.toString()};
})()`;
}

const sources = new Map<string, string>();

/** The chunk task (kernel-threads.ts) that runs chunk c of a BbColumns call for n and L. */
export function bbTaskSource(n: number, L: number): string {
  const key = `${n},${L}`;
  let source = sources.get(key);
  if (!source) {
    source = `(() => {
  const kernel = ${bbKernelSource(n, L)};
  return (p, c) => {
    const j0 = c * ${BB_CHUNK_COLUMNS};
    const j1 = Math.min(p.S.r, j0 + ${BB_CHUNK_COLUMNS});
    kernel(p.S, j0, j1, p.k0, p.k1, p.init, c);
  };
})()`;
    sources.set(key, source);
  }
  return source;
}
