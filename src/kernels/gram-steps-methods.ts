/**
 * The iterations of gramHalfStep's methods in float64 on column-contiguous arrays (column j of
 * the problem at j·k … j·k + k − 1), one function per method: the math of the tensor solvers
 * (src/nnls/overparam.ts step rules fixed, armijo, exact; overparam-nesterov.ts,
 * overparam-mirror.ts, apg.ts, pgd.ts, whose doc comments state it; nnls-math.ts has the same
 * steps in the single-iteration kernels), each column advanced on its own.
 */
import { X0_FLOOR } from '../nnls/overparam-common';
import type { GramStepAttrs } from './gram-steps-attrs';
import { minimizeQuartic64 } from './gram-steps-quartic';
import { ARMIJO_C } from './js/bb-columns';

/** The candidate steps of `armijo`, largest first, as multiples of its first trial. */
export const ARMIJO_FACTORS = [1, 0.5, 0.25, 0.125, 0.0625, 0.03125];

/** The problem: G (`k × k`), c (r columns of k), λmax (> 0). */
export interface GramProblem {
  G: Float64Array;
  c: Float64Array;
  k: number;
  r: number;
  lip: number;
}

/** A method's state machine (the driver's Stepper, on arrays). */
export interface MethodState {
  /** The current iterate (r columns of k). */
  readonly x: Float64Array;
  /** Gx − c at x into g. */
  gradient(g: Float64Array): void;
  /** One iteration; `iteration` = iterations done before it. */
  step(iteration: number): void;
  /** Restart from `good` with a smaller step (after a non-finite value). */
  restart(good: Float64Array): void;
}

/**
 * out[oo …] = G·x[xo …] for one column of k, four rows of G at a time (each x entry loaded once
 * per four products: ≈2× a plain loop in V8).
 */
export function gemv(
  G: Float64Array,
  k: number,
  x: Float64Array,
  xo: number,
  out: Float64Array,
  oo: number,
): void {
  let i = 0;
  for (; i + 3 < k; i += 4) {
    const r0 = i * k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let t = 0; t < k; t++) {
      const v = x[xo + t];
      s0 += G[r0 + t] * v;
      s1 += G[r0 + k + t] * v;
      s2 += G[r0 + 2 * k + t] * v;
      s3 += G[r0 + 3 * k + t] * v;
    }
    out[oo + i] = s0;
    out[oo + i + 1] = s1;
    out[oo + i + 2] = s2;
    out[oo + i + 3] = s3;
  }
  for (; i < k; i++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += G[i * k + t] * x[xo + t];
    out[oo + i] = s;
  }
}

/**
 * G·x and G·y for two columns at once (x at xo, y at yo; into out at xOut, yOut): four rows
 * of G by two columns per pass, each G entry loaded once for both (≈3× a plain loop in V8).
 */
export function gemv2(
  G: Float64Array,
  k: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
  out: Float64Array,
  xOut: number,
  yOut: number,
): void {
  let i = 0;
  for (; i + 3 < k; i += 4) {
    const r0 = i * k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    for (let t = 0; t < k; t++) {
      const v = x[xo + t];
      const w = y[yo + t];
      const g0 = G[r0 + t];
      const g1 = G[r0 + k + t];
      const g2 = G[r0 + 2 * k + t];
      const g3 = G[r0 + 3 * k + t];
      s0 += g0 * v;
      s1 += g1 * v;
      s2 += g2 * v;
      s3 += g3 * v;
      q0 += g0 * w;
      q1 += g1 * w;
      q2 += g2 * w;
      q3 += g3 * w;
    }
    out[xOut + i] = s0;
    out[xOut + i + 1] = s1;
    out[xOut + i + 2] = s2;
    out[xOut + i + 3] = s3;
    out[yOut + i] = q0;
    out[yOut + i + 1] = q1;
    out[yOut + i + 2] = q2;
    out[yOut + i + 3] = q3;
  }
  for (; i < k; i++) {
    let s = 0;
    let q = 0;
    for (let t = 0; t < k; t++) {
      s += G[i * k + t] * x[xo + t];
      q += G[i * k + t] * y[yo + t];
    }
    out[xOut + i] = s;
    out[yOut + i] = q;
  }
}

/** out = G·x for every column (two at a time). */
export function gramTimes(p: GramProblem, x: Float64Array, out: Float64Array): void {
  const { G, k, r } = p;
  let j = 0;
  for (; j + 1 < r; j += 2) gemv2(G, k, x, j * k, x, (j + 1) * k, out, j * k, (j + 1) * k);
  if (j < r) gemv(G, k, x, j * k, out, j * k);
}

