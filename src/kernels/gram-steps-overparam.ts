/**
 * The u-parametrized methods of gramHalfStep (`overparam` with step `fixed`, `armijo`, `exact`;
 * src/nnls/overparam.ts states their math), in float64, each column advanced on its own.
 */
import { minimizeQuarticAt } from './gram-steps-quartic';
import { ARMIJO_C } from './js/bb-columns';
import { exportsOn } from './wasm/own-memory';
import {
  P_DECAY,
  P_FLOOR,
  P_LIP,
  P_RATE,
  P_STEP,
  depthOf,
  flushed,
  gemv,
  gramTimesOf,
  ipow,
  rootOf,
  type ColumnMethod,
  type GramColumns,
  type MethodSpec,
} from './gram-steps-problem';

/** The candidate steps of `armijo`, largest first, as multiples of its first trial. */
export const ARMIJO_FACTORS = [1, 0.5, 0.25, 0.125, 0.0625, 0.03125];

/** products.wat's armijoColumns64 tries the steps base·2⁻ᶠ: these factors. */
const HALVINGS = ARMIJO_FACTORS.every((f, i) => f === 2 ** -i);

type ArmijoColumns64 = (...args: number[]) => void;

/**
 * What the u-parametrized rules (fixed, armijo, exact) share: u (vectors[0]), x = u^L and
 * gx = G·x (vectors[1]). armijo and exact update gx by increments, as the tensor form does;
 * that form recomputes it at check points against float32 drift, which float64 increments do
 * not need.
 */
function overparamState(s: GramColumns) {
  const { k, c, x, params } = s;
  const [u, gx] = s.vectors;
  const times = gramTimesOf(s);
  const from = (v: Float64Array, floor: number, j0: number, j1: number) => {
    const L = depthOf(params);
    for (let e = j0 * k; e < j1 * k; e++) {
      const xe = Math.max(v[e], floor);
      x[e] = xe;
      u[e] = rootOf(xe, L);
    }
    times(x, gx, j0, j1);
  };
  const ops: Omit<ColumnMethod, 'step'> = {
    init: (j0, j1) => from(s.start, params[P_FLOOR], j0, j1),
    // good ≥ 0: the floor −∞ keeps it as it is.
    restart: (j0, j1) => from(s.good, -Infinity, j0, j1),
    gradient(g, j0, j1) {
      for (let e = j0 * k; e < j1 * k; e++) g[e] = gx[e] - c[e];
    },
  };
  return { u, gx, ops };
}

/** `overparam`, step `fixed`: u ← u − η_k·L u^(L−1) ⊙ (Gx − c), η_k = η/(k+2)^γ. */
export const fixed: MethodSpec = {
  vectors: 2,
  columns: 0,
  make(s) {
    const { u, gx, ops } = overparamState(s);
    const { k, c, x, params } = s;
    const times = gramTimesOf(s);
    return {
      ...ops,
      step(iteration, j0, j1) {
        const L = depthOf(params);
        const decay = params[P_DECAY];
        const eta = params[P_STEP];
        const etaK = decay === 0 ? eta : eta / Math.pow(iteration + 2, decay);
        for (let e = j0 * k; e < j1 * k; e++) {
          const dir = L * ipow(u[e], L - 1) * (gx[e] - c[e]);
          u[e] -= etaK * dir;
          x[e] = ipow(u[e], L);
        }
        times(x, gx, j0, j1);
      },
    };
  },
};

/** Whether u − t·d ≥ 0 on the column at o (of both). */
function nonNegativeAt(u: Float64Array, d: Float64Array, o: number, t: number, k: number) {
  for (let i = o; i < o + k; i++) if (u[i] - t * d[i] < 0) return false;
  return true;
}

/**
 * `overparam`, step `armijo`: per column the first of the trial steps base·ARMIJO_FACTORS
 * with sufficient decrease ⟨d, g + ½Gd⟩ ≤ −ARMIJO_C·η‖∇ℒ‖² and u ≥ 0 (base: the BB1 step
 * where the curvature is positive, else twice the last accepted step), else no move and half
 * the smallest trial. Tried in order (the tensor form tries all six at once: the same choice).
 * State: u, gx, u and ∇ℒ(u) before the last move (vectors 2, 3), and for depth 2 the path's
 * a, b and G·a, G·b (vectors 4 … 7, see depthTwo); per column the last step, whether a move was
 * made, and the step's base and η‖∇ℒ‖² between the passes of depth 2 (columns 0 … 3).
 */
