/**
 * `anls` with its default engine (`overparam`, step rule `bb`) for ranks up to
 * GRAM_FAST_PATH_MAX_N, on typed arrays: the same outer rule as anls.ts (inexact half-steps whose
 * tolerance follows the outer progress, extrapolation), with the half-steps solved by
 * overparamGramBb on the data's threads (wasm pairs for depth 2) and no tensor per iteration.
 *
 * W half: x = Wᵀ, G = ĤĤᵀ + l2_W·I, C = (X·Ĥᵀ)ᵀ − l1_W; H half: x = H, G = WᵀW + l2_H·I,
 * C = WᵀX − l1_H. Both are handed over column by column (`layout: 'columns'`): W itself
 * (`n × k`) is the W half's x by columns, as X·Ĥᵀ is its C, and Hᵀ, Xᵀ·W are the H half's.
 * W, Hᵀ and the extrapolated starts are float32 (as the tensors they stand for), so a fit
 * resumed from a checkpoint continues bit for bit.
 */
import { largestEigenvalueSmall } from '../linalg/small';
import { transposeArray } from '../linalg/sparse';
import { GramBbWorkspace, overparamGramBb, squaredNorm } from '../nnls/overparam-gram';
import {
  INNER_CHECK_EVERY,
  INNER_MAX_ITER,
  INNER_TOL_FLOOR,
  nextEta,
  overflowError,
  startingEta,
} from './anls-inner';
import { ArrayFactors } from './array-factors';
import { ComponentGuard } from './components';
import { polishFactors } from './polish';
import { nextExtrapolation, resumedExtrapolation, savedExtrapolation } from './extrapolation';
import { penalty, regularize, squaredError } from './gram-fit';
import type { RuleFactory } from './rule';
import { gramFor } from './gram-wasm';

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
  const workspace = new GramBbWorkspace();
  const extrapolating = updateH && options.extrapolate;
  const factors = new ArrayFactors(W0, H0, (a) => Float32Array.from(a), extrapolating, matrices);
  const { w, ht, wHat, htHat } = factors;
  const hStart = new Float32Array(k * m); // Ĥ, the factor of the product X·Ĥᵀ
  const wtxBuffer = new Float32Array(k * m); // Wᵀ·X, read as WtX until the next step
  const P = new Float32Array(n * k); // X·Ĥᵀ
  const Q = new Float32Array(m * k); // Xᵀ·W
  let extra = resumedExtrapolation(state);
  const penalized = pen.l1W !== 0 || pen.l2W !== 0 || pen.l1H !== 0 || pen.l2H !== 0;
  const guard = new ComponentGuard(data, k, options.maxIter, penalized);
  let eta = state?.eta ?? startingEta(updateH);
  // In checkpoints, −1 stands for "no previous error yet" (errors are ≥ 0).
  let previousError =
    state?.previousError !== undefined && state.previousError >= 0
      ? state.previousError
      : undefined;
  let WtX: Float32Array | undefined;
  let fit: { squaredError: number; penalty: number } | undefined;

  /** x (`r × k`, by columns) ← argmin over x ≥ 0 of ½⟨x, Gx⟩ − ⟨C, x⟩ from x0, inexactly. */
  function half(G: Float64Array, C: Float32Array, x0: Float32Array, x: Float32Array, r: number) {
    const cNormSq = squaredNorm(C);
    if (!Number.isFinite(cNormSq)) throw overflowError();
    if (cNormSq === 0) return void x.fill(0);
    const o = {
      depth: engine.depth ?? 2,
      alpha: engine.alpha,
      learningRate: engine.learningRate,
      lipschitz: largestEigenvalueSmall(G, k),
      tol: engine.tol ?? ((kkt0: number) => Math.max(INNER_TOL_FLOOR, eta * kkt0)),
      maxIter: engine.maxIter ?? INNER_MAX_ITER,
      checkEvery: engine.checkEvery ?? INNER_CHECK_EVERY,
      layout: 'columns' as const,
      cNorm: Math.sqrt(cNormSq),
    };
    overparamGramBb(G, C, x0, k, r, o, (task) => data.runTask(task), workspace, x);
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
    async step(iteration) {
      factors.changing();
      WtX = undefined;
      fit = undefined;
      // W half from Ŵ, with Gram ĤĤᵀ and X·Ĥᵀ.
      data.timesTransposedArray(transposeArray(htHat, m, k, hStart), k, P);
      const Gw = gram(htHat, m);
      regularize(Gw, P, k, pen.l1W, pen.l2W);
      half(Gw, P, wHat, w, n);
      if (!updateH) return;
      // H half from Ĥᵀ, with Gram WᵀW and Xᵀ·W.
      const wtx = data.transposedTimesArray(w, k, wtxBuffer);
      transposeArray(wtx, k, m, Q);
      const GW = gram(w, n);
      const Gh = Float64Array.from(GW);
      regularize(Gh, Q, k, pen.l1H, pen.l2H);
      half(Gh, Q, htHat, ht, m);
      WtX = wtx;
      fit = {
        squaredError: squaredError(data.sqNorm, wtx, GW, gram(ht, m), ht, m, k),
        penalty: penalty(w, ht, pen),
      };
      const guarded = guard.check(factors, iteration + 1);
      if (guarded.balanced > 0) WtX = undefined; // rows of WᵀX scaled
      if (guarded.reseeded + guarded.zeroed > 0) {
        // The factors changed: measure afresh, restart the extrapolation from them.
        WtX = undefined;
        fit = undefined;
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
    },
    finish() {
      factors.changing();
      WtX = undefined;
      fit = undefined;
      polishFactors(data, w, ht, k, pen, updateH);
    },
    dispose() {
      workspace.dispose();
      factors.dispose();
    },
  };
};
