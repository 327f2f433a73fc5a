/**
 * `anls` with the off-default NNLS options: `overparam` with step fixed | armijo | exact, and
 * the engines overparam-nesterov, overparam-mirror, apg, pgd. Each half-step is one fused op,
 * kernels/gram-steps-op.ts `gramHalfStep` (the engine's iterations under the NNLS driver's
 * rule, all columns in one kernel), instead of the generic solver contract on tensors (tens of
 * tf ops per inner iteration); the inexact inner rule of anls-inner.ts is the same.
 */
import * as tf from '@tensorflow/tfjs-core';
import { NmflowError, usageError } from '../errors';
import { gramHalfStep, GRAM_STEP_DIVERGED, GRAM_STEP_OVERFLOW } from '../kernels/gram-steps-op';
import type { GramMethod, GramStepAttrs } from '../kernels/gram-steps-op';
import { DEFAULT_ALPHA } from '../nnls/overparam-common';
import { FIXED_LEARNING_RATE } from '../nnls/overparam';
import { MIRROR_LEARNING_RATE } from '../nnls/overparam-mirror';
import { INNER_CHECK_EVERY, INNER_TOL_FLOOR, innerMaxIterOf, overflowError } from './anls-inner';
import type { RuleFactory } from './rule';

type Options = Parameters<RuleFactory>[0]['options'];

const ENGINES: readonly string[] = ['overparam-nesterov', 'overparam-mirror', 'apg', 'pgd'];
const STEPS: readonly string[] = ['fixed', 'armijo', 'exact'];

/**
 * The fused method for these options, or undefined (the default rule, or an engine without a
 * fused half-step: mu, hals, active-set; or a time limit, which only the generic driver keeps).
 */
export function gramMethodOf(options: Options): GramMethod | undefined {
  const engine = options.nnlsOptions ?? {};
  if (engine.timeLimitSeconds !== undefined) return undefined;
  if (ENGINES.includes(options.nnlsSolver)) return options.nnlsSolver as GramMethod;
  const step = engine.step;
  if (options.nnlsSolver === 'overparam' && step !== undefined && STEPS.includes(step)) {
    if (step === 'exact' && (engine.depth ?? 2) !== 2) {
      throw usageError(
        `option step "exact" needs depth 2 (the multiplicative path is quadratic only for L = 2), ` +
          `got depth ${engine.depth}; use step "armijo"`,
      );
    }
    return step as GramMethod;
  }
  return undefined;
}

/** Each method's default learningRate (units of 1/λmax), as its tensor solver's. */
function defaultRate(method: GramMethod): number {
  if (method === 'fixed') return FIXED_LEARNING_RATE;
  if (method === 'overparam-mirror') return MIRROR_LEARNING_RATE;
  return 1;
}

/**
 * x ≈ argmin over x ≥ 0 of ½⟨x, Gx⟩ − ⟨C, x⟩ (x, C `k × r`, or `r × k` with `rows`) from x0 by
 * `method`, inner tolerance η·kkt(x0) (at least INNER_TOL_FLOOR) unless `nnlsOptions.tol` fixes
 * it. Disposes G and C.
 */
export function gramEngineHalf(
  method: GramMethod,
  options: Options,
  eta: number,
  gram: { G: tf.Tensor2D; lipschitz: number },
  C: tf.Tensor2D,
  x0: tf.Tensor2D,
  rows = false,
): tf.Tensor2D {
  const engine = options.nnlsOptions ?? {};
  const attrs: GramStepAttrs = {
    method,
    lipschitz: gram.lipschitz,
    learningRate: engine.learningRate ?? defaultRate(method),
    depth: engine.depth ?? 2,
    alpha: engine.alpha ?? DEFAULT_ALPHA,
    decay: engine.decay ?? 0,
    tol: engine.tol ?? -1,
    tolFactor: eta,
    tolFloor: INNER_TOL_FLOOR,
    maxIter: engine.maxIter ?? innerMaxIterOf(method),
    checkEvery: engine.checkEvery ?? INNER_CHECK_EVERY,
    rows,
  };
  let out: { x: tf.Tensor2D; info: tf.Tensor1D };
  try {
    out = gramHalfStep(gram.G, C, x0, attrs);
  } finally {
    tf.dispose([gram.G, C]);
  }
  const [iterations, , status] = out.info.dataSync();
  out.info.dispose();
  if (status === GRAM_STEP_OVERFLOW || status === GRAM_STEP_DIVERGED) out.x.dispose();
  if (status === GRAM_STEP_OVERFLOW) throw overflowError();
  if (status === GRAM_STEP_DIVERGED) {
    const name = STEPS.includes(method) ? 'overparam' : method;
    throw new NmflowError(
      'numeric',
      `solver "${name}" produced a non-finite or diverging value at iteration ${iterations} and could not ` +
        'recover by reducing its step; try a smaller learningRate, step "exact" or "armijo", ' +
        'or check the scale of the inputs',
    );
  }
  return out.x;
}
