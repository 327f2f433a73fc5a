/**
 * `hals` with missing values: weighted HALS (coordinate descent on one component at a time),
 * X (`n × m`) ≈ W H over the observed entries only, W `n × k`, H `k × m`, in float64 on
 * typed arrays. It keeps the masked residual R = M ⊙ (X − WH) and updates component t of W by
 *
 *   w_it ← max(0, (Σ_j R_ij h_tj + w_it Σ_j M_ij h_tj² − l1_W) / (Σ_j M_ij h_tj² + l2_W))
 *
 * (the exact minimizer over w_it with everything else fixed), then R −= M ⊙ (Δw_t h_tᵀ); H
 * likewise. One sweep over the k components per half-step costs ≈ 3·n·m·k flops, the cost of
 * the unmasked products. Without a mask, factorize uses hals.ts (the per-row Gram form would
 * differ here: each row has its own Gram matrix Σ_j M_ij h_j h_jᵀ, which the residual form
 * never builds).
 *
 * `violation` is sklearn's projected-gradient measure (Σ |pg| over the entries, at the values
 * before their update), which factorize's stopping rule for `hals` reads. Extrapolation is
 * not applied with a mask (`extrapolate` is ignored): the plain alternating updates.
 */
import type { RuleFactory } from './rule';
import { Float64Factors, maskedValues } from './masked-factors';

export const halsMasked: RuleFactory = ({ data, W: W0, H: H0, penalties: pen, updateH }) => {
  const n = data.rows;
  const m = data.cols;
  const k = W0.shape[1];
  const { x, mask } = maskedValues(data);
  const f = new Float64Factors(W0, H0, n, m, k);
  const { w, h } = f;
  const R = new Float64Array(n * m);
  residual(x, mask, w, h, n, m, k, R);
  const num = new Float64Array(m);
  const den = new Float64Array(m);
  let violation = 0;
  return {
    get W() {
      return f.tensorW;
    },
    get H() {
      return f.tensorH;
    },
    get violation() {
      return violation;
    },
    async step() {
      f.changing();
      violation = 0;
      // W half: one sweep over the components.
      for (let t = 0; t < k; t++) {
        const ht = t * m;
        for (let i = 0; i < n; i++) {
          const row = i * m;
          let s = 0;
          let d = 0;
          for (let j = 0; j < m; j++) {
            const hv = h[ht + j];
            s += R[row + j] * hv;
            if (mask[row + j]) d += hv * hv;
          }
          const old = w[i * k + t];
          violation += projectedGradient(old, pen.l2W * old - s + pen.l1W);
          const next = d + pen.l2W > 0 ? Math.max(0, (s + old * d - pen.l1W) / (d + pen.l2W)) : 0;
          const delta = next - old;
          if (delta === 0) continue;
          w[i * k + t] = next;
          for (let j = 0; j < m; j++) if (mask[row + j]) R[row + j] -= delta * h[ht + j];
        }
      }
      if (!updateH) return;
      // H half: the sums over rows accumulate row by row (R is row-major).
      for (let t = 0; t < k; t++) {
        const ht = t * m;
        num.fill(0);
        den.fill(0);
        for (let i = 0; i < n; i++) {
          const wv = w[i * k + t];
          if (wv === 0) continue;
          const row = i * m;
          const w2 = wv * wv;
          for (let j = 0; j < m; j++) {
            num[j] += R[row + j] * wv;
            if (mask[row + j]) den[j] += w2;
          }
        }
        let changed = false;
        for (let j = 0; j < m; j++) {
          const old = h[ht + j];
          const d = den[j];
          violation += projectedGradient(old, pen.l2H * old - num[j] + pen.l1H);
          const next =
            d + pen.l2H > 0 ? Math.max(0, (num[j] + old * d - pen.l1H) / (d + pen.l2H)) : 0;
          num[j] = next - old; // now the change of h_tj
          if (num[j] !== 0) changed = true;
          h[ht + j] = next;
        }
        if (!changed) continue;
        for (let i = 0; i < n; i++) {
          const wv = w[i * k + t];
          if (wv === 0) continue;
          const row = i * m;
          for (let j = 0; j < m; j++) if (mask[row + j]) R[row + j] -= wv * num[j];
        }
      }
    },
    dispose() {
      f.dispose();
    },
  };
};

/** |projected gradient| of one entry: the gradient, or only its negative part at 0. */
function projectedGradient(value: number, gradient: number): number {
  return Math.abs(value === 0 ? Math.min(0, gradient) : gradient);
}

/** R = M ⊙ (X − WH), row-major `n × m`. */
function residual(
  x: Float32Array,
  mask: Uint8Array,
  w: Float64Array,
  h: Float64Array,
  n: number,
  m: number,
  k: number,
  R: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const row = i * m;
    for (let j = 0; j < m; j++) {
      if (!mask[row + j]) continue;
      let s = 0;
      for (let t = 0; t < k; t++) s += w[i * k + t] * h[t * m + j];
      R[row + j] = x[row + j] - s;
    }
  }
}
