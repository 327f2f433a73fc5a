/**
 * The exact line search of the `exact` step rule for one column, in float64: the step s ≥ 0
 * minimizing φ(s) = a1 s + a2 s² + a3 s³ + a4 s⁴ (a1 ≤ 0, a4 ≥ 0). The same candidates as the
 * batched tensor form (src/kernels/quartic.ts, where the method is explained): the roots of the
 * monic cubic in w = 1/s in closed form (rescaled), the roots of the two truncated models, a
 * step of guaranteed descent, two Newton steps on φ' each, the lowest φ < 0 wins (0 if none).
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

/** The nine candidate steps (reused: no allocation per call). */
const candidates = new Float64Array(9);

/** The minimizing step (≥ 0, finite; 0 where a1 ≥ 0 or no candidate decreases φ). */
export function minimizeQuartic64(a1: number, a2: number, a3: number, a4: number): number {
  if (!(a1 < 0)) return 0;
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
    let s = candidates[n];
    for (let i = 0; i < 2; i++) {
      const d1 = a1 + s * (2 * a2 + s * (3 * a3 + s * 4 * a4));
      const d2 = 2 * a2 + s * (6 * a3 + s * 12 * a4);
      const next = s - d1 / d2;
      if (d2 > 0 && Number.isFinite(next)) s = next;
    }
    const value = phi(a1, a2, a3, a4, s);
    if (s > 0 && Number.isFinite(s) && value < 0 && Number.isFinite(value) && value < bestPhi) {
      best = s;
      bestPhi = value;
    }
  }
  return best;
}
