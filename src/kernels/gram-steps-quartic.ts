/**
 * The exact line search of the `exact` step rule for one column, in float64: the step s ≥ 0
 * minimizing φ(s) = a1 s + a2 s² + a3 s³ + a4 s⁴ (a1 ≤ 0, a4 ≥ 0).
 *
 * The stationary points solve the monic cubic in w = 1/s (src/kernels/quartic.ts explains it),
 * w³ + B w² + C w + D = 0 with D = 4a4/a1 ≤ 0. Its roots multiply to −D ≥ 0, so for a4 > 0
 * either one root is positive (the minimum) or all three are (the outer two in s minima, the
 * middle one a maximum). The fast path takes those one or two roots in closed form, keeps the
 * lower φ and polishes it by two Newton steps on φ'; it runs ~2.5× faster than scoring every
 * candidate (the search is the `exact` rule's largest cost). Where it yields no step of descent
 * (a4 = 0, roots lost to rounding) the robust search of the batched tensor form decides: the
 * closed-form roots, the roots of the two truncated models and a step of guaranteed descent,
 * two Newton steps each, the lowest φ < 0 wins (0 if none).
 */

const TINY = 1e-30;

/** φ(s) by Horner's rule. */
function phi(a1: number, a2: number, a3: number, a4: number, s: number): number {
  return s * (a1 + s * (a2 + s * (a3 + s * a4)));
}

/** +1 where v ≥ 0, else −1. */
const signOf = (v: number) => (v < 0 ? -1 : 1);

/** The roots of A2 s² + A1 s + A0 (cancellation-free; the vertex twice if complex) at out[at…]. */
function quadraticRoots(A2: number, A1: number, A0: number, out: Float64Array, at: number): void {
  const disc = A1 * A1 - 4 * A2 * A0;
  if (disc >= 0) {
    const q = -0.5 * (A1 + signOf(A1) * Math.sqrt(disc));
    out[at] = q / A2;
    out[at + 1] = A0 / q;
  } else {
    out[at] = out[at + 1] = A1 / (-2 * A2);
  }
}

/** s after two Newton steps on φ'(s) = 0 (each taken only where φ'' > 0 and it is finite). */
function polished(a1: number, a2: number, a3: number, a4: number, s: number): number {
  for (let i = 0; i < 2; i++) {
    const d1 = a1 + s * (2 * a2 + s * (3 * a3 + s * 4 * a4));
    const d2 = 2 * a2 + s * (6 * a3 + s * 12 * a4);
    const next = s - d1 / d2;
    if (d2 > 0 && Number.isFinite(next)) s = next;
  }
  return s;
}

/** cos(2π/3) and sin(2π/3): the third root of the trigonometric form from the first. */
const COS_120 = -0.5;
const SIN_120 = Math.sqrt(3) / 2;

/**
 * out[j] = the minimizing step of column j's quartic, a1Of[j] … a4Of[j] with a4 read as
 * max(a4, 0) (≥ 0, finite; 0 where a1 ≥ 0 or no candidate decreases φ). Arrays in and out: a
 * call with doubles, or returning one, boxes each (≈1.4 million calls per outer iteration of
 * MNIST rank 16, whose garbage cost more than a tenth of the step).
 */
