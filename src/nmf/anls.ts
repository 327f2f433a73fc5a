/**
 * `anls`: alternating non-negative least squares in Gram form, each half-step solved by a
 * solver of the NNLS registry (default `overparam`) through the solver contract:
 *
 *   W half: x = Wᵀ (`k × nSamples`), G = HHᵀ + l2_W·I, C = H·Xᵀ − l1_W
 *   H half: x = H  (`k × nFeatures`), G = WᵀW + l2_H·I, C = Wᵀ·X − l1_H
 *
 * Each half-step is warm-started from the current factor (x0) and stops by the inexact rule of
 * anls-inner.ts; `nnlsOptions.tol`, when given, fixes the inner tolerance instead.
 *
 * With the default engine (`overparam`, step rule `bb`) and rank ≤ GRAM_FAST_PATH_MAX_N the
 * rule is anls-overparam.ts: the same iteration on typed arrays, its half-steps in float64
 * kernels on the data's threads, without the ~125 tfjs ops per inner iteration of the solver.
 * With step fixed | armijo | exact or the engines overparam-nesterov, overparam-mirror, apg,
 * pgd, each half-step is one fused op as well (anls-gram-engines.ts); the other engines run
 * through the solver contract on tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { kktResidualTensor } from '../nnls/measures';
import { resolveNnlsOptions } from '../nnls/options';
import { disposeProblem, problemFromTensors } from '../nnls/problem';
import { GRAM_FAST_PATH_MAX_N } from '../kernels/overparam-gram';
import { getSolver, solverNames } from '../nnls/registry';
import { gramOf, largestEigenvalueSmall } from '../linalg/small';
import {
  INNER_CHECK_EVERY,
  INNER_TOL_FLOOR,
  innerMaxIterOf,
  nextEta,
  overflowError,
  startingEta,
} from './anls-inner';
import { anlsOverparam } from './anls-overparam';
import { gramEngineHalf, gramMethodOf } from './anls-gram-engines';
import {
  extrapolated,
  nextExtrapolation,
  resumedExtrapolation,
  savedExtrapolation,
} from './extrapolation';
import { gramSquaredError, penaltyValue } from './losses';
import { ComponentGuard } from './components';
import { polishFactors } from './polish';
import { transposeArray } from '../linalg/sparse';
import type { Matrix32, RuleFactory } from './rule';
import { isPenalized } from './options';

/** Whether `anls` runs as anls-overparam.ts: the default engine and step rule, a small rank. */
function onArrays(options: Parameters<RuleFactory>[0]['options'], k: number): boolean {
  const engine = options.nnlsOptions ?? {};
  return (
    options.nnlsSolver === 'overparam' &&
    (engine.step ?? 'bb') === 'bb' &&
    k <= GRAM_FAST_PATH_MAX_N &&
    engine.timeLimitSeconds === undefined
  );
}

export const anls: RuleFactory = (context) =>
  onArrays(context.options, context.W.shape[1]) ? anlsOverparam(context) : anlsTensors(context);

