/**
 * `anls`: alternating non-negative least squares in Gram form, each half-step solved by a
 * solver of the NNLS registry (default `overparam`) through the solver contract:
 *
 *   W half: x = Wᵀ (`k × nSamples`), G = HHᵀ + l2_W·I, C = H·Xᵀ − l1_W
 *   H half: x = H  (`k × nFeatures`), G = WᵀW + l2_H·I, C = Wᵀ·X − l1_H
 *
 * Each half-step is warm-started from the current factor (x0) and must cut its relative KKT
 * residual by a factor η from its value at x0 (inner tol = η·kkt(x0), at least 1e-7). η follows
 * the outer progress: the relative decrease of the error in the previous outer iteration,
 * clamped to [1e-2, 1e-1], at most 20 inner iterations, so early half-steps stop loosely and later ones tighten as the
 * outer iteration settles (an inexact-ANLS rule in the spirit of Lin 2007).
 * `nnlsOptions.tol`, when given, fixes the inner tolerance instead.
 *
 * With the default engine (`overparam`, step rule `bb`) and rank ≤ GRAM_FAST_PATH_MAX_N, the
 * half-steps run on typed arrays (src/nnls/overparam-gram.ts): the same iterates as the tfjs
 * solver (in float64), without its ~125 tfjs ops per inner iteration.
 */
import * as tf from '@tensorflow/tfjs-core';
import { NmflowError } from '../errors';
import { kktResidualTensor } from '../nnls/measures';
import { resolveNnlsOptions } from '../nnls/options';
import { disposeProblem, problemFromTensors } from '../nnls/problem';
import { GRAM_FAST_PATH_MAX_N, GramBbWorkspace, overparamGramBb } from '../nnls/overparam-gram';
import { getSolver, solverNames } from '../nnls/registry';
import { gramOf, largestEigenvalueSmall } from '../linalg/small';
import {
  extrapolated,
  nextExtrapolation,
  resumedExtrapolation,
  savedExtrapolation,
} from './extrapolation';
import { gramSquaredError, penaltyValue } from './losses';
import type { Matrix32, RuleFactory } from './rule';

const ETA_MAX = 1e-1;
const ETA_MIN = 1e-2;
const INNER_TOL_FLOOR = 1e-7;
const INNER_MAX_ITER = 20;
const INNER_CHECK_EVERY = 5;

function overflowError(): NmflowError {
  return new NmflowError(
    'numeric',
    'solver "anls": the products WᵀX / XHᵀ overflow float32 (X has entries too large); ' +
      'divide X by a power of ten (W and H scale by its square root) or use solver "mu" or "hals"',
  );
}

export const anls: RuleFactory = ({
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
  let eta = state?.eta ?? (updateH ? ETA_MAX : ETA_MIN);
  // In checkpoints, −1 stands for "no previous error yet" (errors are ≥ 0).
  let previousError: number | undefined =
    state?.previousError !== undefined && state.previousError >= 0
      ? state.previousError
      : undefined;

  /** Solves min_{x ≥ 0} ½ tr(xᵀGx) − tr(Cᵀx) from x0; takes ownership of G and C. */
  async function half(
    gram: { G: tf.Tensor2D; G64: Float64Array; lipschitz: number },
    C: tf.Tensor2D,
    x0: tf.Tensor2D,
  ): Promise<tf.Tensor2D> {
    if (fastPath) {
      try {
        return fastHalf(gram, C, x0);
      } finally {
        tf.dispose([gram.G, C]);
      }
    }
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
      G64: G,
      lipschitz: largestEigenvalueSmall(G, k),
    };
  };

  // The default engine with the default step rule on small Gram problems: typed-array loops
  // (overparam-gram.ts), the same iterates in float64 without ~125 tfjs ops per iteration.
  const inner = { maxIter: INNER_MAX_ITER, checkEvery: INNER_CHECK_EVERY, ...engine };
  const fastPath =
    options.nnlsSolver === 'overparam' &&
    (engine.step ?? 'bb') === 'bb' &&
    k <= GRAM_FAST_PATH_MAX_N &&
    engine.timeLimitSeconds === undefined;

  const workspace = new GramBbWorkspace();

  /** `half` on typed arrays: the tolerance rule of `half`, the solve of overparamGramBb. */
  function fastHalf(
    gram: { G64: Float64Array; lipschitz: number },
    C: tf.Tensor2D,
    x0: tf.Tensor2D,
  ): tf.Tensor2D {
    const [n, r] = x0.shape;
    const c = C.dataSync();
    let cNorm = 0;
    for (let i = 0; i < c.length; i++) cNorm += c[i] * c[i];
    if (!Number.isFinite(cNorm)) throw overflowError();
    if (cNorm === 0) return tf.zerosLike(x0);
    const start = x0.dataSync();
    const tol = engine.tol ?? ((kkt0: number) => Math.max(INNER_TOL_FLOOR, eta * kkt0));
    const { x } = overparamGramBb(
      gram.G64,
      c,
      start,
      n,
      r,
      { ...bbOptions(gram), tol },
      (task) => data.runTask(task),
      workspace,
    );
    return tf.tensor2d(Float32Array.from(x), [n, r]);
  }

  const bbOptions = (gram: { lipschitz: number }) => ({
    depth: engine.depth ?? 2,
    alpha: engine.alpha,
    learningRate: engine.learningRate,
    lipschitz: gram.lipschitz,
    tol: 0,
    maxIter: inner.maxIter,
    checkEvery: inner.checkEvery,
  });

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
    async step() {
      // With extrapolation the W half sees Ĥ and starts from Ŵ (extrapolation.ts).
      const Hs = hHat ?? H;
      const Gw = gramProblemPart(gramOf(Hs, 'rows'), pen.l2W);
      const Cw = tf.tidy(() => tf.sub(tf.transpose(data.timesTransposed(Hs)), pen.l1W));
      const x0w = tf.transpose(wHat ?? W) as tf.Tensor2D;
      const xw = await half(Gw, Cw as tf.Tensor2D, x0w).finally(() => x0w.dispose());
      const previousW = W;
      W = tf.transpose(xw);
      xw.dispose();
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
      const error = gramSquaredError(data.sqNorm, WtX, W, H);
      if (engine.tol === undefined) {
        if (previousError !== undefined && previousError > 0) {
          const progress = Math.abs(previousError - error) / previousError;
          eta = Math.min(ETA_MAX, Math.max(ETA_MIN, progress));
        }
        previousError = error;
      }
      tf.dispose([wHat, hHat]);
      wHat = hHat = undefined;
      if (options.extrapolate) {
        const step = nextExtrapolation(extra, 0.5 * error + penaltyValue(W, H, pen));
        extra = step.state;
        if (step.extrapolate) {
          wHat = extrapolated(W, previousW, extra.beta);
          hHat = extrapolated(H, previousH, extra.beta);
        }
      }
      tf.dispose([previousW, previousH]);
    },
    dispose() {
      tf.dispose([W, H, wHat, hHat]);
    },
  };
};
