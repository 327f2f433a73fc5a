/**
 * The composite form of hals's half-step (hals-half-op.ts's halsHalf) in tf ops, for the
 * backends without nmflow's host code: fast HALS as scikit-learn's `_update_cdnmf_fast` and the
 * host sweep (kernels/js/sweep-kernel.ts) do it, min over F ≥ 0 of ½tr(F G Fᵀ) − tr(Fᵀ(P − l1))
 * with G = Gₒ + l2·I, every row of F (`rows × k`; or every column of F `k × rows` when
 * `transposed`) swept at once, coordinate t = 0 … k−1 in sklearn's order, each row swept again
 * while that is worth it (at most `maxSweeps` times, and while its last sweep changed it by more
 * than `ratio` times its first sweep's squared change), as the host sweep does.
 *
 * No gathers and no scatters. The iterate Z interleaves the scaled gradient g̃ = (F·G − P)⊘diag G
 * and F column by column ([g̃₀, f₀, g̃₁, f₁, …], `rows × 2k`), so that coordinate t is three
 * kernels whatever `rows` is (a slice, a min and a fused matMul):
 *   d = min(g̃_t, f_t) over the slice Z[:, 2t:2t+2]   (f_t − d = max(f_t − g_t/G_tt, 0)),
 *   Z ← Z − d ⊗ N_t                                   (one fused matMul with Z as its bias),
 * with N_t = (M[t,0], 0, …, M[t,t], 1, …) and M[t,r] = G[t,r]/G_rr: the gradient of every
 * coordinate and f_t itself move in one product. A coordinate with G_tt = 0 is skipped (its
 * scaled gradient is 0 and stays so). A row that stops sweeping has its g̃ zeroed, so that every
 * later d of it is 0: the kernel runs `maxSweeps` sweeps of ops, masked per row, and reads
 * nothing back (no sync with the device).
 *
 * The violation is sklearn's, Σ|projected gradient| over the first sweep, each coordinate's
 * gradient taken just before its update: g₀ + (F₁ − F₀)·U with U the strictly upper triangle of
 * G, formed after the sweep from its start F₀ and end F₁. Float32 throughout (the host kernel
 * works in float64): it agrees with the host sweep within float32 rounding.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The settings of one hals half-step. */
export interface HalsHalfAttrs {
  /** Penalties of this half: P − l1, G + l2·I. */
  l1: number;
  l2: number;
  /** Sweeps per row at most, and the ratio of the last to the first change that stops them. */
  maxSweeps: number;
  ratio: number;
  /** F and P are `k × rows` (the H half on H itself) rather than `rows × k`. */
  transposed: boolean;
}

/** The coordinate axis of F (1: columns of `rows × k`; 0: rows of `k × rows`). */
type Layout = { axis: 0 | 1; rows: number; k: number };

/** Interleaves a and b (same shape) along the coordinate axis: a₀, b₀, a₁, b₁, … */
function interleave(a: tf.Tensor2D, b: tf.Tensor2D, l: Layout): tf.Tensor2D {
  const shape: [number, number] = l.axis === 1 ? [l.rows, 2 * l.k] : [2 * l.k, l.rows];
  return tf.reshape(tf.stack([a, b], l.axis + 1), shape);
}

/** The odd entries along the coordinate axis of Z (F out of the interleaved iterate). */
function factorOf(Z: tf.Tensor2D, l: Layout): tf.Tensor2D {
  if (l.axis === 1) {
    return tf.reshape(tf.slice(tf.reshape(Z, [l.rows, l.k, 2]), [0, 0, 1], [-1, -1, 1]), [
      l.rows,
      l.k,
    ]);
  }
  return tf.reshape(tf.slice(tf.reshape(Z, [l.k, 2, l.rows]), [0, 1, 0], [-1, 1, -1]), [
    l.k,
    l.rows,
  ]);
}

/** The backends where timesPlus is a matMul and an add. */
const SPLIT_FUSED = ['wasm', 'tensorflow'];

/**
 * a·b + c (aᵀ·b + c with `transposeA`) as one kernel, tfjs's `_FusedMatMul` with c as its bias,
 * run directly: tf.fused.matMul would add three reshapes and a gradient wrapper to every call
 * (five engine kernels instead of one). Where `_FusedMatMul` is no single kernel it is a matMul
 * and an add: `wasm` takes only a rank-1 bias, and `tensorflow` runs a BatchMatMul and an Add
 * through the engine inside it anyway.
 */
