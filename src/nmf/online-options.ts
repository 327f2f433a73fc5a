/**
 * Options of online (mini-batch) NMF, resolved once into a frozen object: defaults, ranges,
 * and errors that name the option and what is allowed.
 */
import { usageError } from '../errors';
import { checkChoice, checkKnownKeys, checkNumber } from '../options';

/** Progress after one batch of a training pass. */
export interface OnlineBatchInfo {
  /** Pass, from 1. */
  pass: number;
  /** Batches done in this pass, from 1. */
  batch: number;
  /** Rows read in this pass so far. */
  rowsDone: number;
  /** ‖X_b − W_b H‖_F / ‖X_b‖_F on this batch, with the H before its update. */
  batchRelativeError: number;
  /** Seconds since the fit started. */
  seconds: number;
}

/**
 * Options of `factorizeOnline`: X (`nSamples × nFeatures`, read in row batches) ≈ W H with W
 * `nSamples × rank`, H `rank × nFeatures`.
 */
export interface OnlineNmfOptions {
  /** Number of components k. */
  rank: number;
  /** Rows per batch (default 1024). Memory grows with batchSize·(k + nnz per row), not nSamples. */
  batchSize?: number;
  /** Passes over X that update H (default 3); a last pass then computes W with H fixed. */
  passes?: number;
  /**
   * Weight of the past in the sufficient statistics A = ΣWᵀW, B = ΣWᵀX, in (0, 1] (default 0.7,
   * scikit-learn's `forget_factor`): before batch b is added they are multiplied by
   * ρ = forgetFactor^(batchSize_b / nSamples), so a whole pass ago weighs forgetFactor.
   */
  forgetFactor?: number;
  /** `nndsvda` (default; on the first batch) or `random` (sklearn's scale, from the first batch). */
  init?: 'nndsvda' | 'random';
  /** Starting H (`rank × nFeatures`, row-major, ≥ 0) instead of `init`. */
  H?: Float32Array;
  seed?: number;
  /** Iterations of the NNLS engine per batch's W (default 100) and its KKT tolerance (1e-4). */
  wMaxIter?: number;
  wTol?: number;
  /** Iterations of the NNLS engine on H after each batch (default 20), tolerance (1e-4). */
  hMaxIter?: number;
  hTol?: number;
  /** The overparametrized engine's initial scale (x₀ floor) and depth (defaults as `overparam`). */
  alpha?: number;
  depth?: number;
  /** Whether to run the last pass that computes W and the final error (default true). */
  finalPass?: boolean;
  onBatch?: (info: OnlineBatchInfo) => void;
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
}

export interface ResolvedOnlineOptions {
  readonly rank: number;
  readonly batchSize: number;
  readonly passes: number;
  readonly forgetFactor: number;
  readonly init: 'nndsvda' | 'random';
  readonly H?: Float32Array;
  readonly seed: number;
  readonly wMaxIter: number;
  readonly wTol: number;
  readonly hMaxIter: number;
  readonly hTol: number;
  readonly alpha?: number;
  readonly depth: number;
  readonly finalPass: boolean;
  readonly onBatch?: (info: OnlineBatchInfo) => void;
  readonly onWarning?: (message: string) => void;
  readonly signal?: AbortSignal;
}

const KNOWN: readonly (keyof OnlineNmfOptions)[] = [
  'rank',
  'batchSize',
  'passes',
  'forgetFactor',
  'init',
  'H',
  'seed',
  'wMaxIter',
  'wTol',
  'hMaxIter',
  'hTol',
  'alpha',
  'depth',
  'finalPass',
  'onBatch',
  'onWarning',
  'signal',
];

export const ONLINE_DEFAULTS = {
  batchSize: 1024,
  passes: 3,
  forgetFactor: 0.7,
  wMaxIter: 100,
  wTol: 1e-4,
  hMaxIter: 20,
  hTol: 1e-4,
} as const;

/** Checks and completes the options for X of `cols` features (H's shape is checked here). */
export function resolveOnlineOptions(o: OnlineNmfOptions, cols: number): ResolvedOnlineOptions {
  if (typeof o !== 'object' || o === null) throw usageError('options must be an object');
  checkKnownKeys('online NMF', o, KNOWN);
  const d = ONLINE_DEFAULTS;
  const int1 = { min: 1, integer: true };
  const rank = checkNumber('rank', o.rank, int1);
  if (o.H !== undefined && (!(o.H instanceof Float32Array) || o.H.length !== rank * cols)) {
    throw usageError(
      `option H must be a Float32Array of rank × nFeatures = ${rank} × ${cols} values, got ${
        o.H instanceof Float32Array ? o.H.length : typeof o.H
      }`,
    );
  }
  if (o.H?.some((v) => !(v >= 0) || !Number.isFinite(v))) {
    throw usageError('option H must be finite and non-negative');
  }
  return Object.freeze({
    rank,
    batchSize: checkNumber('batchSize', o.batchSize ?? d.batchSize, int1),
    passes: checkNumber('passes', o.passes ?? d.passes, int1),
    forgetFactor: checkNumber('forgetFactor', o.forgetFactor ?? d.forgetFactor, {
      min: 0,
      exclusiveMin: true,
      max: 1,
    }),
    init: checkChoice('init', o.init ?? 'nndsvda', ['nndsvda', 'random'] as const),
    ...(o.H === undefined ? {} : { H: o.H }),
    seed: checkNumber('seed', o.seed ?? 0, { integer: true }),
    wMaxIter: checkNumber('wMaxIter', o.wMaxIter ?? d.wMaxIter, int1),
    wTol: checkNumber('wTol', o.wTol ?? d.wTol, { min: 0 }),
    hMaxIter: checkNumber('hMaxIter', o.hMaxIter ?? d.hMaxIter, int1),
    hTol: checkNumber('hTol', o.hTol ?? d.hTol, { min: 0 }),
    ...(o.alpha === undefined
      ? {}
      : { alpha: checkNumber('alpha', o.alpha, { min: 0, exclusiveMin: true }) }),
    depth: checkNumber('depth', o.depth ?? 2, { min: 2, integer: true }),
    finalPass: o.finalPass ?? true,
    ...(o.onBatch ? { onBatch: o.onBatch } : {}),
    ...(o.onWarning ? { onWarning: o.onWarning } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
}
