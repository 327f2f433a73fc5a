/**
 * `anls` with its default engine (`overparam`, step rule `bb`) for ranks up to
 * GRAM_FAST_PATH_MAX_N: the same outer rule as anls.ts (inexact half-steps whose tolerance
 * follows the outer progress, extrapolation), each outer iteration four tfjs ops
 * (kernels/ops.ts, through the engine): X·Ĥᵀ, the fused half-step for W, Wᵀ·X, the fused
 * half-step for H. On `wasm` and `cpu` their kernels are nmflow's SIMD code on X's resident
 * copy (float64 Gram and BB state inside the half-step kernel), elsewhere composites of tf ops.
 *
 * W half: x = Wᵀ, G = ĤĤᵀ + l2_W·I, C = (X·Ĥᵀ)ᵀ − l1_W; H half: x = H, G = WᵀW + l2_H·I,
 * C = WᵀX − l1_H. Both are handed over column by column: W itself (`n × k`) is the W half's x
 * by columns, as X·Ĥᵀ is its C, and Hᵀ, Xᵀ·W are the H half's. Between iterations the rule
 * keeps W, Hᵀ and the extrapolated starts as float32 arrays (the extrapolation, the component
 * guard and checkpoints work on them), so a fit resumed from a checkpoint continues bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import { overparamHalfStep, timesTransposedOf } from '../kernels/ops';
import { releaseHalfStepMemory } from '../kernels/half-step-host';
import { DEFAULT_ALPHA } from '../nnls/overparam-common';
import {
  INNER_CHECK_EVERY,
  INNER_MAX_ITER,
  INNER_SWITCH_AT,
  SWITCHED_INNER_MAX_ITER,
  INNER_TOL_FLOOR,
  nextEta,
  overflowError,
  startingEta,
} from './anls-inner';
import { ArrayFactors, startInto } from './array-factors';
import { ComponentGuard } from './components';
import { polishFactors } from './polish';
import { nextExtrapolation, resumedExtrapolation, savedExtrapolation } from './extrapolation';
import { penalty } from './gram-fit';
import { WtxProduct } from './wtx-product';
import type { RuleFactory } from './rule';
import { gramFor } from '../kernels/wasm/gram-wasm';
import { NEVER_SWITCH } from '../kernels/js/bb-columns';
import { readInto } from '../kernels/read-into';
import { float32Arena } from '../kernels/wasm/wasm-arrays';
import { isPenalized } from './options';

/**
 * Where the default anls spends its outer iterations, for scripts/profile-anls.ts: set
 * `anlsProfile.on` and read the sums (milliseconds, inner iterations per half). Off by default;
 * when off nothing is measured.
 */
export const anlsProfile = {
  on: false,
  productW: 0,
  halfW: 0,
  productH: 0,
  halfH: 0,
  error: 0,
  guard: 0,
  other: 0,
  innerW: [] as number[],
  innerH: [] as number[],
  /** Outer iterations after which the guard zeroed components only / changed the factors more. */
  zeroedOnly: 0,
  restarts: 0,
  reset(): void {
    this.zeroedOnly = this.restarts = 0;
    this.productW = this.halfW = this.productH = this.halfH = 0;
    this.error = this.guard = this.other = 0;
    this.innerW = [];
    this.innerH = [];
  },
};
type Phase = 'productW' | 'halfW' | 'productH' | 'halfH' | 'error' | 'guard' | 'other';
let lapStart = 0;

/** When profiling: adds the time since the last lap to `phase` (undefined: starts a lap). */
function lap(phase?: Phase): void {
  if (!anlsProfile.on) return;
  const now = performance.now();
  if (phase) anlsProfile[phase] += now - lapStart;
  lapStart = now;
}

