/**
 * The accelerated and first-order methods of gramHalfStep (`overparam-nesterov`,
 * `overparam-mirror`, `apg`, `pgd`; their tensor solvers in src/nnls/ state the math), in
 * float64, each column advanced on its own.
 */
import {
  P_FLOOR,
  P_LIP,
  P_STEP,
  copyColumns,
  depthOf,
  gradientInto,
  ipow,
  rootOf,
  type MethodSpec,
} from './gram-steps-problem';
import { exportsOn } from './wasm/own-memory';

/**
 * `overparam-nesterov` (nnls-math.ts nesterovStep, per column). State: u, u before the last
 * step, the extrapolated v, x(v) = v^L and the gradient there (vectors); per column the
 * iterations since the last restart of the momentum.
 */
export const nesterov: MethodSpec = {
  vectors: 5,
  columns: 1,
  make(s) {
    const { k, x, params } = s;
    const [u, uPrev, v, xv, gv] = s.vectors;
    const [since] = s.columns;
    const wasmStep = s.mem
      ? (exportsOn(s.mem).nesterovColumns64 as (...args: number[]) => void)
      : undefined;
    const from = (start: Float64Array, floor: number, j0: number, j1: number) => {
      const L = depthOf(params);
      for (let e = j0 * k; e < j1 * k; e++) {
        const xe = Math.max(start[e], floor);
        x[e] = xe;
        u[e] = uPrev[e] = rootOf(xe, L);
      }
      since.fill(0, j0, j1);
    };
    return {
      init: (j0, j1) => from(s.start, params[P_FLOOR], j0, j1),
      restart: (j0, j1) => from(s.good, -Infinity, j0, j1),
      gradient: (g, j0, j1) => gradientInto(s, x, g, j0, j1),
      step(_iteration, j0, j1) {
        const L = depthOf(params);
        const lip = params[P_LIP];
        const rate = params[P_STEP];
        if (L === 2 && wasmStep) {
          // Depth 2 in products.wat's nesterovColumns64 (the same operations and bits).
          const at = (a: Float64Array) => a.byteOffset + 8 * j0 * k;
          const pointers = [u, uPrev, v, xv, gv, x, s.c].map(at);
          wasmStep(...pointers, since.byteOffset + 8 * j0, j1 - j0, k, s.GT.byteOffset, lip, rate);
          return;
        }
        const odd = L % 2 === 1;
        for (let j = j0; j < j1; j++) {
          const beta = since[j] / (since[j] + 3);
          for (let e = j * k; e < j * k + k; e++) {
            let vi = u[e] + beta * (u[e] - uPrev[e]);
            if (odd) vi = Math.max(vi, 0.5 * u[e]);
            v[e] = vi;
            xv[e] = ipow(vi, L);
          }
        }
        gradientInto(s, xv, gv, j0, j1);
        for (let j = j0; j < j1; j++) {
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
          const gauss = Math.pow(xMax, 2 - 2 / L) * L * L * lip;
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
    };
  },
};

/**
 * `overparam-mirror` (nnls-math.ts mirrorStep, per column). State: z, the gradient at x (kept:
 * each step computes it at its new x), x before the step (vectors); per column the iterations
 * since the last restart and whether z is log x (at the start, after a restart: their average
 * is x itself, kept exactly, for e^(log x) is x only within rounding, whose sign would decide
 * the next restart).
 */
export const mirror: MethodSpec = {
  vectors: 3,
  columns: 2,
  make(s) {
    const { k, x, params } = s;
    const [z, g, previous] = s.vectors;
    const [since, fresh] = s.columns;
    const logOf = (v: number) => Math.log(Math.max(v, 1e-38));
    const lanes = new Float64Array(2);
    const wasmStep = s.mem
      ? (exportsOn(s.mem).mirrorColumns64 as (...args: number[]) => void)
      : undefined;
    const from = (start: Float64Array, floor: number, j0: number, j1: number) => {
      for (let e = j0 * k; e < j1 * k; e++) {
        const xe = Math.max(start[e], floor);
        x[e] = xe;
        z[e] = logOf(xe);
      }
      since.fill(0, j0, j1);
      fresh.fill(1, j0, j1);
      gradientInto(s, x, g, j0, j1);
    };
    return {
      init: (j0, j1) => from(s.start, params[P_FLOOR], j0, j1),
      restart: (j0, j1) => from(s.good, -Infinity, j0, j1),
      gradient: (out, j0, j1) => copyColumns(out, g, k, j0, j1),
      step(_iteration, j0, j1) {
        const eta = params[P_STEP];
        if (wasmStep) {
          // products.wat's mirrorColumns64 (e^z in its exp64, Math.exp's bits); log x here.
          // Byte offsets at column j0 (no arrays made per call: this runs per chunk and step).
          const v = 8 * j0 * k;
          const col = 8 * j0;
          wasmStep(
            x.byteOffset + v,
            z.byteOffset + v,
            g.byteOffset + v,
            previous.byteOffset + v,
            s.c.byteOffset + v,
            since.byteOffset + col,
            fresh.byteOffset + col,
            j1 - j0,
            k,
            s.GT.byteOffset,
            eta,
          );
          for (let j = j0; j < j1; j++) {
            if (fresh[j]) for (let e = j * k; e < j * k + k; e++) z[e] = logOf(x[e]);
          }
          return;
        }
        copyColumns(previous, x, k, j0, j1);
        for (let j = j0; j < j1; j++) {
          const w = since[j] + 2;
          if (!fresh[j]) {
            // The weighted average (w·x + 2e^z)/(w + 2), its weights computed once.
            const ax = w / (w + 2);
            const az = 2 / (w + 2);
            for (let e = j * k; e < j * k + k; e++) x[e] = ax * x[e] + az * Math.exp(z[e]);
          }
        }
        gradientInto(s, x, g, j0, j1);
        for (let j = j0; j < j1; j++) {
          const o = j * k;
          // Two lane sums, even and odd entries, added at the end: mirrorColumns64's order.
          lanes[0] = 0;
          lanes[1] = 0;
          for (let i = 0; i < k; i++) lanes[i & 1] += g[o + i] * (x[o + i] - previous[o + i]);
          const uphill = lanes[0] + lanes[1];
          const restart = uphill > 0;
          for (let i = o; i < o + k; i++) {
            z[i] = restart ? logOf(x[i]) : z[i] - (since[j] + 2) * (eta / 2) * g[i];
          }
          since[j] = restart ? 0 : since[j] + 1;
          fresh[j] = restart ? 1 : 0;
        }
      },
    };
  },
};

/**
 * `apg`: FISTA with per-column adaptive restart (nnls-math.ts apgStep). State: the
 * extrapolated y and the gradient there (vectors); per column FISTA's t.
 */
export const apg: MethodSpec = {
  vectors: 2,
  columns: 1,
  make(s) {
    const { k, x, params } = s;
    const [y, g] = s.vectors;
    const [t] = s.columns;
    const xN = new Float64Array(k);
    const from = (start: Float64Array, j0: number, j1: number) => {
      copyColumns(x, start, k, j0, j1);
      copyColumns(y, start, k, j0, j1);
      t.fill(1, j0, j1);
    };
    return {
      init: (j0, j1) => from(s.start, j0, j1),
      restart: (j0, j1) => from(s.good, j0, j1),
      gradient: (out, j0, j1) => gradientInto(s, x, out, j0, j1),
      step(_iteration, j0, j1) {
        const eta = params[P_STEP];
        gradientInto(s, y, g, j0, j1);
        for (let j = j0; j < j1; j++) {
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
    };
  },
};

/** `pgd`: x ← max(0, x − η(Gx − c)). State: the gradient at x (kept: one product a step). */
export const pgd: MethodSpec = {
  vectors: 1,
  columns: 0,
  make(s) {
    const { k, x, params } = s;
    const [g] = s.vectors;
    const from = (start: Float64Array, j0: number, j1: number) => {
      copyColumns(x, start, k, j0, j1);
      gradientInto(s, x, g, j0, j1);
    };
    return {
      init: (j0, j1) => from(s.start, j0, j1),
      restart: (j0, j1) => from(s.good, j0, j1),
      gradient: (out, j0, j1) => copyColumns(out, g, k, j0, j1),
      step(_iteration, j0, j1) {
        const eta = params[P_STEP];
        for (let e = j0 * k; e < j1 * k; e++) x[e] = Math.max(0, x[e] - eta * g[e]);
        gradientInto(s, x, g, j0, j1);
      },
    };
  },
};
