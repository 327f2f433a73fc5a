/**
 * Keeping the components of an alternating fit alive, distinct and bounded, between outer
 * iterations (`hals`, and `anls` on arrays), on W (`n × k`) and Hᵀ (`m × k`), row-major.
 *
 * - Bounded: NMF is invariant under W → WD, H → D⁻¹H (D diagonal, positive). A pair whose norms
 *   ‖w_t‖, ‖h_t‖ drift apart by more than 2^BALANCE_LOG2 (a nearly dead column feeding a row
 *   that grows until float32 overflows) is rescaled to equal norms by a power of two (exact), so
 *   fits whose pairs stay balanced keep their bits. Not with penalties (they are not invariant).
 * - Alive: a component whose contribution ‖w_t‖·‖h_t‖ is below DEAD_CONTRIBUTION·‖X‖_F is dead.
 *   It is re-seeded, as k-means re-seeds an empty cluster, from the rows of X that the other
 *   components fit worst: h_t = [x_i − w_i H]₊ for the worst-fitted row i (rows whose residuals
 *   are within cosine 0.9 of one already taken are passed over), w_t its least-squares weights
 *   [(X − WH)·h_t]₊ / ‖h_t‖² over all rows. A dead component that can no longer be re-seeded
 *   (MAX_RESEED_ROUNDS reached, or too close to maxIter) is zeroed, w_t and h_t both.
 *   With penalties a component may rightly die (its weight is not worth its penalty): it is
 *   zeroed, never re-seeded.
 * - Distinct: of two components whose h's have cosine > DUPLICATE_COSINE, the second is merged
 *   into the first (w_a += w_b‖h_b‖/‖h_a‖) and re-seeded like a dead one.
 * - Not redundant: every CONE_CHECK_EVERY iterations, a component whose h_a lies within cosine
 *   DUPLICATE_COSINE of the cone of the other h's (h_a ≈ Σ c_b h_b, c ≥ 0: a "conjunction" of
 *   other parts, e.g. two Swimmer limbs that happen to move together in some images) adds
 *   nothing W·H could not say without it: it is merged into them (w_b += c_b w_a, which keeps
 *   W·H up to the cone residual) and re-seeded like a dead one.
 *
 * The fit loop (factorize.ts) warns when a returned fit still has a dead or duplicate component.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { FloatArray } from '../linalg/matrix';
import { timesRows, type NmfData } from './data';
import { gramFor } from '../kernels/wasm/gram-wasm';
import { spanCosinesSqWasm } from '../kernels/wasm/host-loops';
import { lawsonHanson } from '../nnls/lawson-hanson';

export const DEAD_CONTRIBUTION = 1e-4;
export const DUPLICATE_COSINE = 0.99;
export const MAX_RESEED_ROUNDS = 10;
/** No re-seeding in the last RESEED_MARGIN iterations: a new component needs time to settle. */
const RESEED_MARGIN = 10;
const BALANCE_LOG2 = 20;
/** Candidate rows looked at per component to re-seed. */
const CANDIDATES = 4;
const DISTINCT_COSINE = 0.9;
/** Outer iterations between two checks for components in the cone of the others. */
const CONE_CHECK_EVERY = 10;

type Matrix = FloatArray;

/** Where a guard reads and writes one fit's factors. */
export interface GuardedFactors<A extends Matrix> {
  readonly w: A;
  readonly ht: A;
  /** Multiplies w_t by s and h_t by 1/s in every copy the rule keeps (iterates, starts). */
  scaleComponent(t: number, s: number): void;
}

/** What one check did. */
export interface GuardOutcome {
  /** Components re-seeded (dead or duplicate). */
  reseeded: number;
  /** Dead components zeroed without a re-seed. */
  zeroed: number;
  /** Pairs rescaled. */
  balanced: number;
}

export class ComponentGuard {
  private rounds = 0;
  private rowSqNorms?: Float64Array;

  constructor(
    private readonly data: NmfData,
    private readonly k: number,
    private readonly maxIter: number,
    private readonly penalized: boolean,
  ) {}