const anlsTensors: RuleFactory = ({
  data,
  W: W0,
  H: H0,
  options,
  penalties: pen,
  updateH,
  state,
  matrices,
}) => {
  const solve = getSolver(options.nnlsSolver);
  const engine = options.nnlsOptions ?? {};
  const k = W0.shape[1];
  let W = W0;
  let H = H0;
  let WtX: Float32Array | undefined;
  // Extrapolated starting points (undefined: start from W and H themselves).
  let wHat = matrices?.Wstart && tf.tensor2d(matrices.Wstart.data, matrices.Wstart.shape);
  let hHat = matrices?.Hstart && tf.tensor2d(matrices.Hstart.data, matrices.Hstart.shape);
  let extra = resumedExtrapolation(state);
  // transform (H fixed) solves one convex problem: no reason to stop the inner solver early.
  let eta = state?.eta ?? startingEta(updateH);
  // In checkpoints, −1 stands for "no previous error yet" (errors are ≥ 0).
  let previousError: number | undefined =
    state?.previousError !== undefined && state.previousError >= 0
      ? state.previousError
      : undefined;

  const inner = { maxIter: innerMaxIterOf(engine.step), checkEvery: INNER_CHECK_EVERY, ...engine };
  const fused = gramMethodOf(options);

  /** Solves min_{x ≥ 0} ½ tr(xᵀGx) − tr(Cᵀx) from x0; takes ownership of G and C. */
  async function half(
    gram: { G: tf.Tensor2D; lipschitz: number },
    C: tf.Tensor2D,
    x0: tf.Tensor2D,
  ): Promise<tf.Tensor2D> {
    if (fused) return gramEngineHalf(fused, options, eta, gram, C, x0);
    const problem = problemFromTensors(gram.G, C, {
      seed: options.seed,
      lipschitz: gram.lipschitz,
    });
    try {
      if (!Number.isFinite(problem.cNorm)) throw overflowError();
      if (problem.cNorm === 0) return tf.zerosLike(x0);
      const kkt0 = tf.tidy(() => kktResidualTensor(problem, x0));
      const tol = engine.tol ?? Math.max(INNER_TOL_FLOOR, eta * kkt0.dataSync()[0]);
      kkt0.dispose();
      const resolved = resolveNnlsOptions(
        {
          ...inner,
          tol,
          solver: options.nnlsSolver,
          seed: options.seed,
          x0,
          history: false,
        },
        solverNames(),
      );
      return (await solve(problem, resolved)).x;
    } finally {
      disposeProblem(problem);
    }
  }

  /** G (`k × k`, float64) plus l2 on the diagonal, as a tensor with its largest eigenvalue. */
  const gramProblemPart = (G: Float64Array, l2: number) => {
    for (let t = 0; t < k; t++) G[t * k + t] += l2;
    return {
      G: tf.tensor2d(Float32Array.from(G), [k, k]),
      lipschitz: largestEigenvalueSmall(G, k),
    };
  };

  const penalized = isPenalized(pen);
  const guard = new ComponentGuard(data, k, options.maxIter, penalized);

  /**
   * components.ts's check on typed-array copies of W and H; when it changed them, new W, H
   * tensors and WᵀX. Returns whether it did.
   */
  function guardComponents(iteration: number): boolean {
    const [n, m] = [W.shape[0], H.shape[1]];
    const w = Float64Array.from(W.dataSync());
    const ht = transposeArray(H.dataSync(), k, m, new Float64Array(k * m));
    const scaleComponent = (t: number, s: number) => {
      for (let i = t; i < w.length; i += k) w[i] *= s;
      for (let j = t; j < ht.length; j += k) ht[j] /= s;
    };
    const g = guard.check({ w, ht, scaleComponent }, iteration);
    if (g.reseeded + g.zeroed + g.balanced === 0) return false;
    tf.dispose([W, H]);
    W = tf.tensor2d(Float32Array.from(w), [n, k]);
    H = tf.tensor2d(transposeArray(ht, m, k), [k, m]);
    const wtx = data.transposedTimes(W);
    WtX = wtx.dataSync() as Float32Array;
    wtx.dispose();
    return true;
  }

  return {
    get W() {
      return W;
    },
    get H() {
      return H;
    },
    get WtX() {
      return WtX;
    },
    get state() {
      return { eta, previousError: previousError ?? -1, ...savedExtrapolation(extra) };
    },
    matrices(): Record<string, Matrix32> {
      if (!wHat || !hHat) return {};
      return {
        Wstart: { data: wHat.dataSync() as Float32Array, shape: [wHat.shape[0], k] },
        Hstart: { data: hHat.dataSync() as Float32Array, shape: [k, hHat.shape[1]] },
      };
    },
    async step(iteration) {
      // With extrapolation the W half sees Ĥ and starts from Ŵ (extrapolation.ts).
      const Hs = hHat ?? H;
      const Gw = gramProblemPart(gramOf(Hs, 'rows'), pen.l2W);
      const previousW = W;
      if (fused) {
        // The fused op takes W's own layout (`n × k`): no transposes of W, C or the result.
        const Cw = tf.tidy(() => tf.sub(data.timesTransposed(Hs), pen.l1W)) as tf.Tensor2D;
        W = gramEngineHalf(fused, options, eta, Gw, Cw, wHat ?? W, true);
      } else {
        const Cw = tf.tidy(() => tf.sub(tf.transpose(data.timesTransposed(Hs)), pen.l1W));
        const x0w = tf.transpose(wHat ?? W) as tf.Tensor2D;
        const xw = await half(Gw, Cw as tf.Tensor2D, x0w).finally(() => x0w.dispose());
        W = tf.transpose(xw);
        xw.dispose();
      }
      WtX = undefined;
      if (!updateH) {
        previousW.dispose();
        return;
      }
      const WtXt = data.transposedTimes(W);
      const Gh = gramProblemPart(gramOf(W, 'columns'), pen.l2H);
      const Ch = tf.tidy(() => tf.sub(WtXt, pen.l1H) as tf.Tensor2D);
      let next: tf.Tensor2D;
      try {
        next = await half(Gh, Ch, hHat ?? H);
        WtX = WtXt.dataSync() as Float32Array;
      } finally {
        WtXt.dispose(); // also when the inner solve fails
      }
      const previousH = H;
      H = next;
      const guarded = guardComponents(iteration + 1);
      const error = gramSquaredError(data.sqNorm, WtX!, W, H);
      if (engine.tol === undefined && !guarded) {
        eta = nextEta(eta, previousError, error);
        previousError = error;
      }
      tf.dispose([wHat, hHat]);
      wHat = hHat = undefined;
      if (guarded) {
        // The factors changed: restart the extrapolation from them.
        extra = { ...extra, previous: Infinity };
      } else if (options.extrapolate) {
        const step = nextExtrapolation(extra, 0.5 * error + penaltyValue(W, H, pen));
        extra = step.state;
        if (step.extrapolate) {
          wHat = extrapolated(W, previousW, extra.beta);
          hHat = extrapolated(H, previousH, extra.beta);
        }
      }
      tf.dispose([previousW, previousH]);
    },
    finish() {
      // On typed arrays: the same pass for every NNLS engine (polish.ts).
      const [n, m] = [W.shape[0], H.shape[1]];
      const w = Float64Array.from(W.dataSync());
      const ht = transposeArray(H.dataSync(), k, m, new Float64Array(k * m));
      polishFactors(data, w, ht, k, pen, updateH);
      tf.dispose([W, H]);
      W = tf.tensor2d(Float32Array.from(w), [n, k]);
      H = tf.tensor2d(transposeArray(ht, m, k), [k, m]);
      WtX = undefined;
    },
    dispose() {
      tf.dispose([W, H, wHat, hHat]);
    },
  };
};