export function minimizeQuarticAt(
  a1Of: Float64Array,
  a2Of: Float64Array,
  a3Of: Float64Array,
  a4Of: Float64Array,
  j: number,
  out: Float64Array,
): void {
  const a1 = a1Of[j];
  const a2 = a2Of[j];
  const a3 = a3Of[j];
  const a4 = Math.max(a4Of[j], 0);
  if (!(a1 < 0)) {
    out[j] = 0;
    return;
  }
  if (a4 > 0) {
    const B = (2 * a2) / a1;
    const C = (3 * a3) / a1;
    const D = (4 * a4) / a1;
    const tau = Math.max(Math.abs(B), Math.sqrt(Math.abs(C)), Math.cbrt(Math.abs(D))) + TINY;
    const b = B / tau;
    const c = C / (tau * tau);
    const shift = b / 3;
    const P = c - b * shift;
    const Q = 2 * shift * shift * shift - shift * c + D / (tau * tau * tau);
    const disc = (Q * Q) / 4 + (P * P * P) / 27;
    // w/τ = t − b/3 for the roots t of t³ + P t + Q; three real: the largest and the smallest.
    let w0: number;
    let w2 = -1;
    if (disc < 0) {
      const rho = 2 * Math.sqrt(P / -3);
      const cosArg = ((1.5 * Q) / P) * Math.sqrt(-3 / P);
      const cosTheta = Math.cos(Math.acos(Math.min(1, Math.max(-1, cosArg))) / 3);
      const sinTheta = Math.sqrt(Math.max(0, 1 - cosTheta * cosTheta));
      w0 = rho * cosTheta - shift;
      w2 = rho * (COS_120 * cosTheta - SIN_120 * sinTheta) - shift;
    } else {
      const A = -signOf(Q) * Math.cbrt(Math.abs(Q) / 2 + Math.sqrt(disc));
      w0 = A - P / (3 * (A + TINY)) - shift;
    }
    let s = 1 / (w0 * tau);
    if (w2 > 0) {
      const other = 1 / (w2 * tau);
      if (!(w0 > 0) || phi(a1, a2, a3, a4, other) < phi(a1, a2, a3, a4, s)) s = other;
    }
    s = polished(a1, a2, a3, a4, s);
    if (s > 0 && s < Infinity && phi(a1, a2, a3, a4, s) < 0) {
      out[j] = s;
      return;
    }
  }
  out[j] = robustMinimizer(a1, a2, a3, a4);
}

/** One slot each for minimizeQuartic64's coefficients and step. */
const slots = [1, 2, 3, 4, 5].map(() => new Float64Array(1));

/** minimizeQuarticAt for one quartic given by its coefficients (a4 ≥ 0). */
export function minimizeQuartic64(a1: number, a2: number, a3: number, a4: number): number {
  const [s1, s2, s3, s4, step] = slots;
  [s1[0], s2[0], s3[0], s4[0]] = [a1, a2, a3, a4];
  minimizeQuarticAt(s1, s2, s3, s4, 0, step);
  return step[0];
}

/** The nine candidate steps of the robust search (reused: no allocation per call). */
const candidates = new Float64Array(9);

/** minimizeQuartic64 by the batched tensor form's candidates, for a1 < 0. */
function robustMinimizer(a1: number, a2: number, a3: number, a4: number): number {
  const B = (2 * a2) / a1;
  const C = (3 * a3) / a1;
  const D = (4 * a4) / a1;
  const tau = Math.max(Math.abs(B), Math.sqrt(Math.abs(C)), Math.cbrt(Math.abs(D))) + TINY;
  const b = B / tau;
  const c = C / (tau * tau);
  const d = D / (tau * tau * tau);
  // Depressed cubic t³ + P t + Q = 0 with w/τ = t − b/3.
  const shift = b / 3;
  const P = c - b * shift;
  const Q = 2 * shift * shift * shift - shift * c + d;
  const disc = (Q * Q) / 4 + (P * P * P) / 27;
  // Three real roots: t = ρ cos(θ − 2πk/3); one: t = A − P/(3A).
  const Pn = Math.min(P, -TINY);
  const rho = 2 * Math.sqrt(Pn / -3);
  const cosArg = ((1.5 * Q) / Pn) * Math.sqrt(-3 / Pn);
  const theta = Math.acos(Math.min(1, Math.max(-1, cosArg))) / 3;
  const A = -signOf(Q) * Math.cbrt(Math.abs(Q) / 2 + Math.sqrt(Math.max(disc, 0)));
  for (let k = 0; k < 3; k++) {
    candidates[k] = 1 / ((rho * Math.cos(theta - (2 * Math.PI * k) / 3) - shift) * tau);
  }
  candidates[3] = 1 / ((A - P / (3 * (A + TINY)) - shift) * tau);
  // The truncated models near s = 0 and s = ∞, and a step of guaranteed descent.
  quadraticRoots(3 * a3, 2 * a2, a1, candidates, 4);
  quadraticRoots(4 * a4, 3 * a3, 2 * a2, candidates, 6);
  const invSigma = Math.abs(B / 2) + Math.sqrt(Math.abs(C / 3)) + Math.cbrt(Math.abs(D / 4));
  candidates[8] = 1 / 9 / invSigma;
  let best = 0;
  let bestPhi = Infinity;
  for (let n = 0; n < 9; n++) {
    const s = polished(a1, a2, a3, a4, candidates[n]);
    const value = phi(a1, a2, a3, a4, s);
    if (s > 0 && Number.isFinite(s) && value < 0 && Number.isFinite(value) && value < bestPhi) {
      best = s;
      bestPhi = value;
    }
  }
  return best;
}