  /**
   * Checks the components after outer iteration `iteration` (1-based); changes them in place.
   * `gramH` and `gramW`, when the caller has them, are HHᵀ and WᵀW (`k × k`, float64, gramFor(k)
   * of Hᵀ and W as they stand): the column norms come from their diagonals then. `room`, where
   * the caller has one free, is an array of at least `nSamples × k` float32 that a re-seed's
   * products may overwrite (else they take new ones).
   */
  check<A extends Matrix>(
    f: GuardedFactors<A>,
    iteration: number,
    gramH?: Float64Array,
    gramW?: Float64Array,
    room?: Float32Array,
  ): GuardOutcome {
    const { k } = this;
    const n = this.data.rows;
    const m = this.data.cols;
    const { w, ht } = f;
    const nw = gramW ? diagonalRoots(gramW, k) : columnNorms(w, n, k);
    const nh = gramH ? diagonalRoots(gramH, k) : columnNorms(ht, m, k);
    const floor = DEAD_CONTRIBUTION * Math.sqrt(this.data.sqNorm);
    const out: GuardOutcome = { reseeded: 0, zeroed: 0, balanced: 0 };
    const mayReseed =
      !this.penalized &&
      this.rounds < MAX_RESEED_ROUNDS &&
      iteration + RESEED_MARGIN < this.maxIter &&
      this.data.sqNorm > 0;
    const redo: number[] = [];
    for (let t = 0; t < k; t++) {
      const c = nw[t] * nh[t];
      if (!(c > floor) || !Number.isFinite(c)) redo.push(t);
    }
    const GH = mayReseed ? (gramH ?? gramFor(k)(ht, m)) : undefined;
    for (let a = 0; GH && a < k; a++) {
      if (redo.includes(a)) continue;
      for (let b = a + 1; b < k; b++) {
        if (redo.includes(b)) continue;
        if (duplicates(GH, nh, k, a, b)) {
          // h_b ≈ (‖h_b‖/‖h_a‖) h_a: w_b h_b moves onto w_a.
          const s = nh[b] / nh[a];
          for (let i = 0; i < n; i++) w[i * k + a] += s * w[i * k + b];
          redo.push(b);
        }
      }
    }
    if (GH && iteration % CONE_CHECK_EVERY === 0) {
      const bound = spanCosinesSq(GH, k, redo);
      for (let a = 0; a < k; a++) {
        if (redo.includes(a)) continue;
        // Its cone point is in that span: it cannot be within cosine DUPLICATE_COSINE of h_a.
        if (bound && !(bound[a] >= CONE_SKIP_COSINE_SQ)) continue;
        const c = coneWeights(GH, k, a, redo);
        if (c === undefined) continue;
        // w_a h_a ≈ Σ c_b w_a h_b: w_a moves onto the w_b's.
        for (let b = 0; b < k; b++) {
          if (c[b] === 0) continue;
          for (let i = 0; i < n; i++) w[i * k + b] += c[b] * w[i * k + a];
        }
        redo.push(a);
      }
    }
    if (redo.length === 0 && this.penalized) return out;
    for (const t of redo) zeroComponent(f, t, n, m, k);
    // A component that was zero already (w_t and h_t) and stays so changed nothing: it does not
    // count as zeroed (else a fit with a dead component would restart every iteration).
    const changed = (ts: number[]) => ts.filter((t) => nw[t] !== 0 || nh[t] !== 0).length;
    if (redo.length > 0 && mayReseed) {
      this.rounds++;
      out.reseeded = this.reseed(f, redo, room);
      out.zeroed = changed(redo.slice(out.reseeded));
    } else {
      out.zeroed = changed(redo);
    }
    // Nothing changed the factors since the norms above when no component was redone.
    const norms = redo.length === 0 ? { nw, nh } : undefined;
    if (!this.penalized) out.balanced = balance(f, n, m, k, norms);
    return out;
  }

