/**
 * The accelerated and first-order methods of gramHalfStep (`overparam-nesterov`,
 * `overparam-mirror`, `apg`, `pgd`; their tensor solvers in src/nnls/ state the math), in
 * float64, each column advanced on its own.
 */
import type { GramStepAttrs } from './gram-steps-attrs';
import {
  floored,
  gradientInto,
  ipow,
  rootOf,
  type GramProblem,
  type MethodState,
} from './gram-steps-problem';

/** `overparam-nesterov` (nnls-math.ts nesterovStep, per column). */
export function nesterov(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
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
export function mirror(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
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
export function apg(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
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
export function pgd(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
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