/** g = G·x − c. */
export function gradientInto(p: GramProblem, x: Float64Array, g: Float64Array): void {
  gramTimes(p, x, g);
  for (let e = 0; e < g.length; e++) g[e] -= p.c[e];
}

/**
 * u with |u| < 1e-140 set to 0 (then x = u² ≥ 1e-280 or 0): keeps float64 subnormals (100×
 * slower arithmetic) out of the multiplicative updates, which drive inactive entries to 0
 * geometrically; float32, the tensor form's, is at 0 long before (x below 1.4e-45).
 */
const flushed = (u: number) => (Math.abs(u) < 1e-140 ? 0 : u);

const ipow = (v: number, p: number) =>
  p === 0 ? 1 : p === 1 ? v : p === 2 ? v * v : p === 3 ? v * v * v : Math.pow(v, p);

/** x₀ of the overparam methods: the warm start floored at alpha·X0_FLOOR. */
function floored(start: Float64Array, alpha: number): Float64Array {
  const floor = alpha * X0_FLOOR;
  return start.map((v) => Math.max(v, floor));
}

function rootOf(x: Float64Array, L: number): Float64Array {
  return x.map((v) => (L === 2 ? Math.sqrt(v) : Math.pow(v, 1 / L)));
}

/**
 * The state shared by the u-parametrized rules (fixed, armijo, exact): u, x = u^L, gx = G·x.
 * armijo and exact update gx by increments, as the tensor form does; that form recomputes it at
 * check points against float32 drift, which float64 increments do not need.
 */
function overparamState(p: GramProblem, start: Float64Array, a: GramStepAttrs) {
  const x = floored(start, a.alpha);
  const u = rootOf(x, a.depth);
  const gx = new Float64Array(x.length);
  gramTimes(p, x, gx);
  const reset = (good: Float64Array) => {
    x.set(good);
    u.set(rootOf(good, a.depth));
    gramTimes(p, x, gx);
  };
  const gradient = (g: Float64Array) => {
    for (let e = 0; e < g.length; e++) g[e] = gx[e] - p.c[e];
  };
  return { u, x, gx, reset, gradient };
}

/** `overparam`, step `fixed`: u ← u − η_k·L u^(L−1) ⊙ (Gx − c), η_k = η/(k+2)^γ. */
function fixed(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
  const s = overparamState(p, start, a);
  const L = a.depth;
  let eta = a.learningRate / p.lip;
  return {
    x: s.x,
    gradient: s.gradient,
    step(iteration) {
      const etaK = a.decay === 0 ? eta : eta / Math.pow(iteration + 2, a.decay);
      for (let e = 0; e < s.u.length; e++) {
        const dir = L * ipow(s.u[e], L - 1) * (s.gx[e] - p.c[e]);
        s.u[e] -= etaK * dir;
        s.x[e] = ipow(s.u[e], L);
      }
      gramTimes(p, s.x, s.gx);
    },
    restart(good) {
      eta /= 4;
      s.reset(good);
    },
  };
}

/** Whether u − t·d ≥ 0 on the column at o. */
function nonNegativeAt(u: Float64Array, o: number, d: Float64Array, t: number, k: number) {
  for (let i = 0; i < k; i++) if (u[o + i] - t * d[i] < 0) return false;
  return true;
}

/**
 * `overparam`, step `armijo`: per column the first of the trial steps base·ARMIJO_FACTORS
 * with sufficient decrease ⟨d, g + ½Gd⟩ ≤ −ARMIJO_C·η‖∇ℒ‖² and u ≥ 0 (base: the BB1 step
 * where the curvature is positive, else twice the last accepted step), else no move and half
 * the smallest trial. Tried in order (the tensor form tries all six at once: the same choice).
 */