export const armijo: MethodSpec = {
  vectors: 8,
  columns: 4,
  make(s) {
    const { u, gx, ops } = overparamState(s);
    const { k, G, c, x, params } = s;
    const [, , uPrev, dirPrev, A, B, GA, GB] = s.vectors;
    const [eta, remembered, baseOf, ddOf] = s.columns;
    const times = gramTimesOf(s);
    const eta0Of = () => params[P_RATE] / params[P_LIP];
    // Depth 2 on a WebAssembly memory: the whole step in armijoColumns64 (the same bits).
    const wasmStep =
      s.mem && HALVINGS ? (exportsOn(s.mem).armijoColumns64 as ArmijoColumns64) : undefined;
    const at = (a: Float64Array, j0: number, width: number) => a.byteOffset + 8 * j0 * width;
    const g = new Float64Array(k);
    const dir = new Float64Array(k);
    const U = new Float64Array(k);
    const X = new Float64Array(k);
    const D = new Float64Array(k);
    const GD = new Float64Array(k);
    // Each sum over a column's entries in two lanes, even and odd entries, added at the end:
    // the order of armijoColumns64, which takes two entries per f64x2.
    const sums = new Float64Array(8);
    const factors = Float64Array.from(ARMIJO_FACTORS);
    const last = ARMIJO_FACTORS[ARMIJO_FACTORS.length - 1];
    /**
     * Depth 2, after the chunk's products G·a, G·b: tries the steps on column j (at o, its
     * direction in dirPrev); returns whether one was accepted. x(s) − x = s·a + s²·b
     * (a = −2u⊙d, b = d⊙d): one product G·[a b] prices every trial,
     * f(x(s)) − f(x) = s·c1 + s²·c2 + s³·c3 + s⁴·c4 (G symmetric).
     */
    const depthTwo = (j: number, o: number, base: number, dd: number) => {
      sums.fill(0);
      for (let i = 0; i < k; i++) {
        const gi = gx[o + i] - c[o + i];
        const ai = A[o + i];
        const bi = B[o + i];
        const l = i & 1;
        sums[l] += ai * gi;
        sums[2 + l] += bi * gi + 0.5 * ai * GA[o + i];
        sums[4 + l] += ai * GB[o + i];
        sums[6 + l] += 0.5 * bi * GB[o + i];
      }
      const c1 = sums[0] + sums[1];
      const c2 = sums[2] + sums[3];
      const c3 = sums[4] + sums[5];
      const c4 = sums[6] + sums[7];
      for (let f = 0; f < factors.length; f++) {
        const t = base * factors[f];
        if (!nonNegativeAt(u, dirPrev, o, t, k)) continue;
        const change = t * (c1 + t * (c2 + t * (c3 + t * c4)));
        if (!(change <= -ARMIJO_C * t * dd)) continue;
        for (let i = 0; i < k; i++) {
          const ui = flushed(u[o + i] - t * dirPrev[o + i]);
          u[o + i] = ui;
          x[o + i] = ui * ui;
          gx[o + i] += t * (GA[o + i] + t * GB[o + i]);
        }
        eta[j] = t;
        return true;
      }
      return false;
    };
    const anyDepth = (j: number, o: number, base: number, dd: number, L: number) => {
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
        gemv(G, k, D, 0, GD, 0);
        let change = 0;
        for (let i = 0; i < k; i++) change += D[i] * (g[i] + 0.5 * GD[i]);
        if (!(change <= -ARMIJO_C * step * dd)) continue;
        for (let i = 0; i < k; i++) {
          u[o + i] = U[i];
          x[o + i] = X[i];
          gx[o + i] += GD[i];
        }
        eta[j] = step;
        return true;
      }
      return false;
    };
    return {
      init(j0, j1) {
        ops.init(j0, j1);
        eta.fill(eta0Of(), j0, j1);
        remembered.fill(0, j0, j1);
      },
      restart(j0, j1) {
        ops.restart(j0, j1);
        for (let j = j0; j < j1; j++) eta[j] /= 4;
      },
      gradient: ops.gradient,
      step(_iteration, j0, j1) {
        const L = depthOf(params);
        const eta0 = eta0Of();
        if (L === 2 && wasmStep) {
          // Byte offsets at column j0 (no arrays made per call: this runs per chunk and step).
          wasmStep(
            at(u, j0, k),
            at(x, j0, k),
            at(gx, j0, k),
            at(c, j0, k),
            at(uPrev, j0, k),
            at(dirPrev, j0, k),
            at(A, j0, k),
            at(B, j0, k),
            at(GA, j0, k),
            at(GB, j0, k),
            at(eta, j0, 1),
            at(remembered, j0, 1),
            at(baseOf, j0, 1),
            at(ddOf, j0, 1),
            j1 - j0,
            k,
            s.GT.byteOffset,
            eta0,
            -ARMIJO_C,
            factors.length,
          );
          return;
        }
        for (let j = j0; j < j1; j++) {
          const o = j * k;
          const known = remembered[j] !== 0;
          sums.fill(0);
          for (let i = 0; i < k; i++) {
            const l = i & 1;
            g[i] = gx[o + i] - c[o + i];
            dir[i] = L * ipow(u[o + i], L - 1) * g[i];
            sums[l] += dir[i] * dir[i];
            if (known) {
              const du = u[o + i] - uPrev[o + i];
              sums[2 + l] += du * (dir[i] - dirPrev[o + i]);
              sums[4 + l] += du * du;
            }
          }
          const dd = sums[0] + sums[1];
          const sy = sums[2] + sums[3];
          const ss = sums[4] + sums[5];
          const bb = known && sy > 0 ? ss / sy : 2 * eta[j];
          const base = Math.min(Math.max(bb, eta0 * 1e-12), eta0 * 1e9);
          // Remember u and ∇ℒ(u) before the move, for the next BB quotient.
          for (let i = 0; i < k; i++) {
            uPrev[o + i] = u[o + i];
            dirPrev[o + i] = dir[i];
          }
          remembered[j] = 1;
          if (L === 2) {
            for (let i = 0; i < k; i++) {
              A[o + i] = -2 * u[o + i] * dir[i];
              B[o + i] = dir[i] * dir[i];
            }
            baseOf[j] = base;
            ddOf[j] = dd;
          } else if (!anyDepth(j, o, base, dd, L)) {
            eta[j] = base * last * 0.5;
          }
        }
        if (L !== 2) return;
        // Depth 2: the chunk's G·a and G·b in two products, then each column's trials.
        times(A, GA, j0, j1);
        times(B, GB, j0, j1);
        for (let j = j0; j < j1; j++) {
          if (!depthTwo(j, j * k, baseOf[j], ddOf[j])) eta[j] = baseOf[j] * last * 0.5;
        }
      },
    };
  },
};

