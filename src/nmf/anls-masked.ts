/**
 * `anls` with missing values: alternating NNLS in per-row Gram form, X (`n × m`) ≈ W H over
 * the observed entries only (W `n × k`, H `k × m`), in float64 on typed arrays.
 *
 *   W half, row i:    G_i = Σ_{j observed in row i} h_j h_jᵀ + l2_W·I,   c_i = H x_iᵀ − l1_W
 *   H half, column j: G_j = Σ_{i observed in column j} w_i w_iᵀ + l2_H·I, c_j = Wᵀ x_j − l1_H
 *
 * (h_j the j-th column of H, w_i the i-th row of W; X's missing entries are 0, so c needs no
 * mask). Each G_i is built as the full Gram HHᵀ minus the terms of the row's missing entries
 * (or from its observed entries when fewer), so a hold-out of a small fraction costs little
 * more than the unmasked products. Every k × k problem is solved exactly by the NNLS layer's
 * float64 Lawson–Hanson engine (src/nnls/lawson-hanson.ts), warm-started from the current row:
 * with a different Gram matrix per row the registry's batched solvers (one shared G) do not
 * apply, so `nnlsSolver` and `nnlsOptions` are not used here. Extrapolation is not applied.
 */
import { lawsonHanson } from '../nnls/lawson-hanson';
import { Float64Factors, maskedValues } from './masked-factors';
import type { RuleFactory } from './rule';

/** Index lists of the observed or the missing entries of each line (row or column). */
interface Lines {
  /** For line l: entries start[l] … start[l + 1] − 1 of `index`. */
  start: Int32Array;
  index: Int32Array;
  /** Whether line l lists its missing entries (true) or its observed ones (false). */
  missing: Uint8Array;
}

/**
 * For every row (byRows) or column of the `n × m` mask, the shorter of its lists of missing
 * and observed entries.
 */
function lines(mask: Uint8Array, n: number, m: number, byRows: boolean): Lines {
  const count = byRows ? n : m;
  const len = byRows ? m : n;
  const at = byRows ? (l: number, e: number) => l * m + e : (l: number, e: number) => e * m + l;
  const observed = new Int32Array(count);
  for (let l = 0; l < count; l++) for (let e = 0; e < len; e++) observed[l] += mask[at(l, e)];
  const missing = new Uint8Array(count);
  const start = new Int32Array(count + 1);
  for (let l = 0; l < count; l++) {
    missing[l] = len - observed[l] <= observed[l] ? 1 : 0;
    start[l + 1] = start[l] + (missing[l] ? len - observed[l] : observed[l]);
  }
  const index = new Int32Array(start[count]);
  for (let l = 0; l < count; l++) {
    let p = start[l];
    const want = missing[l] ? 0 : 1;
    for (let e = 0; e < len; e++) if (mask[at(l, e)] === want) index[p++] = e;
  }
  return { start, index, missing };
}

/** The Gram matrix Σ f_e f_eᵀ of the columns f_e = F[:, e] of F (`k × len`, row-major). */
function gramOfColumns(F: Float64Array, k: number, len: number, out: Float64Array): void {
  out.fill(0);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let e = 0; e < len; e++) s += F[a * len + e] * F[b * len + e];
      out[a * k + b] = out[b * k + a] = s;
    }
  }
}

/**
 * Solves, for every line l of the `count` lines, min_{y ≥ 0} ½ yᵀG_l y − c_lᵀy with G_l the
 * Gram of the columns of F (`k × len`) observed on line l, and writes y into Y (`count × k`,
 * row-major; its current values are the warm start). C is `count × k` (the right-hand sides).
 */
function solveLines(
  F: Float64Array,
  k: number,
  len: number,
  C: Float64Array,
  Y: Float64Array,
  ls: Lines,
  l1: number,
  l2: number,
): void {
  const full = new Float64Array(k * k);
  gramOfColumns(F, k, len, full);
  const G = new Float64Array(k * k);
  const c = new Float64Array(k);
  const f = new Float64Array(k);
  const start = new Float64Array(k);
  const count = ls.start.length - 1;
  for (let l = 0; l < count; l++) {
    if (ls.missing[l]) G.set(full);
    else G.fill(0);
    const sign = ls.missing[l] ? -1 : 1;
    for (let p = ls.start[l]; p < ls.start[l + 1]; p++) {
      const e = ls.index[p];
      for (let a = 0; a < k; a++) f[a] = F[a * len + e]; // column e, gathered once
      for (let a = 0; a < k; a++) {
        const fa = sign * f[a];
        if (fa === 0) continue;
        const row = a * k;
        for (let b = a; b < k; b++) G[row + b] += fa * f[b];
      }
    }
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < a; b++) G[a * k + b] = G[b * k + a];
      G[a * k + a] += l2;
      c[a] = C[l * k + a] - l1;
      start[a] = Y[l * k + a];
    }
    const res = lawsonHanson(G, c, k, { maxPivots: 10 * k + 100, start });
    Y.set(res.x, l * k);
  }
}

export const anlsMasked: RuleFactory = ({ data, W: W0, H: H0, penalties: pen, updateH }) => {
  const n = data.rows;
  const m = data.cols;
  const k = W0.shape[1];
  const { x, mask } = maskedValues(data);
  const f = new Float64Factors(W0, H0, n, m, k);
  const { w, h } = f;
  const rowLines = lines(mask, n, m, true);
  const colLines = lines(mask, n, m, false);
  const wt = new Float64Array(k * n); // Wᵀ, for the Gram of W's rows
  const ht = new Float64Array(m * k); // Hᵀ, the unknowns of the H half
  const C = new Float64Array(Math.max(n, m) * k);
  return {
    get W() {
      return f.tensorW;
    },
    get H() {
      return f.tensorH;
    },
    async step() {
      f.changing();
      // W half: C = X Hᵀ (`n × k`).
      C.fill(0);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          const v = x[i * m + j];
          if (v === 0) continue;
          for (let t = 0; t < k; t++) C[i * k + t] += v * h[t * m + j];
        }
      }
      solveLines(h, k, m, C, w, rowLines, pen.l1W, pen.l2W);
      if (!updateH) return;
      // H half on Hᵀ (`m × k`): C = Xᵀ W, Gram of the columns of Wᵀ.
      for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) wt[t * n + i] = w[i * k + t];
      for (let j = 0; j < m; j++) for (let t = 0; t < k; t++) ht[j * k + t] = h[t * m + j];
      C.fill(0);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          const v = x[i * m + j];
          if (v === 0) continue;
          for (let t = 0; t < k; t++) C[j * k + t] += v * w[i * k + t];
        }
      }
      solveLines(wt, k, n, C, ht, colLines, pen.l1H, pen.l2H);
      for (let j = 0; j < m; j++) for (let t = 0; t < k; t++) h[t * m + j] = ht[j * k + t];
    },
    dispose() {
      f.dispose();
    },
  };
};
