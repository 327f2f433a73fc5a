/**
 * `hals` on the backends whose kernels are the composite ones (webgpu; any backend registered
 * with `registerNmflowKernels(name, 'composite')` or NMFLOW_KERNELS=composite): the same fast
 * HALS as hals.ts (sklearn's coordinate descent, its l1/l2 penalties and violation, the repeated
 * sweeps, the extrapolation and the component guard), with W (`n × k`) and H (`k × m`) kept as
 * float32 tensors on the backend. hals.ts picks this form where `halsHalfIsComposite()`.
 *
 * Each outer iteration: X·Ĥᵀ, ĤĤᵀ, the W half (kernels' halsHalf), Wᵀ·X, WᵀW, the H half on H
 * itself (transposed, so no transposes), HHᵀ and a few reductions, then ONE read of a small
 * vector (the violation, ⟨WᵀX, H⟩, WᵀW and HHᵀ: the fit by the Gram identity, the objective the
 * extrapolation needs, the norms the guard looks at). The factors come back to the host only
 * when the component guard may act (ComponentGuard.mayAct: a dead, unbalanced or duplicate
 * component, and every cone check) and for a checkpoint.
 */
import * as tf from '@tensorflow/tfjs-core';
import { halsHalf } from '../kernels/hals-half-op';
import { timesTransposed, transposedTimes } from '../kernels/ops';
import { transposeArray } from '../linalg/sparse';
import { ComponentGuard } from './components';
import {
  extrapolated,
  nextExtrapolation,
  resumedExtrapolation,
  savedExtrapolation,
} from './extrapolation';
import type { Matrix32, RuleContext, UpdateRule } from './rule';

/** Accelerated HALS's limits on the repeated sweeps (see kernels/js/sweep-kernel.ts). */
export const MAX_SWEEPS = 5;
export const SWEEP_RATIO = 0.01;

/** The host's view of one iteration: the read-back vector, unpacked. */
interface Readout {
  violation: number;
  squaredError: number;
  penalty: number;
  /** Column norms of W and of Hᵀ, and HHᵀ (`k × k`). */
  nw: Float64Array;
  nh: Float64Array;
  gh: Float32Array;
}

