/**
 * One playground job: a data set (built-in, or the user's files) factorized with nmflow's
 * browser build, as the Factorize view, `window.nmflowPlayground.run(config)` and the
 * `?run=<JSON>` query string do it. The last fit is kept (W, H as float32 copies) for the
 * downloads and for `continue: true`, which starts from it. X is `nSamples × nFeatures`,
 * W `nSamples × rank`, H `rank × nFeatures`.
 */
import {
  encodeModel,
  factorize,
  initBackend,
  type Dataset,
  type ModelFiles,
  type NmfOptions,
  type NmfResult,
  tf,
} from '../src/browser';
import { loadBuiltin } from './data/builtin';

/** What a job takes; every field has a default. */
export interface PlaygroundConfig {
  /** A built-in set (`swimmer`, default; `lowrank`, `mnist`) or `files`. */
  dataset?: string;
  rank?: number;
  /** `anls` (default), `hals`, `mu` or `overparam-joint`. */
  solver?: NmfOptions['solver'];
  /** `anls` only: the NNLS engine (`overparam`, `active-set`, `pgd`, …; default overparam). */
  nnlsSolver?: string;
  init?: NmfOptions['init'];
  /** The implicit-bias scale α: anls's overparametrized NNLS (`nnlsOptions.alpha`), or overparam-joint's initial scale. */
  alpha?: number;
  /** `frobenius` (default), `kl` or `is` (the last two need `mu` or `overparam-joint`). */
  loss?: 'frobenius' | 'kl' | 'is';
  maxIter?: number;
  /** Stopping tolerance; 0 runs maxIter iterations. */
  tol?: number;
  seed?: number;
  /** `webgl`, `wasm`, `cpu` or `auto` (default). */
  backend?: string;
  /** Start from the last fit's W and H (same data set and rank) instead of initializing. */
  continue?: boolean;
}

/** What a job returns (the scripting hook's promise and `<pre id="nmflow-result">`). */
export interface PlaygroundResult {
  relativeError: number;
  iterations: number;
  backend: string;
  seconds: number;
  /** The data set's name and shape `[nSamples, nFeatures]`, the rank. */
  dataset: string;
  shape: [number, number];
  rank: number;
}

/** The last fit, for downloads and `continue`. */
export interface LastFit {
  data: Dataset;
  W: Float32Array;
  H: Float32Array;
  rank: number;
  result: Omit<NmfResult, 'W' | 'H'>;
  config: PlaygroundConfig;
}

/** Live progress and the final factors for the views. */
export interface PlaygroundHooks {
  onIteration?(iteration: number, relativeError: number): void;
  /** The current H (`rank × nFeatures`, a copy) about every half second while fitting. */
  onFactors?(H: Float32Array, rank: number, data: Dataset): void;
  onData?(data: Dataset): void;
  signal?: AbortSignal;
}

let userData: Dataset | undefined;
let last: LastFit | undefined;

/** Sets the data set `dataset: 'files'` refers to (the user's dropped files). */
export function setUserData(data: Dataset): void {
  userData = data;
}

/** The last fit, if any. */
export function lastFit(): LastFit | undefined {
  return last;
}

async function loadData(name: string, seed: number): Promise<Dataset> {
  if (name !== 'files') return loadBuiltin(name, seed);
  if (!userData) throw new Error('no files loaded: drop files on the page or choose them first');
  return userData;
}

/** The factorize options of `config` on `data` (from the last fit when continuing). */
function nmfOptions(config: PlaygroundConfig, data: Dataset, hooks: PlaygroundHooks): NmfOptions {
  const solver = config.solver ?? 'anls';
  const rank = config.rank ?? 16;
  const warm =
    config.continue && last && last.data === data && last.rank === rank ? last : undefined;
  if (config.continue && !warm)
    throw new Error('nothing to continue: run this data set at this rank first');
  return {
    rank,
    solver,
    maxIter: config.maxIter ?? 200,
    tol: config.tol ?? 1e-4,
    seed: config.seed ?? 0,
    ...(config.loss ? { loss: config.loss } : {}),
    ...(warm
      ? {
          init: 'custom' as const,
          W: { data: warm.W, shape: [data.shape[0], rank] },
          H: { data: warm.H, shape: [rank, data.shape[1]] },
        }
      : config.init
        ? { init: config.init }
        : {}),
    ...(solver === 'anls' && config.nnlsSolver ? { nnlsSolver: config.nnlsSolver } : {}),
    ...(config.alpha !== undefined && solver === 'anls'
      ? { nnlsOptions: { alpha: config.alpha } }
      : {}),
    ...(config.alpha !== undefined && solver === 'overparam-joint'
      ? { initScale: config.alpha }
      : {}),
    onIteration: (info) => hooks.onIteration?.(info.iteration, info.relativeError),
    ...(hooks.onFactors
      ? {
          checkpointSeconds: 0.5,
          onCheckpoint: (state) => {
            if (!state.final) hooks.onFactors!(state.H.data, rank, data);
          },
        }
      : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
  };
}

/** Runs one job; rejects with nmflow's error message on bad input. */
export async function runJob(
  config: PlaygroundConfig,
  hooks: PlaygroundHooks = {},
): Promise<PlaygroundResult> {
  const backend = await initBackend(config.backend ?? 'auto');
  const data =
    config.continue && last
      ? last.data
      : await loadData(config.dataset ?? 'swimmer', config.seed ?? 0);
  hooks.onData?.(data);
  const options = nmfOptions(config, data, hooks);
  const start = performance.now();
  const { W, H, ...result } = await factorize(data.X, options);
  const seconds = (performance.now() - start) / 1000;
  try {
    const w = W.dataSync() as Float32Array;
    const h = H.dataSync() as Float32Array;
    last = { data, W: w.slice(), H: h.slice(), rank: options.rank, result, config };
  } finally {
    W.dispose();
    H.dispose();
  }
  return {
    relativeError: result.relativeError,
    iterations: result.nIter,
    backend: backend.name,
    seconds,
    dataset: data.name,
    shape: data.shape,
    rank: options.rank,
  };
}

/** nmflow's model files (manifest.json, components.f32) of the last fit. */
export function lastModelFiles(): ModelFiles {
  if (!last) throw new Error('no fit yet');
  const H = tf.tensor2d(last.H, [last.rank, last.data.shape[1]]);
  try {
    const { files } = encodeModel(
      H,
      {
        dataset: last.data.name,
        options: last.result.options,
        metrics: {
          reconstructionError: last.result.reconstructionError,
          relativeError: last.result.relativeError,
          nIter: last.result.nIter,
          converged: last.result.converged,
          seconds: last.result.seconds,
        },
      },
      { nmflow: 'playground', node: 'browser' },
    );
    return files;
  } finally {
    H.dispose();
  }
}