/** The largest |s·g| of an `exact` step (a factor (1 − s·g)² ≤ 1e16 on any entry). */
const STEP_MULTIPLIER_MAX = 1e8;

/**
 * `overparam`, step `exact` (L = 2): along x(s) = x ⊙ (1 − s g)² = x + s·q₁ + s²·q₂ with
 * q₁ = −2x⊙g, q₂ = x⊙g², the exact minimizer of the objective's quartic φ(s), per column.
 * State: u, gx, and between a step's passes q₁, q₂, G·q₁, G·q₂ (vectors 2 … 5), per column
 * φ's a1, max |g|, a2 … a4 and the step (columns 0 … 5).
 */
export const exact: MethodSpec = {
  vectors: 6,
  columns: 6,
  make(s) {
    const { u, gx, ops } = overparamState(s);
    const { k, c, x } = s;
    const [, , Q1, Q2, GQ1, GQ2] = s.vectors;
    const [a1Of, gMaxOf, a2Of, a3Of, a4Of, stepOf] = s.columns;
    const times = gramTimesOf(s);
    const kernels = s.mem ? exportsOn(s.mem) : undefined;
    /** stepOf[j] = the step of column j (from its a1 … a4 and max |g|), NaN for no move. */
    const setStep = (j: number) => {
      minimizeQuarticAt(a1Of, a2Of, a3Of, a4Of, j, stepOf);
      // Near a solution float64 lets a1 shrink far below float32's range (where the tensor
      // form finds no descent) and s grow without bound, the cancellation in φ's
      // coefficients then hiding a step that overflows: cap the multiplier (1 − s·g)² of
      // any entry at 1e16 and keep only a step that still decreases φ (and, see the move,
      // stays finite).
      if (stepOf[j] * gMaxOf[j] > STEP_MULTIPLIER_MAX) {
        const step = STEP_MULTIPLIER_MAX / gMaxOf[j];
        const a4p = Math.max(a4Of[j], 0);
        const change = step * (a1Of[j] + step * (a2Of[j] + step * (a3Of[j] + step * a4p)));
        stepOf[j] = change < 0 ? step : NaN;
      }
    };
    if (kernels) {
      // On a WebAssembly memory: the passes around the line search in products.wat's
      // exactCoefficients64 and exactMove64 (the same operations in the same order).
      const coefficients = kernels.exactCoefficients64 as (...args: number[]) => void;
      const move = kernels.exactMove64 as (...args: number[]) => void;
      return {
        ...ops,
        step(_iteration, j0, j1) {
          // Byte offsets at column j0 (no arrays made per call: this runs per chunk and step).
          const v = 8 * j0 * k;
          const col = 8 * j0;
          const n = j1 - j0;
          coefficients(
            x.byteOffset + v,
            gx.byteOffset + v,
            c.byteOffset + v,
            Q1.byteOffset + v,
            Q2.byteOffset + v,
            GQ1.byteOffset + v,
            GQ2.byteOffset + v,
            a1Of.byteOffset + col,
            a2Of.byteOffset + col,
            a3Of.byteOffset + col,
            a4Of.byteOffset + col,
            gMaxOf.byteOffset + col,
            n,
            k,
            s.GT.byteOffset,
          );
          for (let j = j0; j < j1; j++) setStep(j);
          move(
            u.byteOffset + v,
            x.byteOffset + v,
            gx.byteOffset + v,
            c.byteOffset + v,
            GQ1.byteOffset + v,
            GQ2.byteOffset + v,
            stepOf.byteOffset + col,
            n,
            k,
          );
        },
      };
    }
    return {
      ...ops,
      step(_iteration, j0, j1) {
        for (let j = j0; j < j1; j++) {
          const o = j * k;
          let a1 = 0;
          let gMax = 0;
          for (let i = 0; i < k; i++) {
            const gi = gx[o + i] - c[o + i];
            const q1 = -2 * x[o + i] * gi;
            Q1[o + i] = q1;
            Q2[o + i] = x[o + i] * gi * gi;
            a1 += gi * q1;
            gMax = Math.max(gMax, Math.abs(gi));
          }
          a1Of[j] = a1;
          gMaxOf[j] = gMax;
        }
        times(Q1, GQ1, j0, j1);
        times(Q2, GQ2, j0, j1);
        for (let j = j0; j < j1; j++) {
          const o = j * k;
          let a2 = 0;
          let a3 = 0;
          let a4 = 0;
          for (let i = 0; i < k; i++) {
            a2 += (gx[o + i] - c[o + i]) * Q2[o + i] + 0.5 * Q1[o + i] * GQ1[o + i];
            a3 += Q1[o + i] * GQ2[o + i];
            a4 += 0.5 * Q2[o + i] * GQ2[o + i];
          }
          a2Of[j] = a2;
          a3Of[j] = a3;
          a4Of[j] = a4;
          setStep(j);
          const step = stepOf[j];
          if (Number.isNaN(step)) continue;
          let finite = true;
          for (let i = 0; i < k; i++) {
            if (!Number.isFinite(step * (GQ1[o + i] + step * GQ2[o + i]))) finite = false;
          }
          if (!finite) continue;
          for (let i = 0; i < k; i++) {
            const ui = flushed(u[o + i] * (1 - step * (gx[o + i] - c[o + i])));
            u[o + i] = ui;
            x[o + i] = ui * ui;
            gx[o + i] += step * (GQ1[o + i] + step * GQ2[o + i]);
          }
        }
      },
    };
  },
};