function armijo(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
  const s = overparamState(p, start, a);
  const { k, r } = p;
  const L = a.depth;
  const eta0 = a.learningRate / p.lip;
  const eta = new Float64Array(r).fill(eta0);
  const uPrev = new Float64Array(k * r);
  const dirPrev = new Float64Array(k * r);
  let remembered = false;
  const g = new Float64Array(k);
  const dir = new Float64Array(k);
  const U = new Float64Array(k);
  const X = new Float64Array(k);
  const D = new Float64Array(k);
  const GD = new Float64Array(k);
  const AB = new Float64Array(2 * k);
  const factors = Float64Array.from(ARMIJO_FACTORS);
  const GAB = new Float64Array(2 * k);
  const last = ARMIJO_FACTORS[ARMIJO_FACTORS.length - 1];
  return {
    x: s.x,
    gradient: s.gradient,
    step() {
      const { u, x, gx } = s;
      const c = p.c;
      for (let j = 0; j < r; j++) {
        const o = j * k;
        let sy = 0;
        let ss = 0;
        let dd = 0;
        for (let i = 0; i < k; i++) {
          g[i] = gx[o + i] - c[o + i];
          dir[i] = L * ipow(u[o + i], L - 1) * g[i];
          dd += dir[i] * dir[i];
          if (remembered) {
            const du = u[o + i] - uPrev[o + i];
            sy += du * (dir[i] - dirPrev[o + i]);
            ss += du * du;
          }
        }
        const bb = remembered && sy > 0 ? ss / sy : 2 * eta[j];
        const base = Math.min(Math.max(bb, eta0 * 1e-12), eta0 * 1e9);
        // Remember u and ∇ℒ(u) before the move, for the next BB quotient.
        for (let i = 0; i < k; i++) {
          uPrev[o + i] = u[o + i];
          dirPrev[o + i] = dir[i];
        }
        let accepted = false;
        if (L === 2) {
          // x(s) − x = s·a + s²·b (a = −2u⊙d, b = d⊙d): one product G·[a b] prices every trial,
          // f(x(s)) − f(x) = s·c1 + s²·c2 + s³·c3 + s⁴·c4 (G symmetric).
          let sMax = Infinity;
          for (let i = 0; i < k; i++) {
            AB[i] = -2 * u[o + i] * dir[i];
            AB[k + i] = dir[i] * dir[i];
            if (dir[i] > 0) sMax = Math.min(sMax, u[o + i] / dir[i]);
          }
          gemv2(p.G, k, AB, 0, AB, k, GAB, 0, k);
          let c1 = 0;
          let c2 = 0;
          let c3 = 0;
          let c4 = 0;
          for (let i = 0; i < k; i++) {
            const ai = AB[i];
            const bi = AB[k + i];
            c1 += ai * g[i];
            c2 += bi * g[i] + 0.5 * ai * GAB[i];
            c3 += ai * GAB[k + i];
            c4 += 0.5 * bi * GAB[k + i];
          }
          for (let f = 0; f < factors.length; f++) {
            const t = base * factors[f];
            // u − t·d ≥ 0 entrywise: certain below the bound, computed near and above it.
            if (t > sMax * (1 - 1e-9) && !nonNegativeAt(u, o, dir, t, k)) continue;
            const change = t * (c1 + t * (c2 + t * (c3 + t * c4)));
            if (!(change <= -ARMIJO_C * t * dd)) continue;
            for (let i = 0; i < k; i++) {
              const ui = flushed(u[o + i] - t * dir[i]);
              u[o + i] = ui;
              x[o + i] = ui * ui;
              gx[o + i] += t * (GAB[i] + t * GAB[k + i]);
            }
            eta[j] = t;
            accepted = true;
            break;
          }
          if (!accepted) eta[j] = base * last * 0.5;
          continue;
        }
        for (let f = 0; f < factors.length; f++) {
          const step = base * factors[f];
          let nonNegative = true;
          for (let i = 0; i < k; i++) {
            U[i] = u[o + i] - step * dir[i];
            if (U[i] < 0) nonNegative = false;
            X[i] = ipow(U[i], L);
            D[i] = X[i] - x[o + i];
          }
          if (!nonNegative) continue;
          gemv(p.G, k, D, 0, GD, 0);
          let change = 0;
          for (let i = 0; i < k; i++) change += D[i] * (g[i] + 0.5 * GD[i]);
          if (!(change <= -ARMIJO_C * step * dd)) continue;
          for (let i = 0; i < k; i++) {
            u[o + i] = U[i];
            x[o + i] = X[i];
            gx[o + i] += GD[i];
          }
          eta[j] = step;
          accepted = true;
          break;
        }
        if (!accepted) eta[j] = base * last * 0.5;
      }
      remembered = true;
    },
    restart(good) {
      for (let j = 0; j < r; j++) eta[j] /= 4;
      s.reset(good);
    },
  };
}

/** The largest |s·g| of an `exact` step (a factor (1 − s·g)² ≤ 1e16 on any entry). */
const STEP_MULTIPLIER_MAX = 1e8;