export const anlsOverparam: RuleFactory = ({
  data,
  W: W0,
  H: H0,
  options,
  penalties: pen,
  updateH,
  state,
  matrices,
}) => {
  const n = data.rows;
  const m = data.cols;
  const k = W0.shape[1];
  const engine = options.nnlsOptions ?? {};
  const gram = gramFor(k);
  const extrapolating = updateH && options.extrapolate;
  // The factors and their previous iterates, Wᵀ·X and its low part on a kernel memory (its
  // elementwise kernels extrapolate the factors, the host loops read the others there), else
  // plain arrays. Xᵀ·W goes straight into its tensor (filledTensor).
  const arena = float32Arena(4 * (4 * (n + m) * k + 16) + 2 * (4 * m * k + 16));
  const make = (length: number) => (arena ? arena(length) : new Float32Array(length));
  const factors = new ArrayFactors(W0, H0, make, extrapolating, matrices);
  const { w, ht } = factors;
  const product = new WtxProduct(data, k, m, make); // Wᵀ·X, read as WtX until the next step
  let extra = resumedExtrapolation(state);
  const penalized = isPenalized(pen);
  const guard = new ComponentGuard(data, k, options.maxIter, penalized);
  let eta = state?.eta ?? startingEta(updateH);
  // In checkpoints, −1 stands for "no previous error yet" (errors are ≥ 0).
  let previousError =
    state?.previousError !== undefined && state.previousError >= 0
      ? state.previousError
      : undefined;
  // `step: 'bb'` asks for the overparametrized method alone, as in nnls().
  const switchAt = engine.step === 'bb' ? NEVER_SWITCH : INNER_SWITCH_AT;
  const numbers = new Float32Array(3); // a half-step's info: iterations, KKT residual, overflow
  let WtX: Float32Array | undefined;
  let fit: { squaredError: number; penalty: number; precise: boolean } | undefined;

  /**
   * x (`r × k`) ≈ argmin over x ≥ 0 of ½⟨x, Gx⟩ − ⟨C, x⟩ (each row of x one column of the
   * problem) from x0, for G = FᵀF + l2·I and C = P − l1: one fused op.
   */
  function half(
    F: tf.Tensor2D,
    P: tf.Tensor2D,
    x0: tf.Tensor2D,
    l1: number,
    l2: number,
    inner?: number[],
  ) {
    const { x, info } = overparamHalfStep(F, P, x0, {
      l1,
      l2,
      depth: engine.depth ?? 2,
      alpha: engine.alpha ?? DEFAULT_ALPHA,
      learningRate: engine.learningRate ?? 1,
      tol: engine.tol ?? -1,
      tolFactor: eta,
      tolFloor: INNER_TOL_FLOOR,
      maxIter:
        engine.maxIter ?? (switchAt === NEVER_SWITCH ? INNER_MAX_ITER : SWITCHED_INNER_MAX_ITER),
      checkEvery: engine.checkEvery ?? INNER_CHECK_EVERY,
      switchAt,
    });
    readInto(info, numbers);
    if (numbers[2] !== 0) throw overflowError();
    if (inner && anlsProfile.on) inner.push(numbers[0]);
    return x;
  }

  /**
   * One outer iteration's ops: W (and H) into w (and ht), Wᵀ·X into `product`. The results are
   * read into those arrays (no copy per read) and each tensor is let go as soon as it was used,
   * so that the backend's heap holds at most four thin matrices at a time.
   */
  function iterate(): void {
    const X = data.operand();
    const p = anlsProfile;
    tf.tidy(() => {
      // W half from Ŵ, with Gram ĤĤᵀ and X·Ĥᵀ.
      lap();
      // Ŵ in w and Ĥᵀ in ht. Ĥᵀ: the product's factor, the W half's F, then the H half's start
      // (its tensor is read before ht is written again).
      startInto(w, factors.takeStarts());
      const HtHat = tf.tensor2d(ht, [m, k]);
      const P = timesTransposedOf(X, HtHat);
      if (p.on) P.dataSync();
      lap('productW');
      const wStart = tf.tensor2d(w, [n, k]);
      const W = half(HtHat, P, wStart, pen.l1W, pen.l2W, p.innerW);
      tf.dispose([P, wStart]);
      readInto(W, w);
      lap('halfW');
      if (!updateH) return;
      // H half from Ĥᵀ, with Gram WᵀW and Xᵀ·W.
      const Q = product.read(X, W); // Xᵀ·W
      lap('productH');
      const Ht = half(W, Q, HtHat, pen.l1H, pen.l2H, p.innerH);
      readInto(Ht, ht);
      lap('halfH');
    });
  }

  /** ‖X − WH‖² after the guard zeroed components: their rows of WᵀX are zero too. */
  function zeroedError() {
    for (let t = 0; t < k; t++) {
      let zero = true;
      for (let i = t; zero && i < w.length; i += k) zero = w[i] === 0;
      if (zero) product.zeroRow(t);
    }
    return product.squaredError(gram(w, n), gram(ht, m), ht);
  }

  return {
    get W() {
      return factors.tensorW;
    },
    get H() {
      return factors.tensorH;
    },
    get WtX() {
      return WtX;
    },
    get fit() {
      return fit;
    },
    get state() {
      return { eta, previousError: previousError ?? -1, ...savedExtrapolation(extra) };
    },
    matrices: () => factors.matrices(),
    // The product is made afresh by the next step: free at a check point.
    factorRows: () => ({ ...factors.rows32(), wtxRoom: product.room }),
    async step(iteration) {
      factors.changing();
      WtX = undefined;
      fit = undefined;
      iterate();
      if (!updateH) return;
      WtX = product.wtx;
      lap();
      // WᵀW and HHᵀ: for the error, and the guard's norms and duplicate checks.
      const [gramW, gramH] = [gram(w, n), gram(ht, m)];
      fit = { ...product.squaredError(gramW, gramH, ht), penalty: penalty(w, ht, pen) };
      lap('error');
      const guarded = guard.check(factors, iteration + 1, gramH, gramW);
      lap('guard');
      if (guarded.balanced > 0) WtX = undefined; // rows of WᵀX scaled
      if (guarded.zeroed > 0 && guarded.reseeded + guarded.balanced === 0) {
        // Dead components zeroed, nothing else: the engine's warm-start floor revives them to
        // tiny values at every half-step, so once one died this happens every iteration, and
        // restarting would cost the extrapolation and η for good. Their rows of WᵀX are zero
        // now; the fit is measured again from the Gram matrices, and the iteration goes on.
        fit = { ...zeroedError(), penalty: penalty(w, ht, pen) };
        if (anlsProfile.on) anlsProfile.zeroedOnly++;
      } else if (guarded.reseeded + guarded.zeroed > 0) {
        // The factors changed: measure afresh, restart the extrapolation from them.
        WtX = undefined;
        fit = undefined;
        if (anlsProfile.on) anlsProfile.restarts++;
        extra = { ...extra, previous: Infinity };
        if (extrapolating) factors.extrapolate(0);
        return;
      }
      if (engine.tol === undefined) {
        eta = nextEta(eta, previousError, fit.squaredError);
        previousError = fit.squaredError;
      }
      if (!extrapolating) return;
      const next = nextExtrapolation(extra, 0.5 * fit.squaredError + fit.penalty);
      extra = next.state;
      factors.extrapolate(next.extrapolate ? extra.beta : 0);
      lap('other');
    },
    finish() {
      factors.changing();
      WtX = undefined;
      fit = undefined;
      // The half-steps are done: their BB states give their memory back, for the polish's
      // sweeps to take (MNIST at rank 64: 5 MB of the fit's peak) and a later fit after them.
      releaseHalfStepMemory();
      // Wᵀ·X for the polished W comes with it: the check point after needs no product.
      polishFactors(data, w, ht, k, pen, updateH, updateH ? product.columns() : undefined);
      if (updateH) WtX = product.wtx;
    },
    dispose() {
      factors.dispose();
    },
  };
};