  /**
   * Whether `check` after outer iteration `iteration` could change anything, judged from the
   * column norms of W (`nw`) and Hᵀ (`nh`) and HHᵀ (`gh`, `k × k`) alone: a rule that keeps its
   * factors on a device (hals-tensor.ts) reads them back for `check` only then. Never false
   * where `check` would act; true on every cone check.
   */
  mayAct(nw: ArrayLike<number>, nh: ArrayLike<number>, gh: ArrayLike<number>, iteration: number) {
    const { k } = this;
    const floor = DEAD_CONTRIBUTION * Math.sqrt(this.data.sqNorm);
    const mayReseed =
      !this.penalized &&
      this.rounds < MAX_RESEED_ROUNDS &&
      iteration + RESEED_MARGIN < this.maxIter &&
      this.data.sqNorm > 0;
    for (let t = 0; t < k; t++) {
      const c = nw[t] * nh[t];
      // A component zero already stays so unless it is re-seeded.
      if (!(c > floor) || !Number.isFinite(c))
        if (mayReseed || nw[t] !== 0 || nh[t] !== 0) return true;
    }
    if (this.penalized) return false;
    for (let t = 0; t < k; t++) {
      if (nw[t] > 0 && nh[t] > 0 && Math.abs(Math.log2(nh[t] / nw[t])) > BALANCE_LOG2) return true;
    }
    if (!mayReseed) return false;
    if (iteration % CONE_CHECK_EVERY === 0) return true;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++)
        if (gh[a * k + b] > DUPLICATE_COSINE * nh[a] * nh[b]) return true;
    }
    return false;
  }

  /**
   * Re-seeds components `ts` (zeroed) from the worst-fitted rows; returns how many it set. Its
   * two products with X go into `room` where given (see check).
   */
  private reseed<A extends Matrix>(
    f: GuardedFactors<A>,
    ts: number[],
    room?: Float32Array,
  ): number {
    const { k, data } = this;
    const n = data.rows;
    const m = data.cols;
    const { w, ht } = f;
    const into = (cols: number) => room?.subarray(0, n * cols);
    const P = timesRows(data, ht, k, into(k)); // X·Hᵀ, n × k
    const GH = gramFor(k)(ht, m);
    const rowSq = (this.rowSqNorms ??= rowSquaredNorms(data));
    const residual = new Float64Array(n); // ‖x_i − w_i H‖² (rowResidual)
    for (let i = 0; i < n; i++) residual[i] = rowResidual(rowSq[i], w, P, GH, i, k);
    const rows = largest(residual, Math.min(n, CANDIDATES * ts.length));
    const count = rows.length;
    const xs = rowsOf(data, rows); // count × m
    const chosen: Float64Array[] = [];
    for (let j = 0; j < count && chosen.length < ts.length; j++) {
      const i = rows[j];
      const r = new Float64Array(m);
      let rr = 0;
      for (let c = 0; c < m; c++) {
        const v = Math.max(xs[j * m + c] - rowDot(w, i, ht, c, k), 0);
        r[c] = v;
        rr += v * v;
      }
      if (!(rr > 0)) continue;
      const distinct = chosen.every((q) => {
        let d = 0;
        let qq = 0;
        for (let c = 0; c < m; c++) {
          d += q[c] * r[c];
          qq += q[c] * q[c];
        }
        return d <= DISTINCT_COSINE * Math.sqrt(qq * rr);
      });
      if (distinct) chosen.push(r);
    }
    if (chosen.length === 0) return 0;
    // Weights: [(X − WH)·h_t]₊ / ‖h_t‖² = [X·h_t − W(H·h_t)]₊ / ‖h_t‖², all chosen at once.
    const d = chosen.length;
    const Hn = new Float32Array(d * m);
    chosen.forEach((r, j) => Hn.set(r, j * m));
    const XH = data.timesTransposedArray(Hn, d, into(d)); // n × d (P is not read any more)
    for (let j = 0; j < d; j++) {
      const t = ts[j];
      const r = chosen[j];
      let rr = 0;
      const hr = new Float64Array(k); // H·h_t
      for (let c = 0; c < m; c++) {
        rr += r[c] * r[c];
        addScaledRow(hr, ht, c, k, r[c]);
      }
      let ww = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.max(minusRowDot(XH[i * d + j], w, i, hr, k) / rr, 0);
        w[i * k + t] = v;
        ww += v * v;
      }
      if (!(ww > 0)) {
        // No row gains from it alone: the worst row takes it, with weight 1.
        w[rows[0] * k + t] = 1;
        ww = 1;
      }
      // Equal norms: ‖w_t‖ = ‖h_t‖ = √(‖w_t‖‖h_t‖).
      const s = Math.sqrt(Math.sqrt(rr) / Math.sqrt(ww));
      for (let i = 0; i < n; i++) w[i * k + t] *= s;
      for (let c = 0; c < m; c++) ht[c * k + t] = r[c] / s;
    }
    return d;
  }
}

/**
 * Below this cos² between h_a and the span of the other rows (DUPLICATE_COSINE² less a margin
 * far above the rounding of either side), h_a is not within DUPLICATE_COSINE of their cone: the
 * cone check skips its NNLS. At rank 64 on MNIST the 64 solves took ≈55 ms of a check (V8 had
 * not compiled them yet), for no component found.
 */