/**
 * `overparam`, step `exact` (L = 2): along x(s) = x ⊙ (1 − s g)² = x + s·q₁ + s²·q₂ with
 * q₁ = −2x⊙g, q₂ = x⊙g², the exact minimizer of the objective's quartic φ(s), per column.
 */
function exact(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
  const s = overparamState(p, start, a);
  const { k, r } = p;
  const g = new Float64Array(k);
  const q = new Float64Array(2 * k); // q₁ then q₂
  const Gq = new Float64Array(2 * k);
  return {
    x: s.x,
    gradient: s.gradient,
    step() {
      for (let j = 0; j < r; j++) {
        const o = j * k;
        for (let i = 0; i < k; i++) {
          g[i] = s.gx[o + i] - p.c[o + i];
          q[i] = -2 * s.x[o + i] * g[i];
          q[k + i] = s.x[o + i] * g[i] * g[i];
        }
        gemv2(p.G, k, q, 0, q, k, Gq, 0, k);
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        let a4 = 0;
        for (let i = 0; i < k; i++) {
          a1 += g[i] * q[i];
          a2 += g[i] * q[k + i] + 0.5 * q[i] * Gq[i];
          a3 += q[i] * Gq[k + i];
          a4 += 0.5 * q[k + i] * Gq[k + i];
        }
        let step = minimizeQuartic64(a1, a2, a3, Math.max(a4, 0));
        // Near a solution float64 lets a1 shrink far below float32's range (where the tensor
        // form finds no descent) and s grow without bound, the cancellation in φ's coefficients
        // then hiding a step that overflows: cap the multiplier (1 − s·g)² of any entry at 1e16
        // and keep only a step that still decreases φ and stays finite.
        let gMax = 0;
        for (let i = 0; i < k; i++) gMax = Math.max(gMax, Math.abs(g[i]));
        if (step * gMax > STEP_MULTIPLIER_MAX) {
          step = STEP_MULTIPLIER_MAX / gMax;
          const a4p = Math.max(a4, 0);
          if (!(step * (a1 + step * (a2 + step * (a3 + step * a4p))) < 0)) continue;
        }
        let finite = true;
        for (let i = 0; i < k; i++) {
          if (!Number.isFinite(step * (Gq[i] + step * Gq[k + i]))) finite = false;
        }
        if (!finite) continue;
        for (let i = 0; i < k; i++) {
          const u = flushed(s.u[o + i] * (1 - step * g[i]));
          s.u[o + i] = u;
          s.x[o + i] = u * u;
          s.gx[o + i] += step * (Gq[i] + step * Gq[k + i]);
        }
      }
    },
    restart(good) {
      s.reset(good);
    },
  };
}

/** `overparam-nesterov` (nnls-math.ts nesterovStep, per column). */
function nesterov(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
  const { k, r } = p;
  const L = a.depth;
  let rate = a.learningRate;
  const x = floored(start, a.alpha);
  const u = rootOf(x, L);
  const uPrev = Float64Array.from(u);
  const since = new Float64Array(r);
  const v = new Float64Array(k * r);
  const xv = new Float64Array(k * r);
  const gv = new Float64Array(k * r);
  return {
    x,
    gradient: (g) => gradientInto(p, x, g),
    step() {
      for (let j = 0; j < r; j++) {
        const beta = since[j] / (since[j] + 3);
        for (let e = j * k; e < j * k + k; e++) {
          let vi = u[e] + beta * (u[e] - uPrev[e]);
          if (L % 2 === 1) vi = Math.max(vi, 0.5 * u[e]);
          v[e] = vi;
          xv[e] = ipow(vi, L);
        }
      }
      gradientInto(p, xv, gv);
      for (let j = 0; j < r; j++) {
        const o = j * k;
        let xMax = -Infinity;
        let bend = -Infinity;
        let shrink = -Infinity;
        for (let i = o; i < o + k; i++) {
          const ug = ipow(v[i], L - 2) * gv[i];
          xMax = Math.max(xMax, xv[i]);
          bend = Math.max(bend, Math.abs(ug));
          shrink = Math.max(shrink, ug);
        }
        const gauss = Math.pow(xMax, 2 - 2 / L) * L * L * p.lip;
        const curvature = Math.max(gauss + bend * L * (L - 1), 2 * L * shrink);
        const eta = rate / Math.max(curvature, 1e-30);
        let uphill = 0;
        for (let i = o; i < o + k; i++) {
          const dir = L * ipow(v[i], L - 1) * gv[i];
          const next = v[i] - eta * dir;
          uphill += dir * (next - u[i]);
          uPrev[i] = u[i];
          u[i] = next;
          x[i] = ipow(next, L);
        }
        since[j] = uphill > 0 ? 0 : since[j] + 1;
      }
    },
    restart(good) {
      rate /= 4;
      x.set(good);
      u.set(rootOf(good, L));
      uPrev.set(u);
      since.fill(0);
    },
  };
}