export function halsOnTensors(ctx: RuleContext): UpdateRule {
  const { data, penalties: pen, updateH, options, state, matrices } = ctx;
  const n = data.rows;
  const m = data.cols;
  const k = ctx.W.shape[1];
  const extrapolating = updateH && options.extrapolate;
  const penalizedW = pen.l1W !== 0 || pen.l2W !== 0;
  const penalizedH = pen.l1H !== 0 || pen.l2H !== 0;
  const guard = new ComponentGuard(data, k, options.maxIter, penalizedW || penalizedH);
  // Every slot holds its own tensor (clones share the data), so each is disposed on its own.
  let W: tf.Tensor2D = ctx.W;
  let H: tf.Tensor2D = ctx.H;
  let wHat: tf.Tensor2D = tf.clone(W);
  let hHat: tf.Tensor2D = tf.clone(H);
  if (extrapolating && matrices?.Wstart && matrices.Hstart) {
    tf.dispose([wHat, hHat]);
    wHat = tf.tensor2d(matrices.Wstart.data, [n, k]);
    hHat = tf.tensor2d(matrices.Hstart.data, [k, m]);
  }
  let wPrev: tf.Tensor2D = tf.clone(W);
  let hPrev: tf.Tensor2D = tf.clone(H);
  let extra = resumedExtrapolation(state);
  let fit: { squaredError: number; penalty: number } | undefined;
  let violation: tf.Tensor | number = 0;

  const replace = (old: tf.Tensor, next: tf.Tensor2D) => {
    old.dispose();
    return next;
  };

  /** Ŵ, Ĥ ← [W + β(W − Wprev)]₊ (W itself when β = 0), then Wprev ← W. */
  function extrapolate(beta: number) {
    wHat = replace(wHat, beta > 0 ? extrapolated(W, wPrev, beta) : tf.clone(W));
    hHat = replace(hHat, beta > 0 ? extrapolated(H, hPrev, beta) : tf.clone(H));
    wPrev = replace(wPrev, tf.clone(W));
    hPrev = replace(hPrev, tf.clone(H));
  }

  /** One outer iteration's ops; the read-back vector (W and H halves) or the W violation. */
  function iterate(): tf.Tensor1D {
    const X = data.operand();
    const sweeps = { maxSweeps: MAX_SWEEPS, ratio: SWEEP_RATIO };
    const out = tf.tidy(() => {
      // W half: min ½‖X − WĤ‖² over W ≥ 0 from Ŵ, Gram ĤĤᵀ, right-hand side X·Ĥᵀ.
      const gHat = tf.matMul(hHat, hHat, false, true) as tf.Tensor2D;
      const w = halsHalf(wHat, gHat, timesTransposed(X, hHat), {
        l1: pen.l1W,
        l2: pen.l2W,
        ...sweeps,
        transposed: false,
      });
      if (!updateH) return { W: w.f, read: w.violation };
      // H half on H (`k × m`) from Ĥ: Gram WᵀW, right-hand side Wᵀ·X.
      const wtx = transposedTimes(X, w.f);
      const gw = tf.matMul(w.f, w.f, true, false) as tf.Tensor2D;
      const h = halsHalf(hHat, gw, wtx, { l1: pen.l1H, l2: pen.l2H, ...sweeps, transposed: true });
      const gh = tf.matMul(h.f, h.f, false, true);
      const parts: tf.Tensor[] = [
        tf.add(w.violation, h.violation),
        tf.reshape(tf.sum(tf.mul(wtx, h.f)), [1]), // ⟨WᵀX, H⟩
        tf.reshape(gw, [-1]),
        tf.reshape(gh, [-1]),
      ];
      if (penalizedW || penalizedH) parts.push(tf.stack([tf.sum(w.f), tf.sum(h.f)]));
      return { W: w.f, H: h.f, read: tf.concat(parts) as tf.Tensor1D };
    });
    W = replace(W, out.W);
    if (out.H) H = replace(H, out.H);
    return out.read;
  }

  /** Unpacks the read-back vector (float64 from here on). */
  function readout(v: Float32Array): Readout {
    const gw = v.subarray(2, 2 + k * k);
    const gh = v.subarray(2 + k * k, 2 + 2 * k * k);
    let quad = 0;
    for (let i = 0; i < k * k; i++) quad += gw[i] * gh[i];
    const nw = new Float64Array(k);
    const nh = new Float64Array(k);
    let trW = 0;
    let trH = 0;
    for (let t = 0; t < k; t++) {
      trW += gw[t * k + t];
      trH += gh[t * k + t];
      nw[t] = Math.sqrt(Math.max(gw[t * k + t], 0));
      nh[t] = Math.sqrt(Math.max(gh[t * k + t], 0));
    }
    let penalty = 0;
    if (penalizedW || penalizedH) {
      const [sumW, sumH] = v.subarray(2 + 2 * k * k);
      penalty = pen.l1W * sumW + 0.5 * pen.l2W * trW + (pen.l1H * sumH + 0.5 * pen.l2H * trH);
    }
    const squaredError = data.sqNorm - 2 * v[1] + quad;
    return { violation: v[0], squaredError, penalty, nw, nh, gh: Float32Array.from(gh) };
  }

  /** The component guard on the factors read back; true when it re-seeded or zeroed some. */
  function guarded(iteration: number): boolean {
    const w = Float32Array.from(W.dataSync());
    const ht = transposeArray(H.dataSync(), k, m);
    const scales = new Float64Array(k).fill(1);
    const outcome = guard.check(
      {
        w,
        ht,
        scaleComponent(t, s) {
          for (let i = t; i < w.length; i += k) w[i] *= s;
          for (let i = t; i < ht.length; i += k) ht[i] /= s;
          scales[t] *= s;
        },
      },
      iteration,
    );
    if (outcome.reseeded + outcome.zeroed + outcome.balanced === 0) return false;
    W = replace(W, tf.tensor2d(w, [n, k]));
    H = replace(H, tf.tensor2d(transposeArray(ht, m, k), [k, m]));
    if (outcome.reseeded + outcome.zeroed > 0) return true;
    // Balanced only: the starts and previous iterates are rescaled alike.
    tf.tidy(() => {
      const s = tf.tensor2d(Float32Array.from(scales), [1, k]);
      const sh = tf.reshape(s, [k, 1]);
      wHat = replace(wHat, tf.keep(tf.mul(wHat, s)));
      wPrev = replace(wPrev, tf.keep(tf.mul(wPrev, s)));
      hHat = replace(hHat, tf.keep(tf.div(hHat, sh)));
      hPrev = replace(hPrev, tf.keep(tf.div(hPrev, sh)));
    });
    return false;
  }

  const clearViolation = () => {
    if (typeof violation !== 'number') violation.dispose();
    violation = 0;
  };

  return {
    get W() {
      return W;
    },
    get H() {
      return H;
    },
    get fit() {
      return fit;
    },
    get violation() {
      if (typeof violation !== 'number') {
        const v = violation.dataSync()[0];
        violation.dispose();
        violation = v;
      }
      return violation;
    },
    get state() {
      return savedExtrapolation(extra);
    },
    matrices(): Record<string, Matrix32> {
      if (!extrapolating) return {};
      return {
        Wstart: { data: Float32Array.from(wHat.dataSync()), shape: [n, k] },
        Hstart: { data: Float32Array.from(hHat.dataSync()), shape: [k, m] },
      };
    },
    async step(iteration) {
      clearViolation();
      fit = undefined;
      const read = iterate();
      if (!updateH) {
        violation = read;
        if (!extrapolating) extrapolate(0);
        return;
      }
      const r = readout(read.dataSync() as Float32Array);
      read.dispose();
      violation = r.violation;
      fit = { squaredError: r.squaredError, penalty: r.penalty };
      if (guard.mayAct(r.nw, r.nh, r.gh, iteration + 1) && guarded(iteration + 1)) {
        // The factors changed: measure afresh, restart the extrapolation from them.
        fit = undefined;
        extra = { ...extra, previous: Infinity };
        extrapolate(0);
        return;
      }
      if (!extrapolating) {
        extrapolate(0);
        return;
      }
      const next = nextExtrapolation(extra, 0.5 * fit.squaredError + fit.penalty);
      extra = next.state;
      extrapolate(next.extrapolate ? extra.beta : 0);
    },
    dispose() {
      clearViolation();
      tf.dispose([W, H, wHat, hHat, wPrev, hPrev]);
    },
  };
}