const CONE_SKIP_COSINE_SQ = DUPLICATE_COSINE * DUPLICATE_COSINE - 1e-3;

/**
 * Whether h_b's cosine to h_a (from GH, `k × k`, and the norms nh) is above DUPLICATE_COSINE.
 * A function of its own, called k²/2 times a check, so that V8 optimizes it at once: inline in
 * `check`'s loop its doubles were boxed, ≈2 MB of young-generation garbage in an MNIST rank-64
 * fit.
 */
function duplicates(GH: Float64Array, nh: Float64Array, k: number, a: number, b: number): boolean {
  return GH[a * k + b] > DUPLICATE_COSINE * nh[a] * nh[b];
}

/** Below this ratio of a Cholesky pivot² to its diagonal entry, spanCosinesSq gives no bound. */
const SPAN_MIN_PIVOT_SQ = 1e-8;

/**
 * For each a, cos² of the angle between h_a and the span of the other rows h_b with GH_bb > 0
 * not in `excluded` (0 for a in `excluded` or with GH_aa = 0), from GH = HHᵀ (`k × k`): on those
 * rows S, G = GH restricted to S gives the squared distance of h_a to the span of S ∖ {a} as
 * 1/(G⁻¹)_aa, so cos² = 1 − 1/(G_aa·(G⁻¹)_aa). An upper bound of the cos² of h_a to any cone
 * point of coneWeights (its rows are in S ∖ {a}). Undefined where a Cholesky pivot of G falls
 * below SPAN_MIN_PIVOT_SQ (nearly dependent rows: the inverse is not to be trusted there).
 */
export function spanCosinesSq(
  GH: Float64Array,
  k: number,
  excluded: readonly number[],
): Float64Array | undefined {
  const S = Array.from({ length: k }, (_, b) => b).filter(
    (b) => !excluded.includes(b) && GH[b * k + b] > 0,
  );
  const wasm = spanCosinesSqWasm(GH, k, S, SPAN_MIN_PIVOT_SQ);
  return wasm === null ? spanCosinesSqLoop(GH, k, S) : wasm;
}

/** spanCosinesSq on the rows S of GH, by JavaScript loops (the reference of spanCosinesSq64). */
export function spanCosinesSqLoop(
  GH: Float64Array,
  k: number,
  S: readonly number[],
): Float64Array | undefined {
  const p = S.length;
  const g = (i: number, j: number) => GH[S[i] * k + S[j]];
  const L = new Float64Array(p * p); // G = L Lᵀ, L lower triangular
  for (let j = 0; j < p; j++) {
    let d = g(j, j);
    for (let t = 0; t < j; t++) d -= L[j * p + t] * L[j * p + t];
    if (!(d > SPAN_MIN_PIVOT_SQ * g(j, j))) return undefined;
    L[j * p + j] = Math.sqrt(d);
    for (let i = j + 1; i < p; i++) {
      let v = g(i, j);
      for (let t = 0; t < j; t++) v -= L[i * p + t] * L[j * p + t];
      L[i * p + j] = v / L[j * p + j];
    }
  }
  const out = new Float64Array(k);
  const x = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    // Column c of L⁻¹ (zero above c) by forward substitution; (G⁻¹)_cc = its squared norm.
    let inverse = 0;
    for (let i = c; i < p; i++) {
      let v = i === c ? 1 : 0;
      for (let t = c; t < i; t++) v -= L[i * p + t] * x[t];
      x[i] = v / L[i * p + i];
      inverse += x[i] * x[i];
    }
    out[S[c]] = 1 - 1 / (g(c, c) * inverse);
  }
  return out;
}

/**
 * The weights c ≥ 0 (length k, c_a = 0 and 0 on `excluded`) of h_a's nearest point Σ c_b h_b in
 * the cone of the other rows of H, from their Gram GH (`k × k`, float64), when that point is
 * within cosine DUPLICATE_COSINE of h_a; otherwise undefined. The small NNLS is solved exactly
 * by Lawson–Hanson (a cone point uses a few rows: a few pivots of O(k²) each, where coordinate
 * descent took up to 200 sweeps of k² each, 60 ms a check at rank 64).
 */