function timesPlus(a: tf.Tensor2D, b: tf.Tensor2D, c: tf.Tensor2D, transposeA = false) {
  if (SPLIT_FUSED.includes(tf.getBackend()))
    return tf.add(tf.matMul(a, b, transposeA), c) as tf.Tensor2D;
  const attrs = { transposeA, transposeB: false, activation: 'linear' };
  return tf
    .engine()
    .runKernel(
      '_FusedMatMul',
      { a, b, bias: c },
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor2D;
}

/** Σ over the coordinate axis, as a `rows × 1` (or `1 × rows`) tensor. */
function perRow(a: tf.Tensor2D, l: Layout): tf.Tensor2D {
  return tf.sum(a, l.axis, true) as tf.Tensor2D;
}

/**
 * [F (shape of f0), violation `[1]`]: the sweeps of F from f0 against g (the Gram of the other
 * factor, `k × k`, without l2) and p (X·Ĥᵀ or Xᵀ·W, shaped as f0).
 */
export function halsHalfComposite(
  f0: tf.Tensor2D,
  g: tf.Tensor2D,
  p: tf.Tensor2D,
  a: HalsHalfAttrs,
): tf.Tensor[] {
  const axis = a.transposed ? 0 : 1;
  const k = g.shape[0];
  const l: Layout = { axis, rows: f0.shape[1 - axis], k };
  const along = (values: Float32Array) =>
    tf.tensor2d(values, axis === 1 ? [1, values.length] : [values.length, 1]);
  // Constants (made on the host: no kernels): I, the strictly upper triangle, the odd slots.
  const eyeValues = new Float32Array(k * k);
  const upperValues = new Float32Array(k * k);
  const oddValues = new Float32Array(2 * k);
  for (let t = 0; t < k; t++) {
    eyeValues[t * k + t] = 1;
    for (let r = t + 1; r < k; r++) upperValues[t * k + r] = 1;
    oddValues[2 * t + 1] = 1;
  }
  const eye = tf.tensor2d(eyeValues, [k, k]);
  const odd = along(oddValues);
  const even = along(oddValues.map((v) => 1 - v));
  const G = a.l2 !== 0 ? tf.add(g, tf.mul(eye, a.l2)) : g;
  const P = a.l1 !== 0 ? tf.sub(p, a.l1) : p;
  const diag = tf.sum(tf.mul(G, eye), 0);
  // 1/G_tt, 0 where G_tt = 0 (a coordinate the sweeps skip).
  const scale = tf.where(tf.greater(diag, 0), tf.div(1, diag), 0);
  const scaleRow = tf.reshape(scale, [1, k]);
  // g₀ = F₀·G − P (G is symmetric: G·F₀ in the transposed layout).
  const grad0 = tf.sub(axis === 1 ? tf.matMul(f0, G) : tf.matMul(G, f0), P) as tf.Tensor2D;
  const scaled = tf.mul(grad0, axis === 1 ? scaleRow : tf.reshape(scale, [k, 1]));
  const Z0 = interleave(scaled as tf.Tensor2D, f0, l);
  // N (k × 2k, row t = N_t): −M[t,r] in column 2r, −1 in column 2t + 1; one tensor per t.
  const M = tf.mul(G, scaleRow) as tf.Tensor2D;
  const N = tf.neg(interleave(M, eye, { axis: 1, rows: k, k }));
  const steps = tf.unstack(axis === 1 ? tf.expandDims(N, 1) : tf.expandDims(N, 2)) as tf.Tensor2D[];

  let Z = Z0;
  let F1: tf.Tensor2D | undefined;
  let threshold: tf.Tensor | undefined;
  let violation: tf.Tensor | undefined;
  for (let s = 0; s < a.maxSweeps; s++) {
    const start = Z;
    for (let t = 0; t < k; t++) {
      const begin: [number, number] = axis === 1 ? [0, 2 * t] : [2 * t, 0];
      const size: [number, number] = axis === 1 ? [-1, 2] : [2, -1];
      const d = tf.min(tf.slice(Z, begin, size), axis, true) as tf.Tensor2D;
      Z = axis === 1 ? timesPlus(d, steps[t], Z) : timesPlus(steps[t], d, Z);
    }
    if (s === 0) {
      // Each coordinate's gradient just before its update: g₀ + (F₁ − F₀)·U.
      F1 = factorOf(Z, l);
      const U = tf.mul(G, tf.tensor2d(upperValues, [k, k])) as tf.Tensor2D;
      const dF = tf.sub(F1, f0) as tf.Tensor2D;
      const before = axis === 1 ? timesPlus(dF, U, grad0) : timesPlus(U, dF, grad0, true);
      const projected = tf.where(tf.greater(f0, 0), before, tf.minimum(before, 0));
      violation = tf.reshape(tf.sum(tf.abs(projected)), [1]);
    }
    if (s === a.maxSweeps - 1) break;
    // Each row's squared change (the odd slots of Z), and the rows that sweep again: a first
    // sweep that moved them, then a change above ratio times the first.
    const change = perRow(tf.mul(tf.square(tf.sub(Z, start)), odd) as tf.Tensor2D, l);
    const goOn = tf.cast(tf.greater(change, threshold ?? 0), 'float32') as tf.Tensor2D;
    if (s === 0) threshold = tf.mul(change, a.ratio);
    // Z ⊙ (odd + goOn ⊗ even): a stopped row keeps F, its g̃ is zeroed (its change is 0 from
    // then on, so it never goes on again).
    const keep = axis === 1 ? timesPlus(goOn, even, odd) : timesPlus(even, goOn, odd);
    Z = tf.mul(Z, keep) as tf.Tensor2D;
  }
  const F = a.maxSweeps === 1 && F1 ? F1 : factorOf(Z, l);
  return [F, violation ?? tf.zeros([1])];
}
