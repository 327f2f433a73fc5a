/**
 * The column kernel of js/bb-columns.ts for depth 2 in float32 arithmetic: every operation on
 * the columns' numbers (G, C, u, x, Gx, the steps, the levels, the sums of the step rule) is
 * rounded to float32 (`Math.fround`) in the order of products.wat's `bbQuads`, which runs four
 * columns per float32x4 lane group with the same bits: twice the columns per instruction of
 * the float64 pairs. Only the residuals Σ min(λx, Gx − c)² are summed in float64 (the squares
 * of float32 numbers, exact in float64). anls's half-steps take this form (overparam-gram.ts):
 * their C, warm start and result are float32 rows anyway.
 *
 * The same method as loopBbColumns, the u-steps and then the projected steps; the step rule's
 * sums ⟨Δu, Δd⟩ and ‖Δu‖² are formed at every iteration (at the first one they are not used).
 */
import { BB_MEMORY, columnsChunk, type BbColumns, type BbKernel } from './bb-columns';

const f = Math.fround;
const ARMIJO_C32 = f(1e-4);

/** loopBbColumns (depth 2) in float32: columns j0 ≤ j < j1, iterations k0 ≤ k < k1. */
export const loopBbColumns32: BbKernel = (S, j0, j1, k0, k1, init, slot) => {
  const { n, c, u, x, gx, prevU, prevDir, eta, level, recent } = S;
  const G = Float32Array.from(S.G.subarray(0, n * n));
  const s32 = scalars32(S);
  const dir = new Float32Array(n);
  const un = new Float32Array(n);
  const xn = new Float32Array(n);
  const gxn = new Float32Array(n);
  let kkt = 0;
  let start = 0;
  for (let j = j0; j < j1; j++) {
    const b = j * n;
    if (init) {
      multiply32(G, n, x, b, gx, b);
      start += residualSq32(S, b, s32.lip);
      for (let i = 0; i < n; i++) {
        x[b + i] = Math.max(x[b + i], s32.floor);
        u[b + i] = f(Math.sqrt(x[b + i]));
      }
      multiply32(G, n, x, b, gx, b);
      eta[j] = f(eta[j]);
    }
    for (let k = k0; k < k1; k++) {
      if (k >= S.switchAt) {
        projectedIteration32(S, G, s32, b, j, k, xn, gxn);
        continue;
      }
      let dirSq = 0;
      let sy = 0;
      let duSq = 0;
      for (let i = 0; i < n; i++) {
        const ui = u[b + i];
        const d = f(f(2 * ui) * f(gx[b + i] - c[b + i]));
        dir[i] = d;
        dirSq = f(dirSq + f(d * d));
        const du = f(ui - prevU[b + i]);
        sy = f(sy + f(du * f(d - prevDir[b + i])));
        duSq = f(duSq + f(du * du));
        prevU[b + i] = ui;
        prevDir[b + i] = d;
      }
      let trial = k > 0 && sy > 0 ? f(duSq / sy) : eta[j];
      trial = Math.min(Math.max(trial, s32.lo), s32.hi);
      let nonNegative = true;
      for (let i = 0; i < n; i++) {
        const v = f(u[b + i] - f(trial * dir[i]));
        un[i] = v;
        nonNegative &&= v >= 0;
        xn[i] = f(v * v);
      }
      multiply32(G, n, xn, 0, gxn, 0);
      const change = change32(S, b, xn, gxn);
      const next = f(level[j] + change);
      const bound = f(highest(recent, j) - f(f(ARMIJO_C32 * trial) * dirSq));
      if (next <= bound && Number.isFinite(next) && nonNegative) {
        for (let i = 0; i < n; i++) {
          u[b + i] = un[i];
          x[b + i] = xn[i];
          gx[b + i] = gxn[i];
        }
        level[j] = next;
        eta[j] = f(2 * trial);
      } else {
        eta[j] = f(trial / 4);
      }
      recent[j * BB_MEMORY + (k % BB_MEMORY)] = level[j];
    }
    kkt += residualSq32(S, b, s32.lip);
  }
  S.kkt[slot] = kkt;
  if (init) S.startKkt[slot] = start;
};

