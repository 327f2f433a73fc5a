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
 * kernels whatever `rows` is:
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
  const eye = tf.eye(k);
  const G = a.l2 !== 0 ? tf.add(g, tf.mul(eye, a.l2)) : g;
  const P = a.l1 !== 0 ? tf.sub(p, a.l1) : p;
  const diag = tf.sum(tf.mul(G, eye), 0);
  // 1/G_tt, 0 where G_tt = 0 (a coordinate the sweeps skip).
  const positive = tf.greater(diag, 0);
  const scale = tf.where(positive, tf.div(1, tf.where(positive, diag, tf.onesLike(diag))), 0);
  // g₀ = F₀·G − P (G is symmetric: G·F₀ in the transposed layout).
  const grad0 = tf.sub(axis === 1 ? tf.matMul(f0, G) : tf.matMul(G, f0), P) as tf.Tensor2D;
  const scaleAlong = axis === 1 ? tf.reshape(scale, [1, k]) : tf.reshape(scale, [k, 1]);
  let Z = interleave(tf.mul(grad0, scaleAlong) as tf.Tensor2D, f0, l);
  // N (k × 2k, row t = N_t): −M[t,r] in column 2r, −1 in column 2t + 1; one tensor per t.
  const M = tf.mul(G, tf.reshape(scale, [1, k])) as tf.Tensor2D;
  const N = tf.neg(interleave(M, eye as tf.Tensor2D, { axis: 1, rows: k, k }));
  const steps = tf.unstack(axis === 1 ? tf.expandDims(N, 1) : tf.expandDims(N, 2)) as tf.Tensor2D[];
  // Keeps g̃ (even slots) of active rows, F (odd slots) of every row.
  const odd = tf.tile(tf.tensor1d([0, 1]), [k]);
  const oddAlong = axis === 1 ? tf.reshape(odd, [1, 2 * k]) : tf.reshape(odd, [2 * k, 1]);
  const even = tf.sub(1, oddAlong);

  let F = f0;
  let first: tf.Tensor2D | undefined;
  let violation: tf.Tensor | undefined;
  for (let s = 0; s < a.maxSweeps; s++) {
    for (let t = 0; t < k; t++) {
      const begin: [number, number] = axis === 1 ? [0, 2 * t] : [2 * t, 0];
      const size: [number, number] = axis === 1 ? [-1, 2] : [2, -1];
      const d = tf.min(tf.slice(Z, begin, size), axis, true) as tf.Tensor2D;
      Z = tf.fused.matMul(
        axis === 1 ? { a: d, b: steps[t], bias: Z } : { a: steps[t], b: d, bias: Z },
      ) as tf.Tensor2D;
    }
    const next = factorOf(Z, l);
    const change = perRow(tf.square(tf.sub(next, F)) as tf.Tensor2D, l);
    if (s === 0) {
      // Each coordinate's gradient just before its update: g₀ + (F₁ − F₀)·U.
      const U = tf.mul(G, tf.sub(tf.linalg.bandPart(tf.onesLike(G), 0, -1), eye));
      const dF = tf.sub(next, f0) as tf.Tensor2D;
      const before =
        axis === 1
          ? tf.fused.matMul({ a: dF, b: U as tf.Tensor2D, bias: grad0 })
          : tf.fused.matMul({ a: U as tf.Tensor2D, b: dF, transposeA: true, bias: grad0 });
      const projected = tf.where(tf.equal(f0, 0), tf.relu(tf.neg(before)), tf.abs(before));
      violation = tf.reshape(tf.sum(projected), [1]);
    }
    F = next;
    if (s === a.maxSweeps - 1) break;
    // The rows that sweep again: a first sweep that moved them, then a change above ratio·first.
    const goOn = s === 0 ? tf.greater(change, 0) : tf.greater(change, tf.mul(first!, a.ratio));
    if (s === 0) first = change;
    // A stopped row never goes on (its change is 0 from then on).
    Z = tf.mul(Z, tf.add(oddAlong, tf.mul(even, tf.cast(goOn, 'float32')))) as tf.Tensor2D;
  }
  return [F, violation ?? tf.zeros([1])];
}
