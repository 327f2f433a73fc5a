/**
 * The Frobenius fit of W (`n × k`) and Hᵀ (`m × k`) on row-major typed arrays, from Gram
 * matrices and the product WᵀX that the alternating rules (hals, anls) have at hand.
 */
import type { FloatArray as Matrix } from '../linalg/matrix';
import type { Penalties } from './options';
import { crossTerm, dot64 } from '../kernels/wasm/host-loops';

/** G += l2·I, P −= l1 (the penalties in a half-step's Gram form). */
export function regularize(
  G: Float64Array,
  P: Float32Array,
  k: number,
  l1: number,
  l2: number,
): void {
  if (l2 !== 0) for (let t = 0; t < k; t++) G[t * k + t] += l2;
  if (l1 !== 0) for (let i = 0; i < P.length; i++) P[i] -= l1;
}

function sum(a: Matrix, f: (v: number) => number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += f(a[i]);
  return s;
}

/**
 * ‖X − WH‖² from WᵀX (`k × m` row-major), WᵀW and Hᵀ (`m × k`):
 * ‖X‖² − 2⟨WᵀX, H⟩ + ⟨WᵀW, HHᵀ⟩, with WᵀX = wtx + wtxLow where its low part is given.
 */
export function squaredError(
  sqNorm: number,
  wtx: ArrayLike<number>,
  GW: Float64Array,
  GH: Float64Array,
  ht: Matrix,
  m: number,
  k: number,
  wtxLow?: ArrayLike<number>,
): number {
  const cross = crossTerm(wtx, ht, m, k) + (wtxLow ? crossTerm(wtxLow, ht, m, k) : 0);
  return sqNorm - 2 * cross + dot64(GH, GW);
}

/**
 * squaredError from Xᵀ·W (`m × k` row-major) instead of WᵀX: ⟨XᵀW, Hᵀ⟩ in their storage order
 * (crossTerm of the two as `1 × mk` and `mk × 1`: one pass over both, in order).
 */
export function squaredErrorOfRows(
  sqNorm: number,
  xtw: ArrayLike<number>,
  GW: Float64Array,
  GH: Float64Array,
  ht: Matrix,
): number {
  return sqNorm - 2 * crossTerm(xtw, ht, xtw.length, 1) + dot64(GH, GW);
}

/**
 * Below these ‖X − WH‖²/‖X‖² the Gram identity ‖X‖² − 2⟨WᵀX, H⟩ + ⟨WᵀW, HHᵀ⟩ with a float32
 * WᵀX loses the fit's digits, since it cancels: the float32 sums of WᵀX (over thousands of rows)
 * carry an error of ≈4e-7·‖X‖² into it, biased, not averaging out (on the generated 20000 ×
 * 10000 sparse case at rank 20 it gave 0.0585849 where the float64 residual is 0.0585784, below
 * sklearn's 0.058579). For a CSR X the rules then read WᵀX summed in float64 (wtx-product.ts),
 * and check points measure the residual directly until they do; a dense X keeps the identity
 * down to 0.01 in relative error (there its last digits are uncertain: ≈1e-5 at 0.03), since
 * its direct measure needs the full W·H.
 */
const IDENTITY_MIN = { csr: 0.05, dense: 1e-4 };

/**
 * Whether the Gram identity with a float32 WᵀX keeps the digits of this squared error, with
 * room to spare: `margin` times its limit.
 */
export function identityHolds(
  squaredError: number,
  data: { sqNorm: number; csr?: unknown },
  margin = 1,
): boolean {
  return squaredError > margin * IDENTITY_MIN[data.csr ? 'csr' : 'dense'] * data.sqNorm;
}

/** l1·Σ + ½·l2·‖·‖² of W (`n × k`) and Hᵀ (`m × k`). */
export function penalty(w: Matrix, ht: Matrix, pen: Penalties): number {
  let value = 0;
  if (pen.l1W !== 0 || pen.l2W !== 0) value += sum(w, (v) => pen.l1W * v + 0.5 * pen.l2W * v * v);
  if (pen.l1H !== 0 || pen.l2H !== 0) value += sum(ht, (v) => pen.l1H * v + 0.5 * pen.l2H * v * v);
  return value;
}