/** A solve's scalars in float32: η₀, its bounds η₀·1e∓10, λ and the floor. */
interface Scalars32 {
  eta0: number;
  lo: number;
  hi: number;
  lip: number;
  floor: number;
}

function scalars32(S: BbColumns): Scalars32 {
  return {
    eta0: f(S.eta0),
    lo: f(S.eta0 * 1e-10),
    hi: f(S.eta0 * 1e10),
    lip: f(S.lipschitz || 1),
    floor: f(S.floor),
  };
}

/** out[at + i] = Σ_t G[i, t]·v[from + t] in float32 (t in order, from +0). */
function multiply32(
  G: Float32Array,
  n: number,
  v: ArrayLike<number>,
  from: number,
  out: Float64Array | Float32Array,
  at: number,
): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < n; t++) s = f(s + f(G[i * n + t] * v[from + t]));
    out[at + i] = s;
  }
}

/** Σ min(λx, Gx − c)² of the column at b: the min in float32, the sum in float64. */
function residualSq32(S: BbColumns, b: number, lip: number): number {
  let s = 0;
  for (let i = 0; i < S.n; i++) {
    const m = Math.min(f(S.x[b + i] * lip), f(S.gx[b + i] - S.c[b + i]));
    s += m * m;
  }
  return s;
}

/** ⟨x⁺ − x, g + ½(Gx⁺ − Gx)⟩ in float32 for the column at b. */
function change32(S: BbColumns, b: number, xn: Float32Array, gxn: Float32Array): number {
  const { n, c, x, gx } = S;
  let change = 0;
  for (let i = 0; i < n; i++) {
    const step = f(xn[i] - x[b + i]);
    const slope = f(f(gx[b + i] - c[b + i]) + f(0.5 * f(gxn[i] - gx[b + i])));
    change = f(change + f(step * slope));
  }
  return change;
}

/** The largest of column j's last BB_MEMORY levels. */
function highest(recent: Float64Array, j: number): number {
  let h = -Infinity;
  for (let s = 0; s < BB_MEMORY; s++) h = Math.max(h, recent[j * BB_MEMORY + s]);
  return h;
}

/** projectedIteration (js/bb-columns.ts) in float32. */
function projectedIteration32(
  S: BbColumns,
  G: Float32Array,
  s32: Scalars32,
  b: number,
  j: number,
  k: number,
  xn: Float32Array,
  gxn: Float32Array,
): void {
  const { n, c, x, gx, eta, level, recent } = S;
  if (k === S.switchAt) eta[j] = s32.eta0;
  const trial = Math.min(Math.max(eta[j], s32.lo), s32.hi);
  let decrease = 0;
  for (let i = 0; i < n; i++) {
    const g = f(gx[b + i] - c[b + i]);
    const v = Math.max(0, f(x[b + i] - f(trial * g)));
    xn[i] = v;
    decrease = f(decrease + f(g * f(v - x[b + i])));
  }
  multiply32(G, n, xn, 0, gxn, 0);
  const change = change32(S, b, xn, gxn);
  let ss = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const dx = f(xn[i] - x[b + i]);
    ss = f(ss + f(dx * dx));
    sy = f(sy + f(dx * f(gxn[i] - gx[b + i])));
  }
  const next = f(level[j] + change);
  if (next <= f(highest(recent, j) + f(ARMIJO_C32 * decrease)) && Number.isFinite(next)) {
    for (let i = 0; i < n; i++) {
      x[b + i] = xn[i];
      gx[b + i] = gxn[i];
    }
    level[j] = next;
    eta[j] = sy > 0 ? f(ss / sy) : s32.hi;
  } else {
    eta[j] = f(trial / 4);
  }
  recent[j * BB_MEMORY + (k % BB_MEMORY)] = level[j];
}

/** The chunk task `bb-columns32`: loopBbColumns32 on a chunk. */
export const bbColumns32Chunk = columnsChunk(loopBbColumns32);