export function coneWeights(
  GH: Float64Array,
  k: number,
  a: number,
  excluded: readonly number[],
): Float64Array | undefined {
  const haa = GH[a * k + a];
  if (!(haa > 0)) return undefined;
  const free = Array.from({ length: k }, (_, b) => b).filter(
    (b) => b !== a && !excluded.includes(b) && GH[b * k + b] > 0,
  );
  const p = free.length;
  if (p === 0) return undefined;
  const G = new Float64Array(p * p);
  const target = new Float64Array(p);
  free.forEach((b, i) => {
    target[i] = GH[b * k + a];
    free.forEach((d, j) => (G[i * p + j] = GH[b * k + d]));
  });
  const solved = lawsonHanson(G, target, p, { maxPivots: 3 * p }).x; // scipy's default limit
  const c = new Float64Array(k);
  free.forEach((b, i) => (c[b] = solved[i]));
  // ‖Σ c_b h_b‖² and ⟨h_a, Σ c_b h_b⟩: the cosine between h_a and its cone point.
  let cross = 0;
  let quad = 0;
  for (const b of free) {
    cross += c[b] * GH[b * k + a];
    for (const d of free) quad += c[b] * GH[b * k + d] * c[d];
  }
  return quad > 0 && cross > DUPLICATE_COSINE * Math.sqrt(haa * quad) ? c : undefined;
}

function columnNorms(a: Matrix, rows: number, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < rows; i++) addRowSquares(a, i, k, out);
  for (let t = 0; t < k; t++) out[t] = Math.sqrt(out[t]);
  return out;
}

/*
 * The per-row loops below are small functions of their own: called once per row, V8 optimizes
 * them within the first rows, where one loop over all rows in the caller's body ran
 * unoptimized for a long while in a fresh process, boxing every double (the re-seed on MNIST at
 * rank 64: ≈10 MB of young-generation garbage, which a fit's peak memory counts).
 */

/** Σ_a a[i, a]·b[c, a] over a < k, in order (a and b with rows of k). */
function rowDot(a: Matrix, i: number, b: Matrix, c: number, k: number): number {
  let s = 0;
  for (let t = 0; t < k; t++) s += a[i * k + t] * b[c * k + t];
  return s;
}

/** v − Σ_a a[i, a]·x[a] over a < k, subtracted in order. */
function minusRowDot(v: number, a: Matrix, i: number, x: Float64Array, k: number): number {
  for (let t = 0; t < k; t++) v -= a[i * k + t] * x[t];
  return v;
}

/** out[a] += b[c, a]·r for a < k. */
function addScaledRow(out: Float64Array, b: Matrix, c: number, k: number, r: number): void {
  for (let t = 0; t < k; t++) out[t] += b[c * k + t] * r;
}

/** out[t] += a[i, t]² for t < k (a `rows × k`). */
function addRowSquares(a: Matrix, i: number, k: number, out: Float64Array): void {
  for (let t = 0; t < k; t++) out[t] += a[i * k + t] * a[i * k + t];
}

/**
 * ‖x_i − w_i H‖² = ‖x_i‖² − 2 w_i·(XHᵀ)_i + w_i GH w_iᵀ, from `rowSq` = ‖x_i‖², W and P = XHᵀ
 * (`n × k`) and GH = HHᵀ (`k × k`).
 */
function rowResidual(
  rowSq: number,
  w: Matrix,
  P: ArrayLike<number>,
  GH: Float64Array,
  i: number,
  k: number,
): number {
  let cross = 0;
  let quad = 0;
  for (let a = 0; a < k; a++) {
    const wa = w[i * k + a];
    if (wa === 0) continue;
    cross += wa * P[i * k + a];
    let s = 0;
    for (let b = 0; b < k; b++) s += GH[a * k + b] * w[i * k + b];
    quad += wa * s;
  }
  return rowSq - 2 * cross + quad;
}

/** √G_tt for t < k: the column norms of F from G = FᵀF (`k × k`). */
function diagonalRoots(G: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let t = 0; t < k; t++) out[t] = Math.sqrt(G[t * k + t]);
  return out;
}

function zeroComponent<A extends Matrix>(
  f: GuardedFactors<A>,
  t: number,
  n: number,
  m: number,
  k: number,
) {
  for (let i = 0; i < n; i++) f.w[i * k + t] = 0;
  for (let c = 0; c < m; c++) f.ht[c * k + t] = 0;
}

