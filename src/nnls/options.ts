/** Resolves NNLS options once: defaults, ranges and cross-checks, into a frozen object. */
import * as tf from '@tensorflow/tfjs-core';
import { usageError } from '../errors';
import { checkChoice, checkKnownKeys, checkNumber } from '../options';
import type { NnlsOptions, ResolvedNnlsOptions, StepRule } from './types';

export const STEP_RULES: readonly StepRule[] = ['fixed', 'bb', 'exact', 'armijo'];

const KNOWN: readonly (keyof NnlsOptions)[] = [
  'solver',
  'tol',
  'gapTol',
  'maxIter',
  'timeLimitSeconds',
  'checkEvery',
  'onIteration',
  'signal',
  'seed',
  'x0',
  'history',
  'depth',
  'alpha',
  'step',
  'learningRate',
  'decay',
  'polish',
  'memoryLimit',
];

export const NNLS_DEFAULTS = {
  solver: 'overparam',
  tol: 1e-6,
  gapTol: 1e-5,
  maxIter: 20000,
  checkEvery: 20,
  seed: 0,
  depth: 2,
  decay: 0,
};

export function resolveNnlsOptions(
  options: Omit<NnlsOptions, 'x0'> & { x0?: tf.Tensor2D },
  knownSolvers: readonly string[],
): ResolvedNnlsOptions {
  checkKnownKeys('nnls', options, KNOWN);
  const o = options;
  const solver = o.solver ?? NNLS_DEFAULTS.solver;
  if (!knownSolvers.includes(solver)) {
    throw usageError(`unknown NNLS solver "${solver}"; known solvers: ${knownSolvers.join(', ')}`);
  }
  if (o.onIteration !== undefined && typeof o.onIteration !== 'function') {
    throw usageError('option onIteration must be a function');
  }
  if (o.x0 !== undefined && !(o.x0 instanceof tf.Tensor)) {
    throw usageError('option x0 must be a tf.Tensor2D (n × r)');
  }
  return Object.freeze({
    solver,
    tol: checkNumber('tol', o.tol ?? NNLS_DEFAULTS.tol, { min: 0 }),
    gapTol: checkNumber('gapTol', o.gapTol ?? NNLS_DEFAULTS.gapTol, { min: 0 }),
    maxIter: checkNumber('maxIter', o.maxIter ?? NNLS_DEFAULTS.maxIter, { min: 0, integer: true }),
    timeLimitSeconds: checkNumber('timeLimitSeconds', o.timeLimitSeconds ?? Infinity, {
      min: 0,
      exclusiveMin: true,
    }),
    checkEvery: checkNumber('checkEvery', o.checkEvery ?? NNLS_DEFAULTS.checkEvery, {
      min: 1,
      integer: true,
    }),
    onIteration: o.onIteration,
    signal: o.signal,
    seed: checkNumber('seed', o.seed ?? NNLS_DEFAULTS.seed, { integer: true }),
    x0: o.x0,
    history: o.history ?? true,
    depth: checkNumber('depth', o.depth ?? NNLS_DEFAULTS.depth, { min: 2, integer: true }),
    alpha:
      o.alpha === undefined
        ? undefined
        : checkNumber('alpha', o.alpha, { min: 0, exclusiveMin: true }),
    step: o.step === undefined ? undefined : checkChoice('step', o.step, STEP_RULES),
    learningRate:
      o.learningRate === undefined
        ? undefined
        : checkNumber('learningRate', o.learningRate, { min: 0, exclusiveMin: true }),
    decay: checkNumber('decay', o.decay ?? NNLS_DEFAULTS.decay, { min: 0 }),
    polish: o.polish ?? false,
    memoryLimit: o.memoryLimit,
  });
}