/** `overparam-mirror` (nnls-math.ts mirrorStep, per column). */
function mirror(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
  const { k, r } = p;
  let eta = a.learningRate / p.lip;
  const x = floored(start, a.alpha);
  const logOf = (v: number) => Math.log(Math.max(v, 1e-38));
  const z = x.map(logOf);
  const since = new Float64Array(r);
  const g = new Float64Array(k * r);
  const previous = new Float64Array(k * r);
  // Columns whose z is log x (at the start, after a restart): their average is x itself, kept
  // exactly (e^(log x) is x only within rounding, whose sign would decide the next restart).
  const fresh = new Uint8Array(r).fill(1);
  gradientInto(p, x, g); // the gradient at x, kept: each step computes it at its new x
  return {
    x,
    gradient: (out) => out.set(g),
    step() {
      previous.set(x);
      for (let j = 0; j < r; j++) {
        const w = since[j] + 2;
        if (!fresh[j]) {
          for (let e = j * k; e < j * k + k; e++) x[e] = (w * x[e] + 2 * Math.exp(z[e])) / (w + 2);
        }
      }
      gradientInto(p, x, g);
      for (let j = 0; j < r; j++) {
        const o = j * k;
        let uphill = 0;
        for (let i = o; i < o + k; i++) uphill += g[i] * (x[i] - previous[i]);
        const restart = uphill > 0;
        for (let i = o; i < o + k; i++) {
          z[i] = restart ? logOf(x[i]) : z[i] - (since[j] + 2) * (eta / 2) * g[i];
        }
        since[j] = restart ? 0 : since[j] + 1;
        fresh[j] = restart ? 1 : 0;
      }
    },
    restart(good) {
      eta /= 4;
      x.set(good);
      z.set(good.map(logOf));
      since.fill(0);
      fresh.fill(1);
      gradientInto(p, x, g);
    },
  };
}

/** `apg`: FISTA with per-column adaptive restart (nnls-math.ts apgStep). */
function apg(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
  const { k, r } = p;
  let eta = a.learningRate / p.lip;
  const x = Float64Array.from(start);
  const y = Float64Array.from(start);
  const t = new Float64Array(r).fill(1);
  const g = new Float64Array(k * r);
  const xN = new Float64Array(k);
  return {
    x,
    gradient: (out) => gradientInto(p, x, out),
    step() {
      gradientInto(p, y, g);
      for (let j = 0; j < r; j++) {
        const o = j * k;
        let turn = 0;
        for (let i = 0; i < k; i++) {
          xN[i] = Math.max(0, y[o + i] - g[o + i] * eta);
          turn += (y[o + i] - xN[i]) * (xN[i] - x[o + i]);
        }
        const restart = turn > 0;
        const tN = restart ? 1 : 0.5 * (1 + Math.sqrt(1 + 4 * t[j] * t[j]));
        const beta = restart ? 0 : (t[j] - 1) / tN;
        t[j] = tN;
        for (let i = 0; i < k; i++) {
          y[o + i] = xN[i] + beta * (xN[i] - x[o + i]);
          x[o + i] = xN[i];
        }
      }
    },
    restart(good) {
      eta /= 4;
      x.set(good);
      y.set(good);
      t.fill(1);
    },
  };
}

/** `pgd`: x ← max(0, x − η(Gx − c)). */
function pgd(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
  let eta = a.learningRate / p.lip;
  const x = Float64Array.from(start);
  const g = new Float64Array(x.length); // the gradient at x, kept (one product an iteration)
  gradientInto(p, x, g);
  return {
    x,
    gradient: (out) => out.set(g),
    step() {
      for (let e = 0; e < x.length; e++) x[e] = Math.max(0, x[e] - eta * g[e]);
      gradientInto(p, x, g);
    },
    restart(good) {
      eta /= 4;
      x.set(good);
      gradientInto(p, x, g);
    },
  };
}

const METHODS = {
  fixed,
  armijo,
  exact,
  'overparam-nesterov': nesterov,
  'overparam-mirror': mirror,
  apg,
  pgd,
};

/** The method of `a.method`, started from `start` (r columns of k, not modified). */
export function makeMethod(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
  return METHODS[a.method](p, a, start);
}