/** Rescales pairs whose norms differ by more than 2^BALANCE_LOG2; returns how many. */
function balance<A extends Matrix>(
  f: GuardedFactors<A>,
  n: number,
  m: number,
  k: number,
  norms?: { nw: Float64Array; nh: Float64Array },
) {
  const nw = norms?.nw ?? columnNorms(f.w, n, k);
  const nh = norms?.nh ?? columnNorms(f.ht, m, k);
  let count = 0;
  for (let t = 0; t < k; t++) {
    if (!(nw[t] > 0 && nh[t] > 0)) continue;
    const log2 = Math.log2(nh[t] / nw[t]);
    if (Math.abs(log2) <= BALANCE_LOG2) continue;
    f.scaleComponent(t, 2 ** Math.round(log2 / 2));
    count++;
  }
  return count;
}

/** ‖x_i‖² for every row of X (float64). */
function rowSquaredNorms(data: NmfData): Float64Array {
  if (data.rowSquaredNorms) return data.rowSquaredNorms();
  const out = new Float64Array(data.rows);
  if (data.csr) {
    const { indptr, values } = data.csr;
    for (let i = 0; i < data.rows; i++) {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) out[i] += values[p] * values[p];
    }
    return out;
  }
  const sums = tf.tidy(() => tf.sum(tf.square(data.dense!), 1));
  out.set(sums.dataSync());
  sums.dispose();
  return out;
}

/** Rows `which` of X (`which.length × cols`): the products' own copy where they keep one. */
function rowsOf(data: NmfData, which: number[]): Float32Array {
  if (data.rowsOf) return data.rowsOf(which);
  // Eᵀ·X with E the one-hot `rows × count`: each entry 1·x plus zeros, x exactly.
  const count = which.length;
  const E = new Float32Array(data.rows * count);
  which.forEach((i, j) => (E[i * count + j] = 1));
  return data.transposedTimesArray(E, count);
}

/**
 * The indices of the `count` largest values, largest first, the lower index first among equal
 * ones (a sort of every index by value, cut to `count`: 30 ms for 50000 rows, where this takes
 * a pass); a NaN counts as the smallest.
 */
export function largest(values: Float64Array, count: number): number[] {
  const top: number[] = [];
  const key = (i: number) => (Number.isNaN(values[i]) ? -Infinity : values[i]);
  for (let i = 0; i < values.length && count > 0; i++) {
    const v = key(i);
    if (top.length === count && !(v > key(top[count - 1]))) continue;
    let at = top.length === count ? count - 1 : top.length;
    while (at > 0 && v > key(top[at - 1])) at--;
    if (top.length === count) top.pop();
    top.splice(at, 0, i);
  }
  return top;
}

/** The dead components and the duplicate pairs of a fit (componentProblems). */
export interface ComponentProblems {
  dead: number[];
  duplicates: [number, number][];
}

/**
 * Counts of dead components (all-zero column of W or row of H) and duplicate pairs (rows of H
 * with cosine > DUPLICATE_COSINE) in a returned fit, from W (`n × k`) and Hᵀ (`m × k`) rows:
 * by the float64 Gram matrices WᵀW and HHᵀ (gramFor: products.wat's gramRows), whose diagonals
 * are the squared norms (0 only for an all-zero vector: a float32's square is never 0 in
 * float64). The loops over H's row pairs this replaces ran once per fit, interpreted, boxing
 * every partial sum: 7 MB of garbage on SpamAssassin, which made V8 collect and grow its young
 * generation after the fit (peak memory).
 */
export function componentProblems(
  w: Float32Array,
  ht: Float32Array,
  n: number,
  m: number,
  k: number,
): ComponentProblems {
  const gram = gramFor(k);
  const GW = gram(w, n);
  const GH = gram(ht, m);
  const norm = (G: Float64Array, t: number) => Math.sqrt(G[t * k + t]);
  const dead: number[] = [];
  for (let t = 0; t < k; t++) if (norm(GW, t) === 0 || norm(GH, t) === 0) dead.push(t);
  const duplicates: [number, number][] = [];
  for (let a = 0; a < k; a++) {
    if (dead.includes(a)) continue;
    for (let b = a + 1; b < k; b++) {
      if (dead.includes(b)) continue;
      if (GH[a * k + b] > DUPLICATE_COSINE * norm(GH, a) * norm(GH, b)) duplicates.push([a, b]);
    }
  }
  return { dead, duplicates };
}
